"""The recorded history in words, and undoing a deletion from it (django-simple-history has no "recover
deleted" of its own).

A deletion is recorded as an event: every row that one delete() removes — the row or list it was called on and
the rows deleted along with it (a meeting's agenda items and documents) — gets the same deletion id, kept with
its historical record in DeletedRecord. Restoring a row brings back the rows of that deletion and no other: an
agenda item deleted on its own a minute before its meeting stays deleted when the meeting comes back.
"""

import dataclasses
import datetime
import decimal
import uuid

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete, pre_delete
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject
from simple_history.signals import post_create_historical_record
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from .languages import translated_fields
from .models import DeletedRecord


class RestoreError(Exception):
    """A deleted row that cannot be brought back; the message says why."""


def _history(model):
    return getattr(model, model._meta.simple_history_manager_attribute)


def _has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


# Recording deletions. Django sends pre_delete for every row a delete() collects, then deletes them all, then
# sends post_delete (simple-history writes its "-" record then); each signal names the delete's origin, the row
# or list delete() was called on.

def _deletion_begins(sender, instance, origin=None, **kwargs):
    holder = origin if origin is not None else instance
    state = getattr(holder, "_portal_deletion", None)
    if state is None or state["removed"]:  # a first delete() of this origin, or a later one
        state = {"id": uuid.uuid4(), "removed": False}
        holder._portal_deletion = state
    instance._portal_deletion_id = state["id"]


def _rows_removed(sender, instance, origin=None, **kwargs):
    state = getattr(origin if origin is not None else instance, "_portal_deletion", None)
    if state is not None:
        state["removed"] = True


def _record_deletion(sender, instance, history_instance, **kwargs):
    if history_instance.history_type != "-":
        return
    DeletedRecord.objects.create(
        deletion=getattr(instance, "_portal_deletion_id", None) or uuid.uuid4(),
        model=instance._meta.label_lower,
        history_id=history_instance.history_id,
    )


def connect_signals() -> None:
    """Record each deletion of a row that has a history (called once the models are loaded)."""
    for model in apps.get_models():
        if _has_history(model) and not model._meta.auto_created:
            uid = model._meta.label_lower
            pre_delete.connect(_deletion_begins, sender=model, dispatch_uid=f"deletion-begins-{uid}")
            post_delete.connect(_rows_removed, sender=model, dispatch_uid=f"deletion-removed-{uid}")
    post_create_historical_record.connect(_record_deletion, dispatch_uid="deletion-recorded")


def deleted_records(model, limit: int = 200) -> list:
    """The last deletion record of each row of `model` that is deleted now, newest first."""
    history = _history(model)
    pk_name = model._meta.pk.attname
    existing = model._default_manager.values(pk_name)
    records = (
        history.filter(history_type="-").exclude(**{f"{pk_name}__in": existing})
        .select_related("history_user").order_by("-history_date")
    )
    seen, latest = set(), []
    for record in records.iterator():
        key = getattr(record, pk_name)
        if key not in seen:
            seen.add(key)
            latest.append(record)
            if len(latest) == limit:
                break
    return latest


def parent_field(model):
    """The link to the row a row of `model` belongs to and is deleted with (an agenda item's meeting), if any."""
    return next((
        field for field in model._meta.concrete_fields
        if field.many_to_one and not field.null and field.remote_field.on_delete is models.CASCADE
    ), None)


def describe_deleted(model, records) -> None:
    """Give each deletion record its time in words (`when`) and, for a row that belongs to another, that row's
    name (`parent`), the name it last had if it is deleted too."""
    field = parent_field(model)
    parents = {}
    if field is not None:
        parents = field.related_model._default_manager.in_bulk({getattr(record, field.attname) for record in records})
    for record in records:
        record.when = moment(record.history_date)
        if field is not None:
            pk = getattr(record, field.attname)
            record.parent = str(parents[pk]) if pk in parents else _deleted_name(DeletedObject(field.related_model, pk))


def _record_before(model, record):
    """The last record of a row before `record`: what it looked like before it was deleted."""
    pk_name = model._meta.pk.attname
    return (
        _history(model).filter(**{pk_name: getattr(record, pk_name), "history_date__lt": record.history_date})
        .exclude(history_type="-").order_by("-history_date").first()
    )


def _m2m_fields(model):
    return [field for field in getattr(_history(model).model, "_history_m2m_fields", [])]


def _cascading_relations(model):
    """One-to-many relations whose rows are deleted with a row of `model` and have a history."""
    return [
        relation for relation in model._meta.related_objects
        if relation.one_to_many and relation.on_delete is models.CASCADE and _has_history(relation.related_model)
    ]


def _deleted_with(model, record, child_model):
    """The history ids of the rows of `child_model` that the deletion recorded by `record` removed."""
    deletion = DeletedRecord.objects.filter(model=model._meta.label_lower, history_id=record.history_id)
    return DeletedRecord.objects.filter(
        deletion__in=deletion.values("deletion"), model=child_model._meta.label_lower
    ).values("history_id")


def _clear_missing_links(instance) -> None:
    """Point optional links to rows that no longer exist at nothing; refuse if a required link is gone."""
    for field in instance._meta.concrete_fields:
        if not field.many_to_one:
            continue
        value = getattr(instance, field.attname)
        if value is None or field.related_model._default_manager.filter(pk=value).exists():
            continue
        if field.null:
            setattr(instance, field.attname, None)
        else:
            raise RestoreError(
                _("%(object)s cannot be restored: its %(field)s no longer exists.")
                % {"object": instance, "field": field.verbose_name}
            )


def _make_room(instance, numbering) -> None:
    """Put a restored row last among its siblings when its number has been given to another row since."""
    number, parent = numbering
    siblings = type(instance)._default_manager.filter(**{parent: getattr(instance, f"{parent}_id")})
    if siblings.filter(**{number: getattr(instance, number)}).exists():
        last = siblings.aggregate(last=models.Max(number))["last"] or 0
        setattr(instance, number, last + 1)


def _restore(model, record, user, numbering=None) -> models.Model:
    instance = record.instance
    _clear_missing_links(instance)
    if numbering:
        _make_room(instance, numbering)
    instance._history_user = user
    instance._change_reason = _("Restored after deletion")
    instance.save(force_insert=True)

    before = _record_before(model, record)
    for field in _m2m_fields(model):
        if before is None:
            continue
        target = get_m2m_reverse_field_name(field)
        ids = list(getattr(before, field.name).values_list(f"{target}_id", flat=True))
        existing = field.related_model._default_manager.filter(pk__in=ids)
        getattr(instance, field.name).set(existing)

    for relation in _cascading_relations(model):
        child_model = relation.related_model
        pk_name = child_model._meta.pk.attname
        children = _history(child_model).filter(
            history_id__in=_deleted_with(model, record, child_model), **{relation.field.attname: instance.pk}
        ).order_by(pk_name)
        for child in children:
            if not child_model._default_manager.filter(pk=getattr(child, pk_name)).exists():
                _restore(child_model, child, user)
    return instance


def restore_deleted(model, history_id: int, user=None, numbering: tuple[str, str] | None = None) -> models.Model:
    """Bring back a deleted row as it was when it was deleted, with its many-to-many links and the rows that
    were deleted along with it (a meeting's agenda items and documents; a programme's focus areas, goals,
    sub-goals and adoptions). `numbering` names the field that numbers a row among its siblings and the one
    naming their parent (("number", "meeting")): a row whose number is taken meanwhile comes back last.
    Raises RestoreError when the row cannot come back."""
    pk_name = model._meta.pk.attname
    record = _history(model).filter(history_id=history_id, history_type="-").first()
    if record is None:
        raise RestoreError(_("There is no such deletion to undo."))
    if model._default_manager.filter(pk=getattr(record, pk_name)).exists():
        raise RestoreError(_("%(object)s has already been restored.") % {"object": record.instance})
    try:
        with transaction.atomic():
            return _restore(model, record, user, numbering)
    except IntegrityError as e:
        raise RestoreError(
            _("%(object)s cannot be restored: %(reason)s") % {"object": record.instance, "reason": _broken_rule(e)}
        ) from e


def _broken_rule(error: IntegrityError) -> str:
    """The message of the model constraint a database error names, or the database's own first line."""
    text = str(error)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name in text:
                return str(constraint.get_violation_error_message())
    return text.splitlines()[0]


# The history page in words.

EMPTY = "(empty)"


def moment(value: datetime.datetime) -> str:
    """A moment as a person reads it, in the site's time zone: "1 december 2026 kl. 14.05"."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(date)s at %(time)s") % {
        "date": formats.date_format(local, "j F Y"), "time": formats.time_format(local, "TIME_FORMAT"),
    }


def _deleted_name(value: DeletedObject) -> str:
    """A row that no longer exists, named by its last recorded name."""
    model = value.model
    last = _history(model).filter(**{model._meta.pk.attname: value.pk}).order_by("-history_date").first() if (
        _has_history(model)) else None
    if last is not None:
        return _("%(name)s (deleted)") % {"name": last.instance}
    return _("%(model)s no. %(pk)s (deleted)") % {"model": model._meta.verbose_name, "pk": value.pk}


def in_words(field, value) -> str:
    """A field's value as a person reads it: Ja/Nej, a choice's label, a name instead of an id, a Swedish date
    in Stockholm time, grouped digits, "(tomt)" for nothing."""
    if isinstance(value, DeletedObject):
        return _deleted_name(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(in_words(field, item) for item in value) or _(EMPTY)
    if value is None or value == "":
        return _(EMPTY)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if getattr(field, "choices", None) and not field.many_to_many:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return moment(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, datetime.time):
        return formats.time_format(value, "TIME_FORMAT")
    if isinstance(value, decimal.Decimal):
        places = 0 if value == value.to_integral_value() else 2
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or _(EMPTY)
    return str(value)


class HistoryInWords(HistoricalRecordContextHelper):
    """The changes of a historical record in words (see in_words)."""

    def context_for_delta_changes(self, delta):
        """Only what a person changed: not the search words a generated column derives from the text
        (apps/core/search.py), nor a translated field's own column, which repeats its Swedish field
        (apps/core/languages.py), nor a field that was empty and is empty still (no English text, once NULL
        and now "")."""
        hidden = translated_fields(self.model)
        changes = [change for change in delta.changes if change.field not in hidden
                   and not getattr(self.model._meta.get_field(change.field), "generated", False)
                   and not (change.old in (None, "") and change.new in (None, ""))]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            target = get_m2m_reverse_field_name(field)
            value = [row[target] for row in value]
        return in_words(field, value)
