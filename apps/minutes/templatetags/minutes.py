"""The minutes on the portal's public pages: the meeting page (its published minutes) and the programme page
(the decisions that serve a goal). Tags of this app, so that the meetings and programme apps need no code of it."""

from django import template

from apps.minutes import services
from apps.minutes.models import Assignment, Minutes

register = template.Library()


@register.simple_tag
def published_minutes(meeting):
    """What the meeting page shows of the meeting's published minutes, or None: in a fixed number of queries, and
    in none when the meeting was read `with_published_minutes()` and has none."""
    minutes_id = getattr(meeting, "published_minutes_id", ...)
    if minutes_id is None:
        return None
    minutes = Minutes.objects.published().select_related("meeting__body", "secretary")
    minutes = (minutes.filter(meeting_id=meeting.pk) if minutes_id is ... else minutes.filter(pk=minutes_id)).first()
    return services.readable_minutes(minutes) if minutes is not None else None


@register.simple_tag(takes_context=True)
def decisions_serving(context):
    """The published decisions whose assignments serve a programme goal, by goal: {goal id: [{"section", "what"}]}.
    One query for the whole page, however many focus areas include the list: kept on the request."""
    request = context.get("request")
    found = getattr(request, "_decisions_by_goal", None)
    if found is not None:
        return found
    links = (Assignment.goals.through.objects.filter(assignment__in=Assignment.objects.public())
             .select_related("assignment__section__meeting__body")
             .order_by("assignment__section__meeting__date", "assignment__section__number", "assignment_id"))
    found, seen = {}, set()
    for link in links:
        section = link.assignment.section
        if (link.goal_id, section.pk) not in seen:
            seen.add((link.goal_id, section.pk))
            found.setdefault(link.goal_id, []).append({"section": section, "what": link.assignment.what})
    if request is not None:
        request._decisions_by_goal = found
    return found


@register.filter
def for_goal(decisions, goal_id):
    """The decisions of `decisions_serving` that serve the goal `goal_id`."""
    return (decisions or {}).get(goal_id, [])
