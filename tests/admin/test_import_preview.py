"""The import preview a secretary checks before confirming: the values of new rows, old → new in a changed cell,
unchanged rows only counted; a bad row's problems beside it, numbered as the spreadsheet numbers its rows."""

import csv
import io
import re

import pytest

from apps.budgets.models import BudgetLine
from apps.meetings.models import Meeting
from apps.municipalities.models import Population

from .spreadsheets import CSV, XLSX, export, rows, upload, xlsx

NEW_MEETING = ["", "Ledningsgruppen", "extra", "Extra möte om regionplanen", "2017-12-14", "day", "", "", "", "Salem",
               "", "planned"]


def table_of(content: bytes, file_format) -> list[list]:
    if file_format == XLSX:
        return rows(content, XLSX)
    return [list(row) for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))]


def file_of(table: list[list], file_format) -> bytes:
    if file_format == XLSX:
        return xlsx(table)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue().encode()


def row_of(table: list[list], pk: int) -> int:
    """The index in `table` of the row whose id is `pk`."""
    return next(i for i, row in enumerate(table) if i and str(row[0]) == str(pk))


def page_row(page: str, line: int) -> str:
    """The HTML of the preview's row for the spreadsheet's row `line`."""
    match = re.search(rf'<tr class="[^"]*">\s*<th scope="row" class="line">{line}</th>(.*?)</tr>', page, re.DOTALL)
    assert match, f"row {line} is not in the preview"
    return match.group(1)


def listed_rows(page: str) -> list[int]:
    return [int(line) for line in re.findall(r'<th scope="row" class="line">(\d+)</th>', page)]


@pytest.fixture
def meeting_with_a_place(portal):
    meeting = portal["meetings"][3]
    meeting.place = "Huddinge kommunhus"
    meeting.save()
    return meeting


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_preview_shows_a_changed_place_old_and_new_side_by_side_and_the_new_rows_values(
    secretary_client, meeting_with_a_place, file_format
):
    table = table_of(export(secretary_client, "meetings_meeting", file_format), file_format)
    place = table[0].index("Plats")
    changed = row_of(table, meeting_with_a_place.pk)
    table[changed][place] = "Botkyrka kommunhus"
    table.append(NEW_MEETING)

    preview = upload(secretary_client, "meetings_meeting", file_of(table, file_format), file_format)

    page = preview.content.decode()
    assert preview.status_code == 200
    assert re.search(r"<del>Huddinge kommunhus</del>\s*<span[^>]*>→</span>\s*<ins>Botkyrka kommunhus</ins>",
                     page_row(page, changed + 1))
    new_row = page_row(page, len(table))
    assert "Extra möte om regionplanen" in new_row and "2017-12-14" in new_row and "Salem" in new_row
    unchanged = Meeting.objects.count() - 1
    assert f"{unchanged} rader oförändrade" in page
    assert "1 ny rad" in page and "1 rad ändras" in page
    assert listed_rows(page) == [changed + 1, len(table)]


def test_a_new_row_is_marked_new_and_a_changed_row_is_marked_changed(secretary_client, meeting_with_a_place):
    table = table_of(export(secretary_client, "meetings_meeting"), CSV)
    changed = row_of(table, meeting_with_a_place.pk)
    table[changed][table[0].index("Status")] = "cancelled"
    table.append(NEW_MEETING)

    page = upload(secretary_client, "meetings_meeting", file_of(table, CSV)).content.decode()

    assert '<tr class="update">' in page and "Ändras" in page_row(page, changed + 1)
    assert '<tr class="new">' in page and "Nytt" in page_row(page, len(table))


@pytest.mark.parametrize("word", ["xxx", "ny"])
@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_a_word_in_the_id_column_is_an_error_on_its_row_and_nothing_is_written(
    secretary_client, meeting_with_a_place, file_format, word
):
    table = table_of(export(secretary_client, "meetings_meeting", file_format), file_format)
    table[row_of(table, meeting_with_a_place.pk)][table[0].index("Plats")] = "Botkyrka kommunhus"
    table.append(NEW_MEETING)
    bad = len(table) - 3
    table[bad][0] = word
    meetings, changes = Meeting.objects.count(), Meeting.history.count()

    preview = upload(secretary_client, "meetings_meeting", file_of(table, file_format), file_format)

    page = preview.content.decode()
    assert preview.status_code == 200
    assert "id måste vara ett heltal eller tomt för en ny rad" in page_row(page, bad + 1)
    assert listed_rows(page) == [bad + 1]
    assert 'name="import_file_name"' not in page
    assert (Meeting.objects.count(), Meeting.history.count()) == (meetings, changes)
    meeting_with_a_place.refresh_from_db()
    assert meeting_with_a_place.place == "Huddinge kommunhus"


def test_a_value_that_is_not_a_choice_is_answered_with_the_valid_values(secretary_client, portal):
    # The code ("ordinary") and the Swedish label ("ordinarie möte") are both choices; "styrelsemöte" is not.
    content = (
        "id,body,kind,title,date,date_precision,end_date,start_time,end_time,hosts,place,status\n"
        ",Ledningsgruppen,ordinary,,2018-02-09,day,,,,Huddinge,,planned\n"
        ",Ledningsgruppen,styrelsemöte,,2018-03-09,day,,,,Huddinge,,planned\n"
        ",Ledningsgruppen,ordinarie möte,,2018-03-09,day,,,,Huddinge,,planerat\n"
    ).encode()

    page = upload(secretary_client, "meetings_meeting", content).content.decode()

    row = page_row(page, 3)
    assert "”styrelsemöte” är inte ett av de tillåtna värdena" in row
    for kind in Meeting.Kind:
        assert str(kind.label) in row
    assert listed_rows(page) == [3]


def test_a_day_that_does_not_exist_is_named_as_such_not_as_a_wrong_format(secretary_client, portal):
    content = (
        b"id,body,kind,title,date,date_precision,end_date,start_time,end_time,hosts,place,status\n"
        b",Ledningsgruppen,ordinary,,2027-02-30,day,,,,Huddinge,,planned\n"
    )

    page = upload(secretary_client, "meetings_meeting", content).content.decode()

    row = page_row(page, 2)
    assert "”2027-02-30” finns inte: februari 2027 har 28 dagar" in row
    assert "är inte ett datum" not in row


def test_rows_are_numbered_as_in_the_spreadsheet_even_after_a_blank_row(secretary_client, portal):
    table = [
        ["id", "body", "kind", "title", "date", "date_precision", "end_date", "start_time", "end_time", "hosts",
         "place", "status"],
        ["", "Ledningsgruppen", "ordinary", "", "2018-02-09", "day", "", "", "", "Huddinge", "", "planned"],
        [""] * 12,
        ["", "Ledningsgruppen", "ordinary", "", "2018-13-09", "day", "", "", "", "Huddinge", "", "planned"],
    ]

    page = upload(secretary_client, "meetings_meeting", xlsx(table), XLSX).content.decode()

    assert "”2018-13-09” finns inte: det finns ingen månad 13" in page_row(page, 4)


def test_population_preview_shows_the_changed_number_and_the_new_rows_values(secretary_client, portal):
    table = table_of(export(secretary_client, "municipalities_population"), CSV)
    header = table[0]
    changed = next(i for i, row in enumerate(table) if row[header.index("Kommun")] == "Salem")
    old = table[changed][header.index("Invånare")]
    table[changed][header.index("Invånare")] = "17777"
    table.append(["Salem", "2018", "17900", "SCB"])

    page = upload(secretary_client, "municipalities_population", file_of(table, CSV)).content.decode()

    assert re.search(rf"<del>{old}</del>\s*<span[^>]*>→</span>\s*<ins>17777</ins>", page_row(page, changed + 1))
    new_row = page_row(page, len(table))
    assert all(value in new_row for value in ["Salem", "2018", "17900", "SCB"])
    assert f"{Population.objects.count() - 1} rader oförändrade" in page
    assert listed_rows(page) == sorted([changed + 1, len(table)])


def test_a_word_in_the_id_column_of_budget_lines_is_an_error_on_its_row_too(secretary_client, portal):
    content = "id;year;kind;title;amount;is_fee;order\n;2017;cost;Konferenser;12 500,50;0;3\nny;2017;cost;Resor;900;0;4\n"

    preview = upload(secretary_client, "budgets_budgetline", content.encode())

    assert preview.status_code == 200
    assert "id måste vara ett heltal eller tomt för en ny rad" in page_row(preview.content.decode(), 3)
    assert not BudgetLine.objects.filter(title__in=["Konferenser", "Resor"]).exists()
