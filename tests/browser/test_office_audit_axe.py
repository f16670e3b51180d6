"""Issue 13, item 5: the audit log and the revoke confirmation pass axe in four languages, 390 and 1366 px."""

from __future__ import annotations

from typing import Any

import pytest

from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.registry.models import Person
from tests.browser.test_axe import LANGUAGES, check_pages, licensed, serious_violations  # noqa: F401 (the fixture)
from tests.browser.test_licence_flow import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_audit_and_revoke_pages_pass_axe(
    page: Any,
    alice_admin: User,
    athlete: Person,
    licensed: Licence,  # noqa: F811
) -> None:
    athlete.log_action("updated", alice_admin, {"gender": ["W", "M"], "birth_date": [None, "2006-03-14"]})
    log_in(page, alice_admin)
    failures: dict[str, list[str]] = {}
    for language in LANGUAGES:
        failures |= check_pages(page, language, ["/audit/", f"/licences/{licensed.pk}/revoke/"])
    assert failures == {}
    page.set_content('<html lang="en"><body><main><img src="/x.png"></main></body></html>')
    assert any(v.startswith("image-alt") for v in serious_violations(page))  # axe really runs
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/audit/")
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    page.goto(f"/en/licences/{licensed.pk}/")
    page.click("#revoke")
    assert page.url.endswith(f"/licences/{licensed.pk}/revoke/")
    page.fill("textarea[name=reason]", "Doping ban")
    page.click("#revoke-confirm")  # without the box ticked: the browser refuses, nothing is revoked
    licensed.refresh_from_db()
    assert licensed.status == "active"
    page.check("input[name=confirm]")
    page.click("#revoke-confirm")
    page.wait_for_url(f"**/licences/{licensed.pk}/")
    licensed.refresh_from_db()
    assert licensed.status == "revoked"
