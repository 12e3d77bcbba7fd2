"""Justering: the chair and the adjusters get a personal link by mail (a real SMTP server, the worker as in
production), confirm or comment through it or logged in; the admin shows who has; when all have, the minutes are
locked and published. A bad, old or foreign link changes nothing and says why."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from apps.bodies.models import Person
from apps.core.links import make_token
from apps.meetings.models import Meeting
from apps.minutes import services
from apps.minutes.models import Minutes, Signatory

from .conftest import change_page, links, path_of, prepared, run_worker

# The worker commits its own work, so the tests commit theirs too.
pytestmark = pytest.mark.django_db(transaction=True)

CHAIR = "ledamot.botkyrka@example.se"
ADJUSTERS = ["ledamot.haninge@example.se", "ledamot.huddinge@example.se"]


@pytest.fixture
def member():
    """The browser of a member who follows the link in their mail, logged in nowhere."""
    return Client()


def send(secretary_client, minutes):
    return secretary_client.post(reverse("admin:minutes_minutes_send", args=[minutes.pk]), follow=True)


def test_sending_mails_the_chair_and_each_adjuster_a_personal_link(secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting)
    preview = secretary_client.get(reverse("admin:minutes_minutes_send", args=[minutes.pk])).content.decode()
    assert "Ledamot Botkyrka" in preview and "Ledamot Haninge" in preview
    assert "Protokoll för justering" in preview

    response = send(secretary_client, minutes)
    assert "skickat för justering till 3 personer" in response.content.decode()
    assert mailbox.messages == []  # nothing waited for the mail server
    run_worker()

    assert sorted(links(mailbox)) == sorted([CHAIR, *ADJUSTERS])
    message = next(m for m in mailbox.messages if CHAIR in m["To"])
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert message["Subject"].startswith("Protokoll för justering: Södertörnskommunernas samarbetskommitté")
    assert "Du justerar det som ordförande" in text
    pdf = next(part for part in message.iter_attachments() if part.get_content_type() == "application/pdf")
    assert pdf.get_content()[:5] == b"%PDF-"
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.JUSTERING
    assert minutes.signatories.filter(mailed_at__isnull=False).count() == 3


def test_the_minutes_are_adjusted_locked_and_published_when_everyone_has_confirmed(
        member, secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    run_worker()
    personal = links(mailbox)

    for address in ADJUSTERS:
        page = member.post(path_of(personal[address]), {"action": "confirm"})
        assert "Tack: din bekräftelse är registrerad" in page.content.decode()
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.JUSTERING and not minutes.published

    panel = secretary_client.get(change_page(minutes)).content.decode()
    assert panel.count("bekräftat ") == 2 and "inte än" in panel

    page = member.post(path_of(personal[CHAIR]), {"action": "confirm"}).content.decode()
    assert "protokollet justerat, låst och publicerat" in page
    minutes.refresh_from_db()
    held_meeting.refresh_from_db()
    assert minutes.state == Minutes.State.ADJUSTED and minutes.published and minutes.adjusted_at
    assert minutes.pdf and not minutes.signed  # no certificate configured: the record stands alone
    assert held_meeting.status == Meeting.Status.HELD
    panel = secretary_client.get(change_page(minutes)).content.decode()
    assert panel.count("bekräftat ") == 3 and "Justerat" in panel
    assert 'name="_save"' not in panel


def test_a_comment_reaches_the_secretary_and_confirms_nothing(member, secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    run_worker()

    page = member.post(path_of(links(mailbox)[ADJUSTERS[0]]),
                       {"action": "comment", "comment": "I § 4 ska det stå 945 000 kr."})
    assert "din kommentar är skickad" in page.content.decode()
    signatory = Signatory.objects.get(person__email=ADJUSTERS[0])
    assert signatory.comment == "I § 4 ska det stå 945 000 kr." and signatory.confirmed_at is None
    assert "I § 4 ska det stå 945 000 kr." in secretary_client.get(change_page(minutes)).content.decode()


def test_an_empty_comment_is_refused(member, secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    run_worker()
    response = member.post(path_of(links(mailbox)[ADJUSTERS[0]]), {"action": "comment", "comment": ""})
    assert response.status_code == 400
    assert "Skriv din kommentar först" in response.content.decode()
    assert not Signatory.objects.exclude(comment="").exists()


def test_a_changed_link_changes_nothing_and_says_why(member, secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    run_worker()
    tampered = path_of(links(mailbox)[CHAIR])[:-6] + "xxxxx/"

    response = member.post(tampered, {"action": "confirm"})

    assert response.status_code == 400
    assert "Länken är inte giltig" in response.content.decode()
    assert not Signatory.objects.filter(confirmed_at__isnull=False).exists()


def test_an_expired_link_changes_nothing(member, secretary_client, held_meeting, mailbox, settings):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    signatory = minutes.signatories.get(kind=Signatory.Kind.CHAIR)
    minutes.refresh_from_db()
    old = int((timezone.now() - datetime.timedelta(days=settings.MINUTES_LINK_DAYS + 1)).timestamp())
    token = make_token(services.JUSTERING_LINK, m=minutes.pk, s=signatory.pk, r=minutes.round, t=old)

    response = member.post(reverse("minutes:justering", args=[token]), {"action": "confirm"})

    assert response.status_code == 410
    assert "Länken har gått ut" in response.content.decode()
    signatory.refresh_from_db()
    assert signatory.confirmed_at is None


def test_a_link_from_before_the_minutes_were_taken_back_changes_nothing(
        member, secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    run_worker()
    old_link = path_of(links(mailbox)[CHAIR])
    secretary_client.post(reverse("admin:minutes_minutes_take_back", args=[minutes.pk]))
    mailbox.messages.clear()
    send(secretary_client, minutes)
    run_worker()

    response = member.post(old_link, {"action": "confirm"})

    assert response.status_code == 410
    assert "Inget registrerades" in response.content.decode()
    assert not Signatory.objects.filter(confirmed_at__isnull=False).exists()
    assert member.post(path_of(links(mailbox)[CHAIR]), {"action": "confirm"}).status_code == 200


def test_someone_not_asked_cannot_confirm_even_logged_in(client, django_user_model, held_meeting, secretary_client,
                                                         mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    stranger = django_user_model.objects.create_user("ersattare", "ersattare.haninge@example.se")
    client.force_login(stranger)

    response = client.post(reverse("minutes:justering_logged_in", args=[minutes.pk]), {"action": "confirm"})

    assert response.status_code == 403
    assert "inte bland dem som ska justera" in response.content.decode()
    assert not Signatory.objects.filter(confirmed_at__isnull=False).exists()


def test_an_adjuster_confirms_logged_in_by_their_address(client, django_user_model, held_meeting, secretary_client,
                                                         mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    adjuster = django_user_model.objects.create_user("haninge", ADJUSTERS[0].upper())
    client.force_login(adjuster)

    page = client.get(reverse("minutes:justering_logged_in", args=[minutes.pk])).content.decode()
    assert "Jag bekräftar protokollet" in page and "§ 10" in page
    client.post(reverse("minutes:justering_logged_in", args=[minutes.pk]), {"action": "confirm"})

    signatory = Signatory.objects.get(person__email=ADJUSTERS[0])
    assert signatory.confirmed_at is not None and signatory.confirmed_via == Signatory.Via.LOGIN


def test_sending_without_adjusters_is_refused_with_the_reason(secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting, adjusters=())
    response = send(secretary_client, minutes)
    assert "Välj en eller två justerare bland de närvarande" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.DRAFT
    run_worker()
    assert mailbox.messages == []


def test_an_absent_adjuster_is_refused(secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting, adjusters=("Ledamot Salem",))
    response = send(secretary_client, minutes)
    assert "Justeraren Ledamot Salem är inte markerad som närvarande" in response.content.decode()
    assert Minutes.objects.get().state == Minutes.State.DRAFT


def test_the_text_is_locked_while_out_for_justering_and_editing_is_refused(secretary_client, held_meeting, mailbox):
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    with pytest.raises(services.MinutesError):
        services.add_paragraph(minutes, "Ny fråga")
    page = secretary_client.get(change_page(minutes)).content.decode()
    assert 'name="_save"' not in page and "Ta tillbaka för redigering" in page


def test_a_refused_mail_is_recorded_and_shown_to_the_secretary(secretary_client, held_meeting, mailbox):
    mailbox.refuse.add(CHAIR)
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    run_worker()

    chair = minutes.signatories.get(kind=Signatory.Kind.CHAIR)
    assert chair.mailed_at is None and "550" in chair.mail_error
    assert len(mailbox.messages) == 2
    assert "misslyckades: " in secretary_client.get(change_page(minutes)).content.decode()


def test_adjusted_minutes_cannot_be_deleted_but_a_draft_gives_its_numbers_back(secretary_client, held_meeting,
                                                                                mailbox):
    draft = prepared(held_meeting)
    secretary_client.post(reverse("admin:minutes_minutes_delete", args=[draft.pk]), {"post": "yes"})
    assert not Minutes.objects.exists()
    again = services.start_minutes(held_meeting)
    assert [p.section.number for p in again.paragraphs.select_related("section")][0] == 1

    Signatory.objects.create(minutes=again, person=Person.objects.get(name="Ledamot Haninge"))
    services.send_for_justering(again)
    for signatory in again.signatories.all():
        services.confirm(signatory, Signatory.Via.LINK)
    response = secretary_client.get(reverse("admin:minutes_minutes_delete", args=[again.pk]))
    assert response.status_code == 403
    assert Minutes.objects.filter(pk=again.pk).exists()


def test_the_panel_writes_times_as_its_language_does(member, secretary_client, held_meeting, mailbox):
    """Swedish "14.30" (no leading zero), English "14:30": one moment, written as each language writes it."""
    minutes = prepared(held_meeting)
    send(secretary_client, minutes)
    run_worker()
    member.post(path_of(links(mailbox)[CHAIR]), {"action": "confirm"})
    chair = Signatory.objects.get(person__email=CHAIR)
    confirmed, mailed = timezone.localtime(chair.confirmed_at), timezone.localtime(chair.mailed_at)
    page = change_page(minutes)
    assert page.startswith("/admin/")
    swedish = " ".join(secretary_client.get(page).content.decode().split())
    english = " ".join(secretary_client.get("/en" + page).content.decode().split())

    with translation.override("sv"):
        day, month_day = date_format(confirmed, "j F Y"), date_format(mailed, "j F")
    assert f"bekräftat {day} {confirmed.hour}.{confirmed:%M}" in swedish
    assert f"skickat {month_day} {mailed.hour}.{mailed:%M}" in swedish
    with translation.override("en"):
        day, month_day = date_format(confirmed, "j F Y"), date_format(mailed, "j F")
    assert f"confirmed {day} {confirmed:%H:%M}" in english
    assert f"sent {month_day} {mailed:%H:%M}" in english
