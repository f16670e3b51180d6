"""The public sees only what the federation publishes: consenting licensed competitors, no minor's birth
year (docs/privacy.md)."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, revoke_licence, season_of, today
from alatau.registry.models import Club, Membership, Person
from alatau.registry.privacy import age_on, is_minor, published_people
from tests.web.apiclient import ApiClient

DOCS = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
CONSENT = dt.date(2024, 9, 1)


def person(club: Club, last: str, born: dt.date, *, consent: dt.date | None = CONSENT) -> Person:
    made = Person.objects.create(
        last_name=last, first_name="A", birth_date=born, gender="W", publication_consent=consent
    )
    Membership.objects.create(person=made, club=club, start_date=dt.date(2022, 7, 1))
    return made


def licensed(who: Person, club: Club, manager: User, admin: User, kind: str = "competitor") -> Licence:
    return approve_licence(request_licence(who, club, kind, season_of(today()), user=manager), user=admin)


@pytest.fixture
def registry(club_shymbulak: Club, carol_manager: User, alice_admin: User) -> dict[str, Person]:
    """One person of each kind the policy tells apart."""
    adult_born = today().replace(year=today().year - 30)
    minor_born = today().replace(year=today().year - 12)
    people = {
        "published": person(club_shymbulak, "Published", adult_born),
        "minor": person(club_shymbulak, "Minor", minor_born),
        "no_consent": person(club_shymbulak, "Noconsent", adult_born, consent=None),
        "no_licence": person(club_shymbulak, "Nolicence", adult_born),
        "coach": person(club_shymbulak, "Coach", adult_born),
        "revoked": person(club_shymbulak, "Revoked", adult_born),
    }
    for key in ("published", "minor", "no_consent"):
        licensed(people[key], club_shymbulak, carol_manager, alice_admin)
    licensed(people["coach"], club_shymbulak, carol_manager, alice_admin, kind="coach")
    revoke_licence(
        licensed(people["revoked"], club_shymbulak, carol_manager, alice_admin), user=alice_admin, reason="x"
    )
    return people


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["last_name"] for item in response.json()["items"])


def test_the_age_rule() -> None:
    assert age_on(dt.date(2008, 12, 7), dt.date(2026, 12, 6)) == 17
    assert age_on(dt.date(2008, 12, 6), dt.date(2026, 12, 6)) == 18
    assert is_minor(dt.date(2008, 12, 7), dt.date(2026, 12, 6))
    assert not is_minor(dt.date(2008, 12, 6), dt.date(2026, 12, 6))


def test_anonymous_lists_only_published_competitors(client: Client, registry: dict[str, Person]) -> None:
    response = client.get("/api/v1/people")
    assert names(response) == ["Minor", "Published"]
    assert response.json()["count"] == 2
    by_name = {item["last_name"]: item for item in response.json()["items"]}
    assert by_name["Published"]["birth_year"] == registry["published"].birth_date.year
    assert by_name["Minor"]["birth_year"] is None
    assert str(registry["minor"].birth_date.year) not in response.content.decode()
    assert all(item["full"] is False and item["birth_date"] is None for item in by_name.values())


def test_searching_finds_no_one_unpublished(client: Client, registry: dict[str, Person]) -> None:
    for query in ("Noconsent", "Nolicence", "Coach", "Revoked"):
        assert client.get("/api/v1/people", {"q": query}).json()["count"] == 0


@pytest.mark.parametrize("key", ["no_consent", "no_licence", "coach", "revoked"])
def test_an_unpublished_person_is_not_found(client: Client, registry: dict[str, Person], key: str) -> None:
    assert client.get(f"/api/v1/people/{registry[key].pk}").status_code == 404


def test_a_published_minor_shows_no_birth_year(client: Client, registry: dict[str, Person]) -> None:
    detail = client.get(f"/api/v1/people/{registry['minor'].pk}").json()
    assert detail["birth_year"] is None and detail["birth_date"] is None and detail["memberships"] is None


@pytest.mark.parametrize("role", ["paul_public", "pierre_partner", "tina_timekeeper"])
def test_roles_without_the_registry_read_like_the_public(
    client: Client, registry: dict[str, Person], role: str, request: pytest.FixtureRequest
) -> None:
    api = ApiClient(client, request.getfixturevalue(role))
    assert names(api.get("/people")) == ["Minor", "Published"]
    assert api.get(f"/people/{registry['coach'].pk}").status_code == 404


def test_staff_see_everyone_in_full(client: Client, registry: dict[str, Person], sam_staff: User) -> None:
    api = ApiClient(client, sam_staff)
    assert len(names(api.get("/people"))) == 6
    minor = api.get(f"/people/{registry['minor'].pk}").json()
    assert minor["full"] is True and minor["birth_year"] == registry["minor"].birth_date.year
    assert minor["publication_consent"] == CONSENT.isoformat()


def test_a_manager_sees_everyone_but_other_minors_birth_years_stay_private(
    client: Client, registry: dict[str, Person], carol_manager: User, ridder_member: Person
) -> None:
    young = Person.objects.create(
        last_name="Young", first_name="R", birth_date=dt.date(2015, 1, 1), gender="M"
    )
    Membership.objects.create(
        person=young, club=ridder_member.memberships.get().club, start_date=dt.date(2022, 1, 1)
    )
    api = ApiClient(client, carol_manager)
    items = {item["last_name"]: item for item in api.get("/people", limit=50).json()["items"]}
    assert items["Minor"]["full"] is True and items["Minor"]["birth_year"] is not None  # her own member
    assert items["Young"]["full"] is False and items["Young"]["birth_year"] is None
    assert items["Other"]["birth_year"] == 1999


def test_published_people_follow_the_licence(registry: dict[str, Person], alice_admin: User) -> None:
    assert set(published_people()) == {registry["published"], registry["minor"]}
    later = today() + dt.timedelta(days=800)  # the season's licences have ended
    assert not published_people(later).exists()


def test_the_policy_is_documented_and_linked(client: Client, db: None) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "consent" in text and "minor" in text and "birth year" in text
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert "docs/privacy.md" in description


def test_consent_is_a_plausible_date(client: Client, alice_admin: User, athlete: Person) -> None:
    api = ApiClient(client, alice_admin)
    future = (today() + dt.timedelta(days=2)).isoformat()
    assert api.patch(f"/people/{athlete.pk}", {"publication_consent": future}).status_code == 422
    assert api.patch(f"/people/{athlete.pk}", {"publication_consent": "2025-01-02"}).status_code == 200
    athlete.refresh_from_db()
    assert athlete.publication_consent == dt.date(2025, 1, 2)
    assert api.patch(f"/people/{athlete.pk}", {"publication_consent": None}).status_code == 200
