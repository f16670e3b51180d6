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
    api_routers = [
        ("", "alatau.competitions.api:router"),
        ("", "alatau.competitions.api_entries:router"),
        ("", "alatau.competitions.api_timing:router"),
        ("", "alatau.competitions.api_standings:router"),
    ]

    def nav_links(self, request: HttpRequest) -> list[NavLink]:
        races = NavLink(str(_("Races")), reverse("competitions:calendar"), order=40)
        return [races, *self._entry_links(request)]

    def _entry_links(self, request: HttpRequest) -> list[NavLink]:
        """Online entries for the club managers, the FIS points lists for the organisers."""
        from alatau.competitions import entries, pointslists

        links = []
        if entries.can_enter(request.user):
            links.append(NavLink(str(_("Online entries")), reverse("competitions:online-entries"), order=41))
        if pointslists.can_upload(request.user):
            links.append(NavLink(str(_("FIS points lists")), reverse("competitions:points-lists"), order=42))
        return links

    def home_blocks(self, request: HttpRequest) -> list[HomeBlock]:
        from django.utils import timezone

        from alatau.competitions.home import race_block

        return [HomeBlock("competitions/home_block.html", race_block(timezone.localdate()), order=30)]

    def load_demo(self, today: dt.date, shared_dir: Path) -> str:
        from alatau.competitions.demo import load_demo

        return load_demo(today, shared_dir)
