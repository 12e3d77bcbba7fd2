"""CSV and XLSX import and export: an exported file imports back unchanged, a preview names every bad row in
Swedish, a file with any bad row writes nothing, and a wrong file gets a clear message, never an error page."""

import pytest
from django.apps import apps

from apps.budgets.models import BudgetLine
from apps.meetings.models import AgendaItem, Meeting

from .spreadsheets import CSV, XLSX, confirm, export, import_file, rows, upload, xlsx

SPREADSHEETS = [
    "municipalities_municipality", "municipalities_population", "meetings_meeting", "meetings_agendaitem",
    "budgets_budgetline", "rotations_rotationyear", "keyfigures_keyfigure",
]


def history_count(model_url):
    model = apps.get_model(*model_url.split("_", 1))
    return model.history.count()


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize("model_url", SPREADSHEETS)
def test_an_exported_file_imports_back_unchanged(secretary_client, portal, model_url, file_format):
    exported = export(secretary_client, model_url, file_format)
    changes_before = history_count(model_url)

    preview = upload(secretary_client, model_url, exported, file_format)
    assert preview.status_code == 200
    assert "errorlist" not in preview.content.decode()
    assert confirm(secretary_client, model_url, preview).status_code == 302

    assert history_count(model_url) == changes_before
    assert rows(export(secretary_client, model_url, file_format), file_format) == rows(exported, file_format)


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_deleted_meetings_and_agendas_are_rebuilt_from_their_exports(secretary_client, portal, file_format):
    meetings = export(secretary_client, "meetings_meeting", file_format)
    items = export(secretary_client, "meetings_agendaitem", file_format)
    Meeting.objects.all().delete()
    assert not AgendaItem.objects.exists()

    assert import_file(secretary_client, "meetings_meeting", meetings, file_format).status_code == 302
    assert import_file(secretary_client, "meetings_agendaitem", items, file_format).status_code == 302

    assert rows(export(secretary_client, "meetings_meeting", file_format), file_format) == rows(meetings, file_format)
    assert rows(export(secretary_client, "meetings_agendaitem", file_format), file_format) == rows(items, file_format)
    # The restored meetings kept their numbers, and new ones get numbers after them.
    assert Meeting.objects.create(body=portal["bodies"]["council"], date="2019-10-10").pk > max(
        meeting.pk for meeting in portal["meetings"])


def test_meetings_import_with_hosts_by_name_or_code_and_the_body_by_name(secretary_client, portal):
    content = (
        "id,body,kind,title,date,date_precision,end_date,start_time,end_time,hosts,place,status\n"
        ",Södertörnskommunernas samarbetskommitté,ordinary,,2018-09-06,day,,12:00:00,15:00:00,"
        "\"Södertälje, 0140\",,planned\n"
    ).encode()
    assert import_file(secretary_client, "meetings_meeting", content).status_code == 302
    meeting = Meeting.objects.get(date="2018-09-06")
    assert meeting.body.short_name == "Samarbetskommittén"
    assert sorted(host.name for host in meeting.hosts.all()) == ["Nykvarn", "Södertälje"]


def test_a_file_with_one_bad_row_writes_nothing_and_the_preview_names_each_problem_in_swedish(
    secretary_client, portal
):
    before = Meeting.objects.count()
    content = (
        "id,body,kind,title,date,date_precision,end_date,start_time,end_time,hosts,place,status\n"
        ",Ledningsgruppen,ordinary,,2018-02-09,day,,,,Huddinge,,planned\n"
        ",Styrelsen,ordinary,,30 februari 2018,day,,,,Stockholm,,planned\n"
    ).encode()
    preview = upload(secretary_client, "meetings_meeting", content)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "”Styrelsen” finns inte bland" in page
    assert "”30 februari 2018” är inte ett datum" in page
    assert "Okänd kommun: Stockholm" in page
    assert 'name="import_file_name"' not in page
    assert Meeting.objects.count() == before


def test_a_csv_saved_by_swedish_excel_with_semicolons_and_decimal_commas_imports(secretary_client, portal):
    content = "id;year;kind;title;amount;is_fee;order\n;2017;cost;Konferenser;12 500,50;0;3\n".encode()
    assert import_file(secretary_client, "budgets_budgetline", content).status_code == 302
    assert str(BudgetLine.objects.get(title="Konferenser").amount) == "12500.50"


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.mark.parametrize(
    ("content", "file_format", "message"),
    [
        (PNG, CSV, "ser ut att vara en PNG-bild"),
        ("name,slug,code,website\nSödertälje,sodertalje,0181,\n".encode("latin-1"), CSV, "inte i UTF-8"),
        (b"", CSV, "är tom"),
        (b"   \n", CSV, "Filen är tom"),
        (xlsx([["namn", "kod"], ["Salem", "0128"]]), XLSX, "Kolumnerna stämmer inte"),
        (xlsx([["name", "slug", "code", "website"], ["Salem", "salem", "0128", ""]]), CSV, "välj formatet xlsx"),
        (b"name,slug,code,website\n", CSV, "inga rader att importera"),
        ("name,slug,code,website\nSalem,salem,0128,\n".encode(), XLSX, "inte en Excel-arbetsbok"),
        (PNG, XLSX, "PNG-bild"),
    ],
    ids=["png-as-csv", "latin-1", "empty", "blank", "xlsx-wrong-headers", "xlsx-as-csv", "headers-only",
         "csv-as-xlsx", "png-as-xlsx"],
)
def test_a_file_of_another_format_or_encoding_gets_a_clear_message(secretary_client, portal, content, file_format,
                                                                    message):
    before = history_count("municipalities_municipality")
    response = upload(secretary_client, "municipalities_municipality", content, file_format)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert history_count("municipalities_municipality") == before
