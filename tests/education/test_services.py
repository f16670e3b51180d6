"""Education services: each kind of prerequisite, waiting list, retakes, expiry, reminders, jury check."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from alatau.core.errors import NotAllowed
from alatau.core.models import AuditEntry, User
from alatau.education import services
from alatau.education.models import (
    Certificate,
    Course,
    Enrolment,
    ExperienceLog,
    Kind,
    OfficialRole,
    PointsRecord,
    PrerequisiteRule,
    Programme,
    Reminder,
)
from alatau.registry.models import Person
from tests.education.factories import make_person, make_programme

RULE = PrerequisiteRule.Kind


def refused_reason(course: Course, person: Person, user: User) -> str:
    with pytest.raises(services.PrerequisiteMissing) as caught:
        services.enrol(course, person, user=user)
    return str(caught.value)


def test_prior_qualification_required(course: Course, candidate: Person, edith_educator: User) -> None:
    level1 = make_programme("coach-0")
    PrerequisiteRule.objects.create(
        programme=course.programme, kind=RULE.QUALIFICATION, required_programme=level1
    )
    assert "Coach 0" in refused_reason(course, candidate, edith_educator)
    assert Enrolment.objects.get(person=candidate).status == Enrolment.Status.REFUSED
    services.issue_certificate(candidate, level1, dt.date(2025, 1, 10), user=edith_educator)
    assert services.enrol(course, candidate, user=edith_educator).status == Enrolment.Status.ENROLLED


def test_higher_level_covers_lower(course: Course, candidate: Person, edith_educator: User) -> None:
    lower, higher = make_programme("coach-a", level=1), make_programme("coach-b", level=2)
    PrerequisiteRule.objects.create(
        programme=course.programme, kind=RULE.QUALIFICATION, required_programme=lower
    )
    services.issue_certificate(candidate, higher, dt.date(2025, 1, 10), user=edith_educator)
    assert services.enrol(course, candidate, user=edith_educator)


def test_minimum_and_maximum_age(course: Course, edith_educator: User) -> None:
    PrerequisiteRule.objects.create(programme=course.programme, kind=RULE.MIN_AGE, value=18)
    young = make_person("Young", "Yana", dt.date(2008, 3, 3))  # 17 on 2 March 2026
    assert "minimum age 18" in refused_reason(course, young, edith_educator)
    eighteen = make_person("Adult", "Ada", dt.date(2008, 3, 2))  # 18 on the first day
    assert services.enrol(course, eighteen, user=edith_educator)
    PrerequisiteRule.objects.create(programme=course.programme, kind=RULE.MAX_AGE, value=50)
    old = make_person("Old", "Oleg", dt.date(1970, 1, 1))
    assert "maximum age 50" in refused_reason(course, old, edith_educator)


def test_experience_days_by_position(course: Course, candidate: Person, edith_educator: User) -> None:
    PrerequisiteRule.objects.create(
        programme=course.programme, kind=RULE.EXPERIENCE, value=8, position=OfficialRole.GATE_JUDGE
    )
    ExperienceLog.objects.create(
        person=candidate, position=OfficialRole.GATE_JUDGE, date=dt.date(2025, 2, 1), days=5
    )
    ExperienceLog.objects.create(
        person=candidate, position=OfficialRole.REFEREE, date=dt.date(2025, 2, 1), days=9
    )
    assert "5 logged" in refused_reason(course, candidate, edith_educator)
    ExperienceLog.objects.create(
        person=candidate, position=OfficialRole.GATE_JUDGE, date=dt.date(2025, 3, 1), days=3
    )
    assert services.enrol(course, candidate, user=edith_educator)


def test_first_aid_must_be_valid_on_the_course_date(
    course: Course, candidate: Person, edith_educator: User
) -> None:
    PrerequisiteRule.objects.create(programme=course.programme, kind=RULE.FIRST_AID)
    first_aid = make_programme("first-aid", kind=Kind.FIRST_AID, validity_years=2)
    services.issue_certificate(candidate, first_aid, dt.date(2023, 1, 5), user=edith_educator)  # expired 2025
    assert "first aid" in refused_reason(course, candidate, edith_educator)
    services.issue_certificate(candidate, first_aid, dt.date(2025, 6, 5), user=edith_educator)
    assert services.enrol(course, candidate, user=edith_educator)


def test_fis_points_threshold(course: Course, candidate: Person, edith_educator: User) -> None:
    PrerequisiteRule.objects.create(
        programme=course.programme, kind=RULE.FIS_POINTS, value=Decimal("120"), discipline="GS"
    )
    PointsRecord.objects.create(
        person=candidate, discipline="GS", points=Decimal("135.5"), list_date=dt.date(2025, 11, 1)
    )
    assert "FIS points of 120" in refused_reason(course, candidate, edith_educator)
    PointsRecord.objects.create(
        person=candidate, discipline="GS", points=Decimal("99.1"), list_date=dt.date(2026, 1, 1)
    )
    assert services.enrol(course, candidate, user=edith_educator)


def test_override_is_audited(course: Course, candidate: Person, edith_educator: User) -> None:
    PrerequisiteRule.objects.create(programme=course.programme, kind=RULE.MIN_AGE, value=60)
    enrolment = services.enrol(
        course, candidate, user=edith_educator, override_reason="Former national coach"
    )
    assert enrolment.override and enrolment.status == Enrolment.Status.ENROLLED
    entry = AuditEntry.objects.filter(action="override", object_id=str(enrolment.pk)).get()
    assert entry.actor == edith_educator and entry.changes["override_reason"] == "Former national coach"


def test_only_educators_enrol(course: Course, candidate: Person, tom_trainer: User) -> None:
    with pytest.raises(NotAllowed):
        services.enrol(course, candidate, user=tom_trainer)


def test_waiting_list_and_promotion(course: Course, edith_educator: User) -> None:
    people = [make_person(f"P{i}", "X", dt.date(1990, 1, 1)) for i in range(3)]
    first, second, third = (services.enrol(course, p, user=edith_educator) for p in people)
    assert [first.status, second.status, third.status] == ["enrolled", "enrolled", "waiting"]
    promoted = services.withdraw(first, user=edith_educator)
    assert promoted is not None and promoted.pk == third.pk
    third.refresh_from_db()
    assert third.status == Enrolment.Status.ENROLLED


def test_retake_limit(course: Course, candidate: Person, edith_educator: User) -> None:
    enrolment = services.enrol(course, candidate, user=edith_educator)
    day = dt.date(2026, 3, 3)
    for attempt in (1, 2, 3):  # the first try and two retakes
        marked = services.record_assessment(
            enrolment, "theory", Decimal("40"), user=edith_educator, on_date=day
        )
        assert marked.attempt == attempt and not marked.passed
    with pytest.raises(services.RetakeLimitReached):
        services.record_assessment(enrolment, "theory", Decimal("90"), user=edith_educator, on_date=day)
    later = dt.date(2028, 3, 4)  # outside the two-year window the attempts count again
    assert services.record_assessment(
        enrolment, "theory", Decimal("90"), user=edith_educator, on_date=later
    ).passed


def test_complete_course_issues_certificates(course: Course, edith_educator: User, tom_trainer: User) -> None:
    course.examiners.add(tom_trainer)
    good, bad = (
        services.enrol(course, make_person(n, "X", dt.date(1990, 1, 1)), user=edith_educator) for n in "AB"
    )
    session = services.add_session(course, course.start_date, "Rules", user=edith_educator)
    assert services.record_attendance(session, [good.pk], user=tom_trainer) == 1
    for kind in ("theory", "practical"):
        services.record_assessment(good, kind, Decimal("80"), user=tom_trainer)
    services.record_assessment(bad, "theory", Decimal("80"), user=tom_trainer)
    (certificate,) = services.complete_course(course, user=edith_educator)
    assert certificate.holder == good.person and certificate.number == "KSF-2026-00001"
    assert certificate.expires == dt.date(2030, 3, 6)
    bad.refresh_from_db()
    assert bad.status == Enrolment.Status.FAILED


@pytest.mark.parametrize(
    ("issued", "years", "expires"),
    [
        (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
        (dt.date(2024, 2, 29), 2, dt.date(2026, 2, 28)),
        (dt.date(2023, 3, 1), 1, dt.date(2024, 3, 1)),
        (dt.date(2025, 12, 31), 6, dt.date(2031, 12, 31)),
    ],
)
def test_expiry_across_leap_years(
    issued: dt.date, years: int, expires: dt.date, candidate: Person, edith_educator: User
) -> None:
    programme = make_programme(f"p-{years}-{issued.isoformat()}", validity_years=years)
    certificate = services.issue_certificate(candidate, programme, issued, user=edith_educator)
    assert certificate.expires == expires
    assert certificate.status_on(expires) == "valid"
    assert certificate.status_on(expires + dt.timedelta(days=1)) == "expired"


def test_renewal_extends_and_keeps_history(candidate: Person, edith_educator: User) -> None:
    programme = make_programme(
        "td", kind=Kind.OFFICIAL, official_role=OfficialRole.TECHNICAL_DELEGATE, validity_years=2
    )
    certificate = services.issue_certificate(candidate, programme, dt.date(2024, 2, 29), user=edith_educator)
    services.renew_certificate(certificate, user=edith_educator, on_date=dt.date(2026, 1, 10))
    assert certificate.expires == dt.date(2028, 2, 28)  # from the old expiry: renewed in time
    services.renew_certificate(certificate, user=edith_educator, on_date=dt.date(2028, 6, 1))
    assert certificate.expires == dt.date(2030, 6, 1)  # lapsed: from the renewal day
    history = list(certificate.renewals.values_list("previous_expires", "new_expires"))
    assert history == [
        (dt.date(2026, 2, 28), dt.date(2028, 2, 28)),
        (dt.date(2028, 2, 28), dt.date(2030, 6, 1)),
    ]


def test_revoke_and_suspend(candidate: Person, programme: Programme, edith_educator: User) -> None:
    certificate = services.issue_certificate(candidate, programme, dt.date(2025, 1, 1), user=edith_educator)
    services.suspend_certificate(certificate, "Under review", user=edith_educator)
    assert certificate.status_on(dt.date(2025, 6, 1)) == "suspended"
    services.lift_suspension(certificate, user=edith_educator)
    services.revoke_certificate(certificate, "Fraud", user=edith_educator, on_date=dt.date(2025, 7, 1))
    assert certificate.status_on(dt.date(2025, 6, 30)) == "valid"
    assert certificate.status_on(dt.date(2025, 7, 1)) == "revoked"
    assert AuditEntry.objects.filter(action="revoke", changes__reason="Fraud").exists()


def test_reminders_sent_once(candidate: Person, programme: Programme, edith_educator: User) -> None:
    certificate = services.issue_certificate(candidate, programme, dt.date(2022, 6, 1), user=edith_educator)
    expires = certificate.expires
    assert expires == dt.date(2026, 6, 1)
    assert services.send_reminders(expires - dt.timedelta(days=91)) == 0
    assert services.send_reminders(expires - dt.timedelta(days=90)) == 1
    assert services.send_reminders(expires - dt.timedelta(days=89)) == 0
    assert services.send_reminders(expires - dt.timedelta(days=30)) == 1
    assert services.send_reminders(expires - dt.timedelta(days=30)) == 0
    assert (
        services.send_reminders(expires - dt.timedelta(days=5)) == 1
    )  # a missed day still gets the 7-day one
    assert services.send_reminders(expires - dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 3 and mail.outbox[0].to == ["cara@alatau.test"]
    assert Reminder.objects.filter(certificate=certificate).count() == 3


def test_reminder_command_is_idempotent(
    candidate: Person, programme: Programme, edith_educator: User
) -> None:
    from django.core.management import call_command

    services.issue_certificate(candidate, programme, dt.date(2022, 6, 1), user=edith_educator)
    call_command("send_certificate_reminders", "--date", "2026-05-25")
    call_command("send_certificate_reminders", "--date", "2026-05-25")
    assert len(mail.outbox) == 1


def test_jury_check_refuses_an_expired_td(candidate: Person, edith_educator: User) -> None:
    td = make_programme(
        "national-td",
        kind=Kind.OFFICIAL,
        official_role=OfficialRole.TECHNICAL_DELEGATE,
        level=2,
        validity_years=2,
    )
    services.issue_certificate(candidate, td, dt.date(2023, 11, 1), user=edith_educator)
    race_day = dt.date(2026, 1, 15)
    answer = services.qualified(candidate, "technical_delegate", race_day)
    assert not answer and "expired on 01.11.2025" in answer.reason
    assert services.qualified(candidate, "technical_delegate", dt.date(2025, 1, 15))
    nothing = services.qualified(candidate, "referee", race_day)
    assert not nothing and "no qualification as Referee" in nothing.reason
    assert not services.qualified(candidate, "technical_delegate", dt.date(2025, 1, 15), level=3)
    assert Certificate.objects.count() == 1
