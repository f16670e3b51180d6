import datetime as dt
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class SelfServiceConfig(AppConfig):
    """A person's own page: they (or a parent, for a minor) claim their registry record by invitation."""

    name = "alatau.selfservice"
    label = "selfservice"
    verbose_name = gettext_lazy("Self-service")
    url_prefix = "me/"
    api_routers = [("/me", "alatau.selfservice.api:router")]

    def nav_links(self, request: Any) -> list[Any]:
        """ "My page" for whoever represents a registry record (themselves or a minor)."""
        from alatau.core.plugins import NavLink
        from alatau.selfservice.services import represents_anyone

        if not represents_anyone(request.user):
            return []
        return [NavLink(_("My page"), reverse("selfservice:my-page"), order=2)]

    def load_demo(self, today: dt.date, shared_dir: Path) -> str:
        from alatau.demo import DEMO_PASSWORD
        from alatau.selfservice.demo import load_demo

        return load_demo(today, DEMO_PASSWORD)
