"""The licence request page scales: find the person first (at most 25 answers), then request for them."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.licences.services import season_of, today
from alatau.licences.views import SEARCH_RESULTS
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login

URL = "/en/licences/request/"


def add_members(club: Club, count: int, start: int = 0) -> list[Person]:
    people = Person.objects.bulk_create(
        Person(
            last_name=f"Member{start + n:05d}",
            first_name="Test",
            last_name_cyrillic=f"Участник{start + n:05d}",
            birth_date=dt.date(2005, 1, 1),
            gender="M",
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(person=p, club=club, start_date=dt.date(2020, 1, 1)) for p in people
    )
    return people


def queries(client: Client, params: dict[str, object]) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_page_does_not_grow_with_the_registry(
    client: Client, alice_admin: User, club_shymbulak: Club
) -> None:
    add_members(club_shymbulak, 5)
    login(client, alice_admin)
    few = {name: queries(client, params)[0] for name, params in [("all", {}), ("q", {"q": "member"})]}
    add_members(club_shymbulak, 3 * SEARCH_RESULTS, start=5)
    many = {name: queries(client, params) for name, params in [("all", {}), ("q", {"q": "member"})]}
    assert {name: count for name, (count, _html) in many.items()} == few
    html = many["q"][1]
    assert html.count("?person=") == SEARCH_RESULTS and 'id="more-results"' in html
    assert "Member00079" not in html and '<option value="' + str(Person.objects.last().pk) not in html


def test_search_finds_members_by_name_in_any_case(
    client: Client, carol_manager: User, athlete: Person
) -> None:
    add_members(Club.objects.get(), 3)
    login(client, carol_manager)
    response = client.get(URL, {"q": "ЖАКУП"})
    assert [p.pk for p in response.context["results"]] == [athlete.pk]
    assert len(client.get(URL, {"q": "участник"}).context["results"]) == 3


def test_search_by_club_lists_only_its_current_members(
    client: Client, alice_admin: User, athlete: Person, club_ridder: Club
) -> None:
    ridder = add_members(club_ridder, 2)
    Membership.objects.filter(person=athlete).update(end_date=dt.date(2021, 6, 30))
    Membership.objects.create(person=athlete, club=club_ridder, start_date=dt.date(2021, 7, 1))
    login(client, alice_admin)
    shymbulak = client.get(URL, {"club": Club.objects.get(name__startswith="Shym").pk}).context["results"]
    assert shymbulak == []  # the athlete left: a past membership does not count
    found = client.get(URL, {"club": club_ridder.pk}).context["results"]
    assert {p.pk for p in found} == {athlete.pk, *(p.pk for p in ridder)}
    assert client.get(URL, {"club": "x"}).context["search"].errors


def test_a_manager_finds_only_own_members(
    client: Client, carol_manager: User, athlete: Person, club_ridder: Club
) -> None:
    others = add_members(club_ridder, 2)
    login(client, carol_manager)
    assert [p.pk for p in client.get(URL).context["results"]] == [athlete.pk]
    response = client.get(URL, {"person": others[0].pk})  # an id typed by hand
    assert response.context["person"] is None and response.context["results"] == [athlete]


def test_choosing_shows_the_person_and_the_request_form(
    client: Client, carol_manager: User, athlete: Person
) -> None:
    login(client, carol_manager)
    response = client.get(URL, {"person": athlete.pk})
    html = response.content.decode()
    assert response.context["person"] == athlete and "results" not in response.context
    assert 'id="chosen-person"' in html and "ZHAKUPOV Aidar" in html and "Shymbulak Ski Club" in html
    assert f'type="hidden" name="person" value="{athlete.pk}"' in html
    season = season_of(today())
    posted = client.post(URL, {"person": athlete.pk, "kind": "competitor", "season": season})
    assert posted.status_code == 302 and Licence.objects.get().person == athlete


def test_an_unknown_person_is_a_clear_error(client: Client, carol_manager: User, athlete: Person) -> None:
    login(client, carol_manager)
    response = client.post(URL, {"person": 999999, "kind": "competitor", "season": season_of(today())})
    assert response.status_code == 200 and "current members" in response.content.decode()
    assert not Licence.objects.exists()
    assert reverse("licences:licence-request") == URL
