"""Member import: the service's all-or-nothing write and the upload → mapping → report → confirm pages."""

import datetime as dt

import pytest
from django.test import Client

from alatau.core.errors import NotAllowed
from alatau.core.models import AuditEntry, User
from alatau.imports import services
from alatau.imports.members import guess_mapping
from alatau.imports.models import Upload
from alatau.imports.parsing import read_table
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login

GOOD = (
    "Фамилия;Имя;Last name;First name;Дата рождения;Пол;Код FIS\n"
    "Абенов;Ерлан;Abenov;Erlan;03.02.2001;М;6190001\n"
    "Ким;Дана;Kim;Dana;2004-05-06;Ж;\n"
)
BAD_ROW = "Нуров;Арман;Nurov;Arman;31.02.2005;М;\n"


def table_of(text: str) -> object:
    return read_table(text.encode("utf-8"), "members.csv")


def test_service_imports_every_row_with_membership_and_audit(
    carol_manager: User, club_shymbulak: Club
) -> None:
    table = read_table(GOOD.encode("cp1251"), "members.csv")
    imported = services.import_members(table, guess_mapping(table), club_shymbulak, user=carol_manager)
    assert sorted(p.last_name for p in imported.created) == ["Abenov", "Kim"]
    assert (imported.joined, imported.unchanged) == ([], 0)
    abenov = Person.objects.get(fis_code="6190001")
    assert (abenov.last_name_cyrillic, abenov.birth_date, abenov.gender) == (
        "Абенов",
        dt.date(2001, 2, 3),
        "M",
    )
    assert Membership.objects.get(person=abenov, end_date__isnull=True).club == club_shymbulak
    entry = abenov.audit_entries().get()
    assert (entry.action, entry.actor) == ("imported", carol_manager)
    assert entry.changes["fis_code"] == [None, "6190001"] and entry.changes["club"] == [
        None,
        "Shymbulak Ski Club",
    ]


def test_one_bad_row_imports_nothing(carol_manager: User, club_shymbulak: Club) -> None:
    table = read_table((GOOD + BAD_ROW).encode("utf-8"), "members.csv")
    with pytest.raises(services.ImportRejected) as rejected:
        services.import_members(table, guess_mapping(table), club_shymbulak, user=carol_manager)
    assert [(p.row, p.field) for p in rejected.value.report.problems] == [(4, "birth_date")]
    assert Person.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_registry_matches_are_members_and_conflicts_are_problems(
    carol_manager: User, athlete: Person, club_shymbulak: Club
) -> None:
    # Before: any row matching the registry was a "duplicate" problem. Now a row that is exactly one
    # registered person is a member to add (here: already in the club); a FIS code whose registered
    # person has another birth date is still a problem.
    text = (
        "last_name,first_name,birth_date,gender,fis_code\n"
        "ZHAKUPOV,aidar,2006-03-14,M,\nOther,One,2000-01-01,W,6190123\n"
    )
    table = read_table(text.encode(), "m.csv")
    report = services.check_import(table, guess_mapping(table), club=club_shymbulak)
    assert [(p.row, p.field) for p in report.problems] == [(3, "duplicate")]
    assert "ZHAKUPOV Aidar, born 2006-03-14" in report.problems[0].message
    assert [(r.row, r.person.pk) for r in report.registered] == [(2, athlete.pk)]
    assert report.registered_lines()[0]["action"] == "stays"


def test_a_manager_cannot_import_into_another_club(carol_manager: User, club_ridder: Club) -> None:
    table = read_table(GOOD.encode(), "m.csv")
    with pytest.raises(NotAllowed):
        services.import_members(table, guess_mapping(table), club_ridder, user=carol_manager)
    assert Person.objects.count() == 0


def test_mapping_without_a_required_field_is_refused(carol_manager: User, club_shymbulak: Club) -> None:
    table = read_table(GOOD.encode(), "m.csv")
    mapping = guess_mapping(table) | {"birth_date": None}
    with pytest.raises(services.InvalidData) as error:
        services.check_import(table, mapping)
    assert "birth_date" in error.value.errors


def upload(client: Client, club: Club, text: str, name: str = "members.csv") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post("/en/imports/", {"club": club.pk, "file": file})


def mapping_post(upload_obj: Upload) -> dict[str, str]:
    table = read_table(bytes(upload_obj.content), upload_obj.filename)
    return {k: "" if v is None else str(v) for k, v in guess_mapping(table).items()}


def test_pages_upload_check_and_confirm(client: Client, carol_manager: User, club_shymbulak: Club) -> None:
    login(client, carol_manager)
    response = upload(client, club_shymbulak, GOOD + BAD_ROW)
    stored = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/imports/{stored.pk}/mapping/"
    page = client.get(response["Location"]).content.decode()
    assert "Abenov" in page and 'value="2" selected' in page  # the guessed Latin last-name column
    report = client.post(f"/en/imports/{stored.pk}/mapping/", mapping_post(stored)).content.decode()
    assert "1 row has problems" in report and "31.02.2005" in report
    refused = client.post(f"/en/imports/{stored.pk}/confirm/")
    assert refused.status_code == 400 and Person.objects.count() == 0

    response = upload(client, club_shymbulak, GOOD)
    fixed = Upload.objects.latest("pk")
    assert "ready to import" in client.post(response["Location"], mapping_post(fixed)).content.decode()
    done = client.post(f"/en/imports/{fixed.pk}/confirm/", follow=True)
    assert "2 members imported into Shymbulak Ski Club" in done.content.decode()
    assert Person.objects.count() == 2
    assert client.post(f"/en/imports/{fixed.pk}/confirm/").status_code == 404  # an upload imports once


def test_bad_files_and_foreign_clubs_are_refused_by_the_form(
    client: Client, carol_manager: User, club_shymbulak: Club, club_ridder: Club
) -> None:
    login(client, carol_manager)
    assert upload(client, club_shymbulak, "", "empty.csv").status_code == 400
    assert upload(client, club_shymbulak, "a,b", "members.pdf").status_code == 400
    assert upload(client, club_ridder, GOOD).status_code == 400
    assert Upload.objects.count() == 0


def test_another_users_upload_is_not_found(
    client: Client, carol_manager: User, alice_admin: User, club_shymbulak: Club
) -> None:
    login(client, carol_manager)
    upload(client, club_shymbulak, GOOD)
    stored = Upload.objects.get()
    login(client, alice_admin)
    assert client.get(f"/en/imports/{stored.pk}/mapping/").status_code == 404


def test_mapping_one_column_twice_is_a_form_error(
    client: Client, carol_manager: User, club_shymbulak: Club
) -> None:
    login(client, carol_manager)
    upload(client, club_shymbulak, GOOD)
    stored = Upload.objects.get()
    data = mapping_post(stored) | {"first_name": "2"}
    response = client.post(f"/en/imports/{stored.pk}/mapping/", data)
    assert response.status_code == 400 and "only one field" in response.content.decode()


@pytest.mark.parametrize("persona", ["paul_public", "oscar_organiser"])
def test_who_may_not_import(
    client: Client, persona: str, request: pytest.FixtureRequest, club_shymbulak: Club
) -> None:
    user = request.getfixturevalue(persona)
    login(client, user)
    response = client.get("/en/imports/")
    # Read-only roles are sent to the exports; the public is refused.
    assert response.status_code == (403 if persona == "paul_public" else 302)


def test_the_report_speaks_french(client: Client, carol_manager: User, club_shymbulak: Club) -> None:
    login(client, carol_manager)
    client.post("/fr/imports/", {"club": club_shymbulak.pk, "file": _file(GOOD + BAD_ROW)})
    stored = Upload.objects.get()
    page = client.post(f"/fr/imports/{stored.pk}/mapping/", mapping_post(stored)).content.decode()
    assert "1 ligne comporte des erreurs" in page and "n’est pas une date" in page


def _file(text: str) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("members.csv", text.encode("utf-8"), content_type="text/csv")


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get("/en/imports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_xlsx_file_with_french_headers_imports(
    client: Client, alice_admin: User, club_ridder: Club
) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nom", "Prénom", "Date de naissance", "Sexe", "Nationalité"])
    sheet.append(["Martin", "Léa", dt.date(2008, 5, 2), "Femme", "fra"])
    out = io.BytesIO()
    book.save(out)
    login(client, alice_admin)
    file = SimpleUploadedFile("membres.xlsx", out.getvalue())
    response = client.post("/fr/imports/", {"club": club_ridder.pk, "file": file})
    stored = Upload.objects.get()
    page = client.post(response["Location"], mapping_post(stored)).content.decode()
    assert "prête à être importée" in page, page[page.find('id="report"') :][:1500]
    client.post(f"/fr/imports/{stored.pk}/confirm/")
    person = Person.objects.get()
    assert (person.first_name, person.birth_date, person.gender, person.nationality) == (
        "Léa",
        dt.date(2008, 5, 2),
        "W",
        "FRA",
    )
    assert person.memberships.get().club == club_ridder


# --- people already in the registry ---------------------------------------------------------------------

HEADER = "last_name,first_name,birth_date,gender,fis_code\n"
OLGA = "OTHER,Olga,1999-01-01,W,\n"  # Olga Other (ridder_member), by name and birth date
AIDAR = "Zhakupov,Aidar,2006-03-14,M,6190123\n"  # the athlete, already in Shymbulak
NEW = "Abenov,Erlan,2001-02-03,M,6190001\n"
START = dt.date(2025, 7, 1)


def run_import(user: User, club: Club, text: str, *, join_registered: bool = True) -> services.Imported:
    table = read_table(text.encode(), "m.csv")
    mapping = guess_mapping(table)
    return services.import_members(
        table, mapping, club, user=user, start_date=START, join_registered=join_registered
    )


def current_club(person: Person) -> Club:
    return Membership.objects.get(person=person, end_date__isnull=True).club


@pytest.fixture
def carol_manages_ridder(carol_manager: User, club_ridder: Club) -> User:
    """Carol manages both clubs, so she may move a member from Ridder to Shymbulak."""
    club_ridder.managers.add(carol_manager)
    return carol_manager


def test_a_registered_person_moves_into_the_club_with_the_new_people(
    carol_manager: User,
    club_shymbulak: Club,
    ridder_member: Person,
    athlete: Person,
    carol_manages_ridder: User,
) -> None:
    imported = run_import(carol_manager, club_shymbulak, HEADER + OLGA + AIDAR + NEW)
    assert [p.last_name for p in imported.created] == ["Abenov"]
    assert (imported.joined, imported.unchanged) == ([ridder_member.pk], 1)
    assert current_club(ridder_member) == club_shymbulak
    old = Membership.objects.get(person=ridder_member, club__name="Ridder Alpine")
    assert old.end_date == dt.date(2025, 6, 30)  # the day before the import's start
    assert Person.objects.count() == 3 and athlete.memberships.count() == 1  # the athlete: nothing to do
    entries = {e.action: e for e in ridder_member.audit_entries()}
    assert entries["left club"].changes == {"club": ["Ridder Alpine", None], "until": [None, "2025-06-30"]}
    assert entries["joined club"].changes == {
        "club": [None, "Shymbulak Ski Club"],
        "from": [None, "2025-07-01"],
    }
    assert entries["joined club"].actor == carol_manager and not athlete.audit_entries().exists()


def test_a_registered_person_without_a_club_joins_it(carol_manager: User, club_shymbulak: Club) -> None:
    loner = Person.objects.create(
        last_name="Other", first_name="Olga", birth_date=dt.date(1999, 1, 1), gender="W"
    )
    imported = run_import(carol_manager, club_shymbulak, HEADER + OLGA)
    assert imported.joined == [loner.pk] and current_club(loner) == club_shymbulak
    assert [e.action for e in loner.audit_entries()] == ["joined club"]


def test_leaving_registered_people_where_they_are(
    carol_manager: User, club_shymbulak: Club, ridder_member: Person
) -> None:
    imported = run_import(carol_manager, club_shymbulak, HEADER + OLGA + NEW, join_registered=False)
    assert [p.last_name for p in imported.created] == ["Abenov"] and imported.joined == []
    assert current_club(ridder_member).name == "Ridder Alpine" and not ridder_member.audit_entries().exists()


def test_nothing_to_import_when_everyone_is_already_a_member(
    carol_manager: User, club_shymbulak: Club, athlete: Person
) -> None:
    table = read_table((HEADER + AIDAR).encode(), "m.csv")
    report = services.check_import(table, guess_mapping(table), club=club_shymbulak)
    assert not report.problems and not report.ok and report.staying[0].person.pk == athlete.pk
    with pytest.raises(services.ImportRejected):
        run_import(carol_manager, club_shymbulak, HEADER + AIDAR)
    assert AuditEntry.objects.count() == 0


def test_one_bad_row_leaves_registered_people_where_they_are(
    carol_manager: User, club_shymbulak: Club, ridder_member: Person, carol_manages_ridder: User
) -> None:
    with pytest.raises(services.ImportRejected) as rejected:
        run_import(carol_manager, club_shymbulak, HEADER + OLGA + NEW + "Bad,Date,2005-02-31,M,\n")
    assert [p.row for p in rejected.value.report.problems] == [4]
    assert current_club(ridder_member).name == "Ridder Alpine"
    assert Person.objects.count() == 1 and AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("OTHER,Olga,1999-01-01,W,6190123\n", "matches several people"),  # Olga by name, the athlete by code
        ("Zhakupov,Aidar,2006-03-14,M,6190999\n", "whose FIS code is 6190123"),
        ("Zhakupov,Aidar,2006-03-14,W,\n", "of the other gender"),
        (
            "Jakupov,Aydar,2006-03-14,M,6190123\nZhakupov,Aidar,2006-03-14,M,\n",
            "same registered person as row 2",
        ),
    ],
)
def test_ambiguous_or_conflicting_matches_stay_problems(
    carol_manager: User, club_shymbulak: Club, ridder_member: Person, athlete: Person, row: str, message: str
) -> None:
    with pytest.raises(services.ImportRejected) as rejected:
        run_import(carol_manager, club_shymbulak, HEADER + row + NEW)
    problems = rejected.value.report.problems
    assert len(problems) == 1 and message in problems[0].message and problems[0].field == "duplicate"
    assert Person.objects.count() == 2 and AuditEntry.objects.count() == 0


def test_a_move_must_start_after_the_current_membership(
    carol_manager: User, club_shymbulak: Club, ridder_member: Person, carol_manages_ridder: User
) -> None:
    Membership.objects.filter(person=ridder_member).update(start_date=START)
    with pytest.raises(services.ImportRejected) as rejected:
        run_import(carol_manager, club_shymbulak, HEADER + OLGA)
    assert [(p.row, p.field) for p in rejected.value.report.problems] == [(2, "start_date")]
    assert current_club(ridder_member).name == "Ridder Alpine"


@pytest.mark.parametrize("choice", ["join", "skip"])
def test_the_report_offers_the_choice_and_the_import_follows_it(
    client: Client,
    carol_manager: User,
    club_shymbulak: Club,
    ridder_member: Person,
    choice: str,
    carol_manages_ridder: User,
) -> None:
    login(client, carol_manager)
    response = upload(client, club_shymbulak, HEADER + OLGA + NEW)
    stored = Upload.objects.get()
    page = client.post(response["Location"], mapping_post(stored)).content.decode()
    assert "already registered — will move from Ridder Alpine to this club" in page
    assert 'name="registered" value="join" checked' in page and "Import 2 members" in page
    done = client.post(
        f"/en/imports/{stored.pk}/confirm/", {"registered": choice}, follow=True
    ).content.decode()
    assert "1 member imported into Shymbulak Ski Club" in done
    joined = "1 person already in the registry added to Shymbulak Ski Club" in done
    assert joined == (choice == "join")
    assert (current_club(ridder_member) == club_shymbulak) == (choice == "join")


def test_the_registered_rows_speak_kazakh(
    client: Client, carol_manages_ridder: User, club_shymbulak: Club, ridder_member: Person
) -> None:
    carol_manager = carol_manages_ridder
    login(client, carol_manager)
    client.post("/kk/imports/", {"club": club_shymbulak.pk, "file": _file(HEADER + OLGA)})
    stored = Upload.objects.get()
    page = client.post(f"/kk/imports/{stored.pk}/mapping/", mapping_post(stored)).content.decode()
    assert "Тізілімде бар" in page and "Ridder Alpine" in page


def test_a_manager_may_not_transfer_a_member_of_a_club_they_do_not_manage(
    carol_manager: User, club_shymbulak: Club, ridder_member: Person
) -> None:
    # Transfers between clubs are the federation's (as with registry.services.join_club).
    with pytest.raises(services.ImportRejected) as rejected:
        run_import(carol_manager, club_shymbulak, HEADER + OLGA + NEW)
    [problem] = rejected.value.report.problems
    assert (problem.row, problem.field) == (2, "club") and "Ridder Alpine" in problem.message
    assert current_club(ridder_member).name == "Ridder Alpine"
    assert Person.objects.count() == 1 and AuditEntry.objects.count() == 0


def test_a_federation_administrator_may_transfer(
    alice_admin: User, club_shymbulak: Club, ridder_member: Person
) -> None:
    imported = run_import(alice_admin, club_shymbulak, HEADER + OLGA)
    assert imported.joined == [ridder_member.pk] and current_club(ridder_member) == club_shymbulak
