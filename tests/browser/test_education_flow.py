"""In Chromium: a coach educator creates a course, enrols people (one refused for a prerequisite), marks
attendance and both assessments, completes the course, and a visitor who opens the address of the
certificate's QR code sees that it is valid."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from alatau.core.models import User
from alatau.education import services
from alatau.education.models import Certificate, PrerequisiteRule, Programme
from tests.browser.test_licence_flow import log_in, log_out
from tests.education.factories import make_person, make_programme

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programme(db: None) -> Programme:
    programme = make_programme("coach-1", validity_years=4)
    PrerequisiteRule.objects.create(programme=programme, kind="min_age", value=Decimal("18"))
    return programme


@pytest.fixture(autouse=True)
def keys(settings: Any, tmp_path: Any) -> None:
    """Sign with throw-away keys, not the developer's."""
    settings.EDUCATION_SIGNING_KEY_FILE = str(tmp_path / "badge.pem")
    settings.EDUCATION_PDF_CERT_FILE = str(tmp_path / "pdf-cert.pem")
    settings.EDUCATION_PDF_KEY_FILE = str(tmp_path / "pdf-key.pem")


def _create_course(page: Any, programme: Programme, start: dt.date, end: dt.date) -> None:
    page.goto("/en/education/")
    page.click("text=New course")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("input[name=organiser]", "Kazakhstan Ski Federation")
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", end.isoformat())
    page.fill("input[name=place]", "Shymbulak")
    page.fill("input[name=capacity]", "10")
    page.fill("input[name=fee]", "25000")
    page.select_option("#id_language", "ru")  # the course's, not the site's
    page.click("button:has-text('Create the course')")
    page.wait_for_selector("#enrol-link")


def _enrol(page: Any, query: str) -> None:
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_selector("main form.inline button:has-text('Enrol')")
    with page.expect_navigation():
        page.click("main form.inline button:has-text('Enrol')")


def test_educator_runs_a_course_and_a_visitor_verifies(
    page: Any, programme: Programme, edith_educator: User
) -> None:
    make_person("Adultova", "Ada", dt.date(1990, 1, 1))
    make_person("Kid", "Kim", dt.date(2015, 1, 1))
    today = services.today()
    log_in(page, edith_educator)
    _create_course(page, programme, today - dt.timedelta(days=4), today)
    course_url = page.url
    page.fill("input[name=date]", (today - dt.timedelta(days=4)).isoformat())
    page.fill("input[name=topic]", "ICR and safety")
    page.click("form.card button:has-text('Add a session')")
    page.wait_for_selector("text=ICR and safety")

    page.click("#enrol-link")
    _enrol(page, "adultova")
    assert "ADULTOVA Ada: Enrolled." in page.inner_text("main"), page.inner_text("main")
    _enrol(page, "kid")
    assert "minimum age 18" in page.inner_text("#enrol-error")  # refused, with the reason

    page.goto(course_url)
    page.click("text=Attendance")
    page.check("input[name=present]")
    page.click("button:has-text('Save attendance')")
    page.wait_for_selector("text=Attendance saved.")
    for kind, score in (("theory", "82"), ("practical", "75")):
        page.click("#participants a:has-text('Assess')")
        page.select_option("select[name=kind]", kind)
        page.fill("input[name=score]", score)
        page.fill("input[name=date]", today.isoformat())
        page.click("button:has-text('Record the assessment')")
        page.wait_for_selector("text=Assessment recorded.")
    assert "Theory #1: 82 ✓" in page.inner_text("#participants")
    page.click("#complete")
    page.wait_for_selector("text=1 certificate(s) issued.")

    certificate = Certificate.objects.get()
    page.goto(f"/en/education/certificates/{certificate.pk}/")
    with page.expect_download() as download:
        page.click("text=Download the PDF")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    qr_address = page.get_attribute("a:has-text('Public verification page')", "href")
    assert qr_address == f"/en/verify/{certificate.code}/"  # the path the QR code encodes
    log_out(page)

    page.goto(qr_address)  # the visitor, not logged in
    assert page.inner_text("#verdict") == "✓ Valid"
    assert "ADULTOVA Ada" in page.inner_text("#holder")
