"""OTP_REQUIRED_FOR_ADMINS follows DEBUG unless set: on in production, off for the serve command's demonstration
login (DEBUG=1), which then works at once."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def setting(**environment):
    env = {key: value for key, value in os.environ.items() if key not in {"OTP_REQUIRED_FOR_ADMINS", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.OTP_REQUIRED_FOR_ADMINS)"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**env, "DJANGO_SETTINGS_MODULE": "sodertorn.settings", **environment},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(("environment", "required"), [
    ({"DEBUG": "0"}, "True"),
    ({"DEBUG": "1"}, "False"),
    ({"DEBUG": "0", "OTP_REQUIRED_FOR_ADMINS": "0"}, "False"),
    ({"DEBUG": "1", "OTP_REQUIRED_FOR_ADMINS": "1"}, "True"),
])
def test_two_factor_is_required_of_administrators_when_debug_is_off(environment, required):
    assert setting(**environment) == required


def test_the_demonstration_login_works_at_once_with_debug_on(db, settings, client):
    """As scripts/serve logs in after `seed --demo --admin-user …`: a superuser without a device."""
    settings.OTP_REQUIRED_FOR_ADMINS = False  # as DEBUG=1 makes it, above
    call_command("seed", "--demo", "--admin-user", "sekretariatet", "--admin-password", "sodertorn-demo",
                 stdout=io.StringIO())
    response = client.post(reverse("admin:login"), {"username": "sekretariatet", "password": "sodertorn-demo"})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
