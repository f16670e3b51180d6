"""Item 3 of issue 13: the club manager's workspace, bulk requests, withdrawing, a 403 that explains."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.errors import InvalidTransition, NotAllowed
from alatau.core.models import User
from alatau.licences import office
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login


@pytest.fixture
def ten_members(club_shymbulak: Club) -> list[Person]:
    people = []
    for i in range(10):
        person = Person.objects.create(
            last_name=f"Member{i:02d}", first_name="Ten", birth_date=dt.date(2005, 1, 1 + i), gender="W"
        )
        Membership.objects.create(person=person, club=club_shymbulak, start_date=dt.date(2020, 1, 1))
        people.append(person)
    return people


def test_coming_season_turns_in_april() -> None:
    assert office.coming_season(dt.date(2026, 12, 5)) == 2026
    assert office.coming_season(dt.date(2027, 4, 1)) == 2027
    assert office.coming_season(dt.date(2027, 7, 1)) == 2027


def test_bulk_request_names_each_problem(
    carol_manager: User, ten_members: list[Person], ridder_member: Person
) -> None:
    season = office.coming_season()
    request_licence(
        ten_members[0], ten_members[0].memberships.get().club, "competitor", season, user=carol_manager
    )
    result = office.request_licences([*ten_members, ridder_member], "competitor", season, user=carol_manager)
    assert len(result.requested) == 9 and len(result.problems) == 2
    assert any("MEMBER00 Ten" in p for p in result.problems)
    assert any("OTHER Olga" in p for p in result.problems)
    assert Licence.objects.filter(status="requested").count() == 10


def test_withdraw_a_request_and_request_again(
    carol_manager: User, alice_admin: User, athlete: Person, club_shymbulak: Club, ridder_member: Person
) -> None:
    season = office.coming_season()
    licence = request_licence(athlete, club_shymbulak, "coach", season, user=carol_manager)
    office.withdraw_request(licence, user=carol_manager)
    licence.refresh_from_db()
    assert licence.status == "withdrawn"
    assert licence.audit_entries().first().action == "withdrawn"  # type: ignore[union-attr]
    with pytest.raises(InvalidTransition):
        office.withdraw_request(licence, user=carol_manager)
    again = request_licence(athlete, club_shymbulak, "coach", season, user=carol_manager)
    approve_licence(again, user=alice_admin)
    with pytest.raises(InvalidTransition):
        office.withdraw_request(again, user=carol_manager)
    other = Licence.objects.create(
        person=ridder_member,
        club=ridder_member.memberships.get().club,
        season=season,
        kind="coach",
        valid_from=dt.date(season, 7, 1),
        valid_until=dt.date(season + 1, 6, 30),
    )
    with pytest.raises(NotAllowed):
        office.withdraw_request(other, user=carol_manager)


def test_workspace_lists_what_waits(
    client: Client,
    carol_manager: User,
    ten_members: list[Person],
    athlete: Person,
    club_shymbulak: Club,
    ridder_member: Person,
) -> None:
    season = office.coming_season()
    waiting = request_licence(athlete, club_shymbulak, "competitor", season, user=carol_manager)
    login(client, carol_manager)
    response = client.get(reverse("licences:workspace"))
    space = response.context["space"]
    assert [m.person for m in space.without_licence] == ten_members
    assert space.waiting == [waiting]
    page = response.content.decode()
    assert "You see your own clubs only:" in page and "Shymbulak Ski Club" in page and "Ridder" not in page
    assert "10 members who have none" in page and "OTHER Olga" not in page
    assert reverse("licences:workspace") in client.get(reverse("home")).content.decode()  # in the menu


def test_bulk_request_page_requests_ten_at_once_and_withdraws(
    client: Client, carol_manager: User, ten_members: list[Person]
) -> None:
    login(client, carol_manager)
    season = office.coming_season()
    url = reverse("licences:bulk-request")
    form = client.get(url, {"person": [ten_members[0].pk]}).content.decode()
    assert f'value="{ten_members[0].pk}" id="member-{ten_members[0].pk}" checked' in form
    response = client.post(
        url, {"people": [p.pk for p in ten_members], "kind": "competitor", "season": season}, follow=True
    )
    assert "10 licences requested." in response.content.decode()
    assert Licence.objects.filter(status="requested", season=season).count() == 10
    first = Licence.objects.get(person=ten_members[0])
    client.post(reverse("licences:licence-withdraw", args=[first.pk]), {"next": "workspace"})
    first.refresh_from_db()
    assert first.status == "withdrawn"
    empty = client.post(url, {"kind": "competitor", "season": season})
    assert empty.status_code == 200 and "Tick at least one member." in empty.content.decode()


def test_forbidden_page_says_why_and_what_to_do(
    client: Client, carol_manager: User, paul_public: User
) -> None:
    login(client, carol_manager)
    page = client.get(reverse("registry:person-list") + "?x=1")
    login(client, paul_public)
    denied = client.get(reverse("licences:workspace"))
    text = denied.content.decode()
    assert denied.status_code == 403 and 'id="why"' in text and 'id="what-to-do"' in text
    assert "Your role (Public) does not include this page." in text
    assert page.status_code == 200
