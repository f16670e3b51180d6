"""The named jury and the course data per run on the public race page and in the results PDF (text read)."""

import datetime as dt
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from alatau.competitions import racesheet
from alatau.competitions.models import Race
from alatau.registry.models import Person
from tests.web.conftest import *  # noqa: F403  (every persona, asked for by name)
from tests.web.conftest import login
from tests.web.test_every_url import ROLES


def person(last: str, first: str, nation: str, fis_code: str = "") -> Person:
    return Person.objects.create(
        last_name=last, first_name=first, birth_date=dt.date(1970, 1, 1), gender="M", nationality=nation,
        fis_code=fis_code or None,
    )  # fmt: skip


@pytest.fixture
def sheet(timed: Race) -> Race:
    timed.td = person("Delegate", "Dieter", "AUT", "TD4711")
    timed.referee = person("Referee", "Ruslan", "KAZ", "RF0815")
    timed.chief_of_timing = person("Timer", "Tamara", "KAZ")
    timed.save()
    setter = person("Setter", "Serik", "KAZ")
    run = timed.run_set.get(number=1)
    run.course_name, run.homologation = "Shymbulak Giant", "12345/01/22"
    run.start_altitude, run.finish_altitude, run.length = 2480, 2160, 1250
    run.gates, run.turning_gates, run.course_setter = 48, 46, setter
    run.weather, run.snow, run.temperature = "Sunny", "Hard", "-8 °C"
    run.save()
    return timed


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_results_pdf_prints_the_jury_and_the_course_data(client: Client, sheet: Race) -> None:
    response = client.get(f"/en/races/{sheet.pk}/results.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("Technical delegate", "DELEGATE Dieter", "TD4711", "AUT", "Referee", "RF0815",
                     "Chief of timing", "TIMER Tamara", "Course data", "Shymbulak Giant", "12345/01/22",
                     "2480 m", "2160 m", "320 m", "1250 m", "48 / 46", "SETTER Serik (KAZ)", "Sunny", "-8 °C",
                     "Sum A", "Applied penalty"):  # fmt: skip
        assert expected in text, expected
    assert "Assistant referee" not in text and "Run 2" in text  # nobody named; run 2 of the results


def test_results_pdf_in_russian(client: Client, sheet: Race) -> None:
    text = pdf_text(client.get(f"/ru/races/{sheet.pk}/results.pdf").content)
    assert "Технический делегат" in text and "Перепад высот" in text and "DELEGATE Dieter" in text


def test_race_page_shows_the_jury_and_the_course(client: Client, sheet: Race) -> None:
    page = client.get(f"/en/races/{sheet.pk}/").content.decode()
    jury = page[page.index('id="jury-table"') :]
    assert "DELEGATE Dieter" in jury and "TD4711" in jury and "Chief of timing" in jury
    course = page[page.index('id="course-1"') :]
    assert "Shymbulak Giant" in course and "320 m" in course and "48 / 46" in course
    assert 'id="course-2"' not in page  # nothing stored for run 2


def test_a_race_without_jury_or_course_data(client: Client, timed: Race) -> None:
    assert racesheet.jury_rows(timed) == [["Jury", "Name", "FIS code", "Nation"]]
    assert racesheet.course_rows(timed) == []
    page = client.get(f"/en/races/{timed.pk}/").content.decode()
    assert 'id="jury-table"' not in page and 'id="course-1"' not in page
    assert "Course data" not in pdf_text(client.get(f"/en/races/{timed.pk}/results.pdf").content)


@pytest.mark.parametrize("role", ROLES)
def test_race_page_and_pdf_as_every_role(
    client: Client, sheet: Race, role: str | None, request: pytest.FixtureRequest
) -> None:
    if role is not None:
        login(client, request.getfixturevalue(role))
    page = client.get(f"/en/races/{sheet.pk}/")
    assert page.status_code == 200 and "DELEGATE Dieter" in page.content.decode()
    assert client.get(f"/en/races/{sheet.pk}/results.pdf").status_code == 200
