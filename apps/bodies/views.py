from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from apps.meetings.models import Meeting
from apps.programme.models import Goal, Programme

from .models import Body, Role


def index(request):
    bodies = list(Body.objects.select_related("reports_to"))
    context = {
        "bodies": [body for body in bodies if body.kind != Body.Kind.NETWORK],
        "networks": [body for body in bodies if body.kind == Body.Kind.NETWORK],
    }
    return render(request, "bodies/index.html", context)


def detail(request, slug):
    body = get_object_or_404(Body.objects.select_related("reports_to"), slug=slug)
    today = timezone.localdate()
    context = {
        "body": body,
        "sub_bodies": list(body.sub_bodies.all()),
        "roles": list(Role.objects.current(today).filter(body=body).select_related("person", "municipality")),
        "partners": list(body.partners.all()),
        "goals": list(
            Goal.objects.filter(owner=body).select_related("focus_area")
            .prefetch_related(Prefetch("focus_area__programme", queryset=Programme.objects.with_status()))
            .order_by("-focus_area__programme__valid_from", "focus_area__order", "order")
        ),
        "upcoming": list(Meeting.objects.public().filter(body=body).upcoming(today).with_related()[:10]),
        "rotations": list(body.rotations.all()),
    }
    return render(request, "bodies/detail.html", context)
