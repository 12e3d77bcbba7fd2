"""The import form every spreadsheet import of the admin uses: it looks at what the file really is before the
import reads it, so a wrong file gets a sentence a person understands instead of an error page. And the rule for
the characters a text may hold, which every admin form and every import applies."""

import csv
import re
import zipfile
from io import BytesIO

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.forms import ImportForm

# Control characters (Unicode's Cc) break what a text is printed in: PostgreSQL refuses a NUL, XML (the PDFs, an
# Excel file) allows no ESC or form feed, a line break ends a line of a calendar feed or a CSV row. A multi-line
# text (a TextField) may hold tabs and line breaks; a single-line one (a CharField) none of them, nor Unicode's
# line and paragraph separators.
LINE_BREAKS = re.compile(r"[\n\r\u2028\u2029]")
CONTROL_IN_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_IN_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def control_character_problem(text, *, multi_line: bool) -> str | None:
    """What is wrong with the characters of `text`, in words a person can act on, or None."""
    if not isinstance(text, str):
        return None
    found = (CONTROL_IN_MULTI_LINE if multi_line else CONTROL_IN_SINGLE_LINE).search(text)
    if found is None:
        return None
    if not multi_line and LINE_BREAKS.match(found.group()):
        return _("Write this on one line, without line breaks.")
    return _(
        "The text holds an invisible control character (%(code)s) at character %(position)s. Remove it: it often "
        "comes along with text copied from another program."
    ) % {"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1}


class TextCharacters:
    """A form field's validator: the characters a single-line or multi-line text may hold."""

    code = "control_characters"

    def __init__(self, *, multi_line: bool):
        self.multi_line = multi_line

    def __call__(self, value):
        problem = control_character_problem(value, multi_line=self.multi_line)
        if problem is not None:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other):
        return isinstance(other, TextCharacters) and other.multi_line == self.multi_line

# First bytes of files people upload by mistake.
MAGIC_KINDS = [
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
]
KIND_NAMES = {
    "xlsx": gettext_lazy("an Excel workbook (.xlsx)"),
    "docx": gettext_lazy("a Word document"),
    "zip": gettext_lazy("a zip archive"),
    "png": gettext_lazy("a PNG image"),
    "jpeg": gettext_lazy("a JPEG image"),
    "gif": gettext_lazy("a GIF image"),
    "pdf": gettext_lazy("a PDF document"),
    "ole2": gettext_lazy("an old Office file (.xls or .doc)"),
    "binary": gettext_lazy("a binary file"),
}


class SpreadsheetError(ValueError):
    """A file that cannot be read as the spreadsheet it claims to be; the message says what to do."""


def sniff(data: bytes) -> str | None:
    """What kind of binary file `data` is (a key of KIND_NAMES), or None for what may be text."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return "zip"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        if any(name.startswith("word/") for name in names):
            return "docx"
        return "zip"
    for magic, kind in MAGIC_KINDS:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:4096]:
        return "binary"
    return None


def decode_csv(data: bytes) -> str:
    """The text of a CSV file, which must be UTF-8 (with or without a byte order mark)."""
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    kind = sniff(data)
    if kind == "xlsx":
        raise SpreadsheetError(_("This is an Excel workbook (.xlsx), not a CSV file: choose the format xlsx."))
    if kind is not None:
        raise SpreadsheetError(
            _("The file is not a CSV file: it looks like %(kind)s. Upload a CSV file in UTF-8 or an Excel "
              "workbook (.xlsx).") % {"kind": KIND_NAMES[kind]}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The file is not in UTF-8, the character encoding the import reads (it is probably saved as "
              "Latin-1 or Windows-1252). In Excel, save it as “CSV UTF-8” and upload it again.")
        ) from None


def read_spreadsheet(data: bytes, file_format) -> tablib.Dataset:
    """Read an uploaded file with the chosen import format, or say in Swedish why it cannot be read."""
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if file_format.is_binary():
        kind = sniff(data)
        if kind is None:
            raise SpreadsheetError(
                _("The file is not an Excel workbook (.xlsx); for a CSV file choose the format csv.")
            )
        if kind != "xlsx":
            raise SpreadsheetError(
                _("The file is not an Excel workbook (.xlsx): it looks like %(kind)s.") % {"kind": KIND_NAMES[kind]}
            )
        try:
            dataset = file_format.create_dataset(data)
        except Exception:
            raise SpreadsheetError(
                _("The Excel workbook cannot be read; open it in Excel, save it again as .xlsx and retry.")
            ) from None
    else:
        text = decode_csv(data)
        try:
            dataset = file_format.create_dataset(text)
        except (csv.Error, tablib.InvalidDimensions, ValueError) as e:
            raise SpreadsheetError(_("The file cannot be read as CSV: %(error)s") % {"error": e}) from None
    if not dataset.headers or not any(str(h or "").strip() for h in dataset.headers):
        raise SpreadsheetError(_("The file has no row of column headings."))
    if not len(dataset):
        raise SpreadsheetError(_("The file has column headings but no rows to import."))
    return dataset


def column_problems(headers: list[str], expected: list[str], optional: list[str] = ()) -> str | None:
    """What is wrong with a file's columns compared with an export's, or None if they are the same. The `optional`
    columns, which an export writes and an import does not read, may be there or not."""
    found = [str(header or "").strip() for header in headers]
    duplicates = sorted({header for header in found if found.count(header) > 1})
    missing = [column for column in expected if column not in found and column not in optional]
    unknown = [header for header in found if header not in expected]
    if not (duplicates or missing or unknown):
        return None
    problems = []
    if missing:
        problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
    if duplicates:
        problems.append(_("columns given twice: %(columns)s") % {"columns": ", ".join(duplicates)})
    return _("The columns do not match (%(problems)s). The file needs the columns of an export: %(expected)s.") % {
        "problems": "; ".join(problems),
        "expected": ", ".join(expected),
    }


class SpreadsheetImportForm(ImportForm):
    """The first step of an import: the file is checked for its format, encoding and columns."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats
        self.resource_classes = resources
        self.fields["import_file"].help_text = _(
            "A CSV file in UTF-8 or an Excel workbook (.xlsx) with the same columns as an export."
        )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("import_file")
        chosen_format = cleaned_data.get("format")
        if upload is None or chosen_format in (None, ""):
            return cleaned_data
        file_format = self.import_formats[int(chosen_format)]()
        data = b"".join(upload.chunks())
        upload.seek(0)
        try:
            dataset = read_spreadsheet(data, file_format)
        except SpreadsheetError as e:
            self.add_error("import_file", str(e))
            return cleaned_data
        resource = self.resource_classes[int(cleaned_data.get("resource") or 0)]()
        problems = column_problems(
            resource.canonical_headers(dataset.headers), resource.column_names(), resource.written_only_columns()
        )
        if problems:
            self.add_error("import_file", problems)
        return cleaned_data

