"""In Chromium: a club manager finds a member and requests a licence, the administrator approves it,
the PDF card downloads and the verification page its QR code points to says the licence is valid."""

from typing import Any

import pytest

from alatau.core.models import User
from alatau.licences.services import request_licence, season_of, today
from alatau.registry.models import Person
from tests.web.conftest import PASSWORD

# The live server needs committed data (the reference_data fixture re-seeds the regions after the flush).
pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Any, user: User) -> None:
    page.goto("/en/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector(f"text={user.username}")


def log_out(page: Any) -> None:
    page.click("text=Log out")
    page.wait_for_selector("header a:has-text('Log in')")


def test_request_approve_download_and_verify(
    page: Any, carol_manager: User, alice_admin: User, athlete: Person
) -> None:
    log_in(page, carol_manager)
    page.goto("/en/licences/")
    page.click("text=Request a licence")
    page.fill("#person-search input[name=q]", "жакуп")  # step 1: find the member (any case, any script)
    page.click("#person-search button[type=submit]")
    page.click("#person-results a:has-text('Choose')")
    assert "ZHAKUPOV Aidar" in page.inner_text("#chosen-person")
    page.select_option("select[name=kind]", "competitor")
    page.click("form.stack button[type=submit]")
    assert page.inner_text("#licence-status") == "Requested"
    licence_url = page.url
    log_out(page)

    log_in(page, alice_admin)
    page.goto(licence_url)
    page.click("#approve")
    assert page.inner_text("#licence-status") == "Active"
    with page.expect_download() as download_info:
        page.click("#licence-card")
    pdf_path = download_info.value.path()
    with open(pdf_path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.click("#verify-link")
    assert "Valid licence" in page.inner_text("#verdict")
    assert "ZHAKUPOV Aidar" in page.content()


def test_people_and_licence_lists_fit_a_phone(page: Any, carol_manager: User, athlete: Person) -> None:
    """At 390 px the lists stack their rows instead of scrolling sideways."""
    request_licence(athlete, athlete.clubs.get(), "competitor", season_of(today()), user=carol_manager)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, carol_manager)
    for path in ("/en/registry/people/", "/en/licences/", "/en/licences/request/"):
        page.goto(path)
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth - innerWidth,"
            " ...[...document.querySelectorAll('.table-wrap')].map(e => e.scrollWidth - e.clientWidth)]"
        )
        assert max(overflow) <= 0, path
        lefts = page.evaluate(
            "[...document.querySelector('table.stack-narrow tbody tr').children]"
            ".filter(td => td.offsetWidth).map(td => Math.round(td.getBoundingClientRect().left))"
        )
        assert len(lefts) >= 3 and len(set(lefts)) == 1, path  # cells stacked, not side by side
        assert "ZHAKUPOV Aidar" in page.inner_text("table.stack-narrow tbody")
