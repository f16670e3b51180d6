"""Exports of members and licences, CSV (streamed) and XLSX, within the clubs the user may see."""

import csv
import datetime as dt
import io

from django.test import Client
from openpyxl import load_workbook

from alatau.core.models import User
from alatau.imports import services
from alatau.imports.members import guess_mapping
from alatau.imports.parsing import read_table
from alatau.licences.models import Licence
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login


def csv_rows(response: object) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def other_member(club: Club) -> Person:
    person = Person.objects.create(
        last_name="Ridderova", first_name="Anna", birth_date=dt.date(2001, 1, 1), gender="W"
    )
    Membership.objects.create(person=person, club=club, start_date=dt.date(2021, 7, 1))
    return person


def test_manager_exports_only_their_members(
    client: Client, carol_manager: User, athlete: Person, club_ridder: Club
) -> None:
    other_member(club_ridder)
    login(client, carol_manager)
    rows = csv_rows(client.get("/en/imports/export/members.csv"))
    assert rows[0] == services.MEMBER_COLUMNS
    assert [r[0] for r in rows[1:]] == ["Zhakupov"]
    assert rows[1][-2:] == ["Shymbulak Ski Club", "Almaty"]
    assert client.get(f"/en/imports/export/members.csv?club={club_ridder.pk}").status_code == 400


def test_exported_members_import_again(
    client: Client, alice_admin: User, athlete: Person, club_ridder: Club
) -> None:
    login(client, alice_admin)
    data = b"".join(client.get("/en/imports/export/members.csv").streaming_content)
    table = read_table(data, "alatau-members.csv")
    report = services.check_import(table, guess_mapping(table))
    # Same columns back, and the one member is found as already registered (to add, not an error).
    assert report.problems == [] and report.members[0].fis_code == "6190123"
    assert [r.person.pk for r in report.registered] == [athlete.pk]


def test_licence_export_by_season_as_xlsx(
    client: Client, sam_staff: User, athlete: Person, club_shymbulak: Club
) -> None:
    for season in (2024, 2025):
        Licence.objects.create(
            person=athlete,
            club=club_shymbulak,
            season=season,
            kind="competitor",
            number=f"KZ{season % 100}-00001",
            status="active",
            valid_from=dt.date(season, 7, 1),
            valid_until=dt.date(season + 1, 6, 30),
        )
    login(client, sam_staff)
    response = client.get("/en/imports/export/licences.xlsx?season=2025")
    assert (
        response.status_code == 200
        and 'filename="alatau-licences-2025.xlsx"' in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == services.LICENCE_COLUMNS
    assert (
        len(rows) == 2 and rows[1][0] == "KZ25-00001" and rows[1][1] == "2025/26" and rows[1][5] == "Zhakupov"
    )
    csv_body = csv_rows(client.get("/en/imports/export/licences.csv"))
    assert [r[1] for r in csv_body[1:]] == ["2024/25", "2025/26"]


def test_bad_filters_and_the_public_are_refused(
    client: Client, paul_public: User, alice_admin: User, athlete: Person
) -> None:
    login(client, alice_admin)
    assert client.get("/en/imports/export/members.csv?season=soon").status_code == 400
    assert client.get("/en/imports/export/members.csv?club=x").status_code == 400
    assert client.get("/en/imports/export/people.csv").status_code == 404
    login(client, paul_public)
    assert client.get("/en/imports/export/members.csv").status_code == 403
    assert client.get("/en/imports/export/").status_code == 403


def test_export_page_lists_the_seasons(
    client: Client, alice_admin: User, athlete: Person, club_shymbulak: Club
) -> None:
    Licence.objects.create(
        person=athlete,
        club=club_shymbulak,
        season=2025,
        kind="competitor",
        status="active",
        valid_from=dt.date(2025, 7, 1),
        valid_until=dt.date(2026, 6, 30),
    )
    login(client, alice_admin)
    page = client.get("/en/imports/export/").content.decode()
    assert '<option value="2025">2025/26</option>' in page and "members.xlsx" in page
