"""People search is case-insensitive in every script, on SQLite as on PostgreSQL (the folded search name)."""

import datetime as dt
import importlib
import unicodedata
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.imports import services as imports
from alatau.imports.members import guess_mapping
from alatau.imports.parsing import read_table
from alatau.licences.services import request_licence, season_of, today
from alatau.registry.models import Club, Membership, Person
from alatau.registry.search import search_key, search_text
from tests.web.conftest import login

# Kazakh names that use each of the letters Kazakh adds to Russian Cyrillic: Ә Ғ Қ Ң Ө Ұ Ү Һ І.
KAZAKH = [
    ("Әбілқасымов", "Ғалымжан"),
    ("Өмірзақов", "Ұлжан"),
    ("Үсенова", "Іңкәр"),
    ("Һадиев", "Қуаныш"),
]


@pytest.fixture
def kazakhs(club_shymbulak: Club) -> list[Person]:
    people = []
    for number, (last, first) in enumerate(KAZAKH):
        person = Person.objects.create(
            last_name=f"Latin{number}",
            first_name="Name",
            last_name_cyrillic=last,
            first_name_cyrillic=first,
            birth_date=dt.date(2000, 1, 1 + number),
            gender="W",
        )
        Membership.objects.create(person=person, club=club_shymbulak, start_date=dt.date(2020, 1, 1))
        people.append(person)
    return people


def test_search_key_folds_kazakh_letters_and_normalises() -> None:
    assert search_key("ӘҒҚҢӨҰҮҺІ") == "әғқңөұүһі"
    assert search_key("ЖАКУПОВ") == search_key("жакупов") == "жакупов"
    assert search_key("Королёв") == search_key("КОРОЛЕВ")  # "ё" is written "е" as often as not
    assert search_key(unicodedata.normalize("NFD", "Йошкар")) == "йошкар"  # й typed as и + breve
    assert search_text(["Zhakupov", "", None, "Жакупов", "6190123"]) == "zhakupov жакупов 6190123"


def test_save_keeps_the_search_name_current(athlete: Person) -> None:
    assert athlete.search_name == "zhakupov aidar жакупов айдар 6190123"
    athlete.last_name_cyrillic = "Жақыпов"
    athlete.save(update_fields=["last_name_cyrillic"])
    athlete.refresh_from_db()
    assert "жақыпов" in athlete.search_name and "жакупов" not in athlete.search_name


def test_bulk_writes_fill_the_search_name(db: None) -> None:
    made = Person.objects.bulk_create(
        [Person(last_name="Ömir", first_name="Ali", birth_date=dt.date(2001, 1, 1), gender="M")]
    )
    assert Person.objects.get(pk=made[0].pk).search_name == "ömir ali"
    made[0].last_name_cyrillic = "ӨМІР"
    Person.objects.bulk_update(made, ["last_name_cyrillic"])
    assert Person.objects.get(pk=made[0].pk).search_name == "ömir ali өмір"


def test_the_migration_fills_people_registered_before_it(athlete: Person) -> None:
    Person.objects.update(search_name="")
    migration = importlib.import_module("alatau.registry.migrations.0003_person_search_name")
    migration.fill_search_names(django_apps, connection.schema_editor())
    assert Person.objects.get(pk=athlete.pk).search_name == "zhakupov aidar жакупов айдар 6190123"


def listed(client: Client, q: str) -> set[str]:
    response = client.get(reverse("registry:person-list"), {"q": q})
    return {str(person) for person in response.context["page"]}


@pytest.mark.parametrize(
    "q", ["жакуп", "ЖАКУП", "Жакупов айдар", "АЙДАР жАкУпОв", "zhakupov", "ZHAK", "6190123"]
)
def test_people_list_finds_any_case_and_script(
    client: Client, sam_staff: User, athlete: Person, q: str
) -> None:
    login(client, sam_staff)
    assert listed(client, q) == {"ZHAKUPOV Aidar"}


def test_people_list_finds_kazakh_letters_in_either_case(
    client: Client, sam_staff: User, kazakhs: list[Person]
) -> None:
    login(client, sam_staff)
    for person, (last, first) in zip(kazakhs, KAZAKH, strict=True):
        for q in (last.upper(), last.lower(), first[:3].lower(), f"{first.upper()} {last[:4].lower()}"):
            assert listed(client, q) == {str(person)}, q
    assert listed(client, "ЖОҚ") == set()  # nobody's name holds it


def test_api_q_finds_any_case_and_script(
    client: Client, kazakhs: list[Person], athlete: Person, sam_staff: User
) -> None:
    login(client, sam_staff)  # the public finds only the published people (docs/privacy.md)

    def ids(q: str) -> list[int]:
        return [p["id"] for p in client.get("/api/v1/people", {"q": q}).json()["items"]]

    assert ids("жакупов") == ids("ЖАКУПОВ") == [athlete.pk]
    assert ids("ҰЛЖАН") == ids("ұлжан") == [kazakhs[1].pk]
    assert ids("іңкәр үсенова") == [kazakhs[2].pk]


def test_imported_people_are_found(client: Client, carol_manager: User, club_shymbulak: Club) -> None:
    text = "Фамилия;Имя;Last name;First name;Дата рождения;Пол\nӘБЕНОВ;ЕРЛАН;Abenov;Erlan;03.02.2001;М\n"
    table = read_table(text.encode("utf-8"), "members.csv")
    imports.import_members(table, guess_mapping(table), club_shymbulak, user=carol_manager)
    login(client, carol_manager)
    assert listed(client, "әбенов ерлан") == {"ABENOV Erlan"}


def test_licence_list_finds_the_person_in_any_case(
    client: Client, carol_manager: User, athlete: Person, club_shymbulak: Club
) -> None:
    request_licence(athlete, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
    login(client, carol_manager)

    def found(q: str) -> int:
        return int(client.get(reverse("licences:licence-list"), {"q": q}).context["page"].paginator.count)

    assert (found("ЖАКУП"), found("жакуп"), found("айдар"), found("нет")) == (1, 1, 1, 0)


def test_admin_search_is_case_insensitive_too(
    client: Client, alice_admin: User, kazakhs: list[Person]
) -> None:
    login(client, alice_admin)
    response: Any = client.get(reverse("admin:registry_person_changelist"), {"q": "өмірзақов"})
    assert [p.pk for p in response.context["cl"].result_list] == [kazakhs[1].pk]


# --- clubs: the same folded search name, from the name, short name and town -----------------------------


@pytest.fixture
def kazakh_clubs(almaty_region: Any) -> list[Club]:
    return [
        Club.objects.create(
            name="Қыран шаңғы клубы", short_name="ҚЫРАН", region=almaty_region, town="Алматы"
        ),
        Club.objects.create(name="Өскемен Альпы", short_name="", region=almaty_region, town="Өскемен"),
        Club.objects.create(name="Ridder Alpine", short_name="RA", region=almaty_region, town="Риддер"),
    ]


def test_club_search_name_is_filled_and_kept_current(kazakh_clubs: list[Club]) -> None:
    kyran = kazakh_clubs[0]
    assert kyran.search_name == "қыран шаңғы клубы қыран алматы"
    kyran.town = "ТАЛҒАР"
    kyran.save(update_fields=["town"])
    assert Club.objects.get(pk=kyran.pk).search_name == "қыран шаңғы клубы қыран талғар"


def test_the_migration_fills_clubs_registered_before_it(kazakh_clubs: list[Club]) -> None:
    Club.objects.update(search_name="")
    migration = importlib.import_module("alatau.registry.migrations.0004_club_search_name")
    migration.fill_search_names(django_apps, connection.schema_editor())
    assert Club.objects.get(pk=kazakh_clubs[1].pk).search_name == "өскемен альпы өскемен"


def clubs_listed(client: Client, q: str) -> set[str]:
    response = client.get(reverse("registry:club-list"), {"q": q})
    return {club.name for club in response.context["page"]}


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("қыран", {"Қыран шаңғы клубы"}),
        ("ҚЫРАН ШАҢҒЫ", {"Қыран шаңғы клубы"}),
        ("алматы", {"Қыран шаңғы клубы"}),  # the town
        ("өскемен", {"Өскемен Альпы"}),
        ("ӨСКЕМЕН альпы", {"Өскемен Альпы"}),
        ("риддер", {"Ridder Alpine"}),
        ("ra", {"Ridder Alpine"}),  # the short name
        ("ALPINE риддер", {"Ridder Alpine"}),
        ("жоқ", set()),
    ],
)
def test_club_list_finds_any_case_and_script(
    client: Client, kazakh_clubs: list[Club], q: str, found: set[str]
) -> None:
    assert clubs_listed(client, q) == found  # the club directory is public


def test_api_club_q_finds_any_case_and_script(client: Client, kazakh_clubs: list[Club]) -> None:
    def ids(q: str) -> list[int]:
        return [c["id"] for c in client.get("/api/v1/clubs", {"q": q}).json()["items"]]

    assert ids("ҚЫРАН") == ids("қыран") == ids("АЛМАТЫ") == [kazakh_clubs[0].pk]
    assert ids("өскемен") == ids("ӨСКЕМЕН") == [kazakh_clubs[1].pk]
    assert ids("риддер ALP") == [kazakh_clubs[2].pk]
    assert ids("клуб жоқ") == []


def test_a_club_edited_through_the_api_is_found_by_its_new_name(
    client: Client, alice_admin: User, kazakh_clubs: list[Club]
) -> None:
    from alatau.api.clubs import save_club

    save_club(kazakh_clubs[2], {"name": "Ертіс Альпі"}, alice_admin)
    assert clubs_listed(client, "ЕРТІС") == {"Ертіс Альпі"}
    assert clubs_listed(client, "ridder alpine") == set()


def test_club_admin_search_and_autocomplete_fold_too(
    client: Client, alice_admin: User, kazakh_clubs: list[Club]
) -> None:
    login(client, alice_admin)
    response: Any = client.get(reverse("admin:registry_club_changelist"), {"q": "ӨСКЕМЕН"})
    assert [c.pk for c in response.context["cl"].result_list] == [kazakh_clubs[1].pk]
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "қыран", "app_label": "registry", "model_name": "membership", "field_name": "club"},
    ).json()
    assert [int(r["id"]) for r in found["results"]] == [kazakh_clubs[0].pk]
