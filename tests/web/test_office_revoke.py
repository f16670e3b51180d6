"""Item 5 of issue 13: revoking asks for a reason and a confirmation on a page that says what happens."""

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.registry.models import Club, Person
from tests.web.conftest import login


@pytest.fixture
def active(athlete: Person, club_shymbulak: Club, carol_manager: User, alice_admin: User) -> Licence:
    licence = request_licence(athlete, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
    return approve_licence(licence, user=alice_admin)


def test_detail_page_links_to_the_confirmation_not_a_one_click_form(
    client: Client, alice_admin: User, active: Licence
) -> None:
    login(client, alice_admin)
    html = client.get(reverse("licences:licence-detail", args=[active.pk])).content.decode()
    url = reverse("licences:licence-revoke", args=[active.pk])
    assert f'href="{url}"' in html and f'action="{url}"' not in html


def test_confirmation_page_says_what_happens(client: Client, alice_admin: User, active: Licence) -> None:
    login(client, alice_admin)
    page = client.get(reverse("licences:licence-revoke", args=[active.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="revoke-what-happens"' in html
    assert "stops being valid" in html and "ZHAKUPOV Aidar" in html and 'name="reason"' in html
    active.refresh_from_db()
    assert active.status == "active"


@pytest.mark.parametrize(
    "data", [{}, {"reason": "Doping ban"}, {"confirm": "on"}, {"reason": " ", "confirm": "on"}]
)
def test_nothing_is_revoked_without_reason_and_confirmation(
    client: Client, alice_admin: User, active: Licence, data: dict[str, str]
) -> None:
    login(client, alice_admin)
    page = client.post(reverse("licences:licence-revoke", args=[active.pk]), data)
    assert page.status_code == 200 and 'class="errorlist' in page.content.decode()
    active.refresh_from_db()
    assert active.status == "active" and not active.audit_entries().filter(action="revoked").exists()


def test_confirmed_revoke_records_the_reason(client: Client, alice_admin: User, active: Licence) -> None:
    login(client, alice_admin)
    url = reverse("licences:licence-revoke", args=[active.pk])
    response = client.post(url, {"reason": "Doping ban", "confirm": "on"})
    assert response.status_code == 302
    active.refresh_from_db()
    assert (active.status, active.status_reason) == ("revoked", "Doping ban")
    entry = active.audit_entries().get(action="revoked")
    assert entry.actor == alice_admin and entry.changes["reason"] == [None, "Doping ban"]
    again = client.get(url).content.decode()
    assert 'id="revoke-not-possible"' in again and 'id="revoke-form"' not in again


def test_club_manager_cannot_revoke(client: Client, carol_manager: User, active: Licence) -> None:
    login(client, carol_manager)
    url = reverse("licences:licence-revoke", args=[active.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x", "confirm": "on"}).status_code == 403
    active.refresh_from_db()
    assert active.status == "active"
