"""Staff education workflows: enrolment with prerequisites, assessments, certificates, renewals and reminders.

Every function checks the caller's role, raises a domain error a user can act on, and writes the audit log.
"""

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_club_manager, is_federation_admin
from alatau.education.experience import experience
from alatau.education.models import (
    Assessment,
    Attendance,
    Certificate,
    Course,
    Enrolment,
    Kind,
    OfficialRole,
    PointsRecord,
    PrerequisiteRule,
    Programme,
    Reminder,
    Renewal,
    Session,
)
from alatau.registry.models import Person

#: Days before expiry at which the holder is reminded.
REMINDER_DAYS = (90, 30, 7)
#: Enrolments that hold a seat on the course.
SEATED = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED, Enrolment.Status.FAILED)
#: Both assessments must be passed to complete a course.
REQUIRED_ASSESSMENTS = (Assessment.Kind.THEORY, Assessment.Kind.PRACTICAL)
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class PrerequisiteMissing(Conflict):
    """The person does not meet a prerequisite of the programme; the message names it."""


class RetakeLimitReached(Conflict):
    """No attempts left at this assessment within the programme's retake window."""


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------- roles


def can_educate(user: Any) -> bool:
    """Coach educators and federation administrators run programmes, courses and certificates."""
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.COACH_EDUCATOR)


def can_mark(user: Any, course: Course) -> bool:
    """Attendance and marks: educators, and the trainers and examiners named on the course."""
    if can_educate(user):
        return True
    if not is_authenticated(user) or user.role != Role.TRAINER:
        return False
    return course.trainers.filter(pk=user.pk).exists() or course.examiners.filter(pk=user.pk).exists()


def can_enrol(user: Any, person: Person | None = None) -> bool:
    """Educators enrol anyone; a club manager enrols the current members of their clubs (no override)."""
    if can_educate(user):
        return True
    if not is_club_manager(user):
        return False
    if person is None:
        return True
    from alatau.registry.services import can_edit_person

    return can_edit_person(user, person)


def enrollable_people(user: Any) -> QuerySet[Person]:
    """Whom the user may look up to enrol: the whole registry, or a club manager's current members."""
    if can_educate(user):
        return Person.objects.all()
    from alatau.registry.services import visible_people

    return visible_people(user) if is_club_manager(user) else Person.objects.none()


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("Your role does not allow this."))


# ---------------------------------------------------------------- dates


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, on_date: dt.date) -> int:
    return on_date.year - birth.year - ((on_date.month, on_date.day) < (birth.month, birth.day))


def expiry_for(programme: Programme, issued: dt.date) -> dt.date | None:
    """The day a certificate issued on ``issued`` stops being valid (``None``: it does not expire)."""
    return add_years(issued, programme.validity_years) if programme.validity_years else None


# ---------------------------------------------------------------- prerequisites


def valid_certificates(person: Person, on_date: dt.date) -> list[Certificate]:
    certificates = Certificate.objects.filter(holder=person).select_related("programme")
    return [c for c in certificates if c.status_on(on_date) == Certificate.Status.VALID]


def _covers(held: Programme, required: Programme) -> bool:
    """The same qualification, or the same ladder of the same body at a higher level."""
    if held.pk == required.pk:
        return True
    same_ladder = held.kind == required.kind and held.official_role == required.official_role
    return same_ladder and held.level >= required.level and held.awarding_body == required.awarding_body


def missing_prerequisite(rule: PrerequisiteRule, person: Person, on_date: dt.date) -> str | None:
    """Why ``person`` fails ``rule`` on ``on_date``, or ``None`` when it is met."""
    value = rule.value if rule.value is not None else Decimal("0")
    if rule.kind == PrerequisiteRule.Kind.QUALIFICATION and rule.required_programme is not None:
        held = valid_certificates(person, on_date)
        if not any(_covers(c.programme, rule.required_programme) for c in held):
            return _("Missing prerequisite: a valid %(q)s qualification.") % {
                "q": rule.required_programme.name
            }
    elif rule.kind == PrerequisiteRule.Kind.MIN_AGE and age_on(person.birth_date, on_date) < value:
        return _("Missing prerequisite: minimum age %(n)s.") % {"n": int(value)}
    elif rule.kind == PrerequisiteRule.Kind.MAX_AGE and age_on(person.birth_date, on_date) > value:
        return _("Missing prerequisite: maximum age %(n)s at entry.") % {"n": int(value)}
    elif rule.kind == PrerequisiteRule.Kind.EXPERIENCE:
        return _experience_missing(rule, person, on_date, value)
    elif rule.kind == PrerequisiteRule.Kind.FIRST_AID:
        if not any(c.programme.kind == Kind.FIRST_AID for c in valid_certificates(person, on_date)):
            return _("Missing prerequisite: a valid first aid certificate.")
    elif rule.kind == PrerequisiteRule.Kind.FIS_POINTS:
        return _points_missing(rule, person, on_date, value)
    return None


def _experience_missing(
    rule: PrerequisiteRule, person: Person, on_date: dt.date, value: Decimal
) -> str | None:
    """Days logged by hand plus days on the race office's juries (:mod:`alatau.education.experience`)."""
    found = experience(person, rule.position, on_date)
    if found.days >= value:
        return None
    position = OfficialRole(rule.position).label if rule.position else ""
    return _(
        "Missing prerequisite: %(n)s days of experience as %(position)s "
        "(%(days)s: %(logged)s logged, %(served)s on race juries)."
    ) % {"n": int(value), "position": position, "days": found.days, "logged": found.logged,
         "served": found.served}  # fmt: skip


def _points_missing(rule: PrerequisiteRule, person: Person, on_date: dt.date, value: Decimal) -> str | None:
    records = PointsRecord.objects.filter(person=person, list_date__lte=on_date)
    if rule.discipline:
        records = records.filter(discipline=rule.discipline)
    best = records.order_by("points").first()
    if best is None or best.points > value:
        return _("Missing prerequisite: FIS points of %(n)s or better.") % {"n": value}
    return None


def missing_prerequisites(programme: Programme, person: Person, on_date: dt.date) -> list[str]:
    rules = programme.prerequisites.select_related("required_programme")
    return [reason for rule in rules if (reason := missing_prerequisite(rule, person, on_date)) is not None]


# ---------------------------------------------------------------- enrolment


def enrol(course: Course, person: Person, *, user: Any, override_reason: str = "") -> Enrolment:
    """Enrol ``person``: refused naming the missing prerequisite unless overridden; waiting list when full.

    Club managers enrol their own current members; only educators may override a prerequisite.
    """
    _require(can_enrol(user, person))
    if override_reason.strip() and not can_educate(user):
        raise NotAllowed(_("Only coach educators and administrators may override a prerequisite."))
    existing = Enrolment.objects.filter(course=course, person=person).first()
    if existing is not None and existing.status not in (Enrolment.Status.REFUSED, Enrolment.Status.WITHDRAWN):
        raise Conflict(_("%(person)s is already on this course.") % {"person": person})
    missing = missing_prerequisites(course.programme, person, course.start_date)
    enrolment = existing or Enrolment(course=course, person=person)
    if missing and not override_reason.strip():
        enrolment.status, enrolment.reason = Enrolment.Status.REFUSED, missing[0]
        enrolment.save()
        enrolment.log_action("refuse", user, {"reason": missing})
        raise PrerequisiteMissing(missing[0])
    with transaction.atomic():
        enrolment.status = _first_status(course, person, user)
        enrolment.reason = ""
        enrolment.override = bool(missing)
        enrolment.override_reason = override_reason.strip() if missing else ""
        enrolment.save()
        changes: dict[str, Any] = {"status": enrolment.status}
        if course.programme.approval and enrolment.status != Enrolment.Status.AWAITING:
            changes["approval"] = course.programme.approval  # the enroller approves as they enrol
        if missing:
            changes |= {"override": missing, "override_reason": enrolment.override_reason}
        enrolment.log_action("override" if missing else "enrol", user, changes)
    return enrolment


def _first_status(course: Course, person: Person, user: Any) -> str:
    """Awaiting approval where the programme asks for it, else a seat or the waiting list."""
    from alatau.education import approval

    if approval.needs_approval(course.programme, person, user):
        return Enrolment.Status.AWAITING
    return approval.seat_status(course)


def withdraw(enrolment: Enrolment, *, user: Any) -> Enrolment | None:
    """Withdraw an enrolment; the first on the waiting list takes the seat (returned)."""
    _require(can_educate(user))
    was_seated = enrolment.status == Enrolment.Status.ENROLLED
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save(update_fields=["status"])
    enrolment.log_action("withdraw", user, {"status": "withdrawn"})
    if not was_seated:
        return None
    waiting = enrolment.course.enrolments.filter(status=Enrolment.Status.WAITING).order_by("created_at", "id")
    promoted = waiting.first()
    if promoted is not None:
        promoted.status = Enrolment.Status.ENROLLED
        promoted.save(update_fields=["status"])
        promoted.log_action("promote", user, {"status": ["waiting", "enrolled"]})
    return promoted


# ---------------------------------------------------------------- attendance and assessments


def add_session(
    course: Course, date: dt.date, topic: str, *, user: Any, hours: Decimal = Decimal("4")
) -> Session:
    _require(can_educate(user))
    if not course.start_date <= date <= course.end_date:
        raise InvalidData({"date": [_("The session must fall within the course dates.")]})
    session = Session.objects.create(course=course, date=date, topic=topic, hours=hours)
    course.log_action("add_session", user, {"session": str(session)})
    return session


def record_attendance(session: Session, present: Iterable[int], *, user: Any) -> int:
    """Mark the course's enrolled people present (ids in ``present``) or absent; returns how many present."""
    _require(can_mark(user, session.course))
    present_ids = set(present)
    enrolled = session.course.enrolments.filter(status__in=SEATED)
    for enrolment in enrolled:
        Attendance.objects.update_or_create(
            session=session, enrolment=enrolment, defaults={"present": enrolment.pk in present_ids}
        )
    session.course.log_action("attendance", user, {"session": str(session), "present": sorted(present_ids)})
    return len(present_ids & {e.pk for e in enrolled})


def attempts_in_window(enrolment: Enrolment, kind: str, on_date: dt.date) -> int:
    """The person's attempts at this programme's assessment of ``kind`` within the retake window."""
    programme = enrolment.course.programme
    since = add_years(on_date, -programme.retake_window_years)
    return Assessment.objects.filter(
        enrolment__person=enrolment.person,
        enrolment__course__programme=programme,
        kind=kind,
        date__gt=since,
        date__lte=on_date,
    ).count()


def record_assessment(
    enrolment: Enrolment, kind: str, score: Decimal, *, user: Any, on_date: dt.date | None = None
) -> Assessment:
    """One attempt at the theory or practical assessment; refused past the retake limit."""
    _require(can_mark(user, enrolment.course))
    on_date = on_date or today()
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise Conflict(_("Only people enrolled on the course can be assessed."))
    if not Decimal("0") <= score <= Decimal("100"):
        raise InvalidData({"score": [_("The score is between 0 and 100.")]})
    if enrolment.assessments.filter(kind=kind, passed=True).exists():
        raise Conflict(_("This assessment has already been passed."))
    programme = enrolment.course.programme
    if attempts_in_window(enrolment, kind, on_date) > programme.retake_limit:
        raise RetakeLimitReached(
            _("No retakes left: %(n)s retakes are allowed within %(y)s years.")
            % {"n": programme.retake_limit, "y": programme.retake_window_years}
        )
    assessment = Assessment.objects.create(
        enrolment=enrolment,
        kind=kind,
        date=on_date,
        score=score,
        passed=score >= programme.pass_score,
        attempt=enrolment.assessments.filter(kind=kind).count() + 1,
        examiner=user if is_authenticated(user) else None,
    )
    assessment.log_action("assess", user, {"kind": kind, "score": str(score), "passed": assessment.passed})
    return assessment


def has_passed(enrolment: Enrolment) -> bool:
    passed = set(enrolment.assessments.filter(passed=True).values_list("kind", flat=True))
    return all(kind in passed for kind in REQUIRED_ASSESSMENTS)


def complete_course(course: Course, *, user: Any, on_date: dt.date | None = None) -> list[Certificate]:
    """Close the course: those who passed complete it and get their certificate, the others fail."""
    _require(can_educate(user))
    issued_on = on_date or course.end_date
    certificates = []
    with transaction.atomic():
        for enrolment in course.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related("person"):
            passed = has_passed(enrolment)
            enrolment.status = Enrolment.Status.COMPLETED if passed else Enrolment.Status.FAILED
            enrolment.save(update_fields=["status"])
            enrolment.log_action("complete" if passed else "fail", user, {"status": enrolment.status})
            if passed:
                certificates.append(
                    issue_certificate(enrolment.person, course.programme, issued_on, user=user, course=course)
                )
    return certificates


# ---------------------------------------------------------------- certificates


def _next_number(year: int) -> str:
    prefix = f"KSF-{year}-"
    last = Certificate.objects.filter(number__startswith=prefix).order_by("-number").first()
    sequence = int(last.number.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        if not Certificate.objects.filter(code=code).exists():
            return code


def issue_certificate(
    person: Person, programme: Programme, issued: dt.date, *, user: Any, course: Course | None = None
) -> Certificate:
    """A numbered certificate with a verification code; its expiry follows the programme's validity."""
    _require(can_educate(user))
    certificate = Certificate.objects.create(
        code=new_code(),
        number=_next_number(issued.year),
        holder=person,
        programme=programme,
        course=course,
        issued=issued,
        expires=expiry_for(programme, issued),
    )
    certificate.log_action("issue", user, {"number": certificate.number, "expires": str(certificate.expires)})
    return certificate


def _reason(reason: str) -> str:
    if not reason.strip():
        raise InvalidData({"reason": [_("Give a reason.")]})
    return reason.strip()


def revoke_certificate(
    certificate: Certificate, reason: str, *, user: Any, on_date: dt.date | None = None
) -> Certificate:
    _require(can_educate(user))
    if certificate.revoked_on is not None:
        raise Conflict(_("This certificate is already revoked."))
    certificate.revoked_on, certificate.status_reason = on_date or today(), _reason(reason)
    certificate.save(update_fields=["revoked_on", "status_reason"])
    certificate.log_action("revoke", user, {"reason": certificate.status_reason})
    return certificate


def suspend_certificate(certificate: Certificate, reason: str, *, user: Any) -> Certificate:
    _require(can_educate(user))
    if certificate.revoked_on is not None:
        raise Conflict(_("A revoked certificate cannot be suspended."))
    certificate.suspended, certificate.status_reason = True, _reason(reason)
    certificate.save(update_fields=["suspended", "status_reason"])
    certificate.log_action("suspend", user, {"reason": certificate.status_reason})
    return certificate


def lift_suspension(certificate: Certificate, *, user: Any) -> Certificate:
    _require(can_educate(user))
    certificate.suspended, certificate.status_reason = False, ""
    certificate.save(update_fields=["suspended", "status_reason"])
    certificate.log_action("lift_suspension", user)
    return certificate


def renew_certificate(
    certificate: Certificate,
    *,
    user: Any,
    on_date: dt.date | None = None,
    note: str = "",
    years: int | None = None,
) -> Certificate:
    """Extend by ``years`` (default: the programme's validity): from the old expiry if in time, else today."""
    _require(can_educate(user))
    on_date = on_date or today()
    if certificate.revoked_on is not None:
        raise Conflict(_("A revoked certificate cannot be renewed."))
    if certificate.expires is None:
        raise Conflict(_("This certificate does not expire."))
    start = certificate.expires if certificate.expires >= on_date else on_date
    new_expires = add_years(start, years or certificate.programme.validity_years)
    Renewal.objects.create(
        certificate=certificate,
        renewed_on=on_date,
        previous_expires=certificate.expires,
        new_expires=new_expires,
        note=note,
        by=user if is_authenticated(user) else None,
    )
    changes = {"expires": [str(certificate.expires), str(new_expires)]}
    certificate.expires = new_expires
    certificate.save(update_fields=["expires"])
    certificate.log_action("renew", user, changes)
    return certificate


def send_reminders(on_date: dt.date) -> int:
    """E-mail holders 90, 30 and 7 days before expiry; each reminder once (safe to run every day)."""
    horizon = on_date + dt.timedelta(days=max(REMINDER_DAYS))
    due = Certificate.objects.filter(
        expires__gt=on_date, expires__lte=horizon, revoked_on__isnull=True, suspended=False
    ).select_related("holder", "programme")
    sent = 0
    for certificate in due:
        assert certificate.expires is not None
        left = (certificate.expires - on_date).days
        lead = min(days for days in REMINDER_DAYS if left <= days)
        if not certificate.holder.email:
            continue
        if Reminder.objects.filter(
            certificate=certificate, expires=certificate.expires, days_before__lte=lead
        ).exists():
            continue
        _mail_reminder(certificate, left)
        Reminder.objects.create(
            certificate=certificate, expires=certificate.expires, days_before=lead, sent_on=on_date
        )
        sent += 1
    return sent


def _mail_reminder(certificate: Certificate, left: int) -> None:
    assert certificate.expires is not None
    subject = _("Your %(q)s certificate expires in %(n)s days") % {"q": certificate.programme.name, "n": left}
    body = _(
        "Certificate %(number)s expires on %(date)s. Contact the federation's education office to renew it."
    ) % {
        "number": certificate.number,
        "date": certificate.expires.strftime("%d.%m.%Y"),
    }
    send_mail(subject, body + _renewal_lines(certificate), None, [certificate.holder.email])


def _renewal_lines(certificate: Certificate) -> str:
    """What the renewal rule still asks of the holder, and the renewal page when the site's URL is known."""
    from django.conf import settings
    from django.urls import reverse

    from alatau.education.renewal import check_renewal

    check = check_renewal(certificate, today())
    lines = [_("Still needed to renew:")] + [f"- {m}" for m in check.missing] if check.missing else []
    if settings.SITE_URL:
        page = reverse("education:edu-certificate-renew", args=[certificate.pk])
        lines.append(str(settings.SITE_URL).rstrip("/") + page)
    return "".join(f"\n{line}" for line in ["", *lines]) if lines else ""


# ---------------------------------------------------------------- the officials' register


@dataclass(frozen=True)
class Qualified:
    """The answer of :func:`qualified`: truthy when qualified, with the reason either way."""

    ok: bool
    reason: str
    certificate: Certificate | None = None

    def __bool__(self) -> bool:
        return self.ok


def qualified(person: Person, role: str, on_date: dt.date, level: int | None = None) -> Qualified:
    """Whether ``person`` holds a valid qualification for the official ``role`` on ``on_date``.

    ``role`` is an :class:`OfficialRole` value (``technical_delegate``, ``referee``, ``chief_of_race`` …);
    ``level`` is the lowest level accepted.
    """
    label = OfficialRole(role).label if role in OfficialRole.values else role
    held: QuerySet[Certificate] = Certificate.objects.filter(
        holder=person, programme__official_role=role
    ).select_related("programme")
    if level is not None:
        held = held.filter(programme__level__gte=level)
    certificates = sorted(held, key=lambda c: c.expires or dt.date.max, reverse=True)
    for certificate in certificates:
        if certificate.status_on(on_date) == Certificate.Status.VALID:
            reason = _("%(person)s holds %(q)s (%(number)s).") % {
                "person": person,
                "q": certificate.programme.name,
                "number": certificate.number,
            }
            return Qualified(True, reason, certificate)
    if not certificates:
        reason = _("%(person)s holds no qualification as %(role)s.") % {"person": person, "role": label}
        return Qualified(False, reason)
    best = certificates[0]
    return Qualified(False, _describe_invalid(best, on_date), best)


def _describe_invalid(certificate: Certificate, on_date: dt.date) -> str:
    status = certificate.status_on(on_date)
    names = {"q": certificate.programme.name, "number": certificate.number}
    if status == Certificate.Status.REVOKED:
        return _("The %(q)s certificate %(number)s was revoked.") % names
    if status == Certificate.Status.SUSPENDED:
        return _("The %(q)s certificate %(number)s is suspended.") % names
    if certificate.issued > on_date:
        return _("The %(q)s certificate %(number)s was not yet issued on that date.") % names
    assert certificate.expires is not None
    return _("The %(q)s certificate %(number)s expired on %(date)s.") % {
        **names,
        "date": certificate.expires.strftime("%d.%m.%Y"),
    }
