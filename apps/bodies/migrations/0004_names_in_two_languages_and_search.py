"""A body's name, description and composition in Swedish and English (apps/bodies/translation.py), in the body
and in its history: the Swedish fields start with the text each row has, the English ones empty. And the stored search vectors of bodies and people, indexed
on PostgreSQL (apps/core/search.py)."""

import django.contrib.postgres.search
from django.db import migrations, models
from django.db.models import F

import apps.core.search


def swedish_from_the_text(apps, schema_editor):
    for model in ("Body", "HistoricalBody"):
        apps.get_model("bodies", model).objects.update(
            name_sv=F("name"), description_sv=F("description"), composition_sv=F("composition"),
        )


def vector(**fields_by_weight):
    return models.GeneratedField(
        db_persist=True, expression=apps.core.search.WeightedWords(**fields_by_weight),
        output_field=django.contrib.postgres.search.SearchVectorField(null=True), verbose_name="search words",
    )


class Migration(migrations.Migration):
    dependencies = [("bodies", "0003_short_name_on_one_line")]

    operations = [
        migrations.AddField(
            model_name="body", name="name_sv",
            field=models.CharField(max_length=200, null=True, unique=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="body", name="name_en",
            field=models.CharField(max_length=200, null=True, unique=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="body", name="description_sv",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="body", name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        *(
            migrations.AddField(
                model_name=model, name=f"composition_{language}",
                field=models.TextField(
                    blank=True, null=True, verbose_name="composition", help_text="Who sits in the body.",
                ),
            )
            for model in ("body", "historicalbody")
            for language in ("sv", "en")
        ),
        *(
            migrations.AddField(
                model_name="historicalbody", name=f"name_{language}",
                field=models.CharField(blank=True, db_index=True, max_length=200, null=True, verbose_name="name"),
            )
            for language in ("sv", "en")
        ),
        *(
            migrations.AddField(
                model_name="historicalbody", name=f"description_{language}",
                field=models.TextField(blank=True, null=True, verbose_name="description"),
            )
            for language in ("sv", "en")
        ),
        migrations.RunPython(swedish_from_the_text, migrations.RunPython.noop),
        *(
            migrations.AddField(
                model_name=model, name="search_vector",
                field=vector(A=("name_sv", "name_en", "short_name"), B=("description_sv", "description_en"),
                             C=("composition_sv", "composition_en")),
            )
            for model in ("body", "historicalbody")
        ),
        *(
            migrations.AddField(model_name=model, name="search_vector", field=vector(A=("name",), B=("title",)))
            for model in ("person", "historicalperson")
        ),
        apps.core.search.add_gin_index("bodies.Body", "body_search"),
        apps.core.search.add_gin_index("bodies.Person", "person_search"),
    ]
