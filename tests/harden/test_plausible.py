"""Implausible data is refused alike by the forms, the imports and the API: dates and nationalities."""

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.imports import services as imports
from alatau.imports.members import guess_mapping
from alatau.imports.parsing import read_table
from alatau.registry import services
from alatau.registry.models import Club, Membership, Person
from alatau.registry.plausible import (
    birth_date_problem,
    membership_start_problem,
    nation_codes,
    nationality_problem,
)
from tests.web.apiclient import ApiClient
from tests.web.conftest import login

PERSON = {"last_name": "Sa", "first_name": "Ok", "birth_date": "2001-02-03", "gender": "M"}
TOMORROW = dt.date.today() + dt.timedelta(days=1)
BAD_BIRTHS = ["0001-01-01", "1899-12-31", "9999-12-31", TOMORROW.isoformat()]
BAD_NATIONS = ["k;1", "XYZ", "URS", "12A"]


def test_every_nation_of_a_real_fis_list_is_a_known_code(shared: Any) -> None:
    path: Path = shared("reference/fis/FIS-points-list-AL-2022-331.csv")
    with path.open(encoding="utf-8-sig") as file:
        used = {row["Nationcode"] for row in csv.DictReader(file)}
    assert len(used) > 100
    assert used <= set(nation_codes())
    assert len(nation_codes()) == 206  # the current National Olympic Committees
    assert all(nationality_problem(code) is None for code in used)


@pytest.mark.parametrize("code", BAD_NATIONS)
def test_unknown_nations_are_problems(code: str) -> None:
    assert nationality_problem(code)


def test_the_date_rules() -> None:
    today = dt.date(2026, 1, 1)
    assert birth_date_problem(dt.date(1900, 1, 1), today) is None
    assert birth_date_problem(today, today) is None
    assert birth_date_problem(dt.date(1899, 12, 31), today)
    assert birth_date_problem(dt.date(2026, 1, 2), today)
    born = dt.date(2010, 5, 5)
    assert membership_start_problem(dt.date(2010, 5, 5), born, today) is None
    assert "before the birth date" in (membership_start_problem(dt.date(2010, 5, 4), born, today) or "")
    assert membership_start_problem(dt.date(9999, 1, 1), born, today)


# --- the API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("born", BAD_BIRTHS)
def test_the_api_refuses_implausible_birth_dates(client: Client, alice_admin: User, born: str) -> None:
    response = ApiClient(client, alice_admin).post("/people", {**PERSON, "birth_date": born})
    assert response.status_code == 422, response.content
    assert "birth_date" in response.json()["errors"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("code", BAD_NATIONS)
def test_the_api_refuses_unknown_nations(
    client: Client, alice_admin: User, athlete: Person, code: str
) -> None:
    api = ApiClient(client, alice_admin)
    assert api.post("/people", {**PERSON, "nationality": code}).status_code == 422
    assert api.patch(f"/people/{athlete.pk}", {"nationality": code}).status_code == 422
    athlete.refresh_from_db()
    assert athlete.nationality == "KAZ"
    assert api.patch(f"/people/{athlete.pk}", {"nationality": "GER"}).status_code == 200


def test_the_api_refuses_a_membership_before_birth(
    client: Client, alice_admin: User, club_shymbulak: Club, club_ridder: Club, athlete: Person
) -> None:
    api = ApiClient(client, alice_admin)
    body = {**PERSON, "birth_date": "2015-06-01", "club_id": club_shymbulak.pk, "start_date": "2015-05-31"}
    created = api.post("/people", body)
    assert created.status_code == 422 and "start_date" in created.json()["errors"]
    assert not Person.objects.filter(first_name="Ok").exists()
    moved = api.post(
        f"/people/{athlete.pk}/memberships", {"club_id": club_ridder.pk, "start_date": "9999-01-01"}
    )
    assert moved.status_code == 422
    assert Membership.objects.filter(person=athlete).count() == 1


def test_leaving_is_dated_plausibly(alice_admin: User, athlete: Person) -> None:
    with pytest.raises(services.InvalidData):
        services.leave_club(athlete, user=alice_admin, end_date=dt.date(9999, 12, 31))
    assert Membership.objects.get(person=athlete).end_date is None


# --- the pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [("birth_date", "0001-01-01"), ("nationality", "k;1")])
def test_the_form_refuses_them(client: Client, alice_admin: User, field: str, value: str) -> None:
    login(client, alice_admin)
    data = {**PERSON, "nationality": "KAZ", field: value}
    response = client.post(reverse("registry:person-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Person.objects.exists()


def test_the_form_takes_a_lower_case_nation(client: Client, alice_admin: User) -> None:
    login(client, alice_admin)
    response = client.post(reverse("registry:person-create"), {**PERSON, "nationality": "ger"})
    assert response.status_code == 302
    assert Person.objects.get().nationality == "GER"


def test_the_form_refuses_a_membership_before_birth(
    client: Client, carol_manager: User, club_shymbulak: Club
) -> None:
    login(client, carol_manager)
    data = {**PERSON, "nationality": "KAZ", "club": club_shymbulak.pk, "member_since": "2001-02-02"}
    response = client.post(reverse("registry:person-create"), data)
    assert response.status_code == 200
    assert "before the birth date" in " ".join(response.context["form"].errors["member_since"])
    assert not Person.objects.exists()


# --- the imports -----------------------------------------------------------------------------------


def test_the_import_refuses_them(carol_manager: User, club_shymbulak: Club) -> None:
    data = (
        "last_name;first_name;birth_date;gender;nationality\n"
        "Old;One;01.01.0001;M;KAZ\n"
        "Late;Two;31.12.9999;W;KAZ\n"
        "Odd;Three;2001-02-03;M;k;1\n"
        "Fine;Four;2001-02-03;W;ger\n"
    )
    table = read_table(data.encode(), "members.csv")
    report = imports.check_import(table, guess_mapping(table), club=club_shymbulak)
    assert [(p.row, p.field) for p in report.problems] == [
        (2, "birth_date"),
        (3, "birth_date"),
        (4, "nationality"),
    ]
    assert [m.nationality for m in report.members] == ["GER"]


def test_an_import_cannot_start_a_membership_before_birth(carol_manager: User, club_shymbulak: Club) -> None:
    table = read_table(b"last_name;first_name;birth_date;gender\nNew;Born;2020-03-01;W\n", "members.csv")
    report = imports.check_import(
        table, guess_mapping(table), club=club_shymbulak, start_date=dt.date(2020, 2, 1)
    )
    assert [(p.row, p.field) for p in report.problems] == [(2, "start_date")]


def test_the_admin_refuses_a_membership_before_birth(athlete: Person, club_ridder: Club) -> None:
    from django.core.exceptions import ValidationError

    membership = Membership(person=athlete, club=club_ridder, start_date=dt.date(2006, 3, 13))
    with pytest.raises(ValidationError) as refused:
        membership.full_clean(validate_constraints=False)
    assert "start_date" in refused.value.message_dict
    Membership(person=athlete, club=club_ridder, start_date=dt.date(2006, 3, 14)).full_clean(
        validate_constraints=False
    )
