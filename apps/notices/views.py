from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from apps.bodies.models import Person
from apps.core.links import BadLink, read_token
from apps.meetings.models import Meeting
from apps.meetings.services import absence_deadline

from .forms import ATTENDING, AbsenceForm
from .models import Reply
from .services import ABSENCE_LINK, called


@never_cache  # a personal page: never stored by the page cache or a proxy
def absence(request, token):
    """A called person reports förhinder through the personal link in their kallelse; no login.

    The link is good until the meeting's last day has passed; a changed or foreign link changes nothing.
    """
    try:
        values = read_token(ABSENCE_LINK, token)
        meeting = Meeting.objects.select_related("body").get(pk=values["m"])
        person = Person.objects.get(pk=values["p"])
    except (BadLink, KeyError, TypeError, Meeting.DoesNotExist, Person.DoesNotExist):
        return render(request, "notices/absence.html", {"problem": "invalid"}, status=400)
    context = {"meeting": meeting, "person": person, "deadline": absence_deadline(meeting)}
    if timezone.localdate() > meeting.last_day:
        return render(request, "notices/absence.html", {**context, "problem": "expired"}, status=410)
    if person.pk not in {entry.person.pk for entry in called(meeting)}:
        return render(request, "notices/absence.html", {**context, "problem": "not_called"}, status=403)

    reply = Reply.objects.filter(meeting=meeting, person=person).first()
    if request.method == "POST":
        form = AbsenceForm(request.POST)
        if form.is_valid():
            state, comment = form.cleaned_data["state"], form.cleaned_data["comment"]
            if state == ATTENDING:
                Reply.objects.filter(meeting=meeting, person=person).delete()
                reply = None
            else:
                reply, _created = Reply.objects.update_or_create(
                    meeting=meeting, person=person, defaults={"state": state, "comment": comment},
                )
            context["saved"] = True
            form = AbsenceForm(initial={"state": reply.state if reply else ATTENDING,
                                        "comment": reply.comment if reply else ""})
    else:
        form = AbsenceForm(initial={"state": reply.state if reply else ATTENDING,
                                    "comment": reply.comment if reply else ""})
    return render(request, "notices/absence.html", {**context, "form": form, "reply": reply})
