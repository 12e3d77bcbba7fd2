"""The follow-up on other apps' pages: the programme page links its follow-up reports through this tag, so that the
programme app needs no code of this one."""

from django import template

from apps.followup import reports

register = template.Library()


@register.simple_tag
def follow_up_reports(programme):
    """The programme's follow-ups that are done, newest first (one query)."""
    return reports.done_follow_ups(programme)
