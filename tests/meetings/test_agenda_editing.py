"""A secretary edits a meeting's agenda on its admin page: items reordered (two swapped, one inserted), numbered
1..n on every save; a body's standing items open every new meeting's agenda; a meeting copied a week on; an
attachment's agenda item chosen among this meeting's items only. Each test posts the admin's own form, read
from the page as a browser would send it, and reads back what the secretary sees."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Document, Meeting, StandingItem
from apps.meetings.services import add_standing_items, copy_meeting
from apps.municipalities.models import Municipality
from tests.admin.forms import form_values

TITLES = [
    "Mötets öppnande", "Val av justerare", "Föregående protokoll", "Tvärförbindelse Södertörn",
    "Regional cykelplan", "Kompetensförsörjning", "Näringslivsrådet", "Övriga frågor",
]
STANDING = ["Mötets öppnande", "Val av justerare", "Föregående protokoll", "Övriga frågor", "Mötets avslutande"]


@pytest.fixture
def committee(db):
    return Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )


@pytest.fixture
def meeting(committee):
    """A meeting of the committee with eight agenda items and an attachment to the fourth."""
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2027, 2, 4), place="Huddinge kommunhus")
    meeting.hosts.set([Municipality.objects.create(name="Huddinge", slug="huddinge", code="0126")])
    for number, title in enumerate(TITLES, 1):
        AgendaItem.objects.create(meeting=meeting, number=number, title=title, presenter="Sekretariatet")
    Document.objects.create(meeting=meeting, agenda_item=meeting.items.get(number=4), title="Åtgärdsvalsstudie",
                            file="meetings/2027/studie.pdf")
    return meeting


@pytest.fixture
def other_meeting(committee):
    other = Meeting.objects.create(body=committee, date=datetime.date(2027, 3, 4))
    AgendaItem.objects.create(meeting=other, number=1, title="Ett ärende på ett annat möte")
    return other


def change_url(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def meeting_form(response) -> dict[str, list[str]]:
    """The values of the meeting's form on the page, as the browser would post them (the page holds other forms
    too)."""
    html = response.content.decode()
    start = html.index('id="meeting_form"')
    return form_values(html[start:html.index("</form>", start)])


def index_of(values, item) -> int:
    return next(int(name.split("-")[1]) for name, value in values.items()
                if re.fullmatch(r"items-\d+-id", name) and value == [str(item.pk)])


def add_row(values, prefix, **fields) -> int:
    """A new row, made from the page's empty row as the admin's script does when "Add another" is clicked."""
    index = int(values[f"{prefix}-TOTAL_FORMS"][0])
    for name, value in list(values.items()):
        if name.startswith(f"{prefix}-__prefix__-"):
            values[name.replace("__prefix__", str(index))] = list(value)
    for name, value in fields.items():
        values[f"{prefix}-{index}-{name}"] = [value]
    values[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    return index


def agenda_on_page(response) -> list[tuple[str, str]]:
    """(place, title) of each agenda item, as the page shows them, top to bottom."""
    html = response.content.decode()
    values = meeting_form(response)
    positions = re.findall(r'class="ordered-row-position">(\d*)<', html)
    titles = [values[f"items-{n}-title"][0] for n in range(int(values["items-TOTAL_FORMS"][0]))]
    return list(zip(positions, titles))


def numbered(titles):
    return [(str(number), title) for number, title in enumerate(titles, 1)]


def test_secretary_swaps_items_six_and_seven_in_one_save(secretary_client, meeting):
    values = meeting_form(secretary_client.get(change_url(meeting)))
    six, seven = meeting.items.get(number=6), meeting.items.get(number=7)
    values[f"items-{index_of(values, six)}-number"] = ["7"]
    values[f"items-{index_of(values, seven)}-number"] = ["6"]

    response = secretary_client.post(change_url(meeting), values, follow=True)

    assert "Mötet har redan ett ärende med det numret" not in response.content.decode()
    expected = [*TITLES[:5], "Näringslivsrådet", "Kompetensförsörjning", "Övriga frågor"]
    assert agenda_on_page(secretary_client.get(change_url(meeting))) == numbered(expected)


def test_secretary_drags_the_third_item_first_and_every_item_is_renumbered(secretary_client, meeting):
    values = meeting_form(secretary_client.get(change_url(meeting)))
    # What dragging writes: every saved row's place, in the new order.
    order = [3, 1, 2, 4, 5, 6, 7, 8]
    for place, number in enumerate(order, 1):
        values[f"items-{index_of(values, meeting.items.get(number=number))}-number"] = [str(place)]

    assert secretary_client.post(change_url(meeting), values).status_code == 302

    expected = [TITLES[number - 1] for number in order]
    assert agenda_on_page(secretary_client.get(change_url(meeting))) == numbered(expected)
    assert list(meeting.items.values_list("number", flat=True)) == list(range(1, 9))


def test_secretary_inserts_a_new_item_at_place_three_and_the_items_after_it_move_down(secretary_client, meeting):
    values = meeting_form(secretary_client.get(change_url(meeting)))
    add_row(values, "items", title="Budget 2028", number="3")

    response = secretary_client.post(change_url(meeting), values, follow=True)

    assert "Mötet har redan ett ärende med det numret" not in response.content.decode()
    expected = [*TITLES[:2], "Budget 2028", *TITLES[2:]]
    assert agenda_on_page(secretary_client.get(change_url(meeting))) == numbered(expected)


def test_a_new_item_without_a_number_gets_the_next_number(secretary_client, meeting):
    values = meeting_form(secretary_client.get(change_url(meeting)))
    add_row(values, "items", title="Mötets avslutande")

    assert secretary_client.post(change_url(meeting), values).status_code == 302

    assert agenda_on_page(secretary_client.get(change_url(meeting)))[-1] == ("9", "Mötets avslutande")
    assert meeting.items.get(title="Mötets avslutande").number == 9


def test_deleting_an_item_closes_the_gap(secretary_client, meeting):
    values = meeting_form(secretary_client.get(change_url(meeting)))
    values[f"items-{index_of(values, meeting.items.get(number=2))}-DELETE"] = ["on"]

    assert secretary_client.post(change_url(meeting), values).status_code == 302

    expected = [title for title in TITLES if title != "Val av justerare"]
    assert agenda_on_page(secretary_client.get(change_url(meeting))) == numbered(expected)


def test_an_empty_row_added_by_mistake_is_left_out(secretary_client, meeting):
    values = meeting_form(secretary_client.get(change_url(meeting)))
    add_row(values, "items", number="9")  # the page's script numbers every row, the empty one too

    assert secretary_client.post(change_url(meeting), values).status_code == 302

    assert meeting.items.count() == 8


def add_page_values(secretary_client, committee):
    values = meeting_form(secretary_client.get(reverse("admin:meetings_meeting_add")))
    values.update(body=[str(committee.pk)], date=["2027-05-06"], date_precision=["day"], status=["planned"],
                  kind=["ordinary"])
    return values


def test_a_new_meeting_starts_with_the_bodys_standing_items_before_the_items_typed(secretary_client, committee):
    for number, title in enumerate(STANDING, 1):
        StandingItem.objects.create(body=committee, number=number, title=title)
    values = add_page_values(secretary_client, committee)
    add_row(values, "items", title="Tvärförbindelse Södertörn", asked="decision")

    response = secretary_client.post(reverse("admin:meetings_meeting_add"), values, follow=True)

    assert "5 stående ärenden för Södertörnskommunernas samarbetskommitté lades först" in response.content.decode()
    meeting = Meeting.objects.get(date=datetime.date(2027, 5, 6))
    assert agenda_on_page(secretary_client.get(change_url(meeting))) == numbered(
        [*STANDING, "Tvärförbindelse Södertörn"])
    assert meeting.items.get(number=6).asked == AgendaItem.Asked.DECISION


def test_standing_items_on_a_new_meeting_can_be_edited_like_any_item(secretary_client, committee):
    StandingItem.objects.create(body=committee, number=1, title="Val av justerare")
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2027, 5, 6))
    add_standing_items(meeting)
    values = meeting_form(secretary_client.get(change_url(meeting)))
    values["items-0-title"] = ["Val av två justerare"]

    assert secretary_client.post(change_url(meeting), values).status_code == 302

    assert agenda_on_page(secretary_client.get(change_url(meeting))) == [("1", "Val av två justerare")]
    assert StandingItem.objects.get().title == "Val av justerare"


def test_standing_items_come_before_a_meetings_items_when_added_by_the_service(committee, meeting):
    StandingItem.objects.create(body=committee, number=2, title="Val av justerare")
    StandingItem.objects.create(body=committee, number=1, title="Mötets öppnande")
    add_standing_items(meeting)
    assert list(meeting.items.values_list("title", flat=True)) == [
        "Mötets öppnande", "Val av justerare", *TITLES]
    assert list(meeting.items.values_list("number", flat=True)) == list(range(1, 11))


def test_a_meeting_saved_again_gets_no_second_set_of_standing_items(secretary_client, committee, meeting):
    StandingItem.objects.create(body=committee, number=1, title="Mötets öppnande")
    values = meeting_form(secretary_client.get(change_url(meeting)))
    assert secretary_client.post(change_url(meeting), values).status_code == 302
    assert meeting.items.count() == 8


def test_secretary_reorders_a_bodys_standing_items(secretary_client, committee):
    for number, title in enumerate(STANDING, 1):
        StandingItem.objects.create(body=committee, number=number, title=title)
    url = reverse("admin:bodies_body_change", args=[committee.pk])
    html = secretary_client.get(url).content.decode()
    start = html.index('id="body_form"')
    values = form_values(html[start:html.index("</form>", start)])
    prefix = "standing_items"
    # What the page's script writes when the second row is moved up and a new row is added and moved to place 4:
    # every row's place, the new one's too.
    for index, number in enumerate([2, 1, 3, 6, 5]):
        values[f"{prefix}-{index}-number"] = [str(number)]
    add_row(values, prefix, title="Information från kommunerna", number="4")

    assert secretary_client.post(url, values).status_code == 302

    assert list(committee.standing_items.values_list("number", "title")) == [
        (1, "Val av justerare"), (2, "Mötets öppnande"), (3, "Föregående protokoll"),
        (4, "Information från kommunerna"), (5, "Mötets avslutande"), (6, "Övriga frågor"),
    ]


def test_secretary_copies_a_meeting_to_a_week_later_with_its_hosts_and_agenda(secretary_client, meeting):
    meeting.agenda_published_at = timezone.now()
    meeting.documents_published = True
    meeting.diary_number = "SK 2027/12"
    meeting.status = Meeting.Status.HELD
    meeting.start_time, meeting.end_time = datetime.time(13), datetime.time(16)
    meeting.save()
    item = meeting.items.get(number=4)
    item.asked, item.proposed_decision = AgendaItem.Asked.DECISION, "Kommittén ställer sig bakom studien."
    item.save()

    response = secretary_client.post(reverse("admin:meetings_meeting_copy", args=[meeting.pk]), follow=True)

    copy = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response.redirect_chain[-1][0] == change_url(copy)
    page = response.content.decode()
    assert "Det här är en kopia av" in page
    assert agenda_on_page(response) == numbered(TITLES)
    values = meeting_form(response)
    assert values["date"] == ["2027-02-11"]
    assert (values["start_time"], values["end_time"]) == (["13:00:00"], ["16:00:00"])
    assert values["hosts"] == [str(meeting.hosts.get().pk)]
    assert values["place"] == ["Huddinge kommunhus"]
    assert values["status"] == ["planned"]
    assert values["agenda_published_at_0"] == [""]
    assert "documents_published" not in values
    copied = copy.items.get(number=4)
    assert (copied.asked, copied.proposed_decision, copied.presenter) == (
        AgendaItem.Asked.DECISION, "Kommittén ställer sig bakom studien.", "Sekretariatet")
    assert (copy.diary_number, copy.documents.count(), copy.notices.count()) == ("", 0, 0)
    assert meeting.items.count() == 8


def test_the_copy_button_is_a_post_form_shown_to_those_who_may_add_meetings(secretary_client, meeting):
    page = secretary_client.get(change_url(meeting)).content.decode()
    copy_url = reverse("admin:meetings_meeting_copy", args=[meeting.pk])
    assert f'<form method="post" action="{copy_url}">' in page
    assert ">Kopiera möte</button>" in page
    assert secretary_client.get(copy_url).status_code == 405


def test_a_municipal_official_may_not_copy_a_meeting(client, django_user_model, meeting):
    official = django_user_model.objects.create_user("tjansteperson", is_staff=True)
    official.groups.add(Group.objects.get(name="Kommunala tjänstepersoner"))
    client.force_login(official)
    assert "Kopiera möte" not in client.get(change_url(meeting)).content.decode()
    assert client.post(reverse("admin:meetings_meeting_copy", args=[meeting.pk])).status_code == 403
    assert Meeting.objects.count() == 1


def test_copy_meeting_leaves_the_original_untouched_and_copies_no_documents(meeting):
    copy = copy_meeting(meeting)
    assert copy.date == meeting.date + datetime.timedelta(days=7)
    assert list(copy.items.values_list("number", "title")) == list(meeting.items.values_list("number", "title"))
    assert copy.documents.count() == 0 and meeting.documents.count() == 1


def agenda_item_options(html, name) -> list[str]:
    """The items a <select> offers, its empty choice apart."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.DOTALL).group(1)
    options = re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select, re.DOTALL)
    assert options[0][0] == ""
    return [label.strip() for value, label in options[1:]]


def test_an_attachments_agenda_item_is_chosen_among_this_meetings_items_only(secretary_client, meeting,
                                                                              other_meeting):
    html = secretary_client.get(change_url(meeting)).content.decode()
    expected = [f"{number}. {title}" for number, title in enumerate(TITLES, 1)]
    assert agenda_item_options(html, "documents-0-agenda_item") == expected
    assert agenda_item_options(html, "documents-__prefix__-agenda_item") == expected
    assert 'selected>4. Tvärförbindelse Södertörn</option>' in html


def test_a_new_meeting_offers_no_agenda_items_for_attachments(secretary_client, other_meeting):
    html = secretary_client.get(reverse("admin:meetings_meeting_add")).content.decode()
    assert agenda_item_options(html, "documents-__prefix__-agenda_item") == []


def test_an_attachment_posted_with_another_meetings_item_is_refused_with_a_clear_message(
    secretary_client, meeting, other_meeting
):
    values = meeting_form(secretary_client.get(change_url(meeting)))
    values["documents-0-agenda_item"] = [str(other_meeting.items.get().pk)]

    response = secretary_client.post(change_url(meeting), values)

    assert response.status_code == 200
    assert "Ärendet hör till ett annat möte." in response.content.decode()
    assert Document.objects.get().agenda_item.meeting == meeting


def test_the_meeting_page_does_not_grow_with_other_meetings_items(secretary_client, meeting, other_meeting):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            response = secretary_client.get(change_url(meeting))
        return len(response.content), len(queries)

    secretary_client.get(change_url(meeting))  # sessions, content types and permissions read once
    before = measure()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=other_meeting, number=number, title=f"Ärende {number} på ett annat möte")
        for number in range(2, 502)
    )
    assert measure() == before


def test_the_item_and_document_pages_pick_meetings_and_items_by_id_not_from_a_list(secretary_client, meeting):
    document = Document.objects.get()
    for url in (reverse("admin:meetings_document_change", args=[document.pk]),
                reverse("admin:meetings_agendaitem_change", args=[meeting.items.first().pk])):
        html = secretary_client.get(url).content.decode()
        assert "Regional cykelplan</option>" not in html
        assert 'class="vForeignKeyRawIdAdminField"' in html
