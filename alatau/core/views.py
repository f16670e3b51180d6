"""The home page: what the federation does, and where to go next."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alatau.core.plugins import home_blocks
from alatau.licences.models import Licence
from alatau.licences.services import season_label, season_of, today
from alatau.registry.models import Club, Region


def home(request: HttpRequest) -> HttpResponse:
    season = season_of(today())
    figures = Club.objects.aggregate(
        clubs=Count("id", distinct=True),
        regions=Count("region", distinct=True),
    )
    figures["licences"] = Licence.objects.filter(
        Q(status=Licence.Status.ACTIVE) | Q(status=Licence.Status.EXPIRED), season=season
    ).count()
    figures["all_regions"] = Region.objects.count()
    context = {"figures": figures, "season": season_label(season), "blocks": home_blocks(request)}
    return render(request, "alatau/home.html", context)
