from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import AgendaItem
from .services import Pattern, renumber_agenda


class DraftMeetingPlanForm(forms.Form):
    year = forms.IntegerField(
        label=_("Draft from the year"), min_value=1990, max_value=2100,
        help_text=_("The meetings of this year are copied to the next year as planned meetings."),
    )
    pattern = forms.ChoiceField(label=_("Days"), choices=Pattern.choices, initial=Pattern.NTH_WEEKDAY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


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
