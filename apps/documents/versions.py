"""Which version of the data a document is made from, read cheaply from the simple_history tables.

Every save and delete through the ORM or the admin leaves a historical row with its time, so the
latest `history_date` of the tables a document reads from moves whenever the document would change.
Each view fetches its main object and these stamps in one query, as subqueries on indexed columns.
Writes that bypass history (QuerySet.update, raw SQL, loaddata) are not seen; the cache timeout
bounds how long such a change can stay hidden.
"""

from django.db.models import Subquery

PREFIX = "changed_"


def latest_change(model, **filters):
    """A subquery: when `model`'s rows (those matching `filters`, or all) last changed."""
    changes = model.history.filter(**filters).order_by("-history_date").values("history_date")[:1]
    return Subquery(changes)


def stamps(obj):
    """The change times annotated on `obj` (named changed_…), in a stable order for a cache key."""
    return tuple(sorted((name, value) for name, value in vars(obj).items() if name.startswith(PREFIX)))
