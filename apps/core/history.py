"""Undoing a deletion from the recorded history (django-simple-history has no "recover deleted" of its own)."""

import datetime

from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

# Rows deleted along with their parent (a cascade) are recorded just before the parent.
CASCADE_WINDOW = datetime.timedelta(minutes=1)


class RestoreError(Exception):
    """A deleted row that cannot be brought back; the message says why."""


def _history(model):
    return getattr(model, model._meta.simple_history_manager_attribute)


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
        if relation.one_to_many and relation.on_delete is models.CASCADE
        and hasattr(relation.related_model._meta, "simple_history_manager_attribute")
    ]


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


def _restore(model, record, user) -> models.Model:
    instance = record.instance
    _clear_missing_links(instance)
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
        children = (
            _history(child_model).filter(
                **{
                    relation.field.attname: instance.pk,
                    "history_type": "-",
                    "history_date__lte": record.history_date,
                    "history_date__gte": record.history_date - CASCADE_WINDOW,
                }
            ).order_by(pk_name, "-history_date")
        )
        done = set()
        for child in children:
            key = getattr(child, pk_name)
            if key in done or child_model._default_manager.filter(pk=key).exists():
                continue
            done.add(key)
            _restore(child_model, child, user)
    return instance


def restore_deleted(model, history_id: int, user=None) -> models.Model:
    """Bring back a deleted row as it was when it was deleted, with its many-to-many links and the rows that
    were deleted along with it (a meeting's agenda items and documents; a programme's focus areas, goals,
    sub-goals and adoptions). Raises RestoreError when that is not possible."""
    pk_name = model._meta.pk.attname
    record = _history(model).filter(history_id=history_id, history_type="-").first()
    if record is None:
        raise RestoreError(_("There is no such deletion to undo."))
    if model._default_manager.filter(pk=getattr(record, pk_name)).exists():
        raise RestoreError(_("%(object)s has already been restored.") % {"object": record.instance})
    with transaction.atomic():
        return _restore(model, record, user)
