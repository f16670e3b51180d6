"""Registry pages: clubs, people, duplicates, membership; no N+1 queries on the lists."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.registry.models import Club, Discipline, Membership, Person, Region
from tests.web.conftest import login

NEW = {
    "last_name": "Abenova",
    "first_name": "Dana",
    "last_name_cyrillic": "Абенова",
    "first_name_cyrillic": "Дана",
    "birth_date": "2010-05-02",
    "gender": "W",
    "nationality": "kaz",
    "is_athlete": "on",
}


def many_people(club: Club, count: int) -> None:
    people = Person.objects.bulk_create(
        Person(
            last_name=f"Name{i:03d}", first_name="Test", birth_date=dt.date(2000, 1, 1 + i % 28), gender="M"
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(person=p, club=club, start_date=dt.date(2020, 1, 1)) for p in people
    )


def test_club_directory_is_public_and_filters(
    client: Client, club_shymbulak: Club, club_ridder: Club
) -> None:
    page = client.get(reverse("registry:club-list")).content.decode()
    assert "Shymbulak Ski Club" in page and "Ridder Alpine" in page
    east = Region.objects.get(code="east-kazakhstan")
    page = client.get(reverse("registry:club-list"), {"region": east.pk}).content.decode()
    assert "Ridder Alpine" in page and "Shymbulak Ski Club" not in page
    alpine = Discipline.objects.get(code="alpine")
    page = client.get(reverse("registry:club-list"), {"discipline": alpine.pk}).content.decode()
    assert "Shymbulak Ski Club" in page and "Ridder Alpine" not in page


def test_club_list_queries_do_not_grow_with_clubs(
    client: Client, almaty_region: Region, django_assert_max_num_queries: Any
) -> None:
    alpine = Discipline.objects.get(code="alpine")
    for i in range(30):
        Club.objects.create(name=f"Club {i}", region=almaty_region, town="Almaty").disciplines.add(alpine)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("registry:club-list")).status_code == 200


def test_public_club_page_hides_members(
    client: Client, athlete: Person, club_shymbulak: Club, carol_manager: User
) -> None:
    url = reverse("registry:club-detail", args=[club_shymbulak.pk])
    assert "Zhakupov".upper() not in client.get(url).content.decode()
    login(client, carol_manager)
    assert "ZHAKUPOV" in client.get(url).content.decode()


def test_people_list_queries_do_not_grow_with_people(
    client: Client, sam_staff: User, club_shymbulak: Club, django_assert_max_num_queries: Any
) -> None:
    many_people(club_shymbulak, 40)
    login(client, sam_staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registry:person-list"))
    assert response.content.decode().count("Shymbulak Ski Club") >= 40


def test_people_search_and_filters(
    client: Client, sam_staff: User, athlete: Person, ridder_member: Person, club_ridder: Club
) -> None:
    login(client, sam_staff)
    url = reverse("registry:person-list")
    assert "ZHAKUPOV" in client.get(url, {"q": "Жакупов"}).content.decode()
    assert "ZHAKUPOV" in client.get(url, {"q": "6190123"}).content.decode()
    only_women = client.get(url, {"gender": "W"}).content.decode()
    assert "OTHER" in only_women and "ZHAKUPOV" not in only_women
    ridder = client.get(url, {"club": club_ridder.pk}).content.decode()
    assert "OTHER" in ridder and "ZHAKUPOV" not in ridder
    assert client.get(url, {"club": "not-an-id", "page": "999"}).status_code == 200


def test_manager_registers_a_person_in_their_club(
    client: Client, carol_manager: User, club_shymbulak: Club
) -> None:
    login(client, carol_manager)
    response = client.post(
        reverse("registry:person-create"), {**NEW, "club": club_shymbulak.pk, "member_since": "2024-09-01"}
    )
    person = Person.objects.get(last_name="Abenova")
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:person-detail", args=[person.pk]
    )
    assert person.nationality == "KAZ" and person.memberships.get().club == club_shymbulak
    page = client.get(response["Location"]).content.decode()
    assert "History of changes" in page and "Абенова" in page


def test_manager_cannot_pick_another_club(client: Client, carol_manager: User, club_ridder: Club) -> None:
    login(client, carol_manager)
    response = client.post(reverse("registry:person-create"), {**NEW, "club": club_ridder.pk})
    assert response.status_code == 200 and "club" in response.context["form"].errors
    no_club = client.post(reverse("registry:person-create"), NEW)
    assert "club" in no_club.context["form"].errors
    assert not Person.objects.filter(last_name="Abenova").exists()


def test_bad_input_shows_errors_and_saves_nothing(client: Client, alice_admin: User) -> None:
    login(client, alice_admin)
    response = client.post(
        reverse("registry:person-create"), {**NEW, "birth_date": "31.02.2010", "gender": ""}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"birth_date", "gender"}
    future = client.post(reverse("registry:person-create"), {**NEW, "birth_date": "2999-01-01"})
    assert "birth_date" in future.context["form"].errors
    assert Person.objects.count() == 0


def test_duplicate_warning_then_confirmation(client: Client, alice_admin: User, athlete: Person) -> None:
    login(client, alice_admin)
    twin = {**NEW, "last_name": "Zhakupov", "first_name": "Aidar", "birth_date": "2006-03-14", "gender": "M"}
    response = client.post(reverse("registry:person-create"), twin)
    assert response.status_code == 200 and response.context["duplicates"] == [athlete]
    assert 'id="duplicates"' in response.content.decode()
    response = client.post(reverse("registry:person-create"), {**twin, "confirm_duplicate": "on"})
    assert response.status_code == 302 and Person.objects.filter(last_name="Zhakupov").count() == 2


def test_same_fis_code_is_refused_on_the_form(client: Client, alice_admin: User, athlete: Person) -> None:
    login(client, alice_admin)
    response = client.post(reverse("registry:person-create"), {**NEW, "fis_code": athlete.fis_code})
    assert response.status_code == 200 and "fis_code" in response.context["form"].errors
    assert not Person.objects.filter(last_name="Abenova").exists()


def test_edit_is_logged_and_shown(client: Client, carol_manager: User, athlete: Person) -> None:
    login(client, carol_manager)
    url = reverse("registry:person-edit", args=[athlete.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(url, {**data, "phone": "+7 701 555 1234", "birth_date": "2006-03-14"})
    assert response.status_code == 302
    page = client.get(reverse("registry:person-detail", args=[athlete.pk])).content.decode()
    assert "+7 701 555 1234" in page and "carol" in page


@pytest.mark.parametrize("persona", ["sam_staff", "oscar_organiser", "paul_public"])
def test_read_only_roles_cannot_edit(
    persona: str, request: pytest.FixtureRequest, client: Client, athlete: Person
) -> None:
    login(client, request.getfixturevalue(persona))
    response = client.post(reverse("registry:person-edit", args=[athlete.pk]), {"phone": "1"})
    assert response.status_code == 403
    athlete.refresh_from_db()
    assert athlete.phone == ""


def test_change_club(client: Client, alice_admin: User, athlete: Person, club_ridder: Club) -> None:
    login(client, alice_admin)
    url = reverse("registry:person-join", args=[athlete.pk])
    bad = client.post(url, {"club": club_ridder.pk, "start_date": "2010-01-01"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert client.post(url, {"club": club_ridder.pk, "start_date": "2025-07-01"}).status_code == 302
    assert athlete.memberships.get(end_date__isnull=True).club == club_ridder


def test_admin_registers_a_club_with_a_manager(
    client: Client, alice_admin: User, carol_manager: User, almaty_region: Region
) -> None:
    login(client, alice_admin)
    response = client.post(
        reverse("registry:club-create"),
        {
            "name": "Medeu Racing",
            "region": almaty_region.pk,
            "town": "Almaty",
            "website": "medeu.kz",
            "disciplines": [Discipline.objects.get(code="alpine").pk],
            "managers": [carol_manager.pk],
        },
    )
    club = Club.objects.get(name="Medeu Racing")
    assert response.status_code == 302 and list(club.managers.all()) == [carol_manager]
    assert club.website == "https://medeu.kz"
    assert club.audit_entries().get().action == "created"


def test_manager_edits_own_club_but_not_its_managers(
    client: Client, carol_manager: User, club_shymbulak: Club, club_ridder: Club
) -> None:
    login(client, carol_manager)
    url = reverse("registry:club-edit", args=[club_shymbulak.pk])
    form = client.get(url).context["form"]
    assert "managers" not in form.fields
    response = client.post(
        url,
        {
            "name": club_shymbulak.name,
            "region": club_shymbulak.region_id,
            "town": "Almaty",
            "phone": "+7 727 000 0000",
        },
    )
    assert response.status_code == 302
    club_shymbulak.refresh_from_db()
    assert club_shymbulak.phone == "+7 727 000 0000"
    assert club_shymbulak.audit_entries().get().changes["phone"] == ["", "+7 727 000 0000"]
    assert client.get(reverse("registry:club-edit", args=[club_ridder.pk])).status_code == 403
