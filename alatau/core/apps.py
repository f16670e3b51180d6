from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alatau.core"
    label = "core"

    def ready(self) -> None:
        from alatau.web import checks  # noqa: F401  (registers the deploy checks)
