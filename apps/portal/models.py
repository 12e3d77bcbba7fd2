from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DemoData(models.Model):
    """Marks a database that holds demonstration data (`manage.py seed --demo`). Its one row puts the banner on
    every public page; production never has it."""

    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("demonstration data")
        verbose_name_plural = _("demonstration data")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_demo_data_row")]

    def __str__(self):
        return str(_("Demonstration data loaded %(when)s") % {"when": self.loaded_at})


class SecretariatContact(models.Model):
    """How to reach the secretariat: one row, edited in the admin, shown on the contact page (and named by the
    pages that send a visitor there: the accessibility statement, the page on personal data, the footer)."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Who answers, e.g. “Södertörns samverkanssekretariat”.")
    )
    organisation = models.CharField(
        _("hosted by"), max_length=200, blank=True, help_text=_("The organisation hosting the secretariat.")
    )
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("One line per line of the address, as on an envelope.")
    )
    visiting_address = models.TextField(_("visiting address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True,
        validators=[RegexValidator(r"^\+?[0-9][0-9 ()-]{4,}$", _("A phone number is digits, spaces and dashes, "
                                                                 "e.g. 08-535 300 00."))],
    )
    hours = models.CharField(
        _("phone hours"), max_length=200, blank=True, help_text=_("When the phone is answered, e.g. “vardagar 9–16”.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("contact of the secretariat")
        verbose_name_plural = _("contact of the secretariat")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="one_secretariat_contact")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def phone_uri(self) -> str:
        """The number as a tel: link, in international form (RFC 3966): "08-535 300 00" → "tel:+46853530000"."""
        digits = "".join(char for char in self.phone if char.isdigit())
        if not digits:
            return ""
        if self.phone.lstrip().startswith("+"):
            return f"tel:+{digits}"
        return f"tel:+46{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"

    @classmethod
    def current(cls):
        """The contact, or None before the secretariat has entered it."""
        return cls.objects.filter(pk=1).first()
