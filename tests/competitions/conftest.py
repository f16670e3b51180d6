# ruff: noqa: F811 - the fixtures of tests/web are imported by name and then requested
"""Race-office fixtures: the personas of tests/web, an event with a two-run GS and its entries."""

import datetime as dt
from decimal import Decimal

import pytest

from alatau.competitions import services
from alatau.competitions.models import Event, Race
from alatau.core.models import User
from alatau.licences.services import approve_licence, request_licence, season_of
from alatau.registry.models import Person
from tests.web.conftest import (  # noqa: F401 - fixtures shared with the web tests
    alice_admin,
    almaty_region,
    athlete,
    carol_manager,
    club_shymbulak,
    english,
    oscar_organiser,
    paul_public,
    reference_data,
    rita_referee,
    sue_speaker,
    ted_delegate,
    tina_timekeeper,
)

RACE_DAY = dt.date(2022, 1, 15)

#: Eight foreign guests with list points, and their run times (run 1, run 2).
FIELD = [
    (1, "GUEST1", "ALPHA Anna", "AUT", "10.00", "50.10", "51.00"),
    (2, "GUEST2", "BRAVO Bea", "SUI", "12.00", "50.50", "50.90"),
    (3, "GUEST3", "CHARLIE Cai", "ITA", "15.00", "51.00", "51.20"),
    (4, "GUEST4", "DELTA Dora", "FRA", "20.00", "51.30", "51.40"),
    (5, "GUEST5", "ECHO Eva", "GER", "25.00", "51.80", "52.00"),
    (6, "GUEST6", "FOX Fay", "NOR", "30.00", "52.10", "52.50"),
    (7, "GUEST7", "GOLF Gia", "SWE", None, "53.00", "53.10"),
]


@pytest.fixture
def event(oscar_organiser: User) -> Event:
    return services.create_event(
        oscar_organiser, name="Almaty Cup", place="Shymbulak", nation="KAZ",
        start_date=RACE_DAY, end_date=RACE_DAY + dt.timedelta(days=1), status=Event.Status.PUBLISHED,
    )  # fmt: skip


@pytest.fixture
def race(event: Event, oscar_organiser: User) -> Race:
    return services.create_race(
        oscar_organiser, event=event, codex="0123", discipline="GS", gender="W", category="FIS",
        date=RACE_DAY, runs=2, season="2021-22",
    )  # fmt: skip


@pytest.fixture
def entered(race: Race, oscar_organiser: User) -> Race:
    items = [
        {"bib": bib, "fis_code": code, "name": name, "nation": nation,
         "fis_points": None if points is None else Decimal(points)}
        for bib, code, name, nation, points, _r1, _r2 in FIELD
    ]  # fmt: skip
    services.add_entries(oscar_organiser, race, items)
    return race


@pytest.fixture
def timed(entered: Race, tina_timekeeper: User) -> Race:
    for run in (1, 2):
        items = [{"bib": row[0], "time": row[5 + run - 1]} for row in FIELD]
        services.set_times(tina_timekeeper, entered, run, items)
    return entered


@pytest.fixture
def licensed(athlete: Person, carol_manager: User, alice_admin: User, club_shymbulak: object) -> Person:
    season = season_of(RACE_DAY)
    licence = request_licence(athlete, club_shymbulak, "competitor", season, user=carol_manager)  # type: ignore[arg-type]
    licence = approve_licence(licence, user=alice_admin, on=RACE_DAY)
    return athlete
