"""The race office: events, races, entries, timing, official results and the public live page."""

import datetime as dt
from pathlib import Path

from django.apps import AppConfig
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alatau.core.plugins import HomeBlock, NavLink


class CompetitionsConfig(AppConfig):
    name = "alatau.competitions"
    label = "competitions"
    verbose_name = _("Competitions")
    url_prefix = "races/"
    api_routers = [("", "alatau.competitions.api:router"), ("", "alatau.competitions.api_standings:router")]

    def nav_links(self, request: HttpRequest) -> list[NavLink]:
        return [NavLink(str(_("Races")), reverse("competitions:calendar"), order=40)]

    def home_blocks(self, request: HttpRequest) -> list[HomeBlock]:
        from alatau.competitions.models import Race

        today = dt.date.today()
        upcoming = list(
            Race.objects.filter(date__gte=today, event__status="published")
            .select_related("event")
            .order_by("date", "pk")[:5]
        )
        return [HomeBlock("competitions/home_block.html", {"races": upcoming}, order=30)]

    def load_demo(self, today: dt.date, shared_dir: Path) -> str:
        from alatau.competitions.demo import load_demo

        return load_demo(today, shared_dir)
