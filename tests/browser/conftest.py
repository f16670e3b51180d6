"""Real Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in the same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("ALATAU_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context's page; ``page.base_url`` is the live server's address."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(10_000)
    pg = context.new_page()
    yield pg
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # One worker owns the browser tests: they share a Chromium process per worker.
            item.add_marker(pytest.mark.xdist_group("browser"))


# The web tests' fixtures hold here too: the named personas, and the autouse ones (English by default,
# the seeded regions put back after a live-server test has flushed them).
from tests.web.conftest import (  # noqa: E402, F401
    alice_admin,
    almaty_region,
    athlete,
    carol_manager,
    club_ridder,
    club_shymbulak,
    edith_educator,
    english,
    oscar_organiser,
    paul_public,
    pia_planner,
    reference_data,
    sam_staff,
)


def wait_for_js(page: Any, expression: str, timeout_s: float = 15.0) -> None:
    """Wait until EXPRESSION is true in the page.

    Playwright's wait_for_function evaluates its predicate with eval inside the page, which the site's
    strict Content-Security-Policy refuses; page.evaluate goes through the DevTools protocol, which the
    policy does not govern, so poll with it instead.
    """
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(100)
