"""Text the secretariat writes in two languages, shown in the page's language and marked where it is not.

    {% load languages %}
    <h3>{{ goal|translated:"title" }}</h3>              the English title, or <span lang="sv">the Swedish</span>
    <div{{ programme|lang_of:"summary" }}>{{ programme.summary|linebreaks }}</div>    lang="sv" on the element

On an English page, a field without English text falls back to the Swedish (django-modeltranslation), and the
mark tells screen readers, hyphenation and translation tools which language they read (apps/core/languages.py).
"""

from django import template
from django.utils.html import conditional_escape, format_html

from apps.core.languages import text_language

register = template.Library()


@register.filter
def lang_of(instance, field):
    """` lang="sv"` when `instance.<field>` shows text in another language than the page's, else nothing: for
    the element that holds the text."""
    language = text_language(instance, field)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def translated(instance, field):
    """`instance.<field>` in the page's language, or in a <span lang="sv"> where it falls back to the Swedish."""
    value = getattr(instance, field, "")
    language = text_language(instance, field)
    if language:
        return format_html('<span lang="{}">{}</span>', language, value)
    return conditional_escape(value)
