"""A body's name, description and composition in Swedish and English (django-modeltranslation adds name_sv, name_en …; the
admin edits both). The short name, used in file names and calendar feeds, stays one. The body's history is
registered here, after its translation, so that it holds both languages (apps/core/languages.py)."""

from modeltranslation.translator import TranslationOptions, register

from apps.core.languages import keep_history

from .models import Body


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "description", "composition")
    # No English name is NULL, not "": English names are unique like the Swedish ones, and many bodies may lack one.
    empty_values = {"name": None}


keep_history(Body)
