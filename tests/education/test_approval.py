"""Enrolment approval by the club or the region where the programme asks for it: service and page."""

import pytest
from django.test import Client
from django.urls import reverse

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import User
from alatau.education import approval, services
from alatau.education.models import Course, Enrolment
from alatau.registry.models import Person
from tests.web.apiclient import ApiClient
from tests.web.conftest import login
from tests.web.test_every_url import ROLES


@pytest.fixture
def club_course(course: Course) -> Course:
    course.programme.approval = approval.CLUB
    course.programme.save()
    return course


def test_an_educators_enrolment_waits_for_the_club_and_is_approved(
    club_course: Course, athlete: Person, edith_educator: User, carol_manager: User
) -> None:
    enrolment = services.enrol(club_course, athlete, user=edith_educator)
    assert enrolment.status == Enrolment.Status.AWAITING
    assert list(approval.awaiting_for(carol_manager)) == [enrolment]
    approval.approve(enrolment, user=carol_manager)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED and enrolment.decided_by == carol_manager
    entry = enrolment.audit_entries().get(action="approve")
    assert entry.actor == carol_manager and entry.changes == {"status": ["awaiting", "enrolled"]}
    with pytest.raises(Conflict):
        approval.approve(enrolment, user=carol_manager)


def test_approval_when_full_goes_to_the_waiting_list(
    club_course: Course, athlete: Person, candidate: Person, ridder_member: Person,
    edith_educator: User, carol_manager: User,
) -> None:  # fmt: skip
    club_course.programme.approval = ""
    club_course.programme.save()
    services.enrol(club_course, candidate, user=edith_educator)
    services.enrol(club_course, ridder_member, user=edith_educator)  # capacity 2: full
    club_course.programme.approval = approval.CLUB
    club_course.programme.save()
    enrolment = services.enrol(club_course, athlete, user=edith_educator)
    assert approval.approve(enrolment, user=carol_manager).status == Enrolment.Status.WAITING


def test_refusal_needs_a_reason_and_keeps_it(
    club_course: Course, athlete: Person, edith_educator: User, carol_manager: User
) -> None:
    enrolment = services.enrol(club_course, athlete, user=edith_educator)
    with pytest.raises(InvalidData):
        approval.refuse(enrolment, "  ", user=carol_manager)
    approval.refuse(enrolment, "Not selected by the club", user=carol_manager)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.reason) == (Enrolment.Status.REFUSED, "Not selected by the club")
    refused = enrolment.audit_entries().get(action="refuse approval")
    assert refused.changes["reason"] == "Not selected by the club"


def test_only_the_persons_club_or_an_admin_decides(
    club_course: Course, ridder_member: Person, edith_educator: User, carol_manager: User, alice_admin: User
) -> None:
    enrolment = services.enrol(club_course, ridder_member, user=edith_educator)
    assert list(approval.awaiting_for(carol_manager)) == []
    for outsider in (carol_manager, edith_educator):
        with pytest.raises(NotAllowed):
            approval.approve(enrolment, user=outsider)
    assert approval.approve(enrolment, user=alice_admin).status == Enrolment.Status.ENROLLED


def test_region_approval_is_the_federations(
    course: Course, athlete: Person, edith_educator: User, carol_manager: User, alice_admin: User
) -> None:
    course.programme.approval = approval.REGION
    course.programme.save()
    enrolment = services.enrol(course, athlete, user=carol_manager)  # the club cannot approve for the region
    assert enrolment.status == Enrolment.Status.AWAITING
    with pytest.raises(NotAllowed):
        approval.approve(enrolment, user=carol_manager)
    assert list(approval.awaiting_for(alice_admin)) == [enrolment]
    assert approval.approve(enrolment, user=alice_admin).status == Enrolment.Status.ENROLLED


def test_the_clubs_manager_approves_as_they_enrol(
    club_course: Course, athlete: Person, carol_manager: User
) -> None:
    enrolment = services.enrol(club_course, athlete, user=carol_manager)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.audit_entries().get(action="enrol").changes["approval"] == "club"


def test_prerequisites_are_checked_before_approval(
    club_course: Course, athlete: Person, edith_educator: User
) -> None:
    from alatau.education.models import PrerequisiteRule

    PrerequisiteRule.objects.create(programme=club_course.programme, kind="min_age", value=60)
    with pytest.raises(services.PrerequisiteMissing):
        services.enrol(club_course, athlete, user=edith_educator)
    assert Enrolment.objects.get(person=athlete).status == Enrolment.Status.REFUSED


def test_the_approvals_page(
    client: Client, club_course: Course, athlete: Person, edith_educator: User, carol_manager: User
) -> None:
    enrolment = services.enrol(club_course, athlete, user=edith_educator)
    url = reverse("education:edu-approvals")
    login(client, carol_manager)
    page = client.get(url)
    assert page.status_code == 200 and "ZHAKUPOV" in page.content.decode()
    decide = reverse("education:edu-enrolment-decide", args=[enrolment.pk])
    empty = client.post(decide, {"action": "refuse", "reason": ""}, follow=True)
    assert "Give a reason for the refusal." in empty.content.decode()
    done = client.post(decide, {"action": "refuse", "reason": "No place in the squad"}, follow=True)
    assert done.status_code == 200 and "No enrolment awaits your approval." in done.content.decode()
    assert "No place in the squad" in done.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REFUSED
    again = client.post(decide, {"action": "approve"}, follow=True)
    assert again.status_code == 200 and "not awaiting approval" in again.content.decode()


def test_the_approvals_page_as_other_roles(
    client: Client, club_course: Course, athlete: Person, edith_educator: User, paul_public: User,
    alice_admin: User,
) -> None:  # fmt: skip
    enrolment = services.enrol(club_course, athlete, user=edith_educator)
    url = reverse("education:edu-approvals")
    decide = reverse("education:edu-enrolment-decide", args=[enrolment.pk])
    assert client.get(url).status_code == 302  # to the login
    for user in (edith_educator, paul_public):
        login(client, user)
        assert client.get(url).status_code == 403
        assert client.post(decide, {"action": "approve"}).status_code == 403
    login(client, alice_admin)
    assert client.get(url).status_code == 200 and client.get(decide).status_code == 405
    client.post(decide, {"action": "approve"})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    detail = client.get(reverse("education:edu-course-detail", args=[club_course.pk])).content.decode()
    assert 'id="approval"' in detail


@pytest.mark.parametrize("role", ROLES)
def test_approvals_pages_never_fail_for_any_role(
    client: Client, club_course: Course, athlete: Person, edith_educator: User, role: str | None,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    enrolment = services.enrol(club_course, athlete, user=edith_educator)
    if role is not None:
        login(client, request.getfixturevalue(role))
    assert client.get(reverse("education:edu-approvals")).status_code in {200, 302, 403}
    decide = reverse("education:edu-enrolment-decide", args=[enrolment.pk])
    assert client.post(decide, {"action": "refuse", "reason": "x"}).status_code in {302, 403}


def test_the_approval_api(
    client: Client, club_course: Course, athlete: Person, ridder_member: Person, edith_educator: User,
    carol_manager: User, alice_admin: User,
) -> None:  # fmt: skip
    mine = services.enrol(club_course, athlete, user=edith_educator)
    other = services.enrol(club_course, ridder_member, user=edith_educator)
    assert ApiClient(client).get("/enrolments/awaiting").status_code == 401
    assert ApiClient(client, edith_educator).get("/enrolments/awaiting").status_code == 403
    carol = ApiClient(client, carol_manager)
    listed = carol.get("/enrolments/awaiting").json()
    assert [(e["id"], e["approval"], e["status"]) for e in listed] == [(mine.pk, "club", "awaiting")]
    assert carol.post(f"/enrolments/{other.pk}/approve").status_code == 403
    assert carol.post(f"/enrolments/{mine.pk}/refuse", {"reason": ""}).status_code == 422
    done = carol.post(f"/enrolments/{mine.pk}/refuse", {"reason": "Not this season"})
    assert (
        done.status_code == 200
        and done.json()["status"] == "refused"
        and done.json()["reason"] == "Not this season"
    )
    assert carol.post(f"/enrolments/{mine.pk}/approve").status_code == 409
    admin = ApiClient(client, alice_admin)
    assert admin.post(f"/enrolments/{other.pk}/approve").json()["status"] == "enrolled"
    assert admin.post("/enrolments/999999/approve").status_code == 404
