"""The partner network: the public directory, partner pages, the staff's profile edits and their review."""

import datetime as dt
from pathlib import Path

from django.apps import AppConfig
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alatau.core.plugins import HomeBlock, NavLink


class PartnersConfig(AppConfig):
    name = "alatau.partners"
    label = "partners"
    verbose_name = _("Partners")
    url_prefix = "partners/"
    api_routers = [("/partners", "alatau.partners.api:router")]

    def nav_links(self, request: HttpRequest) -> list[NavLink]:
        from alatau.partners.services import is_reviewer, own_partners

        links = [NavLink(str(_("Partners")), reverse("partners:directory"), 80)]
        if is_reviewer(request.user):
            links.append(NavLink(str(_("Profile reviews")), reverse("partners:review"), 81))
        elif own_partners(request.user).exists():
            links.append(NavLink(str(_("My organisation")), reverse("partners:mine"), 81))
        return links

    def home_blocks(self, request: HttpRequest) -> list[HomeBlock]:
        from alatau.partners.services import directory

        partners = list(directory().filter(member_of__isnull=True)[:8]) or list(directory()[:8])
        return [HomeBlock("partners/_home_block.html", {"partners": partners}, 60)]

    def load_demo(self, today: dt.date, shared_dir: Path) -> str:
        from alatau.partners.demo import load_demo

        return load_demo(today)
