from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "alatau.registry"
    label = "registry"
