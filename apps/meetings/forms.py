from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.bodies.models import Body

from .models import AgendaItem
from .services import Pattern, renumber_agenda, source_years


class PlanYearForm(forms.Form):
    """The year to plan, for bodies chosen elsewhere (the bodies' list)."""

    year = forms.IntegerField(
        label=_("Year to plan"), min_value=1990, max_value=2100,
        help_text=_("Each body's meetings are drafted from its latest year of meetings before this one."),
    )
    pattern = forms.ChoiceField(
        label=_("Days"), choices=Pattern.choices, initial=Pattern.NTH_WEEKDAY, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class BodyChoiceField(forms.ModelMultipleChoiceField):
    """Bodies, each named with the year its meetings would be drafted from (`sources`, from source_years)."""

    sources: dict = {}

    def label_from_instance(self, body):
        found = self.sources.get(body.pk)
        if found is None:
            return _("%(body)s: no meetings to draft from") % {"body": body}
        year, count = found
        return ngettext(
            "%(body)s: %(count)d meeting in %(year)s", "%(body)s: %(count)d meetings in %(year)s", count
        ) % {"body": body, "count": count, "year": year}


class PlanBodiesYearForm(PlanYearForm):
    """The planning page: the year and the bodies."""

    bodies = BodyChoiceField(
        label=_("Bodies"), queryset=Body.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one body.")},
    )
    field_order = ["year", "bodies", "pattern"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].initial = list(Body.objects.values_list("pk", flat=True))
        try:
            year = int(self.data.get("year") or self.initial.get("year") or self.fields["year"].initial)
        except ValueError:
            year = self.fields["year"].initial
        self.fields["bodies"].sources = source_years(Body.objects.all(), year)
        self.fields["bodies"].help_text = _("After each body, the year its meetings for %(year)s are drafted from.") % {
            "year": year}


class MoveMeetingsForm(forms.Form):
    days = forms.IntegerField(
        label=_("Move by days"), min_value=-366, max_value=366,
        help_text=_("A positive number moves the meetings later, a negative one earlier: 7 is a week later."),
    )

    def clean_days(self):
        days = self.cleaned_data["days"]
        if days == 0:
            raise forms.ValidationError(_("Give a number of days other than 0."))
        return days


class CancelMeetingsForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=100,
        help_text=_("Kept in each meeting's history."),
    )


class OrderedRowForm(forms.ModelForm):
    """A row of an ordered inline. Its number only says where the row goes: the formset gives the numbers when
    it saves, so the number is not checked against the other rows here (a swap would be refused), and a new row
    that holds nothing but a number is an empty row, left out."""

    def _get_validation_exclusions(self):
        # Django's one place for the fields that uniqueness and constraint checks leave out, form and formset.
        return super()._get_validation_exclusions() | {"number"}

    def has_changed(self):
        if self.instance._state.adding:
            return any(name != "number" for name in self.changed_data)
        return super().has_changed()


class OrderedInlineFormSet(CustomInlineFormSet):
    """Inline rows numbered 1..n on every save, in the order the page gives in their number field (which
    dragging a row or its move buttons rewrite). A row whose number was changed, or a new row with a number, goes
    before a row that kept that number, so that giving a row the number 3 puts it third; a new row without a
    number goes last."""

    # What a screen reader hears after a row is moved with its buttons; static/admin/js/ordered_rows.js fills it in.
    moved_message = _("%(title)s: place %(position)s of %(count)s.")

    def rows_in_order(self) -> list[forms.ModelForm]:
        field = self.default_order_field
        keyed = []
        for index, form in enumerate(self.forms):
            is_new = index >= self.initial_form_count()
            if form in self.deleted_forms or (is_new and not form.has_changed()):
                continue
            number = form.cleaned_data.get(field) or None  # 0 is a new row's default, not a place
            moved = is_new or number != form.initial.get(field)
            keyed.append(((number is None, number or 0, not moved, index), form))
        return [form for _key, form in sorted(keyed, key=lambda pair: pair[0])]

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        rows = self.rows_in_order()
        with transaction.atomic():
            edited = super().save(commit=False)
            for obj in self.deleted_objects:
                obj.delete()
            self.save_in_order([form.instance for form in rows], edited)
            self.save_m2m()
        return edited

    def save_in_order(self, rows, edited):
        for position, row in enumerate(rows, 1):
            if row.pk is None or row.number != position or row in edited:
                row.number = position
                row.save()


class AgendaItemFormSet(OrderedInlineFormSet):
    def save_in_order(self, rows, edited):
        renumber_agenda(self.instance, rows, edited=edited)


class DocumentFormSet(BaseInlineFormSet):
    """A meeting's documents: an attachment's agenda item is chosen among the meeting's own items, read once for
    all rows, so that the page does not grow with the other meetings' items. The field still finds any item, so
    that one of another meeting, posted anyway, is refused by Document.clean() with its message; a meeting not yet
    saved has no items to offer and accepts none."""

    @cached_property
    def agenda_item_choices(self) -> list[tuple]:
        if self.instance.pk is None:
            return []
        return [(item.pk, str(item)) for item in AgendaItem.objects.filter(meeting=self.instance).order_by("number")]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get("agenda_item")
        if field is None:
            return
        if self.instance.pk is None:
            field.queryset = field.queryset.none()
        field.choices = [("", field.empty_label), *self.agenda_item_choices]
