"""Site studies and resort projects: pages under /sites/, the study API, menu entries, demo data."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from alatau.core.plugins import NavLink


class SitesConfig(AppConfig):
    name = "alatau.sites"
    label = "sites"
    verbose_name = _("Resort planning")
    url_prefix = "sites/"
    api_routers = [("/sites", "alatau.sites.api:router")]

    def nav_links(self, request: HttpRequest) -> list[NavLink]:
        from alatau.sites.permissions import is_planner

        try:
            links = [NavLink(str(_("Resort projects")), reverse("sites:project-list"), order=70)]
            if is_planner(request.user):
                links.insert(0, NavLink(str(_("Site studies")), reverse("sites:study-list"), order=69))
        except NoReverseMatch:  # pages not wired (yet)
            return []
        return links

    def load_demo(self, today: dt.date, shared_dir: Path) -> Any:
        from alatau.sites.demo import load_demo

        return load_demo(today, shared_dir)
