"""The programme's texts in Swedish and English (apps/programme/translation.py), in each model and in its
history: the Swedish fields start with the text each row (and each historical row) has, the English ones empty.
And the stored search vectors, indexed on PostgreSQL (apps/core/search.py)."""

import django.contrib.postgres.search
from django.db import migrations, models
from django.db.models import F

import apps.core.search

# Model: its translated fields and their field (verbose name, max_length or None for a text).
TRANSLATED = {
    "programme": {"vision": ("vision", None), "overall_goal": ("overall goal", None), "summary": ("summary", None)},
    "focusarea": {"name": ("name", 200), "description": ("description", None)},
    "goal": {"title": ("title", 300), "description": ("description", None)},
    "subgoal": {"text": ("text", None)},
}
LANGUAGES = ("sv", "en")


def translation_field(verbose_name, max_length, *, historical, original_blank):
    """The field modeltranslation adds (nullable, its original's blank), or its plain copy in the history."""
    blank = {"blank": True} if historical or original_blank else {}
    if max_length:
        return models.CharField(max_length=max_length, null=True, verbose_name=verbose_name, **blank)
    return models.TextField(null=True, verbose_name=verbose_name, **blank)


def add_translation_fields():
    for model, fields in TRANSLATED.items():
        for historical in (False, True):
            for field, (verbose_name, max_length) in fields.items():
                for language in LANGUAGES:
                    yield migrations.AddField(
                        model_name=f"historical{model}" if historical else model, name=f"{field}_{language}",
                        field=translation_field(verbose_name, max_length, historical=historical,
                                                original_blank=field not in ("name", "title", "text")),
                    )


# Model: the fields of its stored search vector, by weight (the history tables compute their own, unindexed).
SEARCHED = {
    "programme": {"A": ("name",), "B": ("vision_sv", "vision_en", "overall_goal_sv", "overall_goal_en"),
                  "C": ("summary_sv", "summary_en")},
    "focusarea": {"A": ("name_sv", "name_en"), "B": ("description_sv", "description_en")},
    "goal": {"A": ("title_sv", "title_en"), "B": ("description_sv", "description_en")},
    "subgoal": {"A": ("text_sv", "text_en")},
}


def swedish_from_the_text(apps, schema_editor):
    for model, fields in TRANSLATED.items():
        for name in (model, f"historical{model}"):
            apps.get_model("programme", name).objects.update(**{f"{field}_sv": F(field) for field in fields})


def vector(**fields_by_weight):
    return models.GeneratedField(
        db_persist=True, expression=apps.core.search.WeightedWords(**fields_by_weight),
        output_field=django.contrib.postgres.search.SearchVectorField(null=True), verbose_name="search words",
    )


class Migration(migrations.Migration):
    dependencies = [("programme", "0002_status_worked_out_from_adoptions")]

    operations = [
        *add_translation_fields(),
        migrations.RunPython(swedish_from_the_text, migrations.RunPython.noop),
        *(
            migrations.AddField(model_name=prefix + model, name="search_vector", field=vector(**fields_by_weight))
            for model, fields_by_weight in SEARCHED.items()
            for prefix in ("", "historical")
        ),
        apps.core.search.add_gin_index("programme.Programme", "programme_search"),
        apps.core.search.add_gin_index("programme.FocusArea", "focus_area_search"),
        apps.core.search.add_gin_index("programme.Goal", "goal_search"),
        apps.core.search.add_gin_index("programme.SubGoal", "sub_goal_search"),
    ]
