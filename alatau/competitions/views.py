from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alatau.competitions.models import Race


def calendar(request: HttpRequest) -> HttpResponse:
    races = Race.objects.select_related("event").order_by("date")
    return render(request, "competitions/calendar.html", {"races": races})
