from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.languages import SavedInSwedish
from apps.core.search import search_vector

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


# A body's short name goes into file names, lists and calendar feeds' names, all one line.
one_line = RegexValidator(
    r"[\x00-\x1f\x7f]", inverse_match=True,
    message=_("Write the short name on one line, without line breaks or other control characters."),
)


class Body(SavedInSwedish, models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("committee")
        MANAGEMENT_GROUP = "management_group", _("management group")
        CONFERENCE = "conference", _("conference")
        COUNCIL = "council", _("council (rådslag)")
        KEY_FIGURE_DAY = "key_figure_day", _("key figure day")
        NETWORK = "network", _("network of officials")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=100, validators=[one_line], help_text=_("Used in file names and lists.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    composition = models.TextField(_("composition"), blank=True, help_text=_("Who sits in the body."))
    usual_weekday = models.PositiveSmallIntegerField(_("usual weekday"), choices=WEEKDAYS, null=True, blank=True)
    usual_start = models.TimeField(_("usual start time"), null=True, blank=True)
    usual_end = models.TimeField(_("usual end time"), null=True, blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings per year at least"), null=True, blank=True
    )
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="sub_bodies",
        verbose_name=_("reports to"),
    )
    notice_working_days = models.PositiveSmallIntegerField(
        _("kallelse due, working days before"), default=4,
        help_text=_("The kallelse goes out at least this many working days before a meeting (Swedish holidays "
                    "are not working days)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    # The texts in both languages (translation.py), for the search.
    search_vector = search_vector(
        A=("name_sv", "name_en", "short_name"), B=("description_sv", "description_en"),
        C=("composition_sv", "composition_en"),
    )
    # Its history (simple_history) is registered in translation.py, once the fields of each language exist.

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(usual_start__isnull=True) | Q(usual_end__isnull=True) | Q(usual_end__gt=F("usual_start")),
                name="body_usual_end_after_start",
                violation_error_message=_("The usual end time must be after the usual start time."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("bodies:detail", args=[self.slug])


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="people", verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    search_vector = search_vector(A=("name",), B=("title",))
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class RoleQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))

    def called_to(self, body, on):
        """Who a kallelse to a meeting of `body` on the day `on` calls: the roles held that day, in the order a
        list of those called is read (the chair first, then by municipality and name)."""
        order = Case(*(When(kind=kind, then=Value(i)) for i, kind in enumerate(Role.CALLED_ORDER)), default=99)
        return (
            self.current(on=on).filter(body=body).select_related("person", "municipality")
            .order_by(order, "municipality__name", "person__name")
        )


class Role(models.Model):
    """A person's seat in a body for a period: chair, member, secretary …"""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")
        SUBSTITUTE = "substitute", _("substitute")
        ATTENDING = "attending", _("attending")
        SECRETARY = "secretary", _("secretary")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person"))
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="roles", verbose_name=_("body"))
    kind = models.CharField(_("role"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="roles", verbose_name=_("representing"),
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    # The order in which a kallelse lists those it calls.
    CALLED_ORDER = [Kind.CHAIR, Kind.VICE_CHAIR, Kind.MEMBER, Kind.SUBSTITUTE, Kind.ATTENDING, Kind.SECRETARY]

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["body", "kind", "person__name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="role_ends_after_start",
                violation_error_message=_("A role cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_kind_display()} – {self.body}"


class Partner(models.Model):
    """An external organisation taking part in a body, such as a university in the rådslag."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=100, blank=True, help_text=_("E.g. university, business association."))
    website = models.URLField(_("website"), blank=True)
    bodies = models.ManyToManyField(Body, related_name="partners", blank=True, verbose_name=_("takes part in"))
    history = HistoricalRecords(m2m_fields=[bodies])

    class Meta:
        ordering = ["name"]
        verbose_name = _("external partner")
        verbose_name_plural = _("external partners")

    def __str__(self):
        return self.name
