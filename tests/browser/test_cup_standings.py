"""In Chromium on a phone-sized screen: the public cup standings in Kazakh, race columns folded away,
nothing wider than the screen, and the CSV downloads with the same standings."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from alatau.competitions import services, standings
from alatau.competitions.models import Event
from alatau.core.models import User
from tests.web.conftest import oscar_organiser, ted_delegate  # noqa: F401 - asked for by name below

pytestmark = pytest.mark.django_db(transaction=True)

TIMES = {1: ("AAA Alma", "50.00"), 2: ("BBB Bota", "50.50"), 3: ("CCC Dana", "51.00")}


def official_race(organiser: User, delegate: User, event: Event, codex: str, order: list[int]) -> Any:
    race = services.create_race(
        organiser, event=event, codex=codex, discipline="SL", gender="W", category="FIS",
        date=event.start_date, runs=1, season="2021-22",
    )  # fmt: skip
    items = [{"bib": b, "fis_code": f"G{b}", "name": n, "nation": "KAZ"} for b, (n, _t) in TIMES.items()]
    services.add_entries(organiser, race, items)
    times = [{"bib": bib, "time": TIMES[n][1]} for bib, n in zip(TIMES, order, strict=True)]
    services.set_times(organiser, race, 1, times)
    services.make_official(delegate, race)
    return race


def test_the_cup_on_a_phone(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> None:
    organiser, delegate = request.getfixturevalue("oscar_organiser"), request.getfixturevalue("ted_delegate")
    day = dt.date(2022, 2, 1)
    event = services.create_event(organiser, name="Junior Cup", place="Ridder", nation="KAZ", start_date=day,
                                  end_date=day, status=Event.Status.PUBLISHED)  # fmt: skip
    # Race 1: bibs 1, 2, 3 in that order; race 2: bib 2 fastest, then 3, then 1.
    races = [official_race(organiser, delegate, event, "0301", [1, 2, 3]),
             official_race(organiser, delegate, event, "0302", [3, 1, 2])]  # fmt: skip
    cup = standings.save_cup(organiser, None, name="Junior Cup", season="2021-22", races=races)

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740},
                                is_mobile=True, accept_downloads=True, locale="kk-KZ")  # fmt: skip
    page = phone.new_page()
    page.goto(f"/kk/races/cups/{cup.pk}/")
    assert "ресми нәтижелер" in page.inner_text("#rules")
    rows = page.locator(".standings-table tbody tr")
    # BBB 80 + 100 = 180, AAA 100 + 60 = 160, CCC 60 + 80 = 140.
    assert [rows.nth(i).locator("td").nth(1).inner_text() for i in range(3)] == ["BBB Bota", "AAA Alma",
                                                                                  "CCC Dana"]  # fmt: skip
    assert rows.first.locator("td").nth(3).inner_text() == "180"
    assert page.locator(".standings-table .race-col").first.is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with page.expect_download() as download:
        page.click("a:has-text('CSV')")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "BBB Bota,KAZ,180,80,100" in text
    phone.close()
