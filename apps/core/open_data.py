"""What every open data file (JSON, CSV, iCalendar) shares: the licence it is published under, the header that
lets any web page read it, null for an empty value, and CSV cells that a spreadsheet shows and never runs."""

import csv
import re

# CC0 1.0: anyone may copy, change and use the data, also commercially, without asking and without naming the
# source. The files say so themselves, and the open data page says it in words.
LICENSE = {
    "name": "CC0 1.0 Universal",
    "identifier": "CC0-1.0",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def readable_by_any_site(response):
    """`response` with the CORS header that lets a script on any other site fetch it: the data is public."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def empty_as_null(value):
    """`value` with every empty text, at any depth of dicts and lists, made None (JSON null), as the open data
    page promises."""
    if isinstance(value, dict):
        return {key: empty_as_null(item) for key, item in value.items()}
    if isinstance(value, list):
        return [empty_as_null(item) for item in value]
    return None if value == "" else value


# A cell a spreadsheet takes for a formula: one that begins with =, +, - or @ (also as the full-width forms some
# keyboards type), or with a tab or carriage return before one. Excel runs =HYPERLINK("http://…"&A2, "Klicka")
# from a CSV file as it opens it.
FORMULA_START = re.compile(r"[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]")
# A number as the files write one, negative ones included: a spreadsheet reads it as a number, no formula.
PLAIN_NUMBER = re.compile(r"-?\d[\d \u00a0\u202f]*(?:[.,]\d+)?")


def formula_safe(value):
    """A cell for a CSV file that a spreadsheet shows as the text it is: a text that would begin a formula gets
    an apostrophe in front (OWASP's advice on CSV injection), which Excel and LibreOffice take as "this is text".
    Numbers, also negative ones and numbers written as text, stay as they are."""
    if isinstance(value, str) and FORMULA_START.match(value) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def unescaped_formula(value):
    """A cell read back from a file formula_safe() wrote: without the apostrophe it put in front."""
    if isinstance(value, str) and value.startswith("'") and FORMULA_START.match(value, 1):
        return value[1:]
    return value


class FormulaSafeWriter:
    """csv.writer whose cells go through formula_safe()."""

    def __init__(self, stream, **options):
        self.writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self.writer.writerow([formula_safe(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
