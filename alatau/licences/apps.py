from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicencesConfig(AppConfig):
    name = "alatau.licences"
    label = "licences"
    verbose_name = _("Licences")  # the section title in the admin
