"""In Chromium, one whole race day in the race office, each step by the official whose job it is:

the organiser sets up a published event and a two-run giant slalom, enters six guests and draws the
bibs (ICR 621); the timekeeper imports run 1 from an ALGE TdC 8001 file; the referee disqualifies a
competitor; the run-2 start list is the reversed run-1 result; while the public watches the live page
in a second browser context, the timekeeper saves a run-2 time and the live page shows it within 2 s;
the rest of run 2 comes from a second ALGE file; the TD signs the results off; the PDFs download.
"""

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from alatau.competitions.models import ImpulseLog, Race
from alatau.core.models import User
from alatau.fis.timing import format_time
from tests.browser.conftest import wait_for_js
from tests.competitions.alge import stream
from tests.web.conftest import (  # noqa: F401 - the race officials, asked for by name below
    PASSWORD,
    oscar_organiser,
    rita_referee,
    sue_speaker,
    ted_delegate,
    tina_timekeeper,
)

# The live server needs committed data.
pytestmark = pytest.mark.django_db(transaction=True)

GUESTS = [("GUEST1", "ALPHA Anna", "AUT"), ("GUEST2", "BRAVO Bea", "SUI"), ("GUEST3", "CHARLIE Cai", "ITA"),
          ("GUEST4", "DELTA Dora", "FRA"), ("GUEST5", "ECHO Eva", "GER"),
          ("GUEST6", "FOX Fay", "NOR")]  # fmt: skip
#: Run-1 net times by bib (bibs 1–6 whoever the draw gave them to); bib 6 is disqualified afterwards.
RUN1 = {1: "50.42", 2: "49.87", 3: "51.06", 4: "50.11", 5: "52.30", 6: "50.95"}
RUN2 = {1: "51.20", 2: "50.64", 3: "50.90", 4: "51.75", 5: "52.01"}


@pytest.fixture
def officials(browser: Any, live_server: Any) -> Iterator[Any]:
    """``open_as(user or None)``: a page in a browser context of its own, logged in as ``user``."""
    contexts = []

    def open_as(user: User | None) -> Any:
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, locale="en-GB")
        context.set_default_timeout(30_000)  # a loaded machine; only the live update has a tight limit
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto("/en/accounts/login/")
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("#login-form button[type=submit]")
            page.wait_for_selector(f"text={user.username}")
        return page

    yield open_as
    for context in contexts:
        context.close()


def set_up(page: Any) -> int:
    """The organiser's event, race, entries and draw; returns the race id."""
    page.goto("/en/races/")
    page.click("text=New event")
    page.fill("input[name=name]", "Tabagan Cup")
    page.fill("input[name=place]", "Tabagan")
    page.fill("input[name=start_date]", "2022-01-15")
    page.fill("input[name=end_date]", "2022-01-16")
    page.select_option("select[name=status]", "published")
    page.click("#office-new button[type=submit]")
    page.wait_for_selector("text=Event created.")
    page.fill("input[name=codex]", "0777")
    page.select_option("select[name=discipline]", "GS")
    page.select_option("select[name=gender]", "W")
    page.fill("input[name=date]", "2022-01-15")
    page.click("#office-new button[type=submit]")
    page.wait_for_selector("text=Race created.")
    race_id = int(page.url.rstrip("/").split("/")[-3])
    for code, name, nation in GUESTS:
        page.fill("input[name=fis_code]", code)
        page.fill("input[name=name]", name)
        page.fill("input[name=nation]", nation)
        page.click("button[value=add]")
        page.wait_for_selector(f"td:has-text('{name}')")
    page.click("button[value=draw]")
    page.wait_for_selector("text=Bibs drawn with seed")
    bibs = page.locator("table.list tbody tr td:first-child").all_inner_texts()
    assert sorted(int(b) for b in bibs) == [1, 2, 3, 4, 5, 6]
    return race_id


def import_alge(page: Any, race_id: int, run: int, path: Path) -> str:
    page.goto(f"/en/races/{race_id}/office/run/{run}/")
    page.click("text=Import a timing file")
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=format]", "alge")
    page.click("#import-form button[type=submit]")
    return page.inner_text("#import-report")


def bib_of(page: Any, name: str) -> int:
    return int(page.locator(f"tr:has(td:text-is('{name}')) td").first.inner_text())


def test_a_whole_race_day(officials: Any, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    organiser, timekeeper, referee, delegate, speaker = (
        request.getfixturevalue(name)
        for name in ("oscar_organiser", "tina_timekeeper", "rita_referee", "ted_delegate", "sue_speaker")
    )
    race_id = set_up(officials(organiser))

    timing = officials(timekeeper)
    run1 = tmp_path / "alge-run1.txt"
    run1.write_text(stream(RUN1), encoding="ascii")
    report = import_alge(timing, race_id, 1, run1)
    assert "from 12 impulses; 1 impulses without a bib; 0 times cleared." in report
    assert ImpulseLog.objects.filter(race_id=race_id, run=1, bib=None).count() == 1

    judge = officials(referee)
    judge.goto(f"/en/races/{race_id}/office/run/1/")
    judge.select_option("select[name=status_6]", "DSQ")
    judge.fill("input[name=gate_6]", "12")
    judge.fill("input[name=reason_6]", "Straddled gate 12")
    judge.click("form button[type=submit]:has-text('Save')")
    judge.wait_for_selector("text=Saved.")

    public = officials(None)
    public.goto(f"/en/races/{race_id}/")
    run2_list = public.locator("h2:has-text('Start list, run 2') + table tbody tr td:nth-child(2)")
    by_time = sorted((Decimal(t), bib) for bib, t in RUN1.items() if bib != 6)
    assert [int(b) for b in run2_list.all_inner_texts()] == [bib for _t, bib in reversed(by_time)]
    first_starter = by_time[-1][1]

    public.goto(f"/en/races/{race_id}/live/")
    # Five classified after run 1, and the disqualified one.
    wait_for_js(public, "document.querySelector('[data-live=standings]').rows.length === 6")
    assert "DSQ" in public.inner_text("[data-live=standings]")
    booth = officials(speaker)
    booth.goto(f"/en/races/{race_id}/speaker/")
    wait_for_js(booth, "document.querySelector('[data-speaker=next] li').textContent.startsWith('5 ')")
    timing.goto(f"/en/races/{race_id}/office/run/2/")
    timing.fill(f"input[name=time_{first_starter}]", RUN2[first_starter])
    timing.click("form button[type=submit]:has-text('Save')")
    timing.wait_for_selector("text=Saved.")
    # The time is stored once the save has answered; the live page polls every second.
    wait_for_js(
        public,
        "document.querySelector('[data-live=run]').textContent === '2'"
        " && document.querySelector('[data-live=standings]').rows.length === 1",
        timeout_s=2.0,
    )
    total = Decimal(RUN1[first_starter]) + Decimal(RUN2[first_starter])
    assert format_time(total) in public.inner_text("[data-live=standings]")
    # The speaker's screen follows the same endpoint: the finisher, first so far, and who comes next.
    wait_for_js(
        booth,
        "document.querySelector('[data-speaker=run]').textContent === '2' && document.querySelector("
        f"'[data-speaker=last-who]').textContent.startsWith('{first_starter} ')",
        timeout_s=2.0,
    )
    assert booth.inner_text("[data-speaker=last-rank]") == "1."
    assert booth.inner_text("[data-speaker=last-gap]") == "In the lead"
    assert booth.inner_text("[data-speaker=last-time]") == format_time(total)
    assert booth.inner_text("[data-speaker=last-run]") == f"{format_time(Decimal(RUN2[first_starter]))} (1.)"
    assert booth.locator("[data-speaker=next] li").first.inner_text().startswith(f"{by_time[-2][1]} ")

    run2 = tmp_path / "alge-run2.txt"
    run2.write_text(stream({b: t for b, t in RUN2.items() if b != first_starter}), encoding="ascii")
    report2 = import_alge(timing, race_id, 2, run2)
    assert "from 8 impulses; 1 impulses without a bib; 0 times cleared." in report2

    sign = officials(delegate)
    sign.goto(f"/en/races/{race_id}/office/results/")
    sign.click("#sign-off button[value=official]")
    sign.wait_for_selector("text=Official: SHA-256")
    race = Race.objects.get(pk=race_id)
    snapshot = race.official_versions.get()
    assert race.official and snapshot.sha256 in sign.inner_text("body")
    winner = min(Decimal(RUN1[b]) + Decimal(RUN2[b]) for b in RUN2)
    assert f"{winner}" in sign.inner_text("#results")
    assert "DSQ" in sign.inner_text("#results")

    public.goto(f"/en/races/{race_id}/")
    for link in ("Start list, run 1", "Start list, run 2"):
        assert_pdf(public, f"h2:has-text('{link}') a:has-text('PDF')")
    assert_pdf(public, "a:has-text('Results (PDF)')")


def assert_pdf(page: Any, selector: str) -> None:
    """The link's file downloads and is a PDF."""
    href = page.get_attribute(selector, "href")
    answer = page.context.request.get(href)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body()[:5] == b"%PDF-"
