"""A full-text index on agenda items, the table that grows fastest, so that a search reads the index instead
of turning every item's text into words again. PostgreSQL only: SQLite, used in development, has no such
index and searches with a plain match (see apps/portal/views.py)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# The same expression as the search's, or PostgreSQL will not use the index: AgendaItem.SEARCH_FIELDS.
INDEX = GinIndex(
    SearchVector("title", "description", "presenter", "proposed_decision", config="swedish"),
    name="agenda_item_search",
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("meetings", "AgendaItem"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("meetings", "AgendaItem"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_document_served_by_view")]

    operations = [migrations.RunPython(add_index, remove_index)]
