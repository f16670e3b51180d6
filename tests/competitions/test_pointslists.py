"""FIS points lists in the race office: the real list of ../shared, the list of race day, points by hand."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alatau.competitions import pointslists, services
from alatau.competitions.models import PointsList, Race
from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.models import User
from alatau.errors import InputError
from conftest import shared_path
from tests.web.conftest import login

REAL_LIST = "reference/fis/FIS-points-list-AL-2022-331.csv"
FROM, UNTIL = dt.date(2022, 1, 1), dt.date(2022, 1, 31)
#: Competitors of the real list: two Swedish women with GS points and a Kazakh man with SL points only.
CODES = ("507276", "507139", "670107")


def real_rows(*codes: str) -> dict[str, dict[str, str]]:
    with shared_path(REAL_LIST).open(encoding="utf-8") as stream:
        return {row["Fiscode"]: row for row in csv.DictReader(stream) if row["Fiscode"] in codes}


def small_list(tmp_path: Path) -> bytes:
    """The header and three rows of the real list, as a club would cut it down."""
    lines = shared_path(REAL_LIST).read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[6] in CODES]
    return ("\n".join(kept) + "\n").encode()


@pytest.fixture
def loaded(oscar_organiser: User, tmp_path: Path) -> PointsList:
    return pointslists.upload(
        oscar_organiser, small_list(tmp_path), "list.csv", number="331", valid_from=FROM, valid_until=UNTIL
    )


def test_the_whole_real_list_is_loaded_with_its_points(oscar_organiser: User) -> None:
    data = shared_path(REAL_LIST).read_bytes()
    stored = pointslists.upload(
        oscar_organiser, data, "FIS.csv", number="", valid_from=FROM, valid_until=UNTIL
    )
    rows = len(data.decode().splitlines()) - 1
    assert stored.number == "331" and stored.name == "6th FIS points list 2021/2022"
    assert stored.entries.count() == rows
    expected = real_rows("670107")["670107"]
    kaz = stored.entries.get(fis_code="670107")
    assert kaz.points_in("SL") == Decimal(expected["SLpoints"]) and kaz.points_in("GS") is None
    assert stored.audit_entries().get().changes["entries"] == [None, rows]


def test_a_race_uses_the_list_valid_on_race_day(
    race: Race, loaded: PointsList, oscar_organiser: User
) -> None:
    assert pointslists.list_in_force(race) == loaded
    later = services.create_race(
        oscar_organiser, event=race.event, codex="0124", discipline="GS", gender="W", category="FIS",
        date=UNTIL + dt.timedelta(days=1), runs=2, season="2021-22",
    )  # fmt: skip
    assert pointslists.list_in_force(later) is None


def test_entries_take_their_points_from_the_list(
    race: Race, loaded: PointsList, oscar_organiser: User
) -> None:
    rows = real_rows(*CODES)
    made = services.add_entries(oscar_organiser, race, [{"fis_code": "507276"}, {"fis_code": "507139"}])
    assert [e.fis_points for e in made] == [Decimal(rows[c]["GSpoints"]) for c in ("507276", "507139")]
    assert made[0].name == "AABERG Linn" and made[0].nation == "SWE" and not made[0].points_set_by_hand


def test_points_by_hand_are_audited_with_the_reason(
    race: Race, loaded: PointsList, oscar_organiser: User
) -> None:
    entry = services.add_entries(oscar_organiser, race, [{"fis_code": "507276"}])[0]
    listed = entry.fis_points
    pointslists.set_by_hand(oscar_organiser, entry, "88,5", "Injury status confirmed by FIS")
    entry.refresh_from_db()
    assert entry.fis_points == Decimal("88.50") and entry.points_set_by_hand
    change = entry.audit_entries().filter(action="points set").get().changes
    assert change["fis_points"] == [str(listed), "88.50"]
    assert change["reason"] == [None, "Injury status confirmed by FIS"]
    assert pointslists.points_sources(race, loaded)[entry.pk] == "by hand: Injury status confirmed by FIS"


def test_points_by_hand_need_a_reason_and_a_number(
    race: Race, loaded: PointsList, oscar_organiser: User
) -> None:
    entry = services.add_entries(oscar_organiser, race, [{"fis_code": "507276"}])[0]
    with pytest.raises(InvalidData, match="reason"):
        pointslists.set_by_hand(oscar_organiser, entry, "10", " ")
    with pytest.raises(InvalidData, match="not a number"):
        pointslists.set_by_hand(oscar_organiser, entry, "ten", "because")
    pointslists.set_by_hand(oscar_organiser, entry, "", "No points: first start")
    entry.refresh_from_db()
    assert entry.fis_points is None and entry.points_set_by_hand


def test_taking_the_list_points_keeps_those_set_by_hand(
    race: Race, oscar_organiser: User, tmp_path: Path
) -> None:
    first, second = services.add_entries(
        oscar_organiser, race,
        [{"fis_code": "507276", "name": "AABERG Linn", "nation": "SWE"},
         {"fis_code": "507139", "name": "AAKERSTROEM Sara", "nation": "SWE"}],
    )  # fmt: skip
    pointslists.set_by_hand(oscar_organiser, second, "5", "TD decision")
    assert first.fis_points is None and pointslists.list_in_force(race) is None
    with pytest.raises(InputError, match="No FIS points list"):
        pointslists.take_list_points(oscar_organiser, race)
    pointslists.upload(oscar_organiser, small_list(tmp_path), "l.csv", number="331", valid_from=FROM,
                       valid_until=UNTIL)  # fmt: skip
    assert pointslists.take_list_points(oscar_organiser, race) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.fis_points == Decimal(real_rows("507276")["507276"]["GSpoints"])
    assert second.fis_points == Decimal("5.00")
    assert first.audit_entries().filter(action="points from list").get().changes["list"] == [None, "331"]


def test_bad_files_and_roles_are_refused(oscar_organiser: User, carol_manager: User, tmp_path: Path) -> None:
    with pytest.raises(InvalidData, match=r"csv or \.xlsx"):
        pointslists.upload(oscar_organiser, b"x", "list.txt", number="1", valid_from=FROM, valid_until=UNTIL)
    with pytest.raises(InputError, match=r"l\.csv: no column header with 'Fiscode'"):
        pointslists.upload(oscar_organiser, b"a,b\n1,2\n", "l.csv", number="1", valid_from=FROM,
                           valid_until=UNTIL)  # fmt: skip
    header = shared_path(REAL_LIST).read_text(encoding="utf-8").splitlines()[0]
    with pytest.raises(InputError, match="no competitor"):
        pointslists.upload(oscar_organiser, f"{header}\n".encode(), "l.csv", number="1",
                           valid_from=FROM, valid_until=UNTIL)  # fmt: skip
    with pytest.raises(InvalidData, match="Row 2: Fiscode is empty"):
        pointslists.upload(oscar_organiser, f"{header}\n331,x,1\n".encode(), "l.csv", number="1",
                           valid_from=FROM, valid_until=UNTIL)  # fmt: skip
    lines = small_list(tmp_path).decode().splitlines()
    with pytest.raises(InvalidData, match="Row 5: Fiscode 507276 already listed on row 2"):
        twice = "\n".join([*lines, lines[1]]).encode()
        pointslists.upload(oscar_organiser, twice, "l.csv", number="1", valid_from=FROM, valid_until=UNTIL)
    with pytest.raises(InvalidData, match="cannot end before"):
        pointslists.upload(oscar_organiser, small_list(tmp_path), "l.csv", number="1", valid_from=UNTIL,
                           valid_until=FROM)  # fmt: skip
    with pytest.raises(NotAllowed):
        pointslists.upload(carol_manager, small_list(tmp_path), "l.csv", number="1", valid_from=FROM,
                           valid_until=UNTIL)  # fmt: skip
    assert not PointsList.objects.exists()


# --- pages -------------------------------------------------------------------------------------------


def test_the_upload_page_loads_a_list(client: Client, oscar_organiser: User, tmp_path: Path) -> None:
    login(client, oscar_organiser)
    upload = SimpleUploadedFile("list.csv", small_list(tmp_path), content_type="text/csv")
    data = {"file": upload, "number": "331", "valid_from": "2022-01-01", "valid_until": "2022-01-31"}
    answer = client.post("/en/races/points-lists/", data)
    assert answer.status_code == 302
    page = client.get("/en/races/points-lists/").content.decode()
    assert "6th FIS points list 2021/2022" in page and "01.01.2022" in page and "List 331 loaded" in page


def test_the_upload_page_shows_a_bad_file_as_a_form_error(client: Client, oscar_organiser: User) -> None:
    login(client, oscar_organiser)
    upload = SimpleUploadedFile("list.csv", b"name;club\nA;B\n", content_type="text/csv")
    data = {"file": upload, "number": "1", "valid_from": "2022-01-01", "valid_until": "2022-01-31"}
    answer = client.post("/en/races/points-lists/", data)
    assert answer.status_code == 400 and b"is it a FIS points list?" in answer.content
    assert not PointsList.objects.exists()


def test_the_race_points_page_sets_points_by_hand(
    client: Client, race: Race, loaded: PointsList, oscar_organiser: User
) -> None:
    entry = services.add_entries(oscar_organiser, race, [{"fis_code": "507276"}])[0]
    login(client, oscar_organiser)
    url = f"/en/races/{race.pk}/office/points/"
    page = client.get(url).content.decode()
    assert "List in force on race day: 331" in page and "list 331" in page
    refused = client.post(url, {"action": "by-hand", "entry": entry.pk, "fis_points": "12", "reason": ""})
    assert refused.status_code == 400
    answer = client.post(url, {"action": "by-hand", "entry": entry.pk, "fis_points": "12", "reason": "TD"})
    assert answer.status_code == 302
    entries = client.get(f"/en/races/{race.pk}/office/entries/").content.decode()
    assert "12.00" in entries and "TD" in entries and "set by hand" in entries


@pytest.mark.parametrize(
    "persona",
    [None, "alice_admin", "carol_manager", "oscar_organiser", "tina_timekeeper", "rita_referee",
     "ted_delegate", "sue_speaker", "paul_public"],
)  # fmt: skip
def test_the_points_pages_as_every_role(
    client: Client, request: pytest.FixtureRequest, race: Race, loaded: PointsList, persona: str | None
) -> None:
    if persona:
        login(client, request.getfixturevalue(persona))
    for url in ("/en/races/points-lists/", f"/kk/races/{race.pk}/office/points/"):
        assert client.get(url).status_code in (200, 302, 403), (persona, url)
    answer = client.post(f"/en/races/{race.pk}/office/points/", {"action": "from-list"})
    assert answer.status_code in (302, 403), persona
