"""What a reuser may do with the open data: every JSON file carries its licence (CC0 1.0) and the open data page
says it in words; every JSON, CSV and iCalendar file may be read by a script on another site (CORS); an empty
value is null in JSON, as the page promises."""

import datetime
import json
import re
from html import unescape

import pytest

from apps.meetings.models import Meeting

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


OPEN_FILES = [
    "/moten/2017.json", "/moten/2017.csv", "/moten/kalender.ics", "/moten/kalender-2017.ics",
    "/moten/organ/samarbetskommitten.ics", "/moten/kommun/huddinge.ics",
    "/program/utvecklingsprogram-2035.json", "/program/utvecklingsprogram-2035.csv",
]


@pytest.mark.parametrize("path", OPEN_FILES)
def test_every_open_data_file_may_be_read_by_a_script_on_any_site(client, seed, path):
    response = client.get(path, HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", OPEN_FILES)
def test_the_header_is_kept_when_the_file_comes_from_the_page_cache(client, seed, path):
    client.get(path)
    response = client.get(path)
    assert response["X-Page-Cache"] == "hit"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/moten/2017.json", "/program/utvecklingsprogram-2035.json",
                                  "/program/utvecklingsprogram-2013.json"])
def test_every_json_file_names_its_licence(client, seed, path):
    data = json.loads(client.get(path).content)
    assert data["license"] == {"name": "CC0 1.0 Universal", "identifier": "CC0-1.0", "url": CC0}


def test_the_open_data_page_says_what_a_user_may_do_with_the_data(client, seed):
    response = client.get("/moten/oppna-data/")
    text = page_text(response)
    assert "Vad du får göra med data" in text
    assert ("Filerna publiceras under CC0 1.0 (Creative Commons, fri från upphovsrätt): du får kopiera, ändra, "
            "sprida och använda data för vilket ändamål som helst, även kommersiellt") in text
    assert f'<a href="{CC0}" rel="license">CC0 1.0</a>' in response.content.decode()
    assert "Access-Control-Allow-Origin: *" in text


def test_an_empty_value_in_the_years_json_is_null_as_the_page_promises(client, seed):
    assert "empty values are null" in page_text(client.get("/en/moten/oppna-data/"))
    meeting = Meeting.objects.get(body__slug="ledningsgruppen", date=datetime.date(2017, 1, 20))
    assert meeting.place == ""
    data = json.loads(client.get("/moten/2017.json").content)
    row = next(row for row in data["meetings"] if row["id"] == meeting.pk)
    assert row["place"] is None
    assert row["end_date"] is None
    assert row["minutes_url"] is None
    assert row["start_time"] == "08:30"


def test_no_value_anywhere_in_the_json_files_is_an_empty_text(client, demo):
    def texts(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from texts(item)
        elif isinstance(value, list):
            for item in value:
                yield from texts(item)
        elif isinstance(value, str):
            yield value

    for path in ["/moten/2017.json", "/program/utvecklingsprogram-2035.json", "/program/utvecklingsprogram-2013.json",
                 "/program/utvecklingsprogram-2007.json"]:
        assert "" not in list(texts(json.loads(client.get(path).content))), path

