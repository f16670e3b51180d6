from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "alatau.api"
    label = "api"
