"""Registry services: creating and editing people, duplicates, club membership, who may do it."""

import datetime as dt

import pytest

from alatau.core.errors import Conflict, DuplicatePerson, InvalidData, NotAllowed
from alatau.core.models import User
from alatau.registry.models import Club, Membership, Person
from alatau.registry.services import (
    create_person,
    current_membership,
    find_duplicates,
    join_club,
    leave_club,
    update_person,
    visible_clubs,
    visible_people,
)

NEW = {"last_name": "Abenova", "first_name": "Dana", "birth_date": dt.date(2010, 5, 2), "gender": "W"}


def test_manager_registers_a_member_of_their_club(carol_manager: User, club_shymbulak: Club) -> None:
    person = create_person(NEW, user=carol_manager, club=club_shymbulak, start_date=dt.date(2024, 9, 1))
    membership = current_membership(person)
    assert membership is not None and membership.club == club_shymbulak
    actions = [entry.action for entry in person.audit_entries()]
    assert sorted(actions) == ["created", "joined club"]
    created = next(e for e in person.audit_entries() if e.action == "created")
    assert created.actor == carol_manager
    assert created.changes["last_name"] == [None, "Abenova"]


def test_manager_cannot_register_in_another_club(carol_manager: User, club_ridder: Club) -> None:
    with pytest.raises(NotAllowed):
        create_person(NEW, user=carol_manager, club=club_ridder)
    with pytest.raises(NotAllowed):
        create_person(NEW, user=carol_manager)
    assert not Person.objects.filter(last_name="Abenova").exists()


@pytest.mark.parametrize("persona", ["sam_staff", "oscar_organiser", "edith_educator", "paul_public"])
def test_read_only_roles_cannot_register(
    persona: str, request: pytest.FixtureRequest, club_shymbulak: Club
) -> None:
    with pytest.raises(NotAllowed):
        create_person(NEW, user=request.getfixturevalue(persona), club=club_shymbulak)


def test_same_fis_code_is_a_duplicate_even_when_allowed(alice_admin: User, athlete: Person) -> None:
    data = {**NEW, "fis_code": athlete.fis_code}
    with pytest.raises(DuplicatePerson) as caught:
        create_person(data, user=alice_admin, allow_duplicate=True)
    assert caught.value.duplicates == [athlete]


def test_same_name_and_birth_date_is_a_duplicate_unless_confirmed(alice_admin: User, athlete: Person) -> None:
    data = {"last_name": "ZHAKUPOV", "first_name": "aidar", "birth_date": athlete.birth_date, "gender": "M"}
    assert find_duplicates(data) == [athlete]
    with pytest.raises(DuplicatePerson):
        create_person(data, user=alice_admin)
    twin = create_person(data, user=alice_admin, allow_duplicate=True)
    assert twin.pk != athlete.pk


def test_bad_data_is_refused_with_field_errors(alice_admin: User) -> None:
    with pytest.raises(InvalidData) as caught:
        create_person({**NEW, "birth_date": "not a date", "gender": "X"}, user=alice_admin)
    assert {"birth_date", "gender"} <= set(caught.value.errors)
    with pytest.raises(InvalidData):
        create_person({**NEW, "shoe_size": 42}, user=alice_admin)
    assert Person.objects.count() == 0


def test_blank_fis_code_is_stored_as_null(alice_admin: User) -> None:
    first = create_person({**NEW, "fis_code": ""}, user=alice_admin)
    second = create_person({**NEW, "first_name": "Aruzhan", "fis_code": " "}, user=alice_admin)
    assert first.fis_code is None and second.fis_code is None


def test_update_logs_old_and_new_values(carol_manager: User, athlete: Person) -> None:
    update_person(athlete, {"phone": "+7 701 000 0000", "first_name": "Aidar"}, user=carol_manager)
    entry = athlete.audit_entries().first()
    assert entry is not None and entry.action == "updated"
    assert entry.changes == {"phone": ["", "+7 701 000 0000"]}


def test_update_refuses_a_taken_fis_code(alice_admin: User, athlete: Person) -> None:
    other = create_person({**NEW, "fis_code": "6190999"}, user=alice_admin)
    with pytest.raises(DuplicatePerson):
        update_person(other, {"fis_code": athlete.fis_code}, user=alice_admin)
    other.refresh_from_db()
    assert other.fis_code == "6190999"


def test_manager_cannot_edit_people_of_other_clubs(
    carol_manager: User, alice_admin: User, club_ridder: Club
) -> None:
    outsider = create_person(NEW, user=alice_admin, club=club_ridder)
    with pytest.raises(NotAllowed):
        update_person(outsider, {"phone": "1"}, user=carol_manager)


def test_join_club_closes_the_previous_membership(
    alice_admin: User, athlete: Person, club_ridder: Club
) -> None:
    join_club(athlete, club_ridder, user=alice_admin, start_date=dt.date(2025, 7, 1))
    history = list(Membership.objects.filter(person=athlete).order_by("start_date"))
    assert [m.club.name for m in history] == ["Shymbulak Ski Club", "Ridder Alpine"]
    assert history[0].end_date == dt.date(2025, 6, 30) and history[1].end_date is None
    with pytest.raises(Conflict):
        join_club(athlete, club_ridder, user=alice_admin, start_date=dt.date(2026, 1, 1))


def test_manager_cannot_take_a_member_of_another_club(
    carol_manager: User, athlete: Person, club_ridder: Club
) -> None:
    club_ridder.managers.add(carol_manager)
    other = User.objects.get(pk=carol_manager.pk)  # fresh: the managed clubs are cached per user object
    join_club(athlete, club_ridder, user=other, start_date=dt.date(2025, 7, 1))  # both clubs are hers
    club_ridder.managers.remove(carol_manager)
    stranger = User.objects.get(pk=carol_manager.pk)
    with pytest.raises(NotAllowed):
        leave_club(athlete, user=stranger, end_date=dt.date(2025, 8, 1))


def test_join_club_refuses_a_start_before_the_current_membership(
    alice_admin: User, athlete: Person, club_ridder: Club
) -> None:
    with pytest.raises(InvalidData):
        join_club(athlete, club_ridder, user=alice_admin, start_date=dt.date(2019, 1, 1))
    assert current_membership(athlete).club.name == "Shymbulak Ski Club"  # type: ignore[union-attr]


def test_visibility_by_role(
    carol_manager: User,
    sam_staff: User,
    paul_public: User,
    athlete: Person,
    club_ridder: Club,
    alice_admin: User,
) -> None:
    outsider = create_person(NEW, user=alice_admin, club=club_ridder)
    assert set(visible_people(sam_staff)) == {athlete, outsider}
    assert list(visible_people(carol_manager)) == [athlete]
    assert list(visible_people(paul_public)) == []
    assert [c.name for c in visible_clubs(carol_manager)] == ["Shymbulak Ski Club"]
    assert visible_clubs(paul_public).count() == 0
