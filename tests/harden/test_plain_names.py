"""Names refuse control characters and text-direction overrides at every face, with a clear error."""

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.core.text import problem
from alatau.imports import services as imports
from alatau.imports.members import guess_mapping
from alatau.imports.parsing import read_table
from alatau.registry.models import Club, Person
from tests.web.apiclient import ApiClient
from tests.web.conftest import login

BAD = [
    "Nul\x00l",
    "Vert\x0bical",
    "Tab\tbed",
    "C1\x85x",
    "Del\x7f",
    "\u202eRTL",
    "Iso\u2066late",
    "Mark\u200fed",
]
PERSON = {"last_name": "Sa", "first_name": "Ok", "birth_date": "2001-02-03", "gender": "M"}


@pytest.mark.parametrize("name", BAD)
def test_the_rule(name: str) -> None:
    reason = problem(name)
    assert reason and "U+" in reason


@pytest.mark.parametrize("name", ["Жакупов", "O'Brien-Smith", "Müller", "Nguyễn", "Zhakupov Jr."])
def test_real_names_pass(name: str) -> None:
    assert problem(name) is None


@pytest.mark.parametrize("name", BAD)
def test_the_api_refuses_them(client: Client, alice_admin: User, athlete: Person, name: str) -> None:
    api = ApiClient(client, alice_admin)
    created = api.post("/people", {**PERSON, "last_name": name})
    assert created.status_code == 422, created.content
    assert "U+" in created.content.decode()
    patched = api.patch(f"/people/{athlete.pk}", {"first_name_cyrillic": name})
    assert patched.status_code == 422
    assert not Person.objects.filter(first_name_cyrillic=name).exists()


def test_the_api_refuses_them_in_club_names(client: Client, alice_admin: User, club_shymbulak: Club) -> None:
    api = ApiClient(client, alice_admin)
    response = api.patch(f"/clubs/{club_shymbulak.pk}", {"name": "Shym\x00bulak"})
    assert response.status_code == 422
    created = api.post("/clubs", {"name": "\u202eX", "region": "almaty", "town": "T"})
    assert created.status_code == 422


def test_the_form_refuses_them(client: Client, alice_admin: User) -> None:
    login(client, alice_admin)
    data = {**PERSON, "last_name": "Bad\u202ename", "nationality": "KAZ"}
    response = client.post(reverse("registry:person-create"), data)
    assert response.status_code == 200
    assert "U+202E" in response.content.decode()
    assert not Person.objects.filter(first_name="Ok").exists()


def test_the_import_refuses_them(alice_admin: User) -> None:
    data = b"last_name;first_name;birth_date;gender\nBad\x0bname;Ok;2001-02-03;M\n"
    table = read_table(data, "members.csv")
    report = imports.check_import(table, guess_mapping(table))
    assert [p.field for p in report.problems] == ["last_name"]
    assert "U+000B" in report.problems[0].message
