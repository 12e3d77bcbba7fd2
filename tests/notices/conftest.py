import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from apps.bodies.models import Body, Person, Role
from apps.meetings.models import AgendaItem, Meeting
from apps.municipalities.models import Municipality

MEMBERS_WITHOUT_EMAIL = {"Nykvarn"}


@pytest.fixture
def committee(seed):
    """The seeded committee with sixteen called: a member and a substitute for each municipality (Botkyrka's
    member chairs), a secretary as contact person; Nykvarn's member has no e-mail address."""
    body = Body.objects.get(slug="samarbetskommitten")
    for municipality in Municipality.objects.order_by("name"):
        member = Person.objects.create(
            name=f"Ledamot {municipality.name}", municipality=municipality,
            email="" if municipality.name in MEMBERS_WITHOUT_EMAIL else f"ledamot.{municipality.slug}@example.se",
        )
        substitute = Person.objects.create(
            name=f"Ersättare {municipality.name}", municipality=municipality,
            email=f"ersattare.{municipality.slug}@example.se",
        )
        kind = Role.Kind.CHAIR if municipality.name == "Botkyrka" else Role.Kind.MEMBER
        Role.objects.create(body=body, person=member, municipality=municipality, kind=kind)
        Role.objects.create(body=body, person=substitute, municipality=municipality, kind=Role.Kind.SUBSTITUTE)
    secretary = Person.objects.create(name="Sara Sekreterare", email="sara@example.se", phone="08-535 300 00")
    Role.objects.create(body=body, person=secretary, kind=Role.Kind.SECRETARY)
    huddinge = Municipality.objects.get(name="Huddinge")
    huddinge.venue = "Kommunhuset, Kommunalvägen 28, 141 85 Huddinge"
    huddinge.save()
    return body


@pytest.fixture
def meeting(committee):
    """A committee meeting in three weeks, hosted by Huddinge, with three items."""
    day = datetime.date.today() + datetime.timedelta(days=21)
    meeting = Meeting.objects.create(body=committee, date=day, status=Meeting.Status.CONFIRMED)
    meeting.hosts.set([Municipality.objects.get(name="Huddinge")])
    for number, title in enumerate(["Mötets öppnande", "Regional cykelplan", "Budget 2027"], start=1):
        AgendaItem.objects.create(meeting=meeting, number=number, title=title)
    return meeting


def secretariat():
    """The secretariat's role. A transactional test that ran before may have emptied the database, the roles'
    migration with it; then the role is made again with what it holds for meetings and the kallelse."""
    group, created = Group.objects.get_or_create(name="Sekretariatet")
    if created:
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=["meetings", "notices", "bodies"]))
    return group


@pytest.fixture
def secretary_client(client, django_user_model, db):
    user = django_user_model.objects.create_user("sekreterare", "sekr@example.se", is_staff=True)
    user.groups.add(secretariat())
    client.force_login(user)
    return client


def run_worker():
    """What `manage.py db_worker` does in production: run every task that is due, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
