"""Deletions in the Django admin (one object, or "delete selected") are audited, and findable afterwards."""

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from alatau.core.models import AuditEntry, User
from alatau.licences.models import Licence
from alatau.licences.services import request_licence, season_of, today
from alatau.registry.models import Club, Membership, Person, Region
from tests.web.conftest import login


def deleted_entries(model: type) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="deleted", content_type__model=model.__name__.lower()))


def test_deleting_a_person_records_who_and_every_field(
    client: Client, alice_admin: User, athlete: Person
) -> None:
    login(client, alice_admin)
    pk = athlete.pk
    response = client.post(reverse("admin:registry_person_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302 and not Person.objects.filter(pk=pk).exists()
    (entry,) = deleted_entries(Person)
    assert (entry.object_id, entry.object_repr, entry.actor) == (str(pk), "ZHAKUPOV Aidar", alice_admin)
    assert entry.changes["last_name_cyrillic"] == ["Жакупов", None]
    assert entry.changes["birth_date"] == ["2006-03-14", None]
    assert entry.changes["fis_code"] == ["6190123", None]
    assert entry.changes["clubs"] == ["Shymbulak Ski Club", None]  # the memberships go with the person
    assert "search_name" not in entry.changes


def test_delete_selected_records_one_entry_per_object(
    client: Client, alice_admin: User, club_ridder: Club
) -> None:
    region = Region.objects.get(code="almaty-city")
    clubs = [Club.objects.create(name=f"Club {n}", region=region, town="Almaty") for n in range(3)]
    login(client, alice_admin)
    response = client.post(
        reverse("admin:registry_club_changelist"),
        {"action": "delete_selected", "_selected_action": [c.pk for c in clubs], "post": "yes"},
    )
    assert response.status_code == 302 and list(Club.objects.all()) == [club_ridder]
    entries = deleted_entries(Club)
    assert sorted(e.object_repr for e in entries) == ["Club 0", "Club 1", "Club 2"]
    assert all(e.actor == alice_admin and e.changes["region"][0] == str(region) for e in entries)


def test_deleting_a_licence_is_audited(
    client: Client, alice_admin: User, carol_manager: User, athlete: Person
) -> None:
    licence = request_licence(
        athlete, athlete.clubs.get(), "competitor", season_of(today()), user=carol_manager
    )
    login(client, alice_admin)
    client.post(
        reverse("admin:licences_licence_changelist"),
        {"action": "delete_selected", "_selected_action": [licence.pk], "post": "yes"},
    )
    assert not Licence.objects.exists()
    (entry,) = deleted_entries(Licence)
    assert entry.changes["person"] == ["ZHAKUPOV Aidar", None] and entry.changes["status"] == [
        "requested",
        None,
    ]
    assert entry.changes["verification_token"] == [str(licence.verification_token), None]


def test_a_blocked_delete_writes_nothing(client: Client, alice_admin: User, athlete: Person) -> None:
    club = athlete.clubs.get()  # still has a member: protected
    login(client, alice_admin)
    response = client.post(reverse("admin:registry_club_delete", args=[club.pk]), {"post": "yes"})
    assert response.status_code == 200 and Club.objects.filter(pk=club.pk).exists()
    assert not deleted_entries(Club)


def test_the_entry_is_found_in_the_admin_audit_log(
    client: Client, alice_admin: User, athlete: Person
) -> None:
    login(client, alice_admin)
    client.post(reverse("admin:registry_person_delete", args=[athlete.pk]), {"post": "yes"})
    listing: Any = client.get(
        reverse("admin:core_auditentry_changelist"), {"action": "deleted", "q": "zhakupov"}
    )
    (entry,) = listing.context["cl"].result_list
    page = client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200 and "Жакупов" in page.content.decode()
    assert (
        client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_inline_membership_edits_are_audited(
    client: Client, alice_admin: User, athlete: Person, club_ridder: Club
) -> None:
    membership = Membership.objects.get(person=athlete)
    login(client, alice_admin)
    data = {
        "last_name": "Zhakupov",
        "first_name": "Aidar",
        "last_name_cyrillic": "Жакупов",
        "first_name_cyrillic": "Айдар",
        "birth_date": "2006-03-14",
        "gender": "M",
        "nationality": "KAZ",
        "fis_code": "6190123",
        "is_athlete": "on",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": membership.pk,
        "memberships-0-person": athlete.pk,
        "memberships-0-club": membership.club_id,
        "memberships-0-start_date": "2020-07-01",
        "memberships-0-end_date": "2023-06-30",
        "memberships-1-person": athlete.pk,
        "memberships-1-club": club_ridder.pk,
        "memberships-1-start_date": "2023-07-01",
    }
    response = client.post(reverse("admin:registry_person_change", args=[athlete.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    changes = {e.action: e.changes for e in athlete.audit_entries()}
    assert changes["updated"] == {"until": [None, "2023-06-30"]}
    assert changes["joined club"] == {"club": [None, "Ridder Alpine"], "from": [None, "2023-07-01"]}
    assert Membership.objects.get(person=athlete, end_date=None).club == club_ridder
    assert dt.date(2023, 6, 30) == Membership.objects.get(pk=membership.pk).end_date
