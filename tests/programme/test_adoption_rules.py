"""A board's decision has a date, never a future one; a change that alters which version is in force is said to
the person who made it in the admin and kept in the version's history with their name."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from apps.municipalities.models import Municipality
from apps.programme.models import Adoption, Programme

from tests.admin.forms import form_values

NAMES = ["Botkyrka", "Haninge", "Huddinge", "Nykvarn", "Nynäshamn", "Salem", "Södertälje", "Tyresö"]


@pytest.fixture
def municipalities(db):
    return [Municipality.objects.create(name=name, slug=f"k{i}", code=f"01{i:02d}") for i, name in enumerate(NAMES)]


@pytest.fixture
def seven_of_eight(municipalities):
    """The 2035 version adopted by seven boards, the eighth (Tyresö) still to decide."""
    programme = Programme.objects.create(name="Södertörns utvecklingsprogram 2035", slug="up-2035", valid_from=2019)
    for municipality in municipalities[:7]:
        Adoption.objects.create(programme=programme, municipality=municipality, status=Adoption.Status.ADOPTED,
                                decision_date=datetime.date(2019, 10, 1))
    last = Adoption.objects.create(programme=programme, municipality=municipalities[7])
    return programme, last


def change(client, adoption, **changes):
    url = f"/admin/programme/adoption/{adoption.pk}/change/"
    data = {name: values[0] if len(values) == 1 else values
            for name, values in form_values(client.get(url).content.decode()).items()}
    data.update(changes)
    return client.post(url, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_decision_that_puts_a_version_in_force_is_announced_and_kept_in_its_history(
    editor_client, editor, seven_of_eight
):
    programme, last = seven_of_eight
    response = change(editor_client, last, status="adopted", decision_date="2019-11-04")
    said = "Södertörns utvecklingsprogram 2035 är nu den version som gäller; före ändringen gällde ingen version."
    assert said in messages_of(response)
    assert Programme.objects.current() == programme
    record = programme.history.order_by("-history_date").first()
    assert record.history_change_reason == "Gäller nu"
    assert record.history_user == editor


def test_undoing_the_decision_says_that_no_version_is_in_force_any_more(editor_client, seven_of_eight):
    programme, last = seven_of_eight
    change(editor_client, last, status="adopted", decision_date="2019-11-04")
    response = change(editor_client, last, status="pending", decision_date="")
    assert ("Ingen version av programmet gäller längre; före ändringen gällde Södertörns utvecklingsprogram 2035."
            in messages_of(response))


def test_a_change_that_leaves_the_version_in_force_as_it_was_says_nothing_of_it(editor_client, seven_of_eight):
    _programme, last = seven_of_eight
    response = change(editor_client, last, diary_number="KS 2019/12")
    assert not any("gäller" in message for message in messages_of(response))


def test_an_adoption_dated_in_the_future_is_refused_with_a_message_and_nothing_is_written(
    editor_client, seven_of_eight
):
    _programme, last = seven_of_eight
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = change(editor_client, last, status="adopted", decision_date=tomorrow.isoformat())
    assert "Beslutsdatumet ligger i framtiden." in response.content.decode()
    last.refresh_from_db()
    assert (last.status, last.decision_date) == (Adoption.Status.PENDING, None)
    assert Programme.objects.current() is None


def test_an_adoption_needs_the_date_of_the_decision(editor_client, seven_of_eight):
    _programme, last = seven_of_eight
    response = change(editor_client, last, status="adopted", decision_date="")
    assert "Ange datum för kommunstyrelsens beslut." in response.content.decode()
    last.refresh_from_db()
    assert last.status == Adoption.Status.PENDING


def test_the_database_refuses_a_decision_dated_in_the_future(seven_of_eight):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows no clock in a CHECK constraint")
    _programme, last = seven_of_eight
    with pytest.raises(IntegrityError), transaction.atomic():
        Adoption.objects.filter(pk=last.pk).update(
            status=Adoption.Status.ADOPTED, decision_date=timezone.localdate() + datetime.timedelta(days=1)
        )


def test_a_decision_counts_from_its_date_on(seven_of_eight):
    programme, last = seven_of_eight
    Adoption.objects.filter(pk=last.pk).update(status=Adoption.Status.ADOPTED, decision_date=datetime.date(2019, 11, 4))
    before = Programme.objects.with_status(today=datetime.date(2019, 11, 3)).get(pk=programme.pk)
    after = Programme.objects.with_status(today=datetime.date(2019, 11, 4)).get(pk=programme.pk)
    assert (before.status, before.adopted_count) == (Programme.Status.PROPOSED, 7)
    assert (after.status, after.adopted_count) == (Programme.Status.IN_FORCE, 8)
