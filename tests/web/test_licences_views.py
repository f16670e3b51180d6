"""Licence pages: request, decide, the PDF card with its QR code, the public verification page."""

import datetime as dt
import re
from typing import Any

import pytest
import segno
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.licences import card
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_label, season_of, today
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login


@pytest.fixture
def season() -> int:
    return season_of(today())


@pytest.fixture
def requested(athlete: Person, club_shymbulak: Club, carol_manager: User, season: int) -> Licence:
    return request_licence(athlete, club_shymbulak, "competitor", season, user=carol_manager)


@pytest.fixture
def active(requested: Licence, alice_admin: User) -> Licence:
    return approve_licence(requested, user=alice_admin)


def test_manager_requests_a_licence(
    client: Client, carol_manager: User, athlete: Person, season: int
) -> None:
    login(client, carol_manager)
    form = client.get(reverse("licences:licence-request"), {"person": athlete.pk}).context["form"]
    assert list(form.fields["person"].queryset) == [athlete]
    response = client.post(
        reverse("licences:licence-request"), {"person": athlete.pk, "kind": "competitor", "season": season}
    )
    licence = Licence.objects.get()
    assert (
        response.status_code == 302
        and licence.status == "requested"
        and licence.requested_by == carol_manager
    )
    again = client.post(
        reverse("licences:licence-request"), {"person": athlete.pk, "kind": "competitor", "season": season}
    )
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    assert Licence.objects.count() == 1


def test_request_refuses_people_of_other_clubs(
    client: Client, carol_manager: User, ridder_member: Person, season: int
) -> None:
    login(client, carol_manager)
    response = client.post(
        reverse("licences:licence-request"), {"person": ridder_member.pk, "kind": "coach", "season": season}
    )
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert not Licence.objects.exists()


def test_admin_approves_and_the_card_downloads(client: Client, alice_admin: User, requested: Licence) -> None:
    login(client, alice_admin)
    response = client.post(reverse("licences:licence-approve", args=[requested.pk]))
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "active" and requested.number
    pdf = client.get(reverse("licences:licence-card", args=[requested.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert requested.number in pdf["Content-Disposition"]
    width, height = (
        float(v) for v in re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf.content).groups()
    )
    assert (round(width / 72 * 25.4, 1), round(height / 72 * 25.4, 1)) == (85.6, 54.0)  # credit-card size


def test_the_card_qr_encodes_the_verification_page(active: Licence, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    monkeypatch.setattr(card, "draw_qr", lambda canvas, url, *args: drawn.append(url))
    url = f"http://testserver/en/licences/verify/{active.verification_token}/"
    labels = dict.fromkeys(("federation", "title", "kind", "season", "number", "club", "valid", "born"), "x")
    card.licence_card_pdf(active, url, labels)
    assert drawn == [url]
    modules = sum(sum(row) for row in segno.make(url, error="m").matrix)
    assert modules > 100  # a real code, drawn module by module by draw_qr


def test_card_and_verification_link_from_the_licence_page(
    client: Client, carol_manager: User, active: Licence
) -> None:
    login(client, carol_manager)
    page = client.get(reverse("licences:licence-detail", args=[active.pk])).content.decode()
    link = re.search(r'id="verify-link" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert link == f"http://testserver/verify/{active.verification_token}/"  # the visitor's language
    assert 'id="licence-card"' in page and 'id="approve"' not in page


def test_verification_shows_only_public_fields(client: Client, active: Licence) -> None:
    page = client.get(reverse("licences:licence-verify", args=[active.verification_token])).content.decode()
    assert "Valid licence" in page and "ZHAKUPOV Aidar" in page and "Shymbulak Ski Club" in page
    assert season_label(active.season) in page
    assert active.number in page and 'id="birth-year">2006<' in page  # the year, not the date
    for secret in (active.person.fis_code, "14/03/2006", "2006-03-14", str(int(active.fee))):
        assert secret not in page


def test_verification_of_a_revoked_licence_says_not_valid(
    client: Client, alice_admin: User, active: Licence
) -> None:
    login(client, alice_admin)
    url = reverse("licences:licence-revoke", args=[active.pk])
    client.post(url, {"reason": "Suspended", "confirm": "on"})
    client.logout()
    page = client.get(reverse("licences:licence-verify", args=[active.verification_token])).content.decode()
    assert "Not valid" in page and "Revoked" in page


def test_card_only_for_active_licences(client: Client, alice_admin: User, requested: Licence) -> None:
    login(client, alice_admin)
    assert client.get(reverse("licences:licence-card", args=[requested.pk])).status_code == 404


def test_refusal_needs_a_reason(client: Client, alice_admin: User, requested: Licence) -> None:
    login(client, alice_admin)
    url = reverse("licences:licence-refuse", args=[requested.pk])
    page = client.post(url, {"reason": " "}, follow=True).content.decode()
    assert "Give a reason" in page
    requested.refresh_from_db()
    assert requested.status == "requested"
    client.post(url, {"reason": "No medical certificate"})
    requested.refresh_from_db()
    assert (requested.status, requested.status_reason) == ("refused", "No medical certificate")


@pytest.mark.parametrize("persona", ["carol_manager", "sam_staff"])
def test_only_admins_decide(
    persona: str, request: pytest.FixtureRequest, client: Client, requested: Licence
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.post(reverse("licences:licence-approve", args=[requested.pk])).status_code == 403
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_decisions_are_post_only(client: Client, alice_admin: User, requested: Licence) -> None:
    login(client, alice_admin)
    assert client.get(reverse("licences:licence-approve", args=[requested.pk])).status_code == 405


def test_licence_list_filters_and_queries(
    client: Client,
    sam_staff: User,
    club_shymbulak: Club,
    season: int,
    carol_manager: User,
    django_assert_max_num_queries: Any,
) -> None:
    people = Person.objects.bulk_create(
        Person(last_name=f"Skier{i:02d}", first_name="T", birth_date=dt.date(2005, 1, 1), gender="W")
        for i in range(30)
    )
    Membership.objects.bulk_create(
        Membership(person=p, club=club_shymbulak, start_date=dt.date(2020, 1, 1)) for p in people
    )
    for person in people:
        request_licence(person, club_shymbulak, "recreational", season, user=carol_manager)
    login(client, sam_staff)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("licences:licence-list")).content.decode()
    assert page.count("SKIER") == 30
    assert "SKIER" not in client.get(reverse("licences:licence-list"), {"status": "active"}).content.decode()
    assert "SKIER05" in client.get(reverse("licences:licence-list"), {"q": "skier05"}).content.decode()
    assert client.get(reverse("licences:licence-list"), {"season": "abc"}).status_code == 200


class RecordingCanvas:
    """Stands in for a reportlab canvas and keeps the filled squares."""

    def __init__(self) -> None:
        self.squares: list[tuple[float, float, float]] = []

    def setFillColor(self, *args: Any) -> None:  # reportlab's names
        pass

    setFillColorRGB = setFillColor

    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 0, fill: int = 0) -> None:
        self.squares.append((x, y, w))


def test_draw_qr_draws_the_code_module_by_module_upright() -> None:
    url = "http://testserver/en/licences/verify/0b2f0d4c-8c59-4b8e-9a57-1c1f3b5f6d21/"
    canvas = RecordingCanvas()
    card.draw_qr(canvas, url, 10.0, 20.0, 90.0)  # type: ignore[arg-type]
    background, *modules = canvas.squares
    assert background == (10.0, 20.0, 90.0)
    expected = [list(map(bool, row)) for row in segno.make(url, error="m").matrix]
    size = modules[0][2]
    drawn = [[False] * len(expected) for _ in expected]
    for x, y, _w in modules:
        column = round((x - 10.0) / size) - 2  # two modules of quiet zone
        row = round((20.0 + 90.0 - y) / size) - 1 - 2  # PDF y grows upwards
        drawn[row][column] = True
    assert drawn == expected


def test_admin_sees_how_many_requests_wait(
    client: Client, alice_admin: User, carol_manager: User, requested: Licence
) -> None:
    login(client, alice_admin)
    assert "1 request waits for a decision" in client.get(reverse("licences:licence-list")).content.decode()
    login(client, carol_manager)
    assert 'id="pending"' not in client.get(reverse("licences:licence-list")).content.decode()


def test_the_configured_site_address_goes_into_the_verification_link(
    client: Client, carol_manager: User, active: Licence, settings: Any
) -> None:
    settings.SITE_URL = "https://alatau.kz/"
    login(client, carol_manager)
    page = client.get(reverse("licences:licence-detail", args=[active.pk])).content.decode()
    link = re.search(r'id="verify-link" href="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert link == f"https://alatau.kz/verify/{active.verification_token}/"
