from django.shortcuts import render


def calendar(request):
    return render(request, "portal/placeholder.html", {"title": "Calendar"})
