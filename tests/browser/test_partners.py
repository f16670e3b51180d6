"""In Chromium: a visitor filters the partner directory by trade and country and opens a partner's page;
a partner's staff member edits the organisation's profile and sees the change waiting for review."""

from typing import Any

import pytest

from alatau.core.models import User
from alatau.partners import services
from alatau.partners.models import Partner
from tests.web.conftest import PASSWORD, pierre_partner  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partners(alice_admin: User, pierre_partner: User) -> dict[str, Partner]:  # noqa: F811
    made = {}
    for slug, name, kind, country, trades in [
        ("dianeige", "Dianeige", "company", "FR", ["resort_design"]),
        ("poma", "POMA", "company", "FR", ["lifts"]),
        ("shymbulak", "Shymbulak Mountain Resort", "resort", "KZ", ["lifts", "hospitality"]),
        ("technoalpin", "TechnoAlpin", "company", "FR", ["snowmaking"]),
    ]:
        partner = services.create_partner(
            alice_admin, name, kind, country, trades, slug=slug, description_en=f"{name}: **what we do**."
        )
        made[slug] = services.set_published(alice_admin, partner, True)
    services.add_staff(alice_admin, made["dianeige"], pierre_partner)
    return made


def cards(page: Any) -> list[str]:
    return page.locator(".partner-card .partner-name a").all_inner_texts()


def test_visitor_filters_and_opens_a_partner(page: Any, partners: dict) -> None:
    page.goto("/en/partners/")
    assert cards(page) == ["Dianeige", "POMA", "Shymbulak Mountain Resort", "TechnoAlpin"]
    page.select_option("#id_trade", "lifts")
    page.click("#partner-filters button[type=submit]")
    page.wait_for_url("**trade=lifts**")
    assert cards(page) == ["POMA", "Shymbulak Mountain Resort"]
    page.select_option("#id_country", "KZ")
    page.click("#partner-filters button[type=submit]")
    page.wait_for_url("**country=KZ**")
    assert cards(page) == ["Shymbulak Mountain Resort"]
    assert "Who can do it: Lift manufacturer in Kazakhstan" in page.inner_text("h1")
    page.click("text=Shymbulak Mountain Resort")
    page.wait_for_url("**/en/partners/shymbulak/")
    assert page.inner_text("h1") == "Shymbulak Mountain Resort"
    assert "Lift manufacturer" in page.inner_text("#partner-trades")
    assert page.inner_text("#partner-description strong") == "what we do"


def test_staff_edit_their_profile_and_see_it_pending(page: Any, partners: dict, pierre_partner: User) -> None:  # noqa: F811
    page.goto("/en/accounts/login/")
    page.fill("input[name=username]", pierre_partner.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector(f"text={pierre_partner.username}")
    page.click("nav >> text=My organisation")
    page.click("text=Edit the profile")
    page.wait_for_url("**/en/partners/dianeige/edit/")
    page.fill("textarea[name=description_ru]", "Проектное бюро горнолыжных зон.")
    page.check("input[name=trades][value=training]")
    page.fill("input[name=town]", "Chambéry")
    page.click("#profile-form button[type=submit]")
    page.wait_for_url("**/en/partners/dianeige/")
    assert "await the federation's review" in page.inner_text(".messages")
    assert page.is_visible("#pending-review")
    assert "Training" not in page.inner_text("#partner-trades")  # the published profile is unchanged
    page.goto("/ru/partners/dianeige/")
    assert "Проектное бюро" not in page.inner_text("main")
    refused = page.goto("/en/partners/poma/edit/")  # another organisation's profile
    assert refused.status == 403 and page.is_visible("#access-denied")
    revision = services.pending_revision(Partner.objects.get(slug="dianeige"))
    assert (
        revision is not None and revision.data["town"] == "Chambéry" and "training" in revision.data["trades"]
    )
