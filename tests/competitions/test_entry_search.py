"""The office entries page finds registry people by name (Latin or Cyrillic, folded) or FIS code, ≤ 25."""

import datetime as dt

import pytest
from django.test import Client

from alatau.competitions import entry_search, services
from alatau.competitions.models import Event, PointsList, PointsListEntry, Race
from alatau.core.models import User
from alatau.registry.models import Person
from tests.competitions.conftest import RACE_DAY
from tests.web.conftest import *  # noqa: F403  (every persona, asked for by name)
from tests.web.conftest import login
from tests.web.test_every_url import ROLES


@pytest.fixture
def men(event: Event, oscar_organiser: User) -> Race:
    return services.create_race(
        oscar_organiser, event=event, codex="0456", discipline="SL", gender="M", category="FIS",
        date=RACE_DAY, runs=2, season="2021-22",
    )  # fmt: skip


def url(race: Race) -> str:
    return f"/en/races/{race.pk}/office/entries/"


@pytest.mark.parametrize("query", ["жакуп", "ЖАКУПОВ айдар", "zhakup", "Aidar ZHAKUPOV", "6190123"])
def test_found_by_latin_or_cyrillic_name_or_fis_code(men: Race, athlete: Person, query: str) -> None:
    assert [m.person for m in entry_search.find(men, query).matches] == [athlete]


def test_only_the_races_gender_and_not_already_entered(
    men: Race, race: Race, licensed: Person, oscar_organiser: User
) -> None:
    assert entry_search.find(race, "zhakupov").matches == []  # the women's race
    found = entry_search.find(men, "zhakupov")
    assert found.matches[0].licensed and not found.more
    services.add_entries(oscar_organiser, men, [{"person": licensed}])
    assert entry_search.find(men, "zhakupov").matches == []
    assert entry_search.find(men, "   ").matches == []


def test_at_most_25_matches(men: Race) -> None:
    for n in range(30):
        Person.objects.create(last_name=f"Serikov{n:02d}", first_name="Arman", birth_date=dt.date(2004, 1, 1),
                              gender="M")  # fmt: skip
    found = entry_search.find(men, "serikov")
    assert len(found.matches) == 25 and found.more
    assert found.matches[0].person.last_name == "Serikov00" and not found.matches[0].licensed


def test_choose_and_enter_with_the_licence_check(
    client: Client, men: Race, athlete: Person, oscar_organiser: User, licensed: Person
) -> None:
    unlicensed = Person.objects.create(
        last_name="Bekov", first_name="Dias", last_name_cyrillic="Беков", first_name_cyrillic="Диас",
        birth_date=dt.date(2005, 2, 2), gender="M",
    )  # fmt: skip
    login(client, oscar_organiser)
    page = client.get(url(men), {"q": "беков"}).content.decode()
    matches = page[page.index('id="entry-matches"') :]
    assert "BEKOV Dias" in matches and "no valid licence" in matches and "ZHAKUPOV" not in matches
    refused = client.post(url(men) + "?q=беков", {"action": "add", "person": unlicensed.pk, "bib": "7"})
    assert refused.status_code == 200
    assert "has no valid competitor licence for the season of the race" in refused.content.decode()
    assert 'id="entry-matches"' in refused.content.decode()  # the search stays on the page
    assert not men.entries.exists()
    overridden = {"action": "add", "person": unlicensed.pk, "bib": "7", "override": "Licence paid today"}
    assert client.post(url(men), overridden).status_code == 302
    entry = men.entries.get(person=unlicensed)
    assert entry.bib == 7 and entry.licence_override == "Licence paid today"
    assert client.post(url(men), {"action": "add", "person": licensed.pk}).status_code == 302
    assert men.entries.get(person=licensed).fis_code == "6190123"
    bad = client.post(url(men), {"action": "add", "person": "999999"})
    assert bad.status_code == 200 and "No such person in the registry." in bad.content.decode()


def test_the_search_as_other_roles(
    client: Client, men: Race, athlete: Person, tina_timekeeper: User, paul_public: User, alice_admin: User
) -> None:
    login(client, tina_timekeeper)  # works on the race, does not enter people
    page = client.get(url(men), {"q": "zhakupov"})
    assert page.status_code == 200 and 'id="entry-matches"' not in page.content.decode()
    login(client, paul_public)
    assert client.get(url(men), {"q": "zhakupov"}).status_code == 403
    login(client, alice_admin)
    assert "ZHAKUPOV" in client.get(url(men), {"q": "zhakupov"}).content.decode()
    client.logout()
    assert client.get(url(men), {"q": "zhakupov"}).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_the_search_never_fails_for_any_role(
    client: Client, men: Race, athlete: Person, role: str | None, request: pytest.FixtureRequest
) -> None:
    if role is not None:
        login(client, request.getfixturevalue(role))
    assert client.get(url(men), {"q": "жакупов 6190123"}).status_code in {200, 302, 403}
    assert client.post(url(men), {"action": "add", "person": athlete.pk}).status_code in {200, 302, 403}


def test_foreigners_of_the_points_list_are_offered_too(
    client: Client, men: Race, athlete: Person, oscar_organiser: User
) -> None:
    month = dt.timedelta(days=30)
    listed = PointsList.objects.create(number="3", valid_from=RACE_DAY - month, valid_until=RACE_DAY + month)
    rows = [("6190123", "ZHAKUPOV", "Aidar", "KAZ", "M"), ("54321", "HUBER", "Zhan", "AUT", "M"),
            ("54322", "ZHANG", "Wei", "CHN", "M"), ("54323", "ZHANG", "Li", "CHN", "W")]  # fmt: skip
    for code, last, first, nation, gender in rows:
        PointsListEntry.objects.create(points_list=listed, fis_code=code, lastname=last, firstname=first,
                                       nation=nation, gender=gender, points={"SL": "31.50"})  # fmt: skip
    found = entry_search.find(men, "zha")
    assert [m.person for m in found.matches] == [athlete]  # in the registry: found once, as a person
    assert [row.fis_code for row in found.listed] == ["54321", "54322"]  # men only, by name
    assert [row.fis_code for row in entry_search.find(men, "54321").listed] == ["54321"]
    login(client, oscar_organiser)
    page = client.get(url(men), {"q": "zhang"}).content.decode()
    assert "ZHANG Wei" in page and "ZHANG Li" not in page
    assert client.post(url(men), {"action": "add", "fis_code": "54322", "bib": "3"}).status_code == 302
    entry = men.entries.get(fis_code="54322")
    assert (entry.name, entry.nation, str(entry.fis_points)) == ("ZHANG Wei", "CHN", "31.50")
    assert entry_search.find(men, "zhang").listed == []
