"""``/programmes``, ``/courses`` and ``/certificates``: the staff education API.

Programmes, the course calendar and certificate verification are public; the certificate list, enrolment
and revocation are for coach educators and federation administrators. Every change goes through
:mod:`alatau.education.services`.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema, Status

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.common import get_or_404, get_or_422, page_of
from alatau.api.errors import CREATE, DETAIL, READ, WRITE, ApiError, ErrorOut, not_found, responses
from alatau.api.schemas import InputSchema, PageIn, PageOut, PathId, ReasonIn
from alatau.core.permissions import is_authenticated
from alatau.education import services
from alatau.education.models import Certificate, Course, Programme
from alatau.registry.models import Person

router = Router(tags=["education"])

StatusName = Literal["valid", "expired", "revoked", "suspended"]


class ModuleOut(Schema):
    order: int
    name: str
    hours: Decimal


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str = Field(description="In the language of the request (Accept-Language).")
    name_kk: str
    name_ru: str
    name_en: str
    name_fr: str
    kind: str
    official_role: str
    level: int
    awarding_body: str
    validity_years: int
    modules: list[ModuleOut]


class CourseOut(Schema):
    id: int
    programme: str
    programme_id: int
    level: int
    organiser: str
    start_date: dt.date
    end_date: dt.date
    place: str
    capacity: int
    seats_left: int
    fee: Decimal
    language: str


class CourseFilter(Schema):
    date_from: dt.date | None = Field(None, alias="from", description="Courses ending on or after this day.")
    date_to: dt.date | None = Field(None, alias="to", description="Courses starting on or before this day.")


class VerifyOut(Schema):
    holder: str
    qualification: str
    level: int
    issued: dt.date
    expires: dt.date | None
    status: StatusName


class CertificateOut(VerifyOut):
    id: int
    code: str
    programme: str


class CertificatePage(PageOut):
    items: list[CertificateOut]


class CertificateFilter(Schema):
    status: StatusName | None = None
    programme: str | None = Field(None, description="The programme's code or id.")


class EnrolmentIn(InputSchema):
    person: int = Field(description="The id of the person in the registry.")
    override_reason: str = Field("", max_length=500, description="Educators: enrol despite a prerequisite.")


class EnrolmentOut(Schema):
    id: int
    course: int
    person: int
    status: str
    override: bool


def programme_out(programme: Programme) -> dict[str, Any]:
    modules = [{"order": m.order, "name": m.name, "hours": m.hours} for m in programme.modules.all()]
    names = {f"name_{lang}": getattr(programme, f"name_{lang}") for lang in ("kk", "ru", "en", "fr")}
    plain = ("id", "code", "kind", "official_role", "level", "awarding_body", "validity_years")
    return {**{k: getattr(programme, k) for k in plain}, "name": programme.name, **names, "modules": modules}


@router.get("/programmes", response=responses(list[ProgrammeOut], READ), auth=read_auth, summary="Programmes")
def list_programmes(request: HttpRequest) -> list[dict[str, Any]]:
    """Public: every qualification the federation trains for, with its modules."""
    return [programme_out(p) for p in Programme.objects.prefetch_related("modules")]


def course_out(course: Course) -> dict[str, Any]:
    seated = course.enrolments.filter(status__in=services.SEATED).count()
    plain = ("id", "organiser", "start_date", "end_date", "place", "capacity", "fee", "language")
    return {
        **{k: getattr(course, k) for k in plain},
        "programme": course.programme.name,
        "programme_id": course.programme_id,
        "level": course.programme.level,
        "seats_left": max(course.capacity - seated, 0),
    }


@router.get("/courses", response=responses(list[CourseOut], READ), auth=read_auth, summary="Course calendar")
def list_courses(request: HttpRequest, filters: Query[CourseFilter]) -> list[dict[str, Any]]:
    """Public: the courses between ``from`` and ``to`` (both optional), earliest first."""
    courses = Course.objects.select_related("programme").order_by("start_date", "id")
    if filters.date_from is not None:
        courses = courses.filter(end_date__gte=filters.date_from)
    if filters.date_to is not None:
        courses = courses.filter(start_date__lte=filters.date_to)
    return [course_out(c) for c in courses]


def verify_out(certificate: Certificate, on_date: dt.date) -> dict[str, Any]:
    return {
        "holder": str(certificate.holder),
        "qualification": certificate.programme.name,
        "level": certificate.programme.level,
        "issued": certificate.issued,
        "expires": certificate.expires,
        "status": str(certificate.status_on(on_date)),
    }


@router.get(
    "/certificates/verify/{code}",
    response=responses(VerifyOut, DETAIL),
    auth=read_auth,
    summary="Verify a certificate",
)
def verify_certificate(request: HttpRequest, code: str) -> dict[str, Any]:
    """Public: what the QR code on a certificate shows, and only that."""
    certificate = Certificate.objects.select_related("holder", "programme").filter(code=code).first()
    if certificate is None:
        raise not_found(_("No such certificate."))
    return verify_out(certificate, services.today())


def _educator(request: HttpRequest) -> Any:
    user = caller(request)
    if not services.can_educate(user):
        if not is_authenticated(user):
            raise ApiError(401, "not_authenticated", _("Sign in or send an API token to read certificates."))
        raise ApiError(403, "not_allowed", _("Only coach educators and administrators manage certificates."))
    return user


def certificate_out(certificate: Certificate, on_date: dt.date) -> dict[str, Any]:
    return {
        **verify_out(certificate, on_date),
        "id": certificate.pk,
        "code": certificate.code,
        "programme": certificate.programme.code,
    }


def filter_certificates(filters: CertificateFilter, on_date: dt.date) -> QuerySet[Certificate]:
    certificates = Certificate.objects.select_related("holder", "programme").order_by("-issued", "-id")
    if filters.programme:
        key = "programme_id" if filters.programme.isdigit() else "programme__code"
        certificates = certificates.filter(**{key: filters.programme})
    if filters.status == "revoked":
        certificates = certificates.filter(revoked_on__lte=on_date)
    elif filters.status is not None:
        certificates = certificates.exclude(revoked_on__lte=on_date)
        if filters.status == "suspended":
            certificates = certificates.filter(suspended=True)
        else:
            certificates = certificates.filter(suspended=False)
            if filters.status == "expired":
                certificates = certificates.filter(expires__lt=on_date)
            else:
                certificates = certificates.exclude(expires__lt=on_date).filter(issued__lte=on_date)
    return certificates


@router.get(
    "/certificates",
    response=responses(CertificatePage, (401, 403, 422)),
    auth=read_auth,
    summary="List certificates",
)
def list_certificates(
    request: HttpRequest, filters: Query[CertificateFilter], page: Query[PageIn]
) -> dict[str, Any]:
    """Educators and administrators: every certificate, newest first, by status and programme."""
    _educator(request)
    on_date = services.today()
    return page_of(filter_certificates(filters, on_date), page, lambda c: certificate_out(c, on_date))


@router.post(
    "/courses/{course_id}/enrolments",
    response=responses(EnrolmentOut, (*CREATE, 404), status=201, conflict=ErrorOut),
    auth=write_auth,
    summary="Enrol a person on a course",
)
def enrol(request: HttpRequest, course_id: PathId, payload: EnrolmentIn) -> Status[dict[str, Any]]:
    """201 when enrolled or put on the waiting list; 409 ``prerequisite`` naming what is missing."""
    course = get_or_404(Course.objects.select_related("programme"), _("No such course."), pk=course_id)
    person = get_or_422(Person.objects.all(), "person", pk=payload.person)
    try:
        enrolment = services.enrol(
            course, person, user=caller(request), override_reason=payload.override_reason
        )
    except services.PrerequisiteMissing as missing:
        raise ApiError(409, "prerequisite", str(missing)) from missing
    body = {
        "id": enrolment.pk,
        "course": course.pk,
        "person": person.pk,
        "status": enrolment.status,
        "override": enrolment.override,
    }
    return Status(201, body)


@router.post(
    "/certificates/{certificate_id}/revoke",
    response=responses(CertificateOut, WRITE, conflict=ErrorOut),
    auth=write_auth,
    summary="Revoke a certificate",
)
def revoke_certificate(request: HttpRequest, certificate_id: PathId, payload: ReasonIn) -> dict[str, Any]:
    """Educators and administrators, with a reason; the verification page then says "revoked"."""
    certificate = get_or_404(
        Certificate.objects.select_related("holder", "programme"),
        _("No such certificate."),
        pk=certificate_id,
    )
    services.revoke_certificate(certificate, payload.reason, user=caller(request))
    return certificate_out(certificate, services.today())


class BadgeVerifyOut(Schema):
    verified: bool = Field(description="True only for a genuine credential that is valid today.")
    signature: bool
    status: str = Field(description="valid, expired, revoked, suspended or invalid.")
    detail: str


@router.post(
    "/certificates/badges/verify",
    response=responses(BadgeVerifyOut, (400, *READ)),  # 400: a body that is not JSON
    auth=read_auth,
    summary="Verify an Open Badges credential",
)
def verify_badge(request: HttpRequest, credential: Body[dict[str, Any]]) -> dict[str, Any]:
    """Public: check a certificate's Open Badges 3.0 credential with the federation's key and status lists."""
    from alatau.education.badges import verify_here
    from alatau.education.views_badges import site_base

    result = verify_here(credential, site_base(request), services.today())
    return {
        "verified": result.verified,
        "signature": result.signature,
        "status": result.status,
        "detail": result.detail,
    }


# ---------------------------------------------------------------- CPD and renewal


class CPDIn(Schema):
    date: dt.date
    title: str = Field(max_length=200)
    credit_type: Literal["seminar", "education", "practice", "safety"]
    credits: Decimal = Field(max_digits=5, decimal_places=2)


class CPDOut(Schema):
    id: int
    date: dt.date
    title: str
    credit_type: str
    credits: Decimal


class RenewIn(Schema):
    override_reason: str = Field(
        "", max_length=500, description="Educators: renew although a requirement is missing."
    )


def _cpd_person(request: HttpRequest, person_id: int) -> tuple[Any, Person]:
    from alatau.education.renewal import can_see_cpd

    user = caller(request)
    person = get_or_404(Person.objects.all(), _("No such person."), pk=person_id)
    if not can_see_cpd(user, person):
        if not is_authenticated(user):
            raise ApiError(401, "not_authenticated", _("Sign in or send an API token."))
        raise ApiError(403, "not_allowed", _("Your role does not allow this."))
    return user, person


def cpd_out(activity: Any) -> dict[str, Any]:
    return {k: getattr(activity, k) for k in ("id", "date", "title", "credit_type", "credits")}


@router.get(
    "/people/{person_id}/cpd",
    response=responses(list[CPDOut], DETAIL),
    auth=read_auth,
    summary="CPD activities",
)
def list_cpd(request: HttpRequest, person_id: PathId) -> list[dict[str, Any]]:
    """Educators and the holder: the person's CPD activities with their typed credits, newest first."""
    _user, person = _cpd_person(request, person_id)
    return [cpd_out(a) for a in person.cpd_activities.all()]


@router.post(
    "/people/{person_id}/cpd",
    response=responses(CPDOut, (*CREATE, 404), status=201),
    auth=write_auth,
    summary="Record a CPD activity",
)
def record_cpd(request: HttpRequest, person_id: PathId, payload: CPDIn) -> Status[dict[str, Any]]:
    from alatau.education.renewal import record_cpd as record

    person = get_or_404(Person.objects.all(), _("No such person."), pk=person_id)
    activity = record(person, user=caller(request), **payload.dict())
    return Status(201, cpd_out(activity))


@router.post(
    "/certificates/{certificate_id}/renew",
    response=responses(CertificateOut, WRITE, conflict=ErrorOut),
    auth=write_auth,
    summary="Renew a certificate",
)
def renew_certificate(request: HttpRequest, certificate_id: PathId, payload: RenewIn) -> dict[str, Any]:
    """Educators: extend by the qualification's renewal rule; 409 names the requirement still missing."""
    from alatau.education.renewal import renew

    certificate = get_or_404(
        Certificate.objects.select_related("holder", "programme"),
        _("No such certificate."),
        pk=certificate_id,
    )
    renew(certificate, user=caller(request), override_reason=payload.override_reason)
    return certificate_out(certificate, services.today())
