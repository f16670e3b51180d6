"""How a domain app joins the site without editing shared files: its AppConfig says where it lives.

An app (``alatau.competitions``, ``alatau.education``, …) may set on its AppConfig:

* ``url_prefix = "races/"``: its ``urls.py`` is included under the language prefix (``/<lang>/races/``);
* ``api_routers = [("/events", "alatau.competitions.api:router")]``: routers added to ``/api/v1/``;
* ``nav_links(self, request) -> list[NavLink]``: entries of the main menu for this request's user;
* ``home_blocks(self, request) -> list[HomeBlock]``: sections of the public home page;
* ``load_demo(self, today, shared_dir) -> str``: its part of ``alatau demo`` (after the registry's, in the
  same transaction), returning the line the command prints about it.

The shared files (the URL map, the API, the menu, the home page) then never need a merge.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig, apps
from django.http import HttpRequest
from django.urls import URLResolver, include, path
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    order: int = 50


@dataclass(frozen=True)
class HomeBlock:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


def alatau_apps() -> list[AppConfig]:
    return [config for config in apps.get_app_configs() if config.name.startswith("alatau.")]


def page_urls() -> list[URLResolver]:
    """The pages of every app that declares a ``url_prefix``."""
    return [
        path(config.url_prefix, include(f"{config.name}.urls"))  # type: ignore[attr-defined]
        for config in alatau_apps()
        if getattr(config, "url_prefix", None) is not None
    ]


def api_routers() -> list[tuple[str, Any]]:
    return [
        (prefix, import_string(dotted.replace(":", ".")))
        for config in alatau_apps()
        for prefix, dotted in getattr(config, "api_routers", ())
    ]


def nav_links(request: HttpRequest) -> list[NavLink]:
    configs = [config for config in alatau_apps() if hasattr(config, "nav_links")]
    links = [link for config in configs for link in config.nav_links(request)]
    return sorted(links, key=lambda link: link.order)


def home_blocks(request: HttpRequest) -> list[HomeBlock]:
    configs = [config for config in alatau_apps() if hasattr(config, "home_blocks")]
    blocks = [block for config in configs for block in config.home_blocks(request)]
    return sorted(blocks, key=lambda block: block.order)


def site_menu(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the apps' menu entries as ``app_nav``."""
    return {"app_nav": nav_links(request)}
