import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.rotations.models import RotationYear

CSV_FORMAT = "0"  # the first of IMPORT_EXPORT_FORMATS


def upload(client, content):
    return client.post(
        reverse("admin:rotations_rotationyear_import"),
        {"format": CSV_FORMAT, "import_file": SimpleUploadedFile("rotation.csv", content.encode(), "text/csv")},
    )


def confirm(client, preview):
    fields = dict(re.findall(r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"',
                             preview.content.decode()))
    return client.post(reverse("admin:rotations_rotationyear_process_import"), fields)


def test_secretariat_imports_rotation_years_from_a_spreadsheet(seed, editor_client):
    preview = upload(editor_client, "rotation,year,host\nVärdkommun för rådslaget,2025,Nykvarn\n"
                                    "Värdkommun för rådslaget,2026,0126\n")
    assert preview.status_code == 200
    confirm(editor_client, preview)
    hosts = dict(RotationYear.objects.filter(year__gte=2025).values_list("year", "municipality__name"))
    assert hosts == {2025: "Nykvarn", 2026: "Huddinge"}


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_problem(seed, editor_client):
    before = RotationYear.objects.count()
    preview = upload(editor_client, "rotation,year,host\nVärdkommun för rådslaget,2025,Nykvarn\n"
                                    "Värdkommun för rådslaget,2026,Stockholm\n")
    assert preview.status_code == 200
    assert "Stockholm" in preview.content.decode()
    assert 'name="import_file_name"' not in preview.content.decode()
    assert RotationYear.objects.count() == before
