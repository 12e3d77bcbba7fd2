"""Continuing a host rotation past its last listed year."""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Rotation, RotationYear


class RotationError(Exception):
    """A rotation that cannot be continued; the message says why."""


def continue_rotation(rotation: Rotation, years: int, user=None) -> list[RotationYear]:
    """Add `years` more years after the rotation's last listed year, the hosts following in the same order."""
    if years < 1:
        raise RotationError(_("Give at least one year."))
    listed = list(rotation.years.select_related("municipality"))
    if not listed:
        raise RotationError(_("%(rotation)s has no years to continue from.") % {"rotation": rotation})
    last = max(row.year for row in listed)
    added = []
    with transaction.atomic():
        for year in range(last + 1, last + years + 1):
            row = RotationYear(rotation=rotation, year=year, municipality=rotation.host_for(year, listed))
            row._history_user = user
            row.save()
            added.append(row)
    return added
