from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "alatau.imports"
    label = "imports"
