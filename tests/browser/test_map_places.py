"""In Chromium: the site map fetches the place names (GeoJSON, no inline script) and labels them."""

from typing import Any

import pytest

from alatau.core.models import User
from conftest import shared_path
from tests.browser.test_licence_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_site_map_labels_almaty(page: Any, pia_planner: User, settings: Any) -> None:
    settings.ALATAU_DEM_DIR = str(shared_path("dem"))
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, pia_planner)
    page.goto("/ru/sites/studies/")
    page.wait_for_selector(".leaflet-tooltip.place-label >> text=Алматы", timeout=15_000)
    assert page.locator(".leaflet-control-layers-overlays").inner_text().strip()
    assert blocked == []
