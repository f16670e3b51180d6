from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "alatau.figures"
    label = "figures"
