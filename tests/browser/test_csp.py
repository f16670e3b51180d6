"""Real Chromium under the strict Content-Security-Policy: scripted pages work and nothing is refused."""

from typing import Any

import pytest
from django.urls import reverse

from alatau.core.models import User
from tests.browser.conftest import wait_for_js
from tests.web.conftest import PASSWORD
from tests.web.test_every_url import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.slow]


def _log_in(pg: Any, user: User) -> None:
    pg.goto("/en/accounts/login/")
    pg.fill("#id_username", user.username)
    pg.fill("#id_password", PASSWORD)
    pg.click("#login-form button[type=submit]")
    pg.wait_for_url(lambda url: "/login/" not in url)


@pytest.mark.django_db(transaction=True)
def test_scripted_pages_run_and_nothing_is_refused(page: Any, alice_admin: User, world: dict) -> None:  # noqa: F811
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security" in msg.text else None)
    _log_in(page, alice_admin)
    race = world["race"].pk
    for url in [
        "/en/",
        reverse("competitions:race-live", args=[race]),
        reverse("sites:study-detail", args=[world["study"].pk]),
        reverse("sites:project-detail", args=[world["project"].pk]),
        "/api/docs",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto(reverse("competitions:race-live", args=[race]))
    wait_for_js(page, "document.querySelector('[data-live=state]').textContent.trim() !== ''")
    assert page.eval_on_selector(".live .figure", "e => getComputedStyle(e).fontSize") == "25.6px"  # live.css
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock")  # Swagger UI rendered from its static files
    page.goto("/en/")
    with page.expect_navigation():
        page.select_option("#language-select", "fr")  # the switcher's script (alatau.js)
    assert page.url.rstrip("/").endswith("/fr")
    assert refused == []
