"""Writes: clubs, people (duplicates → 409), memberships, licences; a failed write changes nothing."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from alatau.core.models import AuditEntry, User
from alatau.licences import services as licence_services
from alatau.licences.models import Licence
from alatau.registry.models import Club, Person
from tests.web.apiclient import ApiClient

NEW_PERSON = {"last_name": "Abenova", "first_name": "Dana", "birth_date": "2011-02-03", "gender": "W"}


def season_now() -> int:
    return licence_services.season_of(licence_services.today())


# --- clubs ---------------------------------------------------------------------------------------


def test_an_administrator_creates_a_club(client: Client, alice_admin: User) -> None:
    body = {"name": "Tabagan", "region": "almaty", "town": "Talgar", "disciplines": ["alpine", "snowboard"]}
    response = ApiClient(client, alice_admin).post("/clubs", body)
    assert response.status_code == 201, response.content
    club = Club.objects.get(name="Tabagan")
    assert response.json()["id"] == club.pk and response.json()["disciplines"] == ["alpine", "snowboard"]
    assert club.region.code == "almaty" and club.audit_entries().get().action == "created"


def test_a_club_manager_may_not_create_clubs(client: Client, carol_manager: User) -> None:
    response = ApiClient(client, carol_manager).post(
        "/clubs", {"name": "X", "region": "almaty-city", "town": "A"}
    )
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert not Club.objects.filter(name="X").exists()


def test_a_manager_updates_own_club_and_the_change_is_logged(
    client: Client, carol_manager: User, club_shymbulak: Club
) -> None:
    response = ApiClient(client, carol_manager).patch(
        f"/clubs/{club_shymbulak.pk}", {"phone": "+7 727 000 00 00", "disciplines": ["alpine", "freestyle"]}
    )
    assert response.status_code == 200, response.content
    club_shymbulak.refresh_from_db()
    assert club_shymbulak.phone == "+7 727 000 00 00" and club_shymbulak.town == "Almaty"
    changes = club_shymbulak.audit_entries().get().changes
    assert changes == {
        "phone": ["", "+7 727 000 00 00"],
        "disciplines": ["alpine", "alpine, freestyle"],  # the shape the club form writes
    }


def test_a_manager_may_not_update_another_club(
    client: Client, carol_manager: User, club_ridder: Club
) -> None:
    response = ApiClient(client, carol_manager).patch(f"/clubs/{club_ridder.pk}", {"town": "Oskemen"})
    assert response.status_code == 403
    club_ridder.refresh_from_db()
    assert club_ridder.town == "Ridder"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"region": "atlantis"}, "region"),
        ({"disciplines": ["alpine", "curling"]}, "disciplines"),
        ({"email": "not an email"}, "email"),
        ({"name": "Ridder Alpine"}, "name"),  # taken
        ({"town": ""}, "town"),
        ({"name": None}, "name"),
        ({"region": None}, "region"),
    ],
)
def test_bad_club_updates_are_422_and_change_nothing(
    client: Client,
    alice_admin: User,
    club_shymbulak: Club,
    club_ridder: Club,
    body: dict[str, Any],
    field: str,
) -> None:
    before = client.get(f"/api/v1/clubs/{club_shymbulak.pk}").json()
    response = ApiClient(client, alice_admin).patch(f"/clubs/{club_shymbulak.pk}", {"phone": "1", **body})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert client.get(f"/api/v1/clubs/{club_shymbulak.pk}").json() == before
    assert not club_shymbulak.audit_entries().exists()


def test_a_body_that_is_not_json_is_400(client: Client, alice_admin: User, club_shymbulak: Club) -> None:
    response = ApiClient(client, alice_admin).raw("patch", f"/clubs/{club_shymbulak.pk}", "{not json")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON.", "code": "bad_request"}


# --- people --------------------------------------------------------------------------------------


def test_a_manager_registers_a_member_of_their_club(
    client: Client, carol_manager: User, club_shymbulak: Club
) -> None:
    response = ApiClient(client, carol_manager).post("/people", {**NEW_PERSON, "club_id": club_shymbulak.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["full"] is True
        and body["club"]["id"] == club_shymbulak.pk
        and body["birth_date"] == "2011-02-03"
    )
    person = Person.objects.get(pk=body["id"])
    assert person.audit_entries().filter(action="created", actor=carol_manager).exists()


def test_a_manager_may_not_register_people_in_another_club(
    client: Client, carol_manager: User, club_ridder: Club
) -> None:
    response = ApiClient(client, carol_manager).post("/people", {**NEW_PERSON, "club_id": club_ridder.pk})
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_a_duplicate_person_is_409_with_the_duplicates(
    client: Client, alice_admin: User, athlete: Person
) -> None:
    api = ApiClient(client, alice_admin)
    same_name = {"last_name": "zhakupov", "first_name": "AIDAR", "birth_date": "2006-03-14", "gender": "M"}
    response = api.post("/people", same_name)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate_person"
    assert body["duplicates"] == [
        {"id": athlete.pk, "name": "ZHAKUPOV Aidar", "fis_code": "6190123", "birth_year": 2006}
    ]
    assert Person.objects.count() == 1
    # A namesake born the same day may be registered on purpose; a second FIS code never.
    assert api.post("/people", {**same_name, "allow_duplicate": True}).status_code == 201
    same_code = {**NEW_PERSON, "fis_code": "6190123", "allow_duplicate": True}
    assert api.post("/people", same_code).status_code == 409
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"birth_date": "2011-02-30"}, "birth_date"),
        ({"gender": "X"}, "gender"),
        ({"last_name": ""}, "last_name"),
        ({"club_id": 999999}, "club_id"),
        ({"nationality": "KAZAKH"}, "nationality"),
        ({"email": "nope"}, "email"),
    ],
)
def test_bad_people_are_422_and_nothing_is_written(
    client: Client, alice_admin: User, body: dict[str, Any], field: str
) -> None:
    response = ApiClient(client, alice_admin).post("/people", {**NEW_PERSON, **body})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Person.objects.exists() and not AuditEntry.objects.exists()


def test_a_missing_field_is_named(client: Client, alice_admin: User) -> None:
    response = ApiClient(client, alice_admin).post("/people", {"last_name": "Abenova"})
    assert response.status_code == 422
    assert {"first_name", "birth_date", "gender"} <= set(response.json()["errors"])


def test_a_manager_updates_own_member(client: Client, carol_manager: User, athlete: Person) -> None:
    response = ApiClient(client, carol_manager).patch(f"/people/{athlete.pk}", {"phone": "+7 701 111 22 33"})
    assert response.status_code == 200 and response.json()["phone"] == "+7 701 111 22 33"
    assert athlete.audit_entries().get().changes == {"phone": ["", "+7 701 111 22 33"]}


def test_a_manager_may_not_update_someone_elses_member(
    client: Client, carol_manager: User, ridder_member: Person
) -> None:
    response = ApiClient(client, carol_manager).patch(f"/people/{ridder_member.pk}", {"phone": "1"})
    assert response.status_code == 403
    ridder_member.refresh_from_db()
    assert ridder_member.phone == ""


def test_taking_a_fis_code_that_is_used_is_409_and_changes_nothing(
    client: Client, alice_admin: User, athlete: Person
) -> None:
    other = Person.objects.create(
        last_name="Other", first_name="One", birth_date=dt.date(2001, 1, 1), gender="M"
    )
    response = ApiClient(client, alice_admin).patch(
        f"/people/{other.pk}", {"fis_code": "6190123", "phone": "9"}
    )
    assert response.status_code == 409
    other.refresh_from_db()
    assert other.fis_code is None and other.phone == ""


def test_moving_a_person_to_another_club(
    client: Client, alice_admin: User, athlete: Person, club_ridder: Club
) -> None:
    api = ApiClient(client, alice_admin)
    response = api.post(
        f"/people/{athlete.pk}/memberships", {"club_id": club_ridder.pk, "start_date": "2024-07-01"}
    )
    assert response.status_code == 201, response.content
    history = response.json()["memberships"]
    assert [m["club"]["name"] for m in history] == ["Ridder Alpine", "Shymbulak Ski Club"]
    assert history[1]["end_date"] == "2024-06-30"
    again = api.post(
        f"/people/{athlete.pk}/memberships", {"club_id": club_ridder.pk, "start_date": "2025-07-01"}
    )
    assert again.status_code == 409 and again.json()["code"] == "conflict"


def test_a_manager_may_not_take_another_clubs_member(
    client: Client, carol_manager: User, club_shymbulak: Club, club_ridder: Club, ridder_member: Person
) -> None:
    body = {"club_id": club_shymbulak.pk, "start_date": "2024-07-01"}
    answer = ApiClient(client, carol_manager).post(f"/people/{ridder_member.pk}/memberships", body)
    assert answer.status_code == 403
    assert ridder_member.memberships.get().club == club_ridder


# --- licences ------------------------------------------------------------------------------------


def request_body(athlete: Person, club: Club, **extra: Any) -> dict[str, Any]:
    return {"person_id": athlete.pk, "club_id": club.pk, "kind": "competitor", **extra}


def test_the_licence_workflow(
    client: Client, carol_manager: User, alice_admin: User, athlete: Person, club_shymbulak: Club
) -> None:
    manager, admin = ApiClient(client, carol_manager), ApiClient(client, alice_admin)
    response = manager.post("/licences", request_body(athlete, club_shymbulak, discipline="alpine"))
    assert response.status_code == 201, response.content
    licence = response.json()
    assert licence["status"] == "requested" and licence["season"] == season_now()
    assert (
        licence["requested_by"] == "carol" and licence["discipline"] == "alpine" and licence["number"] == ""
    )
    assert manager.post(f"/licences/{licence['id']}/approve").status_code == 403
    approved = admin.post(f"/licences/{licence['id']}/approve").json()
    assert approved["status"] == "active" and approved["number"] and approved["decided_by"] == "alice"
    # The public verification endpoint answers by token, with the card's fields only.
    verified = client.get(f"/api/v1/verify/{approved['verification_token']}").json()
    assert verified["valid"] is True and verified["name"] == "ZHAKUPOV Aidar"
    assert set(verified) == {
        "name",
        "club",
        "kind",
        "kind_label",
        "season",
        "season_label",
        "valid_from",
        "valid_until",
        "status",
        "valid",
    }
    revoked = admin.post(f"/licences/{licence['id']}/revoke", {"reason": "Doping ban"}).json()
    assert revoked["status"] == "revoked" and revoked["status_reason"] == "Doping ban"
    assert client.get(f"/api/v1/verify/{approved['verification_token']}").json()["valid"] is False
    actions = list(Licence.objects.get(pk=licence["id"]).audit_entries().values_list("action", flat=True))
    assert sorted(actions) == ["active", "approved", "requested", "revoked"]


def test_refusing_needs_a_reason(
    client: Client, alice_admin: User, athlete: Person, club_shymbulak: Club
) -> None:
    admin = ApiClient(client, alice_admin)
    licence_id = admin.post("/licences", request_body(athlete, club_shymbulak)).json()["id"]
    assert admin.post(f"/licences/{licence_id}/refuse", {"reason": ""}).status_code == 422
    assert admin.post(f"/licences/{licence_id}/refuse", {}).status_code == 422
    assert Licence.objects.get(pk=licence_id).status == "requested"
    refused = admin.post(f"/licences/{licence_id}/refuse", {"reason": "Medical certificate missing"})
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    # A refused licence was never issued: its card does not verify; deciding again is a conflict.
    assert client.get(f"/api/v1/verify/{refused.json()['verification_token']}").status_code == 404
    again = admin.post(f"/licences/{licence_id}/approve")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_a_second_licence_of_the_same_kind_is_409(
    client: Client, carol_manager: User, athlete: Person, club_shymbulak: Club
) -> None:
    manager = ApiClient(client, carol_manager)
    assert manager.post("/licences", request_body(athlete, club_shymbulak)).status_code == 201
    second = manager.post("/licences", request_body(athlete, club_shymbulak))
    assert second.status_code == 409 and second.json()["code"] == "conflict"
    assert Licence.objects.count() == 1


def test_a_manager_may_not_request_for_another_club(
    client: Client, carol_manager: User, athlete: Person, club_ridder: Club
) -> None:
    response = ApiClient(client, carol_manager).post("/licences", request_body(athlete, club_ridder))
    assert response.status_code == 403
    assert not Licence.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"kind": "pilot"}, "kind"),
        ({"person_id": 999999}, "person_id"),
        ({"discipline": "curling"}, "discipline"),
        ({"season": 1990}, "season"),
    ],
)
def test_bad_licence_requests_are_422(
    client: Client,
    carol_manager: User,
    athlete: Person,
    club_shymbulak: Club,
    extra: dict[str, Any],
    field: str,
) -> None:
    response = ApiClient(client, carol_manager).post(
        "/licences", request_body(athlete, club_shymbulak, **extra)
    )
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not Licence.objects.exists() and not AuditEntry.objects.exists()


def test_deciding_a_missing_licence_is_404(client: Client, alice_admin: User) -> None:
    assert ApiClient(client, alice_admin).post("/licences/999999/approve").status_code == 404


@pytest.mark.parametrize(
    "token", ["6f1c0a52-9d1e-4c57-8a43-0b8e2f6f4d11", "not-a-uuid"], ids=["unknown-uuid", "not-a-uuid"]
)
def test_verifying_an_unknown_token(client: Client, db: None, token: str) -> None:
    response = client.get(f"/api/v1/verify/{token}")
    assert response.status_code == (404 if token != "not-a-uuid" else 422)


def test_activating_waits_for_the_season(
    client: Client, alice_admin: User, athlete: Person, club_shymbulak: Club
) -> None:
    admin = ApiClient(client, alice_admin)
    next_season = admin.post(
        "/licences", request_body(athlete, club_shymbulak, season=season_now() + 1)
    ).json()
    approved = admin.post(f"/licences/{next_season['id']}/approve").json()
    assert approved["status"] == "approved" and approved["number"]
    early = admin.post(f"/licences/{next_season['id']}/activate")
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    # One approved for the current season (e.g. before the daily refresh ran) activates at once.
    start, end = licence_services.season_bounds(season_now())
    current = Licence.objects.create(
        person=athlete,
        club=club_shymbulak,
        season=season_now(),
        kind="coach",
        valid_from=start,
        valid_until=end,
        status="approved",
        number="C-1",
    )
    activated = admin.post(f"/licences/{current.pk}/activate")
    assert activated.status_code == 200 and activated.json()["status"] == "active"
