"""Every education page as every role: never a server error, and each role gets what the issue says —
educators run everything, trainers mark only their own courses, club managers enrol their own members,
holders see their own record, the public sees the calendar and the verification page."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.errors import NotAllowed
from alatau.core.models import User
from alatau.education import services
from alatau.education.models import Course, Enrolment
from alatau.registry.models import Person
from tests.web.conftest import login
from tests.web.test_every_url import ROLES, SENSIBLE, all_urls, world  # noqa: F401  (the fixture)

EDUCATION = ("/education/", "/verify/", "/.well-known/", "/credentials/", "/api/v1/c", "/api/v1/programmes")


@pytest.mark.slow
# Marked: the world is asked for by name, so the reference-data fixture must see the database.
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_education_url_as_every_role(
    role: str | None, request: pytest.FixtureRequest, client: Client
) -> None:
    found = request.getfixturevalue("world")
    if role is not None:
        login(client, request.getfixturevalue(role))
    urls = [u for u in all_urls(found) if any(part in u for part in EDUCATION)]
    assert len(urls) > 30
    failures = {url: status for url in urls if (status := client.get(url).status_code) not in SENSIBLE}
    assert failures == {}


def _status(client: Client, user: User | None, url: str) -> int:
    client.logout()
    if user is not None:
        login(client, user)
    return client.get(url).status_code


@pytest.fixture
def office(course: Course, candidate: Person, edith_educator: User) -> dict[str, Any]:
    session = services.add_session(course, course.start_date, "ICR", user=edith_educator)
    enrolment = services.enrol(course, candidate, user=edith_educator)
    issued = dt.date(2026, 3, 6)
    certificate = services.issue_certificate(candidate, course.programme, issued, user=edith_educator)
    return {"session": session, "enrolment": enrolment, "certificate": certificate}


def test_what_each_role_gets(
    client: Client,
    course: Course,
    office: dict[str, Any],
    alice_admin: User,
    edith_educator: User,
    tom_trainer: User,
    carol_manager: User,
    paul_public: User,
) -> None:
    pages = {
        "calendar": reverse("education:edu-course-list"),
        "course": reverse("education:edu-course-detail", args=[course.pk]),
        "verify": reverse("education:verify", args=[office["certificate"].code]),
        "create": reverse("education:edu-course-create"),
        "enrol": reverse("education:edu-course-enrol", args=[course.pk]),
        "attendance": reverse("education:edu-session-attendance", args=[office["session"].pk]),
        "assess": reverse("education:edu-enrolment-assess", args=[office["enrolment"].pk]),
        "certificates": reverse("education:edu-certificate-list"),
        "dashboard": reverse("education:edu-dashboard"),
        "history": reverse("education:edu-history-upload"),
        "certificate": reverse("education:edu-certificate-detail", args=[office["certificate"].pk]),
    }
    expected = {
        None: dict(
            calendar=200, course=200, verify=200, create=302, enrol=302, attendance=302, certificate=302
        ),
        alice_admin: dict.fromkeys(pages, 200),
        edith_educator: dict.fromkeys(pages, 200),
        tom_trainer: dict(calendar=200, verify=200, create=403, enrol=403, attendance=403, assess=403),
        carol_manager: dict(enrol=200, attendance=403, assess=403, dashboard=403, certificate=403),
        paul_public: dict(
            calendar=200, verify=200, enrol=403, certificates=403, history=403, certificate=403
        ),
    }
    got = {
        user: {page: _status(client, user, pages[page]) for page in want} for user, want in expected.items()
    }
    assert got == expected
    course.trainers.add(tom_trainer)  # named on the course: now Tom marks it, and only it
    assert _status(client, tom_trainer, pages["attendance"]) == 200
    assert _status(client, tom_trainer, pages["assess"]) == 200


def test_club_manager_enrols_own_members_only(
    client: Client, course: Course, carol_manager: User, athlete: Person, ridder_member: Person
) -> None:
    enrolment = services.enrol(course, athlete, user=carol_manager)
    assert enrolment.status == Enrolment.Status.ENROLLED
    with pytest.raises(NotAllowed):
        services.enrol(course, ridder_member, user=carol_manager)
    login(client, carol_manager)
    url = reverse("education:edu-course-enrol", args=[course.pk])
    assert "OTHER Olga" not in client.get(url, {"q": "other"}).content.decode()
    refused = client.post(url, {"person": ridder_member.pk})
    assert refused.status_code == 200 and "No such person." in refused.content.decode()


def test_only_educators_override(course: Course, carol_manager: User, athlete: Person) -> None:
    with pytest.raises(NotAllowed, match="override"):
        services.enrol(course, athlete, user=carol_manager, override_reason="please")


def test_holder_downloads_own_certificate(
    client: Client, office: dict[str, Any], candidate: Person, paul_public: User
) -> None:
    candidate.account = paul_public
    candidate.save()
    login(client, paul_public)
    certificate = office["certificate"]
    for name in ("detail", "pdf", "badge", "renew"):
        url = reverse(f"education:edu-certificate-{name}", args=[certificate.pk])
        assert client.get(url).status_code == 200, name
    assert client.post(reverse("education:edu-certificate-renew", args=[certificate.pk])).status_code == 403
