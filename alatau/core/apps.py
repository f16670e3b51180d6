from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "alatau.core"
    label = "core"
    verbose_name = _("Users and audit log")  # the section title in the admin

    def ready(self) -> None:
        from alatau.web import checks  # noqa: F401  (registers the deploy checks)
