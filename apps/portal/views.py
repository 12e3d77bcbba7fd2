from django.shortcuts import render

from apps.meetings.models import Meeting
from apps.programme.models import Programme


def home(request):
    context = {
        "programme": Programme.objects.current(),
        "upcoming": Meeting.objects.upcoming().with_related()[:5],
    }
    return render(request, "portal/home.html", context)
