"""Content the secretariat writes in two languages (django-modeltranslation, each app's translation.py): which
language a field's text is in, and saving that keeps each model's own column Swedish."""

from django.conf import settings
from django.utils import translation
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language
from simple_history import register


class SavedInSwedish:
    """For a model with translated fields: whatever language the editor works in (/en/admin/ included), its
    untranslated column (`name` beside `name_sv` and `name_en`) keeps the Swedish text. Calendar feeds, the history
    and Meta.ordering read that column."""

    def save(self, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)


def keep_history(model, **options) -> None:
    """Registers `model`'s history (simple_history) once its translation is registered, so that the historical
    model holds the fields of each language too: an English text's change is in the history, with who made it,
    and a row restored after deletion gets both languages back. Call it from translation.py, after register().

    simple_history copies each field with its class; a translated field's class describes itself with the
    options of the field it translates (a unique name), so each copy is made the plain field it is: a historical
    table repeats a name in every version of the row."""
    register(model, **options)
    for field in model.history.model._meta.fields:
        if isinstance(field, TranslationField):
            field.__class__ = field.translated_field.__class__


def translated_fields(model) -> set[str]:
    """The names of `model`'s fields that have a field per language (`name` beside `name_sv`, `name_en`)."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def text_language(instance, field: str) -> str | None:
    """The language of the text `instance.<field>` shows now, when it is not the active language: "sv" on an
    English page where the field has no English text and falls back to the Swedish, or is not translated at all
    (a budget line's title, a key figure's name: the secretariat writes those in Swedish only). None when the
    text is in the active language or is empty."""
    language = get_language()  # the active language, one of LANGUAGES
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE or not getattr(instance, field):
        return None
    if field in translated_fields(type(instance)) and getattr(instance, build_localized_fieldname(field, language)):
        return None
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE
