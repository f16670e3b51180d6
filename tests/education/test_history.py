"""Historic import: qualifications held before Alatau from CSV or XLSX, with the mapping step and an
all-or-nothing report by row."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from alatau.core.models import AuditEntry, User
from alatau.education import history
from alatau.education.models import Certificate, Programme, QualificationUpload
from alatau.imports.parsing import read_table
from alatau.registry.models import Person
from tests.education.factories import make_person
from tests.web.conftest import login

HEADER = "FIS code;Last name;First name;Birth date;Qualification;Issued;Expires;Number"


@pytest.fixture
def people(db: None) -> list[Person]:
    first = make_person("Abenov", "Arman", dt.date(1980, 2, 29))
    first.fis_code = "6190001"
    first.save()
    return [first, make_person("Beisenova", "Bota", dt.date(1985, 7, 1))]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


GOOD = (
    "6190001;;;;coach-1;15.03.2016;;OLD-2016-7",
    ";Beisenova;Bota;01.07.1985;Coach 1;2019-05-10;2021-05-10;",
)


def test_guessed_mapping_and_clean_rows(
    people: list[Person], programme: Programme, edith_educator: User
) -> None:
    table = read_table(_csv(*GOOD), "old.csv")
    mapping = history.guess_mapping(table)
    assert mapping == {
        "fis_code": 0,
        "last_name": 1,
        "first_name": 2,
        "birth_date": 3,
        "programme": 4,
        "issued": 5,
        "expires": 6,
        "number": 7,
    }
    report = history.check_history(table, mapping, user=edith_educator)
    assert report.ok and [h.person for h in report.rows] == people
    assert report.rows[0].expires == dt.date(2020, 3, 15)  # the programme's validity when not given
    assert report.rows[1].expires == dt.date(2021, 5, 10)


def test_all_or_nothing(people: list[Person], programme: Programme, edith_educator: User) -> None:
    bad = [
        ";Nobody;Here;01.01.1990;coach-1;2019-05-10;;",
        "6190001;;;;no-such;2019-05-10;;",
        "6190001;;;;coach-1;31.31.2019;;",
        "6190001;;;;coach-1;2019-05-10;2018-01-01;",
        GOOD[0],
    ]
    table = read_table(_csv(*GOOD, *bad), "old.csv")
    mapping = history.guess_mapping(table)
    with pytest.raises(history.HistoryRejected) as rejected:
        history.import_qualifications(table, mapping, user=edith_educator)
    problems = {row: [p.message for p in ps] for row, ps in rejected.value.report.by_row}
    assert set(problems) == {4, 5, 6, 7, 8}
    assert "not in the registry" in problems[4][0] and "unknown qualification" in problems[5][0]
    assert "is not a date" in problems[6][0] and "expires before" in problems[7][0]
    assert "same as row 2" in problems[8][0]
    assert not Certificate.objects.exists()


def test_import_writes_audited_certificates(
    people: list[Person], programme: Programme, edith_educator: User
) -> None:
    table = read_table(_csv(*GOOD), "old.csv")
    imported = history.import_qualifications(table, history.guess_mapping(table), user=edith_educator)
    assert imported[0].number == "OLD-2016-7" and imported[1].number.startswith("KSF-2019-")
    assert imported[1].status_on(dt.date(2026, 1, 1)) == "expired"
    assert AuditEntry.objects.filter(action="import_historic").count() == 2
    again = history.check_history(table, history.guess_mapping(table), user=edith_educator)
    assert not again.ok and "already registered" in again.problems[0].message


def test_mapping_needs_the_holder_and_the_qualification(edith_educator: User) -> None:
    from alatau.core.errors import InvalidData

    with pytest.raises(InvalidData) as error:
        history.check_mapping({"last_name": 0, "issued": 1}, 3)
    assert set(error.value.errors) == {"programme", "fis_code"}


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(";"))
    sheet.append(["6190001", "", "", "", "coach-1", dt.date(2016, 3, 15), None, "OLD-X"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_pages_upload_map_check_and_import(
    client: Client, people: list[Person], programme: Programme, edith_educator: User, tom_trainer: User
) -> None:
    login(client, tom_trainer)
    assert client.get(reverse("education:edu-history-upload")).status_code == 403
    login(client, edith_educator)
    upload = SimpleUploadedFile("old.xlsx", _xlsx())
    response = client.post(reverse("education:edu-history-upload"), {"file": upload})
    stored = QualificationUpload.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{stored.pk}/")
    mapping_url = reverse("education:edu-history-mapping", args=[stored.pk])
    page = client.get(mapping_url).content.decode()
    assert "OLD-X" in page and "Which column holds each field?" in page
    fields = {"fis_code": "0", "programme": "4", "issued": "5", "expires": "6", "number": "7"}
    checked = client.post(mapping_url, fields).content.decode()
    assert "row is ready to import" in checked and not Certificate.objects.exists()
    done = client.post(reverse("education:edu-history-confirm", args=[stored.pk]))
    assert done.status_code == 302
    assert Certificate.objects.get().number == "OLD-X"
    stored.refresh_from_db()
    assert stored.imported_count == 1 and bytes(stored.content) == b""


def test_bad_file_is_a_form_error(client: Client, edith_educator: User) -> None:
    login(client, edith_educator)
    bad = client.post(reverse("education:edu-history-upload"), {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert bad.status_code == 400 and "Upload a .csv or .xlsx file." in bad.content.decode()
