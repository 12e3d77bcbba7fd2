"""Handlingar: a meeting's kallelse and its PDF attachments as one file, with a bookmark per item and attachment.

The kallelse is the first part; the adjusted minutes, once published, the second; the attachments follow in agenda
order. Only PDF files can be merged: Word and
Excel files, and PDF files that cannot be read, are left out, and the kallelse's list of attachments says so.
"""

import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject, TextStringObject

# Which files the bundle can hold, by the file name's ending (the upload check makes the name match the content).
FILE_KINDS = {".pdf": "pdf", ".doc": "word", ".docx": "word", ".xls": "excel", ".xlsx": "excel"}


def file_kind(name: str) -> str:
    """ "pdf", "word", "excel" or "" for a stored file name."""
    return next((kind for ending, kind in FILE_KINDS.items() if name.lower().endswith(ending)), "")


def open_pdf(document) -> PdfReader | None:
    """The attachment's PDF, read through, or None when it is missing, damaged or locked with a password."""
    return read_pdf(document.file)


def read_pdf(stored) -> PdfReader | None:
    """A stored PDF file (a FileField's value) read through, or None when it is missing, damaged or locked."""
    try:
        with stored.open("rb") as file:
            reader = PdfReader(io.BytesIO(file.read()))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        len(reader.pages)  # reads the page tree, so a damaged file fails here and not halfway through the merge
    except (OSError, ValueError, PyPdfError):
        return None
    return reader


@dataclass
class Part:
    """A bookmark of the bundle: its title, the first page (from 0) and the parts under it."""

    title: str
    page: int
    children: list["Part"] = field(default_factory=list)


def merge(kallelse: bytes, outline: list[Part], attachments: list[tuple[str, PdfReader, Part | None]],
          *, title: str, author: str) -> bytes:
    """The kallelse followed by each attachment, in the order given.

    `outline` holds the kallelse's own bookmarks (pages within the kallelse); each attachment comes with its
    bookmark title and the outline part it belongs under (None: the top level), where its bookmark is added.
    """
    writer = PdfWriter()
    writer.append(io.BytesIO(kallelse), import_outline=False)
    top_level = list(outline)
    for bookmark, reader, parent in attachments:
        part = Part(bookmark, len(writer.pages))
        (parent.children if parent else top_level).append(part)
        writer.append(reader, import_outline=False)

    def add(parts, parent=None):
        for part in parts:
            entry = writer.add_outline_item(title=part.title, page_number=part.page, parent=parent, is_open=True)
            add(part.children, entry)

    add(top_level)
    writer.add_metadata({"/Title": title, "/Author": author})
    writer.root_object[NameObject("/Lang")] = TextStringObject("sv")
    writer.create_viewer_preferences().display_doctitle = True
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
