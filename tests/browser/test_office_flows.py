"""In Chromium, the federation office's day: a club manager requests licences for ten members at once and
records their payment, the federation approves them in bulk, a visitor on a Russian phone scans a card's QR
code and reads the check in Russian, and an athlete claims their record and downloads their card."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from alatau.core.models import User
from alatau.licences import card
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.registry.models import Club, Membership, Person
from tests.browser.test_licence_flow import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ten_members(club_shymbulak: Club) -> list[Person]:
    members = []
    for n in range(10):
        person = Person.objects.create(
            last_name=f"Member{n:02d}", first_name="Test", birth_date=dt.date(2000 + n, 2, 3), gender="W"
        )
        Membership.objects.create(person=person, club=club_shymbulak, start_date=dt.date(2021, 7, 1))
        members.append(person)
    return members


def test_ten_requests_paid_by_the_club_and_approved_in_bulk(
    page: Any, carol_manager: User, alice_admin: User, ten_members: list[Person]
) -> None:
    log_in(page, carol_manager)
    page.goto("/en/licences/request/bulk/")
    for person in ten_members:
        page.check(f"#member-{person.pk}")
    page.select_option("select[name=kind]", "competitor")
    page.click("#bulk-submit")
    page.wait_for_load_state()
    requested = Licence.objects.filter(person__in=ten_members, status="requested")
    assert requested.count() == 10

    page.goto(f"/en/licences/payments/?season={requested.first().season}")  # type: ignore[union-attr]
    for licence in requested:
        page.check(f"#licence-{licence.pk}")
    page.select_option("#bulk-payment select[name=state]", "paid")
    page.select_option("#bulk-payment select[name=method]", "transfer")
    page.fill("#bulk-payment input[name=reference]", "KASPI-2026-118")
    page.click("#bulk-payment-submit")
    assert "10 payments recorded." in page.inner_text(".messages")
    paid = Licence.objects.filter(
        person__in=ten_members, payment__state="paid", payment__reference="KASPI-2026-118"
    )
    assert paid.count() == 10
    log_out(page)

    log_in(page, alice_admin)
    page.goto("/en/licences/")
    page.click("#pending a")
    page.wait_for_url("**/licences/queue/")
    assert page.locator("#queue-form tbody tr").count() == 10
    page.check("#tick-all")
    page.select_option("#queue-form select[name=action]", "approve")
    page.click("#queue-submit")
    assert "10 licences decided." in page.inner_text(".messages")
    assert "No request waits for a decision." in page.inner_text("#queue-form")
    statuses = set(Licence.objects.filter(person__in=ten_members).values_list("status", flat=True))
    assert (
        statuses <= {"approved", "active"} and Licence.objects.filter(number__startswith="KZ").count() == 10
    )


@pytest.fixture
def active(athlete: Person, club_shymbulak: Club, carol_manager: User, alice_admin: User) -> Licence:
    licence = request_licence(athlete, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
    return approve_licence(licence, user=alice_admin)


def test_a_russian_phone_scans_the_card_and_reads_the_check_in_russian(
    page: Any, browser: Any, live_server: Any, alice_admin: User, active: Licence, monkeypatch: Any
) -> None:
    scanned: list[str] = []
    drawn = card.draw_qr

    def draw_and_remember(canvas: Any, url: str, *args: Any) -> None:  # what the printed QR code holds
        scanned.append(url)
        drawn(canvas, url, *args)

    monkeypatch.setattr(card, "draw_qr", draw_and_remember)
    log_in(page, alice_admin)  # an English-speaking office downloads the card
    page.goto(f"/en/licences/{active.pk}/")
    with page.expect_download() as download:
        page.click("#licence-card")
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    assert len(scanned) == 1 and "/en/" not in scanned[0]

    phone = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    try:
        visitor = phone.new_page()
        visitor.goto(scanned[0])
        visitor.wait_for_url(re.compile(r"/ru/licences/verify/"))
        assert visitor.get_attribute("html", "lang") == "ru"
        assert "Лицензия действительна" in visitor.inner_text("#verdict")
        assert active.number in visitor.content() and "ZHAKUPOV" in visitor.content()
    finally:
        phone.close()


def test_an_athlete_claims_their_record_and_downloads_their_card(
    page: Any,
    browser: Any,
    live_server: Any,
    carol_manager: User,
    athlete: Person,
    active: Licence,
    mailoutbox: Any,
) -> None:
    log_in(page, carol_manager)
    page.goto(f"/en/registry/people/{athlete.pk}/")
    page.click("text=Invite to self-service")
    page.fill("input[name=email]", "aidar@example.kz")
    page.select_option("select[name=kind]", "self")
    page.click("form.stack button[type=submit]")
    assert "Invitation sent to aidar@example.kz." in page.inner_text(".messages")
    link = re.search(r"https?://\S+/me/claim/\S+/", mailoutbox[-1].body)
    assert link and mailoutbox[-1].to == ["aidar@example.kz"]

    own = browser.new_context(locale="en-GB", accept_downloads=True)
    try:
        athlete_page = own.new_page()
        athlete_page.goto(link.group(0))
        assert "Claim the record of ZHAKUPOV Aidar" in athlete_page.inner_text("h1")
        athlete_page.fill("input[name=username]", "aidar")
        athlete_page.fill("input[name=password1]", "Snow-Leopard-2026")
        athlete_page.fill("input[name=password2]", "Snow-Leopard-2026")
        athlete_page.click("form.stack button[type=submit]")
        athlete_page.wait_for_url("**/me/")
        assert active.number in athlete_page.inner_text("main")
        with athlete_page.expect_download() as download:
            athlete_page.click("text=Download my card")
        assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
        assert download.value.suggested_filename == f"licence-{active.number}.pdf"
    finally:
        own.close()
    athlete.refresh_from_db()
    assert athlete.account is not None and athlete.account.username == "aidar"
