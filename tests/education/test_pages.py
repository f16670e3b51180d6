"""Education pages: the public calendar and verification page, and the educators' course office."""

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from alatau.core.models import User
from alatau.education import services
from alatau.education.models import Certificate, Course, Enrolment, PrerequisiteRule, Programme
from alatau.registry.models import Person
from tests.education.factories import make_person
from tests.web.conftest import login


def test_calendar_and_course_page_are_public(client: Client, course: Course) -> None:
    page = client.get(reverse("education:edu-course-list"))
    assert page.status_code == 200 and "Coach 1" in page.content.decode()
    detail = client.get(reverse("education:edu-course-detail", args=[course.pk])).content.decode()
    assert "Shymbulak" in detail and "participants" not in detail


def test_verification_path_is_exactly_lang_verify_code() -> None:
    assert reverse("education:verify", args=["abc234"]) == "/en/verify/abc234/"


def test_verification_page_logged_out(
    client: Client, candidate: Person, programme: Programme, edith_educator: User
) -> None:
    today = services.today()
    valid = services.issue_certificate(candidate, programme, today, user=edith_educator)
    expired = services.issue_certificate(
        candidate, programme, today.replace(year=today.year - 6), user=edith_educator
    )
    revoked = services.issue_certificate(candidate, programme, today, user=edith_educator)
    services.revoke_certificate(revoked, "Fraud", user=edith_educator)
    texts = {
        name: client.get(f"/en/verify/{c.code}/").content.decode()
        for name, c in {"valid": valid, "expired": expired, "revoked": revoked}.items()
    }
    assert "✓ Valid" in texts["valid"] and str(candidate) in texts["valid"]
    assert "Expired: this certificate stopped being valid on" in texts["expired"]
    assert "Revoked on" in texts["revoked"] and "Fraud" not in texts["revoked"]  # the reason is not public
    assert candidate.birth_date.strftime("%d.%m.%Y") not in texts["valid"]
    assert client.get("/en/verify/nosuch/").status_code == 404


def test_educator_runs_a_course(
    client: Client, course: Course, edith_educator: User, tom_trainer: User
) -> None:
    PrerequisiteRule.objects.create(programme=course.programme, kind="min_age", value=Decimal("18"))
    adult, child = (
        make_person("Adultova", "Ada", dt.date(1990, 1, 1)),
        make_person("Kid", "Kim", dt.date(2015, 1, 1)),
    )
    login(client, edith_educator)
    enrol_url = reverse("education:edu-course-enrol", args=[course.pk])
    assert "ADULTOVA" in client.get(enrol_url, {"q": "adultova"}).content.decode()
    assert client.post(enrol_url, {"person": adult.pk}).status_code == 302
    refused = client.post(enrol_url, {"person": child.pk})
    assert refused.status_code == 200 and "minimum age 18" in refused.content.decode()
    client.post(
        reverse("education:edu-course-session-add", args=[course.pk]),
        {"date": "2026-03-02", "topic": "ICR", "hours": "4"},
    )
    session = course.sessions.get()
    enrolment = Enrolment.objects.get(person=adult)
    client.post(reverse("education:edu-session-attendance", args=[session.pk]), {"present": [enrolment.pk]})
    assert session.attendance.get().present
    assess = reverse("education:edu-enrolment-assess", args=[enrolment.pk])
    for kind in ("theory", "practical"):
        assert client.post(assess, {"kind": kind, "score": "85", "date": "2026-03-05"}).status_code == 302
    client.post(reverse("education:edu-course-complete", args=[course.pk]))
    certificate = Certificate.objects.get(holder=adult)
    pdf = client.get(reverse("education:edu-certificate-pdf", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    login(client, tom_trainer)
    assert client.get(assess).status_code == 403  # not named on this course


def test_expired_certificate_pdf_says_so(
    client: Client, candidate: Person, programme: Programme, edith_educator: User
) -> None:
    old = services.issue_certificate(candidate, programme, dt.date(2015, 1, 1), user=edith_educator)
    login(client, edith_educator)
    pdf = client.get(reverse("education:edu-certificate-pdf", args=[old.pk])).content
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_create_course_page(
    client: Client, programme: Programme, edith_educator: User, paul_public: User
) -> None:
    url = reverse("education:edu-course-create")
    login(client, paul_public)
    assert client.get(url).status_code == 403
    login(client, edith_educator)
    data = {
        "programme": programme.pk,
        "organiser": "KSF",
        "start_date": "2026-05-04",
        "end_date": "2026-05-01",
        "place": "Burabay",
        "capacity": "10",
        "fee": "1000",
        "language": "kk",
    }
    assert "cannot end before" in client.post(url, data).content.decode()
    data["end_date"] = "2026-05-08"
    assert client.post(url, data).status_code == 302
    assert Course.objects.get(place="Burabay").created_by == edith_educator
