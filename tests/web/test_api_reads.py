"""Reads: regions, disciplines, clubs, people (public-safe vs full), licences; filters, pages, 404s, 422s."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alatau.core.models import User
from alatau.licences import services as licence_services
from alatau.licences.models import Licence
from alatau.registry.models import Club, Discipline, Membership, Person, Region
from tests.web.apiclient import ApiClient

PRIVATE = ("birth_date", "email", "phone", "is_athlete", "is_coach", "is_official")


def make_people(club: Club, count: int, start: int = 0) -> list[Person]:
    people = []
    for i in range(start, start + count):
        person = Person.objects.create(
            last_name=f"Person{i:03d}",
            first_name="Test",
            birth_date=dt.date(2000 + i % 20, 1, 2),
            gender="W" if i % 2 else "M",
            email=f"p{i}@example.kz",
        )
        Membership.objects.create(person=person, club=club, start_date=dt.date(2020, 7, 1))
        people.append(person)
    return people


def make_licences(club: Club, people: list[Person], season: int = 2025) -> list[Licence]:
    start, end = licence_services.season_bounds(season)
    return [
        Licence.objects.create(
            person=p,
            club=club,
            season=season,
            kind="competitor",
            valid_from=start,
            valid_until=end,
            status="active",
            number=f"T{p.pk:05d}",
        )
        for p in people
    ]


# --- regions and disciplines -------------------------------------------------------------------


def test_regions_are_listed_in_the_language_asked(client: Client, db: None) -> None:
    response = client.get("/api/v1/regions", headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    regions = {r["code"]: r for r in response.json()}
    assert len(regions) == Region.objects.count() >= 17
    almaty = regions["almaty-city"]
    assert almaty["kind"] == "city" and almaty["name"] == almaty["name_ru"] != almaty["name_en"]


def test_disciplines_are_listed(client: Client, db: None) -> None:
    codes = [d["code"] for d in client.get("/api/v1/disciplines").json()]
    assert codes == list(Discipline.objects.order_by("id").values_list("code", flat=True))
    assert "alpine" in codes and "biathlon" in codes


# --- clubs ---------------------------------------------------------------------------------------


def test_clubs_are_public_with_region_and_disciplines(client: Client, club_shymbulak: Club) -> None:
    body = client.get("/api/v1/clubs").json()
    assert body["count"] == 1 and body["limit"] == 50 and body["offset"] == 0
    club = body["items"][0]
    assert club["name"] == "Shymbulak Ski Club" and club["region"]["code"] == "almaty-city"
    assert club["disciplines"] == ["alpine"]
    assert client.get(f"/api/v1/clubs/{club_shymbulak.pk}").json() == club


def test_clubs_filter_by_region_discipline_and_search(
    client: Client, club_shymbulak: Club, club_ridder: Club
) -> None:
    def names(**params: Any) -> list[str]:
        return [c["name"] for c in client.get("/api/v1/clubs", params).json()["items"]]

    assert names() == ["Ridder Alpine", "Shymbulak Ski Club"]
    assert names(region="east-kazakhstan") == ["Ridder Alpine"]
    assert names(discipline="alpine") == ["Shymbulak Ski Club"]
    assert names(q="shym") == ["Shymbulak Ski Club"]
    assert names(q="ridder alp") == ["Ridder Alpine"]
    assert names(q="almaty") == ["Shymbulak Ski Club"]  # the town
    assert names(ordering="-name") == ["Shymbulak Ski Club", "Ridder Alpine"]
    assert names(region="nowhere") == []


def test_club_pages_cover_every_club_once(client: Client, almaty_region: Region) -> None:
    for i in range(7):
        Club.objects.create(name=f"Club {i}", region=almaty_region, town="Almaty")
    seen = []
    for offset in range(0, 7, 3):
        body = client.get("/api/v1/clubs", {"limit": 3, "offset": offset}).json()
        assert body["count"] == 7 and len(body["items"]) == min(3, 7 - offset)
        seen += [c["name"] for c in body["items"]]
    assert seen == [f"Club {i}" for i in range(7)]


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "many"}, {"ordering": "password"}]
)
def test_bad_list_parameters_are_422(client: Client, db: None, params: dict[str, Any]) -> None:
    response = client.get("/api/v1/clubs", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == [next(iter(params))]


@pytest.mark.parametrize("path", ["/clubs/999999", "/people/999999", "/licences/999999", "/nothing-here"])
def test_missing_things_are_404(client: Client, alice_admin: User, path: str) -> None:
    response = ApiClient(client, alice_admin).get(path)
    assert response.status_code == 404
    if path != "/nothing-here":  # an unknown URL is Django's own 404
        assert response.json()["code"] == "not_found"


def test_a_non_numeric_id_is_422(client: Client, db: None) -> None:
    response = client.get("/api/v1/clubs/abc")
    assert response.status_code == 422 and "club_id" in response.json()["errors"]


# --- people: public-safe unless authorised -----------------------------------------------------


def test_anonymous_callers_get_public_safe_fields(
    client: Client, athlete: Person, carol_manager: User, alice_admin: User
) -> None:
    # Only what the federation publishes (docs/privacy.md): a licensed competitor who consented.
    publish(athlete, carol_manager, alice_admin)
    body = client.get("/api/v1/people").json()
    person = body["items"][0]
    assert person["full"] is False
    assert person["name"] == "ZHAKUPOV Aidar" and person["last_name_cyrillic"] == "Жакупов"
    assert person["birth_year"] == 2006 and person["fis_code"] == "6190123" and person["gender"] == "M"
    assert person["club"]["name"] == "Shymbulak Ski Club" and person["nationality"] == "KAZ"
    assert all(person[field] is None for field in PRIVATE)
    detail = client.get(f"/api/v1/people/{athlete.pk}").json()
    assert detail["birth_date"] is None and detail["memberships"] is None
    assert "2006-03-14" not in client.get(f"/api/v1/people/{athlete.pk}").content.decode()


@pytest.mark.parametrize("who", ["alice_admin", "sam_staff", "carol_manager"])
def test_authorised_callers_get_full_fields(client: Client, athlete: Person, who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    detail = ApiClient(client, user).get(f"/people/{athlete.pk}").json()
    assert detail["full"] is True and detail["birth_date"] == "2006-03-14" and detail["is_athlete"] is True
    assert detail["memberships"] == [
        {
            "club": {"id": athlete.memberships.get().club_id, "name": "Shymbulak Ski Club"},
            "start_date": "2020-07-01",
            "end_date": None,
        }
    ]


def test_a_manager_sees_full_fields_of_own_members_only(
    client: Client, carol_manager: User, athlete: Person, club_ridder: Club
) -> None:
    [other] = make_people(club_ridder, 1)
    items = ApiClient(client, carol_manager).get("/people").json()["items"]
    full = {p["id"]: p["full"] for p in items}
    assert full == {athlete.pk: True, other.pk: False}
    assert next(p for p in items if p["id"] == other.pk)["email"] is None


def test_a_session_gives_full_fields_too(client: Client, sam_staff: User, athlete: Person) -> None:
    client.force_login(sam_staff)
    assert client.get(f"/api/v1/people/{athlete.pk}").json()["full"] is True


def test_the_public_role_reads_like_anonymous(
    client: Client, paul_public: User, athlete: Person, carol_manager: User, alice_admin: User
) -> None:
    api = ApiClient(client, paul_public)
    assert api.get(f"/people/{athlete.pk}").status_code == 404  # not published
    publish(athlete, carol_manager, alice_admin)
    assert api.get(f"/people/{athlete.pk}").json()["full"] is False


def publish(person: Person, manager: User, admin: User) -> None:
    """Give ``person`` what publication needs: a consent date and a competitor licence in force."""
    from alatau.licences.services import approve_licence, request_licence, season_of, today

    club = person.memberships.get(end_date__isnull=True).club
    approve_licence(request_licence(person, club, "competitor", season_of(today()), user=manager), user=admin)
    Person.objects.filter(pk=person.pk).update(publication_consent=dt.date(2024, 1, 1))


def test_people_filters(client: Client, athlete: Person, club_ridder: Club, sam_staff: User) -> None:
    others = make_people(club_ridder, 3)
    client.force_login(sam_staff)  # the public sees only the published people (docs/privacy.md)

    def ids(**params: Any) -> list[int]:
        return [p["id"] for p in client.get("/api/v1/people", params).json()["items"]]

    assert ids(club=club_ridder.pk) == [p.pk for p in others]
    assert ids(q="Жакуп") == [athlete.pk]
    assert ids(q="6190123") == [athlete.pk]
    assert ids(fis_code="6190123") == [athlete.pk]
    assert ids(gender="W") == [others[1].pk]
    assert ids(q="person001 test") == [others[1].pk]
    assert ids(nationality="kaz", ordering="-name")[0] == athlete.pk
    assert client.get("/api/v1/people", {"gender": "X"}).status_code == 422


def test_a_former_member_is_not_listed_under_the_old_club(
    client: Client, athlete: Person, club_shymbulak: Club, club_ridder: Club, sam_staff: User
) -> None:
    client.force_login(sam_staff)
    Membership.objects.filter(person=athlete).update(end_date=dt.date(2023, 6, 30))
    Membership.objects.create(person=athlete, club=club_ridder, start_date=dt.date(2023, 7, 1))
    assert client.get("/api/v1/people", {"club": club_shymbulak.pk}).json()["count"] == 0
    assert client.get("/api/v1/people", {"club": club_ridder.pk}).json()["items"][0]["club"]["name"] == (
        "Ridder Alpine"
    )


# --- licences ------------------------------------------------------------------------------------


def test_licences_need_credentials(client: Client, athlete: Person) -> None:
    response = client.get("/api/v1/licences")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_licences_are_not_for_the_public_role(client: Client, paul_public: User) -> None:
    response = ApiClient(client, paul_public).get("/licences")
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_a_manager_reads_only_own_clubs_licences(
    client: Client, carol_manager: User, club_shymbulak: Club, club_ridder: Club
) -> None:
    own = make_licences(club_shymbulak, make_people(club_shymbulak, 2))
    foreign = make_licences(club_ridder, make_people(club_ridder, 2, start=10))
    api = ApiClient(client, carol_manager)
    body = api.get("/licences").json()
    assert sorted(item["id"] for item in body["items"]) == sorted(lic.pk for lic in own)
    assert api.get(f"/licences/{foreign[0].pk}").status_code == 404
    item = api.get(f"/licences/{own[0].pk}").json()
    assert item["fee"] == "0.00" and item["season_label"] == "2025/26" and item["status"] == "active"
    assert item["verification_token"] == str(own[0].verification_token)


def test_licence_filters_and_ordering(client: Client, sam_staff: User, club_shymbulak: Club) -> None:
    people = make_people(club_shymbulak, 3)
    old = make_licences(club_shymbulak, people, season=2024)
    new = make_licences(club_shymbulak, people[:2], season=2025)
    Licence.objects.filter(pk=new[0].pk).update(status="revoked")
    api = ApiClient(client, sam_staff)

    def ids(**params: Any) -> list[int]:
        return [item["id"] for item in api.get("/licences", **params).json()["items"]]

    assert ids(season=2024) == [lic.pk for lic in old]
    assert ids(status="revoked") == [new[0].pk]
    assert ids(club=club_shymbulak.pk, kind="competitor") == [lic.pk for lic in new + old]
    assert ids(person=people[1].pk, ordering="season") == [old[1].pk, new[1].pk]
    assert ids(kind="coach") == []
    assert api.get("/licences", status="lost").status_code == 422


# --- no N+1: the number of queries does not grow with the page --------------------------------


def queries(client: Client, path: str, headers: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, headers=headers).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/api/v1/clubs", "/api/v1/people", "/api/v1/licences"])
def test_list_queries_do_not_grow_with_the_page(
    client: Client, carol_manager: User, club_shymbulak: Club, path: str
) -> None:
    api = ApiClient(client, carol_manager)
    make_licences(club_shymbulak, make_people(club_shymbulak, 2))
    queries(client, path, api.headers)  # the first use of a token also records when it was used
    few = queries(client, path, api.headers)
    for i in range(8):
        Club.objects.create(name=f"More {i}", region=club_shymbulak.region, town="Almaty")
    make_licences(club_shymbulak, make_people(club_shymbulak, 8, start=2))
    many = queries(client, path, api.headers)
    assert many == few <= 6  # the token and the address's lockout (one each), then the page's own
