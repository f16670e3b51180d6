from typing import Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class LicencesConfig(AppConfig):
    name = "alatau.licences"
    label = "licences"
    verbose_name = gettext_lazy("Licences")  # the section title in the admin

    def nav_links(self, request: Any) -> list[Any]:
        """A club manager's workspace comes first in their menu."""
        from alatau.core.permissions import is_club_manager
        from alatau.core.plugins import NavLink

        if not is_club_manager(request.user):
            return []
        return [NavLink(_("My clubs' work"), reverse("licences:workspace"), order=1)]
