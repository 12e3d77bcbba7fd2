"""Spreadsheets in Swedish both ways: an export is headed by the fields' Swedish names, holds the Swedish labels
of choices, names its sheet after the table and writes amounts and dates as Excel numbers and dates; an import
reads that file back without a change, and reads the English headings and codes of older files too."""

import csv
import datetime
import io

import openpyxl
import pytest

from apps.budgets.models import BudgetLine
from apps.meetings.models import Meeting
from apps.rotations.models import RotationYear

from .spreadsheets import CSV, XLSX, export, import_file, upload
from .test_spreadsheets import SPREADSHEETS


def workbook_sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def column(sheet, heading: str) -> list:
    """The cells under `heading`, headings row left out."""
    headings = [cell.value for cell in sheet[1]]
    index = headings.index(heading)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def test_meetings_in_excel_have_swedish_headings_and_labels_a_named_sheet_and_dates_as_dates(
    secretary_client, portal
):
    sheet = workbook_sheet(export(secretary_client, "meetings_meeting", XLSX))

    assert sheet.title == "Möten"
    assert [cell.value for cell in sheet[1]] == [
        "id", "Organ", "Typ", "Titel", "Datum", "Datumprecision", "Sista dag", "Börjar", "Slutar", "Värdkommuner",
        "Plats", "Status", "Svar på kallelsen",
    ]
    first = portal["meetings"][0]
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == first.pk)
    body, kind, date, precision, status = row[1], row[2], row[4], row[5], row[11]
    assert body.value == "Södertörnskommunernas samarbetskommitté"
    assert (kind.value, precision.value, status.value) == ("ordinarie möte", "dag", "bekräftat")
    assert isinstance(date.value, datetime.datetime) and date.value.date() == first.date
    assert date.is_date
    assert {cell.value for cell in column(sheet, "Status")} >= {"bekräftat", "planerat"}


def test_budget_lines_in_excel_are_numbers_in_kronor(secretary_client, portal):
    sheet = workbook_sheet(export(secretary_client, "budgets_budgetline", XLSX))

    assert sheet.title == "Budgetrader"
    assert [cell.value for cell in sheet[1]] == [
        "id", "Budgetår", "Typ", "Titel", "Belopp (kr)", "Kommunavgifter", "Ordning"]
    fees = next(row for row in sheet.iter_rows(min_row=2) if row[3].value == "Avgifter från kommunerna")
    amount = fees[4]
    assert amount.value == 945000 and amount.data_type == "n"
    assert amount.number_format == '#,##0 "kr"'
    assert (fees[1].value, fees[2].value, fees[5].value) == (2017, "intäkt", True)


def test_an_amount_with_ore_keeps_them_in_its_format(secretary_client, portal):
    BudgetLine.objects.filter(title="Personal").update(amount="895000.50")
    sheet = workbook_sheet(export(secretary_client, "budgets_budgetline", XLSX))

    staff = next(row for row in sheet.iter_rows(min_row=2) if row[3].value == "Personal")
    assert staff[4].value == 895000.5 and staff[4].number_format == '#,##0.00 "kr"'


def test_population_in_excel_is_a_number_with_thousands(secretary_client, portal):
    sheet = workbook_sheet(export(secretary_client, "municipalities_population", XLSX))

    assert sheet.title == "Befolkning"
    assert [cell.value for cell in sheet[1]] == ["Kommun", "År", "Invånare", "Källa"]
    inhabitants = column(sheet, "Invånare")[0]
    assert isinstance(inhabitants.value, int) and inhabitants.number_format == "#,##0"


def test_a_title_that_looks_like_a_formula_stays_text_in_excel(secretary_client, portal):
    Meeting.objects.filter(pk=portal["meetings"][0].pk).update(title="=HYPERLINK(\"http://example.com\")")
    sheet = workbook_sheet(export(secretary_client, "meetings_meeting", XLSX))

    title = next(cell for cell in column(sheet, "Titel") if cell.value and cell.value.startswith("="))
    assert title.data_type == "s"


def test_csv_export_has_swedish_headings_and_labels(secretary_client, portal):
    content = export(secretary_client, "budgets_budgetline", CSV).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))

    assert table[0] == ["id", "Budgetår", "Typ", "Titel", "Belopp (kr)", "Kommunavgifter", "Ordning"]
    fees = next(row for row in table if row[3] == "Avgifter från kommunerna")
    assert fees[1:3] == ["2017", "intäkt"] and fees[5] == "Ja"
    assert {row[2] for row in table[1:]} == {"intäkt", "kostnad"}


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize("model_url", SPREADSHEETS)
def test_an_exported_file_uploaded_unchanged_previews_no_changes(secretary_client, portal, model_url, file_format):
    preview = upload(secretary_client, model_url, export(secretary_client, model_url, file_format), file_format)

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "errorlist" not in page
    assert "0 nya rader" in page and "0 rader ändras" in page
    assert 'name="import_file_name"' in page


def test_an_older_english_budget_file_still_imports(secretary_client, portal):
    content = (
        "id,year,kind,title,amount,is_fee,order\n"
        ",2017,cost,Konferenser,12500,0,3\n"
        ",2017,income,Bidrag,5000,1,2\n"
    ).encode()

    assert import_file(secretary_client, "budgets_budgetline", content).status_code == 302

    conference = BudgetLine.objects.get(title="Konferenser")
    assert (conference.kind, conference.is_fee, conference.amount) == (BudgetLine.Kind.COST, False, 12500)
    assert BudgetLine.objects.get(title="Bidrag").is_fee is True


def test_an_older_english_rotation_file_still_imports(secretary_client, portal):
    content = "rotation,year,host\nVärdkommun för rådslaget,2018,Huddinge\n".encode()

    assert import_file(secretary_client, "rotations_rotationyear", content).status_code == 302

    assert RotationYear.objects.get(year=2018).municipality.name == "Huddinge"


def test_a_swedish_file_written_by_hand_imports_with_labels_and_ja(secretary_client, portal):
    content = (
        "Budgetår;Typ;Titel;Belopp (kr);Kommunavgifter;Ordning;id\n"
        "2017;Kostnad;Resor;1 200,00;Nej;4;\n"
        "2017;intäkt;Ränta;300;ja;5;\n"
    ).encode()

    assert import_file(secretary_client, "budgets_budgetline", content).status_code == 302

    travel = BudgetLine.objects.get(title="Resor")
    assert (travel.kind, travel.is_fee, travel.amount) == (BudgetLine.Kind.COST, False, 1200)
    assert BudgetLine.objects.get(title="Ränta").kind == BudgetLine.Kind.INCOME


def test_a_cell_that_is_neither_yes_nor_no_is_an_error_on_its_row(secretary_client, portal):
    content = "Budgetår,Typ,Titel,Belopp (kr),Kommunavgifter,Ordning,id\n2017,kostnad,Resor,1200,kanske,4,\n"

    page = upload(secretary_client, "budgets_budgetline", content.encode()).content.decode()

    assert "”kanske” är varken ja eller nej" in page
    assert not BudgetLine.objects.filter(title="Resor").exists()
