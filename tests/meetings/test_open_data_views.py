"""The calendar as open data: CSV and JSON per year, with the columns documented."""

import csv
import datetime
import io
import json

import pytest

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.meetings.views import OPEN_DATA_COLUMNS
from apps.municipalities.models import Municipality


@pytest.fixture
def meetings(db):
    committee = Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )
    conference = Meeting.objects.create(
        body=committee, title="Södertörnskonferensen", kind=Meeting.Kind.CONFERENCE, date=datetime.date(2017, 9, 7)
    )
    conference.hosts.set([
        Municipality.objects.create(name="Södertälje", slug="sodertalje", code="0181"),
        Municipality.objects.create(name="Nykvarn", slug="nykvarn", code="0140"),
    ])
    return {
        "committee": Meeting.objects.create(body=committee, date=datetime.date(2017, 2, 2)),
        "conference": conference,
        "new_year": Meeting.objects.create(
            body=committee, title="Nyårskonferens", date=datetime.date(2017, 12, 30), end_date=datetime.date(2018, 1, 2)
        ),
        "month_only": Meeting.objects.create(
            body=committee, date=datetime.date(2018, 3, 1), date_precision=Meeting.Precision.MONTH
        ),
    }


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_of_a_year_has_the_documented_columns(client, meetings):
    response = client.get("/moten/2017.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == [name for name, _description in OPEN_DATA_COLUMNS]


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_swedish_letters(client, meetings):
    assert client.get("/moten/2017.csv").content.startswith("\ufeff".encode())


def test_the_csv_gives_one_row_per_meeting_with_dates_times_and_hosts(client, meetings):
    rows = read_csv(client.get("/moten/2017.csv"))
    assert [row["date"] for row in rows] == ["2017-02-02", "2017-09-07", "2017-12-30"]
    committee = rows[0]
    assert committee["title"] == "Södertörnskommunernas samarbetskommitté"
    assert (committee["start_time"], committee["end_time"]) == ("12:00", "15:00")
    assert committee["url"] == f"http://testserver/moten/mote/{meetings['committee'].pk}/"
    conference = rows[1]
    assert conference["hosts"] == "Nykvarn;Södertälje"
    assert conference["host_codes"] == "0140;0181"


def test_a_meeting_over_new_year_is_in_both_years_files(client, meetings):
    assert "Nyårskonferens" in [row["title"] for row in read_csv(client.get("/moten/2018.csv"))]
    assert "Nyårskonferens" in [row["title"] for row in read_csv(client.get("/moten/2017.csv"))]


def test_a_meeting_known_only_to_the_month_says_so_in_the_data(client, meetings):
    [row] = [row for row in read_csv(client.get("/moten/2018.csv")) if row["date_precision"] == "month"]
    assert row["date"] == "2018-03-01"


def test_the_json_of_a_year_lists_meetings_with_hosts_as_lists(client, meetings):
    response = client.get("/moten/2017.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["year"] == 2017
    assert data["documentation"] == "http://testserver/moten/oppna-data/"
    conference = next(m for m in data["meetings"] if m["id"] == meetings["conference"].pk)
    assert conference["hosts"] == ["Nykvarn", "Södertälje"]
    assert conference["start_time"] is None
    assert list(conference) == [name for name, _description in OPEN_DATA_COLUMNS]


@pytest.mark.parametrize("path", ["/moten/0.csv", "/moten/99999.json", "/moten/1999.csv", "/moten/abc.json"])
def test_data_for_impossible_years_is_not_found(client, meetings, path):
    assert client.get(path).status_code == 404


def test_the_open_data_page_documents_every_column_and_links_the_files(client, meetings):
    response = client.get("/en/moten/oppna-data/")
    html = response.content.decode()
    for name, _description in OPEN_DATA_COLUMNS:
        assert f"<code>{name}</code>" in html
    assert 'href="/en/moten/2017.csv"' in html
    assert 'href="/en/moten/2017.json"' in html
