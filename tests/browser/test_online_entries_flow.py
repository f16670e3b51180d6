"""In Chromium: a club manager enters two athletes online (one refused for her licence), the organiser
confirms the other, who is then on the entries page, and the manager sees her entry confirmed."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from alatau.competitions import entries, services
from alatau.competitions.models import Event
from alatau.core.models import User
from alatau.registry.models import Club
from tests.browser.test_licence_flow import log_in, log_out
from tests.competitions.test_online_entries import RACE_DAY, member

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_manager_enters_online_and_the_organiser_confirms(
    page: Any, carol_manager: User, oscar_organiser: User, alice_admin: User, club_shymbulak: Club
) -> None:
    event = services.create_event(
        oscar_organiser, name="Almaty Cup", place="Shymbulak", nation="KAZ", start_date=RACE_DAY,
        end_date=RACE_DAY, status=Event.Status.PUBLISHED,
    )  # fmt: skip
    race = services.create_race(
        oscar_organiser, event=event, codex="0321", discipline="SL", gender="W", category="FIS",
        date=RACE_DAY, runs=2, season="2021-22",
    )  # fmt: skip
    entries.set_rules(oscar_organiser, race, online=True, deadline=timezone.now() + dt.timedelta(days=2),
                      quota_per_club=3, quota_per_nation=None)  # fmt: skip
    member("Abenova", club_shymbulak, licence_by=(carol_manager, alice_admin))
    member("Nolicence", club_shymbulak)

    log_in(page, carol_manager)
    page.click("header >> text=Online entries")
    page.click("#open-races a:has-text('0321')")
    page.check("label:has-text('ABENOVA') input")
    page.check("label:has-text('NOLICENCE') input")
    page.click("#enter-form button[type=submit]")
    assert "1 of 2 entries sent" in page.inner_text("body")
    assert "No valid competitor licence" in page.inner_text("tr.request-refused")
    assert "Pending" in page.inner_text("tr.request-pending")
    log_out(page)

    log_in(page, oscar_organiser)
    page.goto(f"/en/races/{race.pk}/office/online/")
    page.click("tr.request-pending button[value=confirm]")
    assert "Confirmed" in page.inner_text("tr.request-confirmed")
    page.goto(f"/en/races/{race.pk}/office/entries/")
    assert "ABENOVA Ada" in page.inner_text("table.list")
    log_out(page)

    log_in(page, carol_manager)
    page.goto(f"/en/races/{race.pk}/enter/")
    assert "Confirmed" in page.inner_text("tr.request-confirmed")
