"""The stored full-text vectors the portal's search reads (apps/portal/search.py): a column per searched table
that PostgreSQL keeps up to date itself (a generated column, no trigger), with a GIN index beside it.

A search then neither turns every row's text into words again to find the matches nor to rank them: both read
the stored vector. SQLite, used during development, has no tsvector: there the column is NULL and the search
matches the fields themselves.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

CONFIG = "swedish"


class WeightedWords(models.Func):
    """The words of a row's fields as Swedish full-text search sees them, each group of fields with its weight:
    WeightedWords(A=("title_sv", "title_en"), B=("description_sv", "description_en")), "A" for the most telling.
    The expression must stay immutable for PostgreSQL to store it: plain columns of the row, a fixed config."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self, **fields_by_weight):
        vectors = [
            SearchVector(*fields, config=CONFIG, weight=weight) for weight, fields in sorted(fields_by_weight.items())
        ]
        super().__init__(reduce(operator.add, vectors))

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", ()


def search_vector(**fields_by_weight) -> models.GeneratedField:
    """The stored vector of a model's searched fields (see WeightedWords). The historical table computes its own
    copy from its own columns, unindexed: simple_history writes a row's history with the options of the model on
    the other side of a many-to-many relation when it is changed from there (Partner.bodies, Assignment.goals), so
    a field left out of one model's history would break the other's. Its GIN index is made by a migration, on
    PostgreSQL only."""
    return models.GeneratedField(
        expression=WeightedWords(**fields_by_weight), output_field=SearchVectorField(null=True), db_persist=True,
        verbose_name=_("search words"),
    )


def add_gin_index(model_label: str, name: str):
    """A migration's operation that indexes `model_label`'s search_vector, on PostgreSQL only."""
    from django.contrib.postgres.indexes import GinIndex
    from django.db import migrations

    index = GinIndex(fields=["search_vector"], name=name)

    def add(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(apps.get_model(model_label), index)

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(apps.get_model(model_label), index)

    return migrations.RunPython(add, remove)
