"""What a meeting document may be: PDF, Word or Excel, recognised by its content and not only by its name."""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The kind of content each accepted file name ending must hold.
EXTENSION_KINDS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".doc": "ole2",
    ".xls": "ole2",
}


def sniff_document_kind(head: bytes, file) -> str | None:
    """The kind of document a file holds ("pdf", "docx", "xlsx", "ole2"), or None if it is none of them.

    `head` is the file's first bytes; `file` is read further only for a zip archive, whose entries tell a
    Word document (word/…) from an Excel workbook (xl/…).
    """
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith(ZIP_MAGIC):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, EOFError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
    return None


def validate_document_file(value):
    """Accept only PDF, Word and Excel files no larger than settings.MAX_UPLOAD_SIZE.

    Files already stored are not opened again: they were checked when they were uploaded.
    """
    if getattr(value, "_committed", True):
        return
    if value.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("The file is %(size)s; the largest file allowed is %(limit)s.")
            % {"size": filesizeformat(value.size), "limit": filesizeformat(settings.MAX_UPLOAD_SIZE)},
            code="file_too_large",
        )
    extension = PurePath(value.name or "").suffix.lower()
    expected = EXTENSION_KINDS.get(extension)
    if expected is None:
        raise ValidationError(
            _("Only PDF, Word (.docx, .doc) and Excel (.xlsx, .xls) files can be uploaded, not “%(name)s”.")
            % {"name": PurePath(value.name or "").name},
            code="file_type_not_allowed",
        )
    file = value.file
    file.seek(0)
    head = file.read(8)
    kind = sniff_document_kind(head, file)
    file.seek(0)
    if kind != expected:
        raise ValidationError(
            _("“%(name)s” is not a real %(extension)s file: its content does not match its name.")
            % {"name": PurePath(value.name).name, "extension": extension.lstrip(".").upper()},
            code="file_content_mismatch",
        )
