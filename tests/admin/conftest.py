import pytest
from django.contrib.auth.models import Group

from apps.municipalities.models import OfficialProfile

from .data import build_portal

SECRETARIAT = "Sekretariatet"
OFFICIALS = "Kommunala tjänstepersoner"
ADMINISTRATORS = "Administratörer"


@pytest.fixture
def portal(db):
    """One year (2017) of portal data."""
    return build_portal(years=1)


def staff_member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def secretary(db, django_user_model):
    """A secretariat editor: Sekretariatet."""
    return staff_member(django_user_model, "sekreterare", SECRETARIAT)


@pytest.fixture
def official(portal, django_user_model):
    """A municipal official of Huddinge."""
    user = staff_member(django_user_model, "tjansteperson", OFFICIALS)
    OfficialProfile.objects.create(user=user, municipality=portal["municipalities"]["Huddinge"])
    return user


@pytest.fixture
def administrator(db, django_user_model):
    return staff_member(django_user_model, "administrator", ADMINISTRATORS)


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client
