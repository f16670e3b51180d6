"""Education API: public programmes, calendar and verification; the educators' list, enrolment, revoke."""

import datetime as dt
from decimal import Decimal

from django.test import Client

from alatau.core.models import User
from alatau.education import services
from alatau.education.models import Certificate, Course, PrerequisiteRule, Programme
from alatau.registry.models import Person
from tests.education.factories import make_course, make_person, make_programme
from tests.web.apiclient import ApiClient


def test_programmes_are_public(client: Client, programme: Programme) -> None:
    response = ApiClient(client).get("/programmes")
    assert response.status_code == 200
    (only,) = response.json()
    assert only["code"] == "coach-1" and only["modules"][0]["hours"] == "16.0"


def test_course_calendar_between_dates(client: Client, course: Course, programme: Programme) -> None:
    make_course(programme, dt.date(2026, 9, 1))
    api = ApiClient(client)
    all_courses = api.get("/courses").json()
    assert [c["start_date"] for c in all_courses] == ["2026-03-02", "2026-09-01"]
    spring = api.get("/courses", **{"from": "2026-01-01", "to": "2026-06-30"}).json()
    assert [c["id"] for c in spring] == [course.pk] and spring[0]["seats_left"] == 2
    assert api.get("/courses", **{"from": "nonsense"}).status_code == 422


def certificates(candidate: Person, programme: Programme, educator: User) -> dict[str, Certificate]:
    today = services.today()
    valid = services.issue_certificate(candidate, programme, today - dt.timedelta(days=10), user=educator)
    expired = services.issue_certificate(
        candidate, programme, today.replace(year=today.year - 5), user=educator
    )
    revoked = services.issue_certificate(candidate, programme, today - dt.timedelta(days=20), user=educator)
    services.revoke_certificate(revoked, "Exam fraud", user=educator)
    return {"valid": valid, "expired": expired, "revoked": revoked}


def test_verify_is_public(
    client: Client, candidate: Person, programme: Programme, edith_educator: User
) -> None:
    made = certificates(candidate, programme, edith_educator)
    api = ApiClient(client)
    for status, certificate in made.items():
        body = api.get(f"/certificates/verify/{certificate.code}").json()
        assert body["status"] == status and body["holder"] == str(candidate)
        assert set(body) == {"holder", "qualification", "level", "issued", "expires", "status"}
    missing = api.get("/certificates/verify/nosuchcode")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_certificate_list_for_educators(
    client: Client, candidate: Person, programme: Programme, edith_educator: User, tom_trainer: User
) -> None:
    certificates(candidate, programme, edith_educator)
    other = make_programme("coach-2", level=2)
    services.issue_certificate(candidate, other, services.today(), user=edith_educator)
    api = ApiClient(client, edith_educator)
    page = api.get("/certificates", limit=2).json()
    assert page["count"] == 4 and len(page["items"]) == 2 and page["limit"] == 2
    assert {"id", "code", "holder", "programme", "level", "issued", "expires", "status"} <= set(
        page["items"][0]
    )
    assert api.get("/certificates", status="expired").json()["count"] == 1
    assert api.get("/certificates", status="valid").json()["count"] == 2
    assert api.get("/certificates", status="valid", programme="coach-2").json()["count"] == 1
    assert api.get("/certificates", programme=str(programme.pk)).json()["count"] == 3
    assert api.get("/certificates", status="revoked").json()["items"][0]["status"] == "revoked"
    assert ApiClient(client).get("/certificates").status_code == 401
    assert ApiClient(client, tom_trainer).get("/certificates").status_code == 403


def test_enrolment_201_and_409_prerequisite(client: Client, course: Course, edith_educator: User) -> None:
    PrerequisiteRule.objects.create(programme=course.programme, kind="min_age", value=Decimal("18"))
    adult, child = make_person("A", "A", dt.date(1990, 1, 1)), make_person("C", "C", dt.date(2015, 1, 1))
    api = ApiClient(client, edith_educator)
    ok = api.post(f"/courses/{course.pk}/enrolments", {"person": adult.pk})
    assert ok.status_code == 201 and ok.json()["status"] == "enrolled"
    refused = api.post(f"/courses/{course.pk}/enrolments", {"person": child.pk})
    assert refused.status_code == 409
    assert refused.json()["code"] == "prerequisite" and "minimum age 18" in refused.json()["detail"]
    assert api.post(f"/courses/{course.pk}/enrolments", {"person": 999999}).status_code == 422
    assert api.post("/courses/999999/enrolments", {"person": adult.pk}).status_code == 404
    again = api.post(f"/courses/{course.pk}/enrolments", {"person": adult.pk})
    assert again.status_code == 409 and again.json()["code"] == "conflict"


def test_enrolment_needs_an_educator(
    client: Client, course: Course, candidate: Person, carol_manager: User
) -> None:
    assert (
        ApiClient(client).post(f"/courses/{course.pk}/enrolments", {"person": candidate.pk}).status_code
        == 401
    )
    response = ApiClient(client, carol_manager).post(
        f"/courses/{course.pk}/enrolments", {"person": candidate.pk}
    )
    assert response.status_code == 403


def test_revoke(
    client: Client, candidate: Person, programme: Programme, edith_educator: User, paul_public: User
) -> None:
    certificate = services.issue_certificate(candidate, programme, services.today(), user=edith_educator)
    assert (
        ApiClient(client, paul_public)
        .post(f"/certificates/{certificate.pk}/revoke", {"reason": "x"})
        .status_code
        == 403
    )
    api = ApiClient(client, edith_educator)
    assert api.post(f"/certificates/{certificate.pk}/revoke", {"reason": ""}).status_code == 422
    response = api.post(f"/certificates/{certificate.pk}/revoke", {"reason": "Fraud"})
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert api.post(f"/certificates/{certificate.pk}/revoke", {"reason": "Fraud"}).status_code == 409
    assert ApiClient(client).get(f"/certificates/verify/{certificate.code}").json()["status"] == "revoked"
