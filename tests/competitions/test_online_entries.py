# ruff: noqa: F811 - a fixture of tests/web is imported by name and then requested
"""Online entries: club managers enter their athletes within deadline and quotas; the office decides."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from alatau.competitions import entries, services
from alatau.competitions.entry_models import EntryRequest
from alatau.competitions.models import Race
from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import Role, User
from alatau.errors import InputError
from alatau.licences.services import approve_licence, request_licence, season_of
from alatau.registry.models import Club, Membership, Person
from tests.competitions.conftest import RACE_DAY
from tests.web.conftest import club_ridder, login, make_user  # noqa: F401 - the second club

BEFORE = timezone.make_aware(dt.datetime(2022, 1, 5, 9, 0))
DEADLINE = timezone.make_aware(dt.datetime(2022, 1, 10, 18, 0))
PENDING, CONFIRMED, REFUSED = (EntryRequest.Status.PENDING, EntryRequest.Status.CONFIRMED,
                               EntryRequest.Status.REFUSED)  # fmt: skip


def member(last: str, club: Club, gender: str = "W", licence_by: tuple[User, User] | None = None) -> Person:
    person = Person.objects.create(
        last_name=last,
        first_name="Ada",
        birth_date=dt.date(2005, 2, 2),
        gender=gender,
        fis_code=f"61{last[:5]}",
    )
    Membership.objects.create(person=person, club=club, start_date=dt.date(2020, 7, 1))
    if licence_by is not None:
        manager, admin = licence_by
        asked = request_licence(person, club, "competitor", season_of(RACE_DAY), user=manager)
        approve_licence(asked, user=admin, on=RACE_DAY)
    return person


@pytest.fixture
def skiers(club_shymbulak: Club, carol_manager: User, alice_admin: User) -> dict[str, Person]:
    """Three licensed Shymbulak women, one without a licence and a licensed man."""
    by = (carol_manager, alice_admin)
    return {
        "anna": member("Abenova", club_shymbulak, licence_by=by),
        "bota": member("Baiseitova", club_shymbulak, licence_by=by),
        "dana": member("Dauletova", club_shymbulak, licence_by=by),
        "nolic": member("Nolicence", club_shymbulak),
        "man": member("Mukhanov", club_shymbulak, "M", licence_by=by),
    }


@pytest.fixture
def online(race: Race, oscar_organiser: User) -> Race:
    entries.set_rules(
        oscar_organiser, race, online=True, deadline=DEADLINE, quota_per_club=2, quota_per_nation=None
    )
    return race


def test_a_race_is_closed_until_the_organiser_opens_it(
    race: Race, oscar_organiser: User, tina_timekeeper: User, carol_manager: User, skiers: dict[str, Person]
) -> None:
    with pytest.raises(InputError, match="does not take online entries"):
        entries.request_entries(carol_manager, race, [skiers["anna"]], now=BEFORE)
    with pytest.raises(NotAllowed):
        entries.set_rules(tina_timekeeper, race, online=True, deadline=DEADLINE, quota_per_club=None,
                          quota_per_nation=None)  # fmt: skip
    with pytest.raises(InvalidData, match="deadline"):
        entries.set_rules(oscar_organiser, race, online=True, deadline=None, quota_per_club=None,
                          quota_per_nation=None)  # fmt: skip
    rules = entries.set_rules(oscar_organiser, race, online=True, deadline=DEADLINE, quota_per_club=3,
                              quota_per_nation=None)  # fmt: skip
    assert rules.audit_entries().get().changes["quota_per_club"] == [None, 3]
    assert (
        entries.open_races(now=BEFORE) == [race] and entries.open_races(now=DEADLINE + dt.timedelta(1)) == []
    )


def test_after_the_deadline_entries_are_refused(
    online: Race, carol_manager: User, skiers: dict[str, Person]
) -> None:
    with pytest.raises(InputError, match=r"deadline \(10\.01\.2022"):
        entries.request_entries(
            carol_manager, online, [skiers["anna"]], now=DEADLINE + dt.timedelta(minutes=1)
        )
    assert not EntryRequest.objects.exists()


def test_each_athlete_is_pending_or_refused_with_the_reason(
    online: Race, carol_manager: User, skiers: dict[str, Person]
) -> None:
    people = [skiers[k] for k in ("anna", "nolic", "man", "bota", "dana")]
    made = entries.request_entries(carol_manager, online, people, now=BEFORE)
    verdicts = [(m.person.last_name, m.status, m.reason) for m in made]
    assert verdicts == [
        ("Abenova", PENDING, ""),
        ("Nolicence", REFUSED, "No valid competitor licence for the season of the race."),
        ("Mukhanov", REFUSED, "The race is for the other gender."),
        ("Baiseitova", PENDING, ""),
        ("Dauletova", REFUSED, "The quota of 2 entries per club is full."),
    ]
    again = entries.request_entries(carol_manager, online, [skiers["anna"]], now=BEFORE)[0]
    assert again.status == REFUSED and again.reason == "Already entered in this race."
    assert made[0].audit_entries().get().changes["status"] == [None, PENDING]


def test_a_manager_enters_only_their_own_club_and_nothing_is_half_done(
    online: Race, carol_manager: User, club_ridder: Club, skiers: dict[str, Person]
) -> None:
    stranger = member("Stranger", club_ridder)
    with pytest.raises(NotAllowed, match="not a current member of a club you manage"):
        entries.request_entries(carol_manager, online, [skiers["anna"], stranger], now=BEFORE)
    assert not EntryRequest.objects.exists()


def test_the_quota_per_nation(
    online: Race, oscar_organiser: User, carol_manager: User, skiers: dict[str, Person]
) -> None:
    entries.set_rules(oscar_organiser, online, online=True, deadline=DEADLINE, quota_per_club=None,
                      quota_per_nation=1)  # fmt: skip
    services.add_entries(oscar_organiser, online, [{"name": "GUEST Gia", "nation": "SUI"}])
    first, second = entries.request_entries(
        carol_manager, online, [skiers["anna"], skiers["bota"]], now=BEFORE
    )
    assert first.status == PENDING and second.reason == "The quota of 1 entries for KAZ is full."


def test_the_organiser_confirms_and_refuses(
    online: Race, oscar_organiser: User, carol_manager: User, skiers: dict[str, Person]
) -> None:
    anna, bota = entries.request_entries(carol_manager, online, [skiers["anna"], skiers["bota"]], now=BEFORE)
    with pytest.raises(NotAllowed):
        entries.confirm(carol_manager, anna)
    entries.confirm(oscar_organiser, anna)
    entry = online.entries.get(person=skiers["anna"])
    assert anna.status == CONFIRMED and anna.entry == entry and entry.nation == "KAZ"
    with pytest.raises(Conflict):
        entries.confirm(oscar_organiser, anna)
    with pytest.raises(InvalidData, match="reason"):
        entries.refuse(oscar_organiser, bota, "")
    entries.refuse(oscar_organiser, bota, "Not selected by the coach")
    seen = {r.person.last_name: (r.status, r.reason) for r in entries.requests_for(carol_manager, online)}
    assert seen == {"Abenova": (CONFIRMED, ""), "Baiseitova": (REFUSED, "Not selected by the coach")}
    assert bota.audit_entries().get(action="entry refused").actor == oscar_organiser


def test_withdrawals_before_the_start_and_changes_after_the_draw_are_audited(
    online: Race, oscar_organiser: User, carol_manager: User, tina_timekeeper: User, skiers: dict[str, Person]
) -> None:
    services.add_entries(oscar_organiser, online, [{"bib": 1, "name": "GUEST Gia", "nation": "SUI"}])
    anna, bota = entries.request_entries(carol_manager, online, [skiers["anna"], skiers["bota"]], now=BEFORE)
    entries.confirm(oscar_organiser, anna)
    services.draw_bibs(oscar_organiser, online, seed=7)
    online.refresh_from_db()
    entries.confirm(oscar_organiser, bota)  # a late entry, after the draw
    late = online.entries.get(person=skiers["bota"])
    with pytest.raises(InvalidData, match="give a reason"):
        entries.set_bib(oscar_organiser, late, 3)
    entries.set_bib(oscar_organiser, late, 3, "Late entry confirmed by the jury")
    with pytest.raises(Conflict, match="Bib 3"):
        entries.set_bib(oscar_organiser, online.entries.get(person=skiers["anna"]), 3, "swap")
    entries.withdraw(carol_manager, anna.entry, "Injured in training")
    anna.refresh_from_db()
    assert anna.status == EntryRequest.Status.WITHDRAWN and anna.entry.withdrawn
    actions = [(a.action, a.changes.get("after_draw")) for a in entries.changes_after_draw(online)]
    assert ("withdrawn", [None, True]) in actions and ("bib set", [None, True]) in actions
    assert ("entry confirmed", [None, True]) in actions and ("entered", None) in actions
    guest = online.entries.get(name="GUEST Gia")
    services.set_times(tina_timekeeper, online, 1, [{"bib": guest.bib, "time": "50.00"}])
    with pytest.raises(Conflict, match="record a DNS"):
        entries.withdraw(oscar_organiser, late, "Too late")


def test_another_clubs_manager_may_not_withdraw(
    online: Race, oscar_organiser: User, carol_manager: User, club_ridder: Club, skiers: dict[str, Person]
) -> None:
    asked = entries.request_entries(carol_manager, online, [skiers["anna"]], now=BEFORE)[0]
    entries.confirm(oscar_organiser, asked)
    other = make_user("ridder", Role.CLUB_MANAGER)
    club_ridder.managers.add(other)
    with pytest.raises(NotAllowed):
        entries.withdraw(other, online.entries.get(person=skiers["anna"]), "not mine")
    assert entries.requests_for(other, online).count() == 0


# --- pages -------------------------------------------------------------------------------------------


def test_a_manager_enters_online_and_sees_the_office_decision(
    client: Client, race: Race, oscar_organiser: User, carol_manager: User, skiers: dict[str, Person]
) -> None:
    entries.set_rules(oscar_organiser, race, online=True, deadline=timezone.now() + dt.timedelta(days=3),
                      quota_per_club=None, quota_per_nation=None)  # fmt: skip
    login(client, carol_manager)
    assert f"/en/races/{race.pk}/enter/".encode() in client.get("/en/races/online-entries/").content
    url = f"/en/races/{race.pk}/enter/"
    page = client.get(url).content.decode()
    assert "ABENOVA" in page and "MUKHANOV" not in page  # the men are not offered for a women's race
    sent = client.post(url, {"action": "enter", "people": [skiers["anna"].pk, skiers["nolic"].pk]})
    assert sent.status_code == 302
    assert "No valid competitor licence" in client.get(url).content.decode()
    login(client, oscar_organiser)
    office = f"/en/races/{race.pk}/office/online/"
    asked = EntryRequest.objects.get(person=skiers["anna"])
    assert client.post(office, {"action": "confirm", "request": asked.pk}).status_code == 302
    login(client, carol_manager)
    mine = client.get(url).content.decode()
    assert 'class="request-confirmed"' in mine and "Withdraw" in mine
    gone = client.post(url, {"action": "withdraw", "request": asked.pk, "reason": "Ill"})
    assert gone.status_code == 302 and race.entries.get(person=skiers["anna"]).withdrawn


def test_the_office_page_sets_rules_and_shows_errors(
    client: Client, race: Race, oscar_organiser: User
) -> None:
    login(client, oscar_organiser)
    url = f"/en/races/{race.pk}/office/online/"
    refused = client.post(url, {"action": "rules", "online": "on", "deadline": ""})
    assert refused.status_code == 200 and b"Online entries need a deadline" in refused.content
    done = client.post(
        url, {"action": "rules", "online": "on", "deadline": "2022-01-10T18:00", "quota_per_club": "4"}
    )
    assert done.status_code == 302 and entries.rules_of(race).quota_per_club == 4
    bad = client.post(url, {"action": "rules", "quota_per_club": "-1"})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "persona",
    [None, "alice_admin", "carol_manager", "oscar_organiser", "tina_timekeeper", "rita_referee",
     "ted_delegate", "sue_speaker", "paul_public"],
)  # fmt: skip
def test_the_online_entry_pages_as_every_role(
    client: Client,
    request: pytest.FixtureRequest,
    online: Race,
    skiers: dict[str, Person],
    persona: str | None,
) -> None:
    if persona:
        login(client, request.getfixturevalue(persona))
    for url in (
        "/en/races/online-entries/",
        f"/fr/races/{online.pk}/enter/",
        f"/kk/races/{online.pk}/office/online/",
    ):
        assert client.get(url).status_code in (200, 302, 403), (persona, url)
    posts = [
        (f"/en/races/{online.pk}/enter/", {"action": "enter", "people": [skiers["anna"].pk]}),
        (f"/en/races/{online.pk}/office/online/", {"action": "withdraw", "entry": "1"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (200, 302, 400, 403), (persona, url)


def test_the_menu_leads_managers_and_organisers_to_their_pages(
    client: Client, carol_manager: User, oscar_organiser: User
) -> None:
    login(client, carol_manager)
    menu = client.get("/en/races/").content.decode()
    assert "/en/races/online-entries/" in menu and "/en/races/points-lists/" not in menu
    login(client, oscar_organiser)
    menu = client.get("/en/races/").content.decode()
    assert "/en/races/points-lists/" in menu and "/en/races/online-entries/" not in menu


def test_a_withdrawn_entry_is_marked_on_the_entries_page(
    client: Client, entered: Race, oscar_organiser: User
) -> None:
    entries.withdraw(oscar_organiser, entered.entries.get(bib=2), "Ill")
    login(client, oscar_organiser)
    page = client.get(f"/ru/races/{entered.pk}/office/entries/").content.decode()
    assert 'BRAVO Bea (гость) <span class="muted">(снят(а))</span>' in page
    assert 'ALPHA Anna (гость) <span class="muted">' not in page


def test_a_malformed_request_id_is_a_404(client: Client, online: Race, oscar_organiser: User) -> None:
    login(client, oscar_organiser)
    for value in ("abc", "", "99999"):
        answer = client.post(f"/en/races/{online.pk}/office/online/", {"action": "confirm", "request": value})
        assert answer.status_code == 404, value
