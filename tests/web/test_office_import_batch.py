"""Item 5 of issue 13: an import is logged once, as a batch, with the file's name and its counts."""

import datetime as dt

import pytest
from django.test import Client

from alatau.core.models import AuditEntry, User
from alatau.imports import services
from alatau.imports.members import guess_mapping
from alatau.imports.models import Upload
from alatau.imports.parsing import read_table
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login
from tests.web.test_imports import GOOD, mapping_post, upload

HEADER = "last_name,first_name,birth_date,gender,fis_code\n"
OLGA = "OTHER,Olga,1999-01-01,W,\n"  # the Ridder member: moves
AIDAR = "Zhakupov,Aidar,2006-03-14,M,6190123\n"  # already in Shymbulak
NEW = "Abenov,Erlan,2001-02-03,M,6190001\n"
LONER = "Loner,Lena,2003-04-05,W,\n"  # registered, in no club: joins


def batch(club: Club) -> AuditEntry:
    return club.audit_entries().get(action="imported batch")


def test_one_batch_entry_counts_created_joined_moved(
    carol_manager: User, club_shymbulak: Club, club_ridder: Club, ridder_member: Person, athlete: Person
) -> None:
    club_ridder.managers.add(carol_manager)
    Person.objects.create(last_name="Loner", first_name="Lena", birth_date=dt.date(2003, 4, 5), gender="W")
    table = read_table((HEADER + OLGA + AIDAR + NEW + LONER).encode(), "spring.csv")
    services.import_members(
        table,
        guess_mapping(table),
        club_shymbulak,
        user=carol_manager,
        start_date=dt.date(2025, 7, 1),
        filename="spring.csv",
    )
    entry = batch(club_shymbulak)
    assert entry.actor == carol_manager
    assert entry.changes == {
        "file": [None, "spring.csv"],
        "created": [None, 1],
        "joined": [None, 1],
        "moved": [None, 1],
        "unchanged": [None, 1],
        "left_where_they_are": [None, 0],
    }
    assert Membership.objects.filter(club=club_shymbulak, end_date=None).count() == 4


def test_people_left_where_they_are_are_counted(
    carol_manager: User, club_shymbulak: Club, ridder_member: Person
) -> None:
    table = read_table((HEADER + OLGA + NEW).encode(), "m.csv")
    services.import_members(
        table, guess_mapping(table), club_shymbulak, user=carol_manager, join_registered=False
    )
    changes = batch(club_shymbulak).changes
    assert changes["created"] == [None, 1] and changes["left_where_they_are"] == [None, 1]
    assert changes["moved"] == [None, 0] and changes["file"] == [None, "—"]


def test_a_rejected_import_logs_no_batch(carol_manager: User, club_shymbulak: Club) -> None:
    table = read_table((HEADER + NEW + "Bad,Date,2005-02-31,M,\n").encode(), "m.csv")
    with pytest.raises(services.ImportRejected):
        services.import_members(table, guess_mapping(table), club_shymbulak, user=carol_manager)
    assert not AuditEntry.objects.exists()


def test_the_page_import_logs_the_uploaded_file_and_the_audit_page_reads_it(
    client: Client, carol_manager: User, alice_admin: User, club_shymbulak: Club
) -> None:
    login(client, carol_manager)
    response = upload(client, club_shymbulak, GOOD, name="club-list-2025.csv")
    stored = Upload.objects.get()
    client.post(response["Location"], mapping_post(stored))
    client.post(f"/en/imports/{stored.pk}/confirm/")
    assert batch(club_shymbulak).changes["file"] == [None, "club-list-2025.csv"]
    assert AuditEntry.objects.filter(action="imported batch").count() == 1
    login(client, alice_admin)
    html = client.get("/en/audit/", {"object": "Shymbulak"}).content.decode()
    assert "imported a member file" in html and "club-list-2025.csv" in html
    assert "<td>new people</td><td>—</td><td>2</td>" in html
