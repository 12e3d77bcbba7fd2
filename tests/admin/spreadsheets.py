"""Exporting and importing through the admin pages, as the secretariat does it."""

import io
import re

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

CSV, XLSX = "0", "1"  # the order of the import and export formats
EXTENSIONS = {CSV: "csv", XLSX: "xlsx"}


def export(client, model_url, file_format=CSV) -> bytes:
    response = client.post(reverse(f"admin:{model_url}_export"), {"format": file_format, "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    return response.content


def upload(client, model_url, content: bytes, file_format=CSV, name=None):
    """The first step of an import: the preview page."""
    name = name or f"import.{EXTENSIONS[file_format]}"
    return client.post(
        reverse(f"admin:{model_url}_import"),
        {"format": file_format, "resource": "0", "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, model_url, preview):
    fields = dict(re.findall(
        r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"', preview.content.decode()
    ))
    assert "import_file_name" in fields, "the preview offers no confirmation"
    return client.post(reverse(f"admin:{model_url}_process_import"), fields)


def import_file(client, model_url, content: bytes, file_format=CSV):
    preview = upload(client, model_url, content, file_format)
    assert preview.status_code == 200
    return confirm(client, model_url, preview)


def rows(content: bytes, file_format=CSV) -> list[list]:
    """A file's cells, to compare two files whatever their format."""
    if file_format == XLSX:
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        return [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    return [line.split(",") for line in content.decode("utf-8-sig").splitlines()]


def xlsx(table: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in table:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
