"""Stored search vectors for meetings, agenda items and documents, each with a GIN index on PostgreSQL
(apps/core/search.py), and the text of each PDF document, read on upload (Document.save) and here for the PDFs
already stored. The agenda items' vector replaces the expression index of migration 0004: ranking then reads the
stored vector instead of making it again for every matching item."""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

import apps.core.search


def read_stored_pdfs(apps, schema_editor):
    from apps.meetings.models import pdf_text

    Document = apps.get_model("meetings", "Document")
    for document in Document.objects.filter(file__iendswith=".pdf").only("pk", "file").iterator():
        try:
            with document.file.open("rb") as file:
                text = pdf_text(file)
        except OSError:  # a file missing from storage: found by its title, as before
            continue
        if text:
            Document.objects.filter(pk=document.pk).update(text=text)


# Migration 0004's index on an expression, replaced by the index on the stored vector under the same name.
EXPRESSION_INDEX = GinIndex(
    SearchVector("title", "description", "presenter", "proposed_decision", config="swedish"),
    name="agenda_item_search",
)


def drop_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("meetings", "AgendaItem"), EXPRESSION_INDEX)


def restore_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("meetings", "AgendaItem"), EXPRESSION_INDEX)


def vector(**fields_by_weight):
    return models.GeneratedField(
        db_persist=True, expression=apps.core.search.WeightedWords(**fields_by_weight),
        output_field=django.contrib.postgres.search.SearchVectorField(null=True), verbose_name="search words",
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_meeting_drafts")]

    operations = [
        migrations.AddField(
            model_name="document", name="text",
            field=models.TextField(
                blank=True, editable=False, verbose_name="text",
                help_text="The text of a PDF file, read when it is uploaded, for the search.",
            ),
        ),
        migrations.RunPython(read_stored_pdfs, migrations.RunPython.noop),
        *(
            migrations.AddField(model_name=model, name="search_vector", field=vector(A=("title",), B=("place",)))
            for model in ("meeting", "historicalmeeting")
        ),
        *(
            migrations.AddField(
                model_name=model, name="search_vector",
                field=vector(A=("title",), B=("proposed_decision",), C=("description", "presenter")),
            )
            for model in ("agendaitem", "historicalagendaitem")
        ),
        migrations.AddField(model_name="document", name="search_vector", field=vector(A=("title",), C=("text",))),
        migrations.RunPython(drop_expression_index, restore_expression_index),
        apps.core.search.add_gin_index("meetings.Meeting", "meeting_search"),
        apps.core.search.add_gin_index("meetings.AgendaItem", "agenda_item_search"),
        apps.core.search.add_gin_index("meetings.Document", "document_search"),
    ]
