import datetime as dt
from pathlib import Path

from django.apps import AppConfig
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alatau.core.plugins import HomeBlock, NavLink


class NewsConfig(AppConfig):
    name = "alatau.news"
    label = "news"
    verbose_name = _("News")
    url_prefix = "news/"
    api_routers = [("/news", "alatau.news.api:router")]

    def nav_links(self, request: HttpRequest) -> list[NavLink]:
        from alatau.news.permissions import is_editor

        links = [NavLink(str(_("News")), reverse("news:list"), 20)]
        if is_editor(request.user):
            links.append(NavLink(str(_("Moderation")), reverse("news:moderation"), 21))
        return links

    def home_blocks(self, request: HttpRequest) -> list[HomeBlock]:
        from alatau.news.services import published_articles

        latest = list(published_articles()[:3])
        return [HomeBlock("news/_home_block.html", {"articles": latest}, 10)]

    def load_demo(self, today: dt.date, shared_dir: Path) -> str:
        from alatau.news.demo import load_demo

        return load_demo(today)
