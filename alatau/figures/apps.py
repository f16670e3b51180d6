from django.apps import AppConfig
from django.http import HttpRequest

from alatau.core.plugins import HomeBlock


class FiguresConfig(AppConfig):
    name = "alatau.figures"
    label = "figures"

    def home_blocks(self, request: HttpRequest) -> list[HomeBlock]:
        from alatau.figures.home import figures_block

        return [HomeBlock("figures/_home_block.html", figures_block(), order=50)]
