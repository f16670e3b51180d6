from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "alatau.licences"
    label = "licences"
