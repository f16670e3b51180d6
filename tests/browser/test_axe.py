"""axe-core in Chromium: no serious or critical violation on the main pages, in the four languages, on a
phone (390 px) and a laptop (1366 px); on the phone the menu folds without cutting an entry and every tap
target is at least 44 px."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

import pytest

from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.registry.models import Person
from tests.browser.test_licence_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)

#: axe-core as the axe-playwright-python package ships it (no network at test time).
AXE = files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
WIDTHS = (390, 1366)
LANGUAGES = ("kk", "ru", "en", "fr")
PUBLIC_PAGES = ("/", "/registry/clubs/", "/licences/check/", "/accounts/login/", "/me/claim/")
ADMIN_PAGES = (
    "/registry/people/",
    "/licences/",
    "/licences/payments/",
    "/licences/queue/",
    "/registry/people/{person}/",
    "/registry/clubs/{club}/",
)


def serious_violations(page: Any) -> list[str]:
    """axe's serious and critical findings on the page, as 'rule: target' lines.

    axe goes in through DevTools (page.evaluate), which the site's strict CSP does not govern; a
    script tag would be refused. Inside a function its UMD wrapper may see no module and set window.axe.
    """
    page.evaluate(f"() => {{ {AXE}\n }}")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(f"() => {{ const module = undefined; const exports = undefined; {AXE}\n }}")
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {v['help']}"
        for v in found
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


@pytest.fixture
def licensed(athlete: Person, carol_manager: User, alice_admin: User) -> Licence:
    licence = request_licence(
        athlete, athlete.clubs.get(), "competitor", season_of(today()), user=carol_manager
    )
    return approve_licence(licence, user=alice_admin)


def check_pages(page: Any, language: str, paths: list[str]) -> dict[str, list[str]]:
    failures: dict[str, list[str]] = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"/{language}{path}")
            found = serious_violations(page)
            if found:
                failures[f"{width}px /{language}{path}"] = found
    return failures


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_have_no_serious_axe_violation(
    page: Any, language: str, alice_admin: User, paul_public: User, athlete: Person, licensed: Licence
) -> None:
    club = athlete.clubs.get()
    failures = check_pages(page, language, list(PUBLIC_PAGES))
    log_in(page, alice_admin)
    admin = [p.format(person=athlete.pk, club=club.pk) for p in ADMIN_PAGES]
    failures |= check_pages(
        page, language, [*admin, f"/licences/{licensed.pk}/", f"/me/invite/{athlete.pk}/"]
    )
    athlete.account = paul_public  # the athlete's own page
    athlete.save()
    page.context.clear_cookies()
    log_in(page, paul_public)
    failures |= check_pages(page, language, ["/me/", f"/me/{athlete.pk}/contact/"])
    assert failures == {}


def test_the_phone_menu_folds_and_shows_administration_whole(page: Any, alice_admin: User) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, alice_admin)
    page.goto("/en/registry/clubs/")
    admin = page.locator("#main-menu a", has_text="Administration")
    assert not admin.is_visible()  # folded behind the button
    assert page.get_attribute("#menu-toggle", "aria-expanded") == "false"
    page.click("#menu-toggle")
    assert page.get_attribute("#menu-toggle", "aria-expanded") == "true"
    box = admin.bounding_box()
    assert admin.is_visible() and box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the whole word, not cut at the edge
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Escape")
    assert not admin.is_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    assert admin.is_visible() and not page.locator("#menu-toggle").is_visible()


TAP_TARGETS = (
    "header a, header button, header select, main button, main .button, main select, "
    "main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), .pagination a, footer a"
)


@pytest.mark.parametrize(
    "path",
    [
        "/en/registry/clubs/",
        "/en/licences/",
        "/en/licences/payments/",
        "/en/registry/people/",
        "/en/licences/queue/",
        "/en/me/claim/",
    ],
)
def test_tap_targets_are_at_least_44_px_on_a_phone(
    page: Any, alice_admin: User, licensed: Licence, path: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, alice_admin)
    page.goto(path)
    page.click("#menu-toggle")
    small = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
             .filter(e => e.offsetParent !== null && !e.classList.contains('skip-link'))
             .map(e => [e.tagName + ' ' + (e.innerText || e.name || e.id).trim().slice(0, 30),
                        e.getBoundingClientRect()])
             .map(([what, box]) => [what, Math.round(box.width), Math.round(box.height)])
             .filter(([_, w, h]) => w < 44 || h < 44)""",
        TAP_TARGETS,
    )
    assert small == []


def test_every_office_list_stacks_its_key_columns_on_a_phone(
    page: Any, alice_admin: User, athlete: Person, licensed: Licence
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, alice_admin)
    club = athlete.clubs.get()
    lists = {
        "/en/registry/clubs/": "Members",
        f"/en/registry/clubs/{club.pk}/": "FIS code",
        f"/en/registry/people/{athlete.pk}/": "Status",
        "/en/licences/payments/": "Outstanding",
    }
    for path, key in lists.items():
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        first = page.locator(f'table.stack-narrow tbody tr:has(td[data-label="{key}"])').first
        cell = first.locator(f'td[data-label="{key}"]')  # the key column, "label value" on the card
        assert cell.is_visible() and cell.inner_text().strip(), path
        lefts = first.evaluate(
            "tr => [...tr.children].filter(td => td.offsetWidth)"
            ".map(td => Math.round(td.getBoundingClientRect().left))"
        )
        assert len(set(lefts)) == 1, path


def test_the_axe_check_does_find_a_planted_violation(page: Any) -> None:
    """The check is real: a low-contrast footer link and an image without text are caught."""
    page.goto("/en/")
    page.evaluate(
        """() => {
            const link = document.querySelector('footer a');
            link.style.color = '#c8ccd0';
            const image = '<img src="/static/alatau/logo.svg">';
            document.querySelector('main').insertAdjacentHTML('beforeend', image);
        }"""
    )
    found = " ".join(serious_violations(page))
    assert "color-contrast" in found and "image-alt" in found


PHONE_PAGES = (
    "/en/", "/en/registry/clubs/", "/en/registry/people/", "/en/licences/", "/en/licences/queue/",
    "/en/licences/payments/", "/en/figures/", "/en/races/", "/en/education/", "/en/news/",
    "/en/news/editor/", "/en/sites/projects/", "/en/sites/studies/", "/en/imports/",
)  # fmt: skip


def test_no_page_scrolls_sideways_on_a_phone(page: Any, alice_admin: User, licensed: Licence) -> None:
    """Wide tables scroll inside their own box (with a shadow cue); the page itself never does."""
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, alice_admin)
    wide = {}
    for path in PHONE_PAGES:
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:
            wide[path] = overflow
    assert wide == {}
