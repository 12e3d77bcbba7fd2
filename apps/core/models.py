import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedRecord(models.Model):
    """The historical record of a deleted row, and the deletion it was part of: every row one delete() removed,
    the row it was called on and the rows deleted along with it, shares one deletion id. Restoring a row brings
    back the rows of its own deletion, and no other (apps/core/history.py)."""

    deletion = models.UUIDField(_("deletion"), default=uuid.uuid4, db_index=True)
    model = models.CharField(_("model"), max_length=100, help_text=_("The deleted row's model, e.g. meetings.meeting."))
    history_id = models.BigIntegerField(_("historical record"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")
        # Bookkeeping of the history, written and read by code only: no permissions to hand out.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["model", "history_id"], name="one_deletion_per_historical_record"),
        ]

    def __str__(self):
        return f"{self.model} {self.history_id} ({self.deletion})"
