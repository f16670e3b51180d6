"""Enrolment approval by the club or the region, where the programme asks for it.

An enrolment on such a programme that meets the prerequisites waits for approval: by a manager of the
person's current club (``club``) or by a federation administrator (``region``; administrators decide
both). Approved, it takes a seat or a place on the waiting list; refused, it keeps the reason. An
approver who enrols someone approves at once. Every decision is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import is_authenticated, is_club_manager, is_federation_admin, managed_club_ids
from alatau.education.models import Course, Enrolment, Programme
from alatau.registry.models import Person

CLUB, REGION = "club", "region"


def may_approve(user: Any, programme: Programme, person: Person) -> bool:
    """Whether ``user`` decides the approval of ``person``'s enrolment on ``programme``."""
    if is_federation_admin(user):
        return True
    if programme.approval != CLUB or not is_club_manager(user):
        return False
    from alatau.registry.services import current_membership

    membership = current_membership(person)
    return membership is not None and membership.club_id in managed_club_ids(user)


def needs_approval(programme: Programme, person: Person, user: Any) -> bool:
    """The programme asks for approval and the one enrolling cannot give it."""
    return bool(programme.approval) and not may_approve(user, programme, person)


def can_decide_any(user: Any) -> bool:
    return is_federation_admin(user) or is_club_manager(user)


def awaiting_for(user: Any) -> QuerySet[Enrolment]:
    """The enrolments awaiting a decision that ``user`` may take, oldest first."""
    waiting = Enrolment.objects.filter(status=Enrolment.Status.AWAITING).select_related(
        "person", "course__programme"
    )
    if is_federation_admin(user):
        return waiting.order_by("created_at", "id")
    if not is_club_manager(user):
        return waiting.none()
    clubs = managed_club_ids(user)
    members = Q(person__memberships__club__in=clubs, person__memberships__end_date__isnull=True)
    return waiting.filter(members, course__programme__approval=CLUB).distinct().order_by("created_at", "id")


def decided_by(user: Any, limit: int = 20) -> QuerySet[Enrolment]:
    """The latest approvals and refusals ``user`` gave."""
    if not is_authenticated(user):
        return Enrolment.objects.none()
    found = Enrolment.objects.filter(decided_by=user).select_related("person", "course__programme")
    return found.order_by("-decided_at", "-id")[:limit]


def _decidable(user: Any, enrolment: Enrolment) -> None:
    if not may_approve(user, enrolment.course.programme, enrolment.person):
        raise NotAllowed(_("Your role does not allow this."))
    if enrolment.status != Enrolment.Status.AWAITING:
        raise Conflict(_("This enrolment is not awaiting approval."))


def seat_status(course: Course) -> str:
    """Enrolled while the course has room, else on the waiting list (call inside a transaction)."""
    from alatau.education.services import SEATED

    Course.objects.select_for_update().filter(pk=course.pk).first()
    full = course.enrolments.filter(status__in=SEATED).count() >= course.capacity
    return Enrolment.Status.WAITING if full else Enrolment.Status.ENROLLED


def approve(enrolment: Enrolment, *, user: Any) -> Enrolment:
    """Approve: the person takes a seat, or a place on the waiting list when the course is full."""
    _decidable(user, enrolment)
    with transaction.atomic():
        _record(enrolment, user, seat_status(enrolment.course), "")
        enrolment.log_action("approve", user, {"status": ["awaiting", enrolment.status]})
    return enrolment


def refuse(enrolment: Enrolment, reason: str, *, user: Any) -> Enrolment:
    """Refuse with a reason, which the enrolment keeps."""
    _decidable(user, enrolment)
    if not reason.strip():
        raise InvalidData({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        _record(enrolment, user, Enrolment.Status.REFUSED, reason.strip())
        changes = {"status": ["awaiting", "refused"], "reason": enrolment.reason}
        enrolment.log_action("refuse approval", user, changes)
    return enrolment


def _record(enrolment: Enrolment, user: Any, status: str, reason: str) -> None:
    enrolment.status, enrolment.reason = status, reason
    enrolment.decided_by = user if is_authenticated(user) else None
    enrolment.decided_at = timezone.now()
    enrolment.save(update_fields=["status", "reason", "decided_by", "decided_at"])
