"""What every open data file (JSON, CSV, iCalendar) shares: the licence it is published under, the header that
lets any web page read it, and null for an empty value."""

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
