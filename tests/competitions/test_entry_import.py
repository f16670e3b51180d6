"""The entry list import: a report by row, then every row entered or none."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from alatau.competitions import entry_import, pointslists
from alatau.competitions.models import PointsList, Race
from alatau.core.models import User
from alatau.errors import InputError
from alatau.registry.models import Person
from tests.competitions.test_pointslists import FROM, UNTIL, real_rows, small_list
from tests.web.conftest import login

GOOD = (
    "Bib;FIS code;Name;Nation;Points\n"
    "1;507276;;;\n"  # a Swedish woman of the real points list: name, nation and points from it
    ";;KOVAL Olena;UKR;45,10\n"  # a guest with her points
    "3;6190123;;;\n"  # the registry's own athlete (licensed in the test)
)


@pytest.fixture
def loaded(oscar_organiser: User, tmp_path: Path) -> PointsList:
    return pointslists.upload(
        oscar_organiser, small_list(tmp_path), "list.csv", number="331", valid_from=FROM, valid_until=UNTIL
    )


def test_a_clean_list_is_reported_then_entered(
    race: Race, loaded: PointsList, oscar_organiser: User, licensed: Person
) -> None:
    report = entry_import.check(race, GOOD.encode(), "entries.csv")
    assert report.ok and report.total == 3 and not race.entries.exists()
    made = entry_import.import_entries(oscar_organiser, race, GOOD.encode(), "entries.csv")
    swede, guest, own = made
    assert (swede.bib, swede.name, swede.nation) == (1, "AABERG Linn", "SWE")
    assert (
        swede.fis_points == Decimal(real_rows("507276")["507276"]["GSpoints"])
        and not swede.points_set_by_hand
    )
    assert (
        guest.guest
        and guest.bib is None
        and guest.fis_points == Decimal("45.10")
        and guest.points_set_by_hand
    )
    assert own.person == licensed and own.bib == 3
    assert race.audit_entries().get(action="entries imported").changes["entries"] == [None, 3]


def test_every_bad_row_is_reported_and_nothing_is_entered(
    race: Race, loaded: PointsList, oscar_organiser: User, athlete: Person
) -> None:
    text = (
        "bib,fiscode,lastname,firstname,nation,fis points\n"
        "x,507276,,,,\n"  # row 2: a bad bib
        "5,,Doe,Jane,USA,\n"  # row 3: a fine guest
        "5,,Roe,Rita,USA,\n"  # row 4: bib 5 twice
        ",NOPE,,,,\n"  # row 5: unknown code and no name
        f",{athlete.fis_code},,,,\n"  # row 6: own athlete without a licence
        ",,Poe,Pia,US,\n"  # row 7: not a nation code
        ",,Moe,Mia,CAN,ten\n"  # row 8: points not a number
        ",507139,,,,\n"  # row 9: fine
        ",507276,,,,\n"  # row 10: the same code again
    )
    report = entry_import.check(race, text.encode(), "e.csv")
    by_row = {row: " ".join(p.message for p in problems) for row, problems in report.by_row()}
    assert sorted(by_row) == [2, 4, 5, 6, 7, 8, 10]
    assert "whole number" in by_row[2] and "Bib 5 is already given" in by_row[4]
    assert "neither in the registry nor in a points list" in by_row[5]
    assert "no valid competitor licence" in by_row[6] and "three-letter nation" in by_row[7]
    assert "not a number" in by_row[8] and "507276 is already entered" in by_row[10]
    with pytest.raises(entry_import.EntriesRejected, match="7 rows have problems"):
        entry_import.import_entries(oscar_organiser, race, text.encode(), "e.csv")
    assert not race.entries.exists()


def test_the_licence_override_enters_own_athletes(race: Race, oscar_organiser: User, athlete: Person) -> None:
    text = f"fis code;nation\n{athlete.fis_code};KAZ\n".encode()
    assert not entry_import.check(race, text, "e.csv").ok
    made = entry_import.import_entries(
        oscar_organiser, race, text, "e.csv", override="Licence paid at the office"
    )
    assert made[0].licence_override == "Licence paid at the office"


def test_an_xlsx_list_and_files_that_are_not_entry_lists(race: Race, oscar_organiser: User) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Bib", "Name", "Nation"], [7, "LEE Min", "KOR"], [8, "PARK Ji", "KOR"]):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    made = entry_import.import_entries(oscar_organiser, race, data.getvalue(), "entries.xlsx")
    assert [(e.bib, e.name, e.nation, e.guest) for e in made] == [
        (7, "LEE Min", "KOR", True),
        (8, "PARK Ji", "KOR", True),
    ]
    with pytest.raises(InputError, match="FIS code or a name column"):
        entry_import.check(race, b"club;town\nA;B\n", "e.csv")
    with pytest.raises(InputError, match="empty"):
        entry_import.check(race, b"", "e.csv")
    with pytest.raises(InputError, match="no entry rows"):
        entry_import.import_entries(oscar_organiser, race, b"name;nation\n", "e.csv")


# --- the page ----------------------------------------------------------------------------------------


def test_the_import_page_checks_then_enters(
    client: Client, race: Race, loaded: PointsList, oscar_organiser: User, licensed: Person
) -> None:
    login(client, oscar_organiser)
    url = f"/en/races/{race.pk}/office/import/"
    assert client.get(url).status_code == 200
    checked = client.post(url, {"action": "check", "file": SimpleUploadedFile("e.csv", GOOD.encode())})
    assert checked.status_code == 200 and b"All 3 rows are ready to enter." in checked.content
    assert not race.entries.exists()
    done = client.post(url, {"action": "import"})
    assert done.status_code == 302 and race.entries.count() == 3
    assert client.post(url, {"action": "import"}).status_code == 302 and race.entries.count() == 3


def test_the_import_page_shows_the_report_by_row(client: Client, race: Race, oscar_organiser: User) -> None:
    login(client, oscar_organiser)
    url = f"/en/races/{race.pk}/office/import/"
    bad = b"name;nation\nDOE Jane;USA\n;;\nROE Rita;U\n"
    answer = client.post(url, {"action": "check", "file": SimpleUploadedFile("e.csv", bad)})
    text = answer.content.decode()
    assert answer.status_code == 200 and "Nothing has been entered" in text and "<td>3</td>" in text
    assert client.post(url, {"action": "import"}).status_code == 400 and not race.entries.exists()
    junk = client.post(url, {"action": "check", "file": SimpleUploadedFile("e.csv", b"a;b\n1;2\n")})
    assert junk.status_code == 400 and b"FIS code or a name column" in junk.content


@pytest.mark.parametrize(
    "persona",
    [None, "alice_admin", "carol_manager", "oscar_organiser", "tina_timekeeper", "rita_referee",
     "ted_delegate", "sue_speaker", "paul_public"],
)  # fmt: skip
def test_the_import_page_as_every_role(
    client: Client, request: pytest.FixtureRequest, race: Race, persona: str | None
) -> None:
    if persona:
        login(client, request.getfixturevalue(persona))
    url = f"/kk/races/{race.pk}/office/import/"
    assert client.get(url).status_code in (200, 302, 403), persona
    data = {"action": "check", "file": SimpleUploadedFile("e.csv", b"name;nation\nDOE Jane;USA\n")}
    assert client.post(url, data).status_code in (200, 302, 403), persona
    assert client.post(url, {"action": "import"}).status_code in (302, 403), persona
