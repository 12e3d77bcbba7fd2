"""The programme's texts in Swedish and English (django-modeltranslation adds vision_sv, vision_en …; the admin
edits both). Names, slugs, dates and numbers are the same in both languages. The history of these models is
registered here, after their translation, so that it holds both languages (apps/core/languages.py)."""

from modeltranslation.translator import TranslationOptions, register

from apps.core.languages import keep_history

from .models import FocusArea, Goal, Programme, SubGoal


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("vision", "overall_goal", "summary")


@register(FocusArea)
class FocusAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("title", "description")


@register(SubGoal)
class SubGoalTranslation(TranslationOptions):
    fields = ("text",)


for model in (Programme, FocusArea, Goal, SubGoal):
    keep_history(model)
