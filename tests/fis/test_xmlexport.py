"""The service behind ``alatau race xml``: names of officials, the season of a race, list look-ups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from alatau.errors import InputError
from alatau.fis.pointslist import read_points_list
from alatau.fis.results import Entry
from alatau.fis.seasons import season_names
from alatau.fis.xmlexport import fill_from_list, gender_from_list, jury_member, parse_person, season_rules
from alatau.fis.xmlresults import Person


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("IVANOV Ivan (KAZ)", Person("IVANOV", "Ivan", "KAZ")),
        ("DE LA CRUZ Maria José (esp)", Person("DE LA CRUZ", "Maria José", "ESP")),
        ("Ivan Ivanov", Person("Ivan", "Ivanov", "")),
        ("  OMAROV  ", Person("OMAROV", "", "")),
    ],
)
def test_parse_person(text: str, person: Person) -> None:
    assert parse_person(text) == person


def test_jury_member_checks_the_function() -> None:
    assert jury_member("Referee", "OMAROV Aidos (KAZ)").nation == "KAZ"
    with pytest.raises(InputError, match="unknown jury function 'Starter'"):
        jury_member("Starter", "OMAROV Aidos (KAZ)")
    with pytest.raises(InputError, match="is not a name"):
        jury_member("Referee", " (KAZ)")


def test_season_of_a_race() -> None:
    assert season_rules(None, date(2022, 1, 5)).name == "2021-22"
    assert season_rules(None, date(2031, 1, 5)).name == season_names()[-1]  # no table: the latest
    assert season_rules("2021/22", date(2031, 1, 5)).name == "2021-22"  # an explicit season wins


def test_fill_from_list_keeps_given_points(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Fiscode,Lastname,Firstname,Nationcode,Gender,Birthdate,SLpoints\n"
        "100001,ONE,A,KAZ,W,2003-02-01,40.00\n100002,TWO,B,KAZ,W,2004-02-01,\n"
    )
    listed = read_points_list(path)
    entries = [
        Entry(1, "100001", "ONE A", "KAZ"),
        Entry(2, "100002", "TWO B", "KAZ"),
        Entry(3, "100001", "ONE A", "KAZ", fis_points=Decimal("12.00"), birth_year=2002),
        Entry(4, "", "NOBODY", "KAZ"),
    ]
    filled = fill_from_list(entries, listed, "SL")
    assert [(e.fis_points, e.birth_year) for e in filled] == [
        (Decimal("40.00"), 2003),
        (None, 2004),
        (Decimal("12.00"), 2002),
        (None, None),
    ]
    assert gender_from_list(entries, listed) == "W"
    assert gender_from_list(entries, None) == "M"
