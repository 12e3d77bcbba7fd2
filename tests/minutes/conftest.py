import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from apps.bodies.models import Person
from apps.meetings.models import AgendaItem, Meeting
from apps.minutes import services
from apps.minutes.models import Signatory
from apps.municipalities.models import Municipality
from apps.notices.models import Reply
from tests.notices.conftest import committee, run_worker  # noqa: F401

TITLES = [
    "Mötets öppnande", "Val av justerare", "Regional cykelplan", "Budget 2027", "Tvärförbindelse Södertörn",
    "Yrkeshögskolan på Södertörn", "Näringslivsklimatet", "Nyckeltalsdagen", "Rapporter från nätverken",
    "Övriga frågor",
]


@pytest.fixture
def held_meeting(committee):  # noqa: F811
    """A committee meeting two days ago in Huddinge, with ten items, each with a proposed decision; Tyresö's member
    reported absence with their substitute attending, Salem's member reported absence."""
    day = datetime.date.today() - datetime.timedelta(days=2)
    meeting = Meeting.objects.create(body=committee, date=day, status=Meeting.Status.CONFIRMED)
    meeting.hosts.set([Municipality.objects.get(name="Huddinge")])
    for number, title in enumerate(TITLES, start=1):
        AgendaItem.objects.create(
            meeting=meeting, number=number, title=title, asked=AgendaItem.Asked.DECISION,
            proposed_decision=f"Samarbetskommittén beslutar i ärendet {title.lower()}.",
        )
    Reply.objects.create(meeting=meeting, person=Person.objects.get(name="Ledamot Tyresö"),
                         state=Reply.State.SUBSTITUTE, comment="Krockar med KS")
    Reply.objects.create(meeting=meeting, person=Person.objects.get(name="Ledamot Salem"), state=Reply.State.ABSENT)
    return meeting


def secretariat():
    """The secretariat's role, made again with what it holds when a transactional test emptied the database."""
    group, created = Group.objects.get_or_create(name="Sekretariatet")
    if created:
        group.permissions.set(Permission.objects.filter(
            content_type__app_label__in=["meetings", "notices", "bodies", "minutes", "programme", "municipalities"]))
    return group


@pytest.fixture
def secretary_user(django_user_model, db):
    user = django_user_model.objects.create_user("sekreterare", "sekr@example.se", is_staff=True)
    user.groups.add(secretariat())
    return user


@pytest.fixture
def secretary_client(client, secretary_user):
    client.force_login(secretary_user)
    return client


def prepared(meeting, adjusters=("Ledamot Haninge", "Ledamot Huddinge")):
    """Minutes started from the replies, with their adjusters chosen."""
    minutes = services.start_minutes(meeting)
    for name in adjusters:
        Signatory.objects.create(minutes=minutes, person=Person.objects.get(name=name))
    return minutes


def links(mailbox):
    """The personal justering link of each mail, by recipient's address."""
    found = {}
    for message in mailbox.messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        found[re.search(r"<(.+?)>", message["To"]).group(1)] = re.search(
            r"https?://\S+/protokoll/justera/\S+/", text).group(0)
    return found


def path_of(link):
    return "/" + link.split("/", 3)[3]


def change_page(minutes):
    return reverse("admin:minutes_minutes_change", args=[minutes.pk])


@pytest.fixture
def signing_certificate(tmp_path, settings):
    """A certificate authority of the tests' own and a certificate it issued to the secretariat, in a PKCS#12 file
    with a password, configured as the portal's signing certificate. Returns the authority's certificate, the
    trust root a validation needs."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(common_name):
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Huddinge kommun"),
                          x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (x509.CertificateBuilder().subject_name(name("Testernas CA")).issuer_name(name("Testernas CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (x509.CertificateBuilder().subject_name(name("Södertörnssekretariatet")).issuer_name(ca.subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=365))
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_cert_sign=False,
                                                crl_sign=False, key_encipherment=False, data_encipherment=False,
                                                key_agreement=False, encipher_only=False, decipher_only=False),
                                  critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                   .sign(ca_key, hashes.SHA256()))
    password = b"hemligt-$-losenord"
    path = tmp_path / "sekretariatet.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"sekretariatet", key, certificate, [ca], serialization.BestAvailableEncryption(password)))
    settings.MINUTES_SIGNING_PKCS12 = str(path)
    settings.MINUTES_SIGNING_PASSWORD = password.decode()
    return ca.public_bytes(serialization.Encoding.DER)
