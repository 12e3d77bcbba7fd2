"""The read API at /api/v1/: every list and object as the OpenAPI description says, paginated without gaps or
repeats, `modified_since` giving exactly what changed, deleted objects marked, ETag and CORS, and nothing that
is not public."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec

from apps.api.resources import RESOURCES
from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.programme.models import SubGoal
from tests.minutes.conftest import held_meeting, prepared  # noqa: F401
from tests.notices.conftest import committee  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def site():
    from django.conf import settings

    return settings.SITE_URL


def path_of(url):
    """The path and query of one of the API's absolute addresses (made from SITE_URL)."""
    from django.conf import settings

    assert url.startswith(settings.SITE_URL + API), url
    return url[len(settings.SITE_URL):]


def fetch(client, url, status=200):
    response = client.get(path_of(url) if "://" in url else url)
    assert response.status_code == status, response.content[:500]
    return response.json()


@pytest.fixture(scope="module")
def description():
    from apps.api.openapi import description

    return description()


def validator(description, schema_name):
    """A validator of one component schema, its references read in the whole description (OpenAPI 3.1 schemas are
    JSON Schema 2020-12)."""
    return Draft202012Validator(
        {**description, "$ref": f"#/components/schemas/{schema_name}"}, format_checker=FormatChecker()
    )


def assert_valid(description, schema_name, data):
    errors = sorted(validator(description, schema_name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_the_openapi_description_is_served_and_valid_openapi_3_1(client):
    response = client.get(f"{API}openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert served["openapi"] == "3.1.0"
    validate_spec(served)
    assert {f"/{name}/" for name in RESOURCES} <= set(served["paths"])


def test_the_entry_point_names_every_list(client, seed, description):
    system = fetch(client, API)
    assert_valid(description, "System", system)
    assert set(system["lists"]) == set(RESOURCES)


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_list_and_its_objects_validate_against_the_description_over_the_demonstration_data(
        client, demo, description, name):
    resource = RESOURCES[name]
    page = fetch(client, f"{API}{name}/?limit=1000")
    assert_valid(description, f"{resource.type}List", page)
    assert page["pagination"]["totalElements"] == len(page["data"])
    for obj in page["data"][:3] + page["data"][-3:]:
        one = fetch(client, obj["id"])
        assert_valid(description, f"{resource.type}OrDeleted", one)
        assert one == obj


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_list_validates_over_the_seed_data(client, seed, description, name):
    page = fetch(client, f"{API}{name}/")
    assert_valid(description, f"{RESOURCES[name].type}List", page)


def test_the_seed_and_demonstration_data_fill_every_list_but_the_decisions(client, demo):
    empty = {name for name in RESOURCES if not fetch(client, f"{API}{name}/?limit=1")["data"]}
    assert empty <= {"decisions", "files"}


def test_a_meeting_reads_as_an_oparl_meeting_with_its_body_hosts_and_agenda(client, demo):
    meeting = Meeting.objects.public().filter(agenda_published_at__isnull=False).order_by("pk").first()
    data = fetch(client, f"{API}meetings/{meeting.pk}/")
    assert data["type"] == "https://schema.oparl.org/1.1/Meeting"
    assert data["id"] == f"{site()}/api/v1/meetings/{meeting.pk}/"
    assert data["organization"] == [f"{site()}/api/v1/organizations/{meeting.body_id}/"]
    assert len(data["agendaItem"]) == meeting.items.count() > 0
    assert data["web"] == f"{site()}/moten/mote/{meeting.pk}/"
    item = fetch(client, data["agendaItem"][0])
    assert item["meeting"] == data["id"] and item["number"] == "1"


def test_addresses_come_from_site_url_never_from_the_request(client, seed, settings):
    settings.SITE_URL = "https://portal.example.se"
    settings.ALLOWED_HOSTS = ["other.example.com"]
    data = client.get(f"{API}organizations/", HTTP_HOST="other.example.com").json()
    assert data["data"][0]["id"].startswith("https://portal.example.se/api/v1/organizations/")
    assert data["links"]["self"].startswith("https://portal.example.se/api/v1/organizations/?")


def test_walking_the_pages_gives_every_public_meeting_once(client, demo):
    url, seen, pages = f"{API}meetings/?limit=7", [], 0
    while url:
        page = fetch(client, url)
        seen += [meeting["id"] for meeting in page["data"]]
        url = page["links"].get("next")
        pages += 1
    assert len(seen) == len(set(seen)) == Meeting.objects.public().count()
    assert pages == page["pagination"]["totalPages"] == -(-len(seen) // 7)
    assert seen == sorted(seen, key=lambda address: int(address.rstrip("/").rsplit("/", 1)[1]))


def test_modified_since_after_one_change_gives_only_the_changed_meeting(client, demo):
    since = timezone.now()
    meeting = Meeting.objects.public().order_by("pk")[3]
    meeting.place = "Stadshuset, Södertälje"
    meeting.save()
    page = fetch(client, f"{API}meetings/?modified_since={since.isoformat()}".replace("+", "%2B"))
    assert [m["id"] for m in page["data"]] == [f"{site()}/api/v1/meetings/{meeting.pk}/"]
    assert page["data"][0]["location"]["description"] == "Stadshuset, Södertälje"
    assert fetch(client, f"{API}agenda-items/?modified_since={since.isoformat()}".replace("+", "%2B"))["data"] == []


def test_modified_since_after_one_change_gives_only_the_changed_sub_goal(client, demo):
    since = timezone.now()
    sub_goal = SubGoal.objects.order_by("pk").last()
    sub_goal.progress = 40
    sub_goal.save()
    for name in RESOURCES:
        data = fetch(client, f"{API}{name}/?modified_since={since.isoformat()}".replace("+", "%2B"))["data"]
        assert [d["id"] for d in data] == ([f"{site()}/api/v1/sub-goals/{sub_goal.pk}/"]
                                           if name == "sub-goals" else []), name


def test_a_modified_since_without_time_zone_is_swedish_time_and_a_space_for_plus_is_read(client, demo):
    since = timezone.localtime(timezone.now())
    Body.objects.get(slug="ledningsgruppen").save()
    naive = fetch(client, f"{API}organizations/?modified_since={since.replace(tzinfo=None).isoformat()}")
    spaced = fetch(client, f"{API}organizations/?modified_since={since.isoformat()}")  # "+" arrives as a space
    assert len(naive["data"]) == len(spaced["data"]) == 1


def test_publishing_an_agenda_makes_its_items_appear_as_changed(client, demo):
    meeting = Meeting.objects.public().filter(agenda_published_at__isnull=True).order_by("pk").first()
    AgendaItem.objects.create(meeting=meeting, number=1, title="Nytt ärende")
    since = timezone.now()
    assert fetch(client, f"{API}agenda-items/?meeting={meeting.pk}")["data"] == []
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    data = fetch(client, f"{API}agenda-items/?modified_since={since.isoformat()}".replace("+", "%2B"))["data"]
    assert [item["name"] for item in data] == ["Nytt ärende"]


def test_a_deleted_meeting_stays_at_its_address_marked_deleted_and_is_listed_as_changed(client, demo):
    meeting = Meeting.objects.public().filter(items__isnull=False).order_by("pk").first()
    address = f"{API}meetings/{meeting.pk}/"
    item_ids = list(meeting.items.values_list("pk", flat=True))
    since = timezone.now()
    meeting.delete()
    data = fetch(client, address)
    assert data["deleted"] is True and data["id"].endswith(address)
    assert datetime.datetime.fromisoformat(data["modified"]) >= since
    changed = fetch(client, f"{API}meetings/?modified_since={since.isoformat()}".replace("+", "%2B"))["data"]
    assert changed == [data]
    items = fetch(client, f"{API}agenda-items/?modified_since={since.isoformat()}".replace("+", "%2B"))["data"]
    assert sorted(int(i["id"].rstrip("/").rsplit("/", 1)[1]) for i in items) == sorted(item_ids)
    assert all(i["deleted"] for i in items)
    before = fetch(client, f"{API}meetings/?limit=1000")["data"]
    assert data["id"] not in [m["id"] for m in before]


def changed_since(client, name, since):
    return fetch(client, f"{API}{name}/?modified_since={since.isoformat()}".replace("+", "%2B"))["data"]


def test_a_meeting_the_public_never_saw_is_no_ones_business_drafted_or_deleted(client, demo):
    since = timezone.now()
    meeting = Meeting.objects.create(body=Body.objects.get(slug="samarbetskommitten"), date=datetime.date(2027, 3, 1),
                                     is_draft=True)
    pk = meeting.pk
    assert client.get(f"{API}meetings/{pk}/").status_code == 404
    meeting.delete()
    assert client.get(f"{API}meetings/{pk}/").status_code == 404
    assert changed_since(client, "meetings", since) == []


def test_a_meeting_put_back_to_draft_is_marked_deleted_until_it_is_public_again(client, demo):
    meeting = Meeting.objects.public().filter(items__isnull=False).order_by("pk").first()
    address = f"{API}meetings/{meeting.pk}/"
    before = timezone.now()
    meeting.is_draft = True
    meeting.save()

    # Gone from the lists, but a harvester that saw it learns that it is gone, and when.
    listed = [m["id"] for m in fetch(client, f"{API}meetings/?limit=1000")["data"]]
    assert not any(address.endswith(f"/meetings/{meeting.pk}/") for address in listed)
    assert fetch(client, f"{API}agenda-items/?meeting={meeting.pk}")["data"] == []
    mark = fetch(client, address)
    assert mark["deleted"] is True and mark["id"].endswith(address)
    assert datetime.datetime.fromisoformat(mark["modified"]) >= before
    assert changed_since(client, "meetings", before) == [mark]
    after = timezone.now()
    assert changed_since(client, "meetings", after) == []

    # Published again, it is itself again, and listed as changed.
    meeting.is_draft = False
    meeting.save()
    again = fetch(client, address)
    assert again["deleted"] is False and again["name"]
    assert changed_since(client, "meetings", after) == [again]


def test_a_meeting_deleted_after_it_was_put_back_to_draft_stays_marked_deleted(client, demo):
    meeting = Meeting.objects.public().order_by("pk").first()
    pk = meeting.pk
    meeting.is_draft = True
    meeting.save()
    since = timezone.now()
    meeting.delete()
    mark = fetch(client, f"{API}meetings/{pk}/")
    assert mark["deleted"] is True and datetime.datetime.fromisoformat(mark["modified"]) >= since
    assert changed_since(client, "meetings", since) == [mark]


@pytest.fixture
def documents(demo):
    """Two documents of a public meeting with a published agenda: an attachment whose meeting's documents are
    published, and one whose are not."""
    published, hidden = Meeting.objects.public().filter(agenda_published_at__isnull=False).order_by("pk")[:2]
    published.documents_published = True
    published.save()
    made = []
    for meeting, name in ((published, "bilaga.pdf"), (hidden, "hemlig.pdf")):
        document = Document(meeting=meeting, title=name, kind=Document.Kind.ATTACHMENT)
        document.file.save(name, ContentFile(b"%PDF-1.4\n% test\n"), save=False)
        document.save()
        made.append(document)
    return made


def test_a_published_document_has_its_size_type_and_checksum_and_an_unpublished_one_is_absent(client, documents):
    import hashlib

    _published, hidden = documents
    data = fetch(client, f"{API}files/?limit=1000")["data"]
    assert [d["name"] for d in data] == ["bilaga.pdf"]
    document = data[0]
    assert document["size"] == 16 and document["mimeType"] == "application/pdf"
    assert document["sha256Checksum"] == hashlib.sha256(b"%PDF-1.4\n% test\n").hexdigest()
    download = client.get(document["downloadUrl"].removeprefix(site()))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4\n% test\n"
    assert client.get(f"{API}files/{hidden.pk}/").status_code == 404


def test_an_answer_has_an_etag_and_a_second_asking_with_it_gets_304(client, demo):
    first = client.get(f"{API}meetings/?limit=5")
    assert first.status_code == 200 and first["ETag"]
    again = client.get(f"{API}meetings/?limit=5", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    Meeting.objects.public().order_by("pk").first().save()
    changed = client.get(f"{API}meetings/?limit=5", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_any_site_may_read_the_api_and_caches_may_keep_it_a_minute(client, seed):
    response = client.get(f"{API}municipalities/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    preflight = client.options(f"{API}municipalities/")
    assert preflight.status_code == 204 and "If-None-Match" in preflight["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("query, parameter", [
    ("modified_since=igår", "modified_since"),
    ("modified_since=2026-13-01", "modified_since"),
    ("year=tjugohundra", "year"),
    ("year=99999", "year"),
    ("body=finns-inte", "body"),
    ("municipality=9999", "municipality"),
    ("page=0", "page"),
    ("limit=100000", "limit"),
    ("programme=2035", "programme"),
])
def test_a_bad_filter_answers_400_with_a_message(client, seed, query, parameter):
    response = client.get(f"{API}meetings/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["parameter"] == parameter and response.json()["error"]


def test_an_unknown_address_under_the_api_answers_404_in_json(client, seed):
    response = client.get(f"{API}sammantraden/")
    assert response.status_code == 404 and response.json()["error"]
    assert client.post(f"{API}meetings/").status_code == 405


def test_filters_select_by_body_municipality_and_year(client, demo):
    body = Body.objects.get(slug="samarbetskommitten")
    data = fetch(client, f"{API}meetings/?body={body.slug}&year=2017&limit=1000")["data"]
    expected = Meeting.objects.public().filter(body=body, date__year=2017)
    assert len(data) == expected.count() > 0
    by_host = fetch(client, f"{API}meetings/?municipality=0126&limit=1000")["data"]
    assert len(by_host) == Meeting.objects.public().filter(hosts__code="0126").count() > 0


def meetings_in_bulk(count):
    body = Body.objects.get(slug="ledningsgruppen")
    Meeting.objects.bulk_create([
        Meeting(body=body, date=datetime.date(2030, 1, 1) + datetime.timedelta(days=n)) for n in range(count)
    ])


@pytest.mark.parametrize("limit", [10, 100])
def test_a_page_of_meetings_takes_the_same_few_queries_whatever_its_length(client, demo, limit,
                                                                            django_assert_num_queries):
    meetings_in_bulk(120)
    with django_assert_num_queries(7):
        response = client.get(f"{API}meetings/?limit={limit}")
    assert len(response.json()["data"]) == limit


def test_the_documentation_page_explains_the_api_in_swedish_and_english(client, seed):
    swedish = client.get(reverse("api_docs:index")).content.decode()
    assert "curl" in swedish and "modified_since" in swedish and "Öppet API" in swedish
    assert "/api/v1/openapi.json" in swedish
    english = client.get("/en/api/").content.decode()
    assert "Open API" in english and "curl" in english


def test_the_footer_and_the_open_data_page_link_to_the_api(client, seed):
    page = client.get(reverse("meetings:open_data")).content.decode()
    assert page.count('href="/api/"') >= 2


def test_publishing_a_meetings_documents_makes_them_appear_as_changed(client, demo):
    meeting = Meeting.objects.public().filter(documents_published=False).order_by("pk").first()
    document = Document(meeting=meeting, title="Handling", kind=Document.Kind.ATTACHMENT)
    document.file.save("handling.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    since = timezone.now()
    meeting.documents_published = True
    meeting.save()
    data = fetch(client, f"{API}files/?modified_since={since.isoformat()}".replace("+", "%2B"))["data"]
    assert [d["name"] for d in data] == ["Handling"]


def test_the_decisions_of_adjusted_minutes_are_listed_by_paragraph(
        client, held_meeting, mailbox, description):  # noqa: F811
    from tests.minutes.test_publication import adjust

    minutes = prepared(held_meeting)
    cycling = minutes.paragraphs.get(section__number=3)
    cycling.decision = "Samarbetskommittén antar den regionala cykelplanen för Södertörn."
    cycling.save()
    assert fetch(client, f"{API}decisions/")["data"] == []
    since = timezone.now()
    adjust(minutes)
    page = fetch(client, f"{API}decisions/?meeting={held_meeting.pk}")
    assert_valid(description, "DecisionList", page)
    assert [d["paragraph"] for d in page["data"]] == list(range(1, 11))
    decision = page["data"][2]
    assert decision["resolutionText"] == "Samarbetskommittén antar den regionala cykelplanen för Södertörn."
    assert decision["id"] == f"{site()}/api/v1/decisions/{cycling.section_id}/"
    changed = fetch(client, f"{API}decisions/?modified_since={since.isoformat()}".replace("+", "%2B"))
    assert changed["pagination"]["totalElements"] == 10
    meeting = fetch(client, f"{API}meetings/{held_meeting.pk}/")
    assert meeting["decision"] and meeting["minutes"].endswith("/protokoll.pdf")
