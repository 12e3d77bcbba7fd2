import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One recipient's copy of one version of a kallelse, and what became of it.

    A delivery is made once per person and version (the constraint), so the same version is never sent twice
    to the same person; the background task only ever sends a delivery that is waiting.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        UNREACHABLE = "unreachable", _("no e-mail address")

    notice = models.ForeignKey(
        "meetings.Notice", on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("kallelse")
    )
    person = models.ForeignKey(
        "bodies.Person", on_delete=models.SET_NULL, null=True, related_name="deliveries", verbose_name=_("person")
    )
    # As they were when the kallelse was sent: the person's record may change or go afterwards.
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("called as"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("the mail server's answer"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["notice", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notice", "person"], name="one_delivery_per_person_and_version"),
        ]

    def __str__(self):
        return f"{self.name} – {self.get_status_display()}"

    def next_attempt_at(self):
        """When the worker tries a failed delivery again by itself, or None when it has given up."""
        from .services import RETRY_MINUTES

        if self.status != self.Status.FAILED or self.attempts > len(RETRY_MINUTES):
            return None
        return self.updated_at + datetime.timedelta(minutes=RETRY_MINUTES[self.attempts - 1])


class Reply(models.Model):
    """What a called person answered to a meeting's kallelse: cannot attend, and whether their substitute does."""

    class State(models.TextChoices):
        ABSENT = "absent", _("reported absent")
        SUBSTITUTE = "substitute", _("absent, substitute attends")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="replies", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "bodies.Person", on_delete=models.CASCADE, related_name="replies", verbose_name=_("person")
    )
    state = models.CharField(_("reply"), max_length=20, choices=State.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    replied_at = models.DateTimeField(_("replied"), auto_now=True)

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_reply_per_person_and_meeting"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_state_display()}"
