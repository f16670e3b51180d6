"""Education pages: the public course calendar and verification page, and the educators' course office."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.web import add_service_errors, paginate, require
from alatau.education import approval, services
from alatau.education.forms import AssessmentForm, CourseForm, EnrolForm, ReasonForm, SessionForm
from alatau.education.models import Certificate, Course, Enrolment, Session
from alatau.education.pades import sign_pdf
from alatau.education.pdf import certificate_pdf
from alatau.registry.models import Person
from alatau.registry.services import search_people

SEARCH_RESULTS = 20


def course_list(request: HttpRequest) -> HttpResponse:
    """Public: the course calendar, upcoming first, then the past ones."""
    today = services.today()
    courses = Course.objects.select_related("programme")
    context = {
        "upcoming": courses.filter(end_date__gte=today).order_by("start_date", "id"),
        "past": paginate(request, courses.filter(end_date__lt=today).order_by("-start_date", "-id")),
        "can_educate": services.can_educate(request.user),
        "can_approve": approval.can_decide_any(request.user),
    }
    return render(request, "education/course_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    require(services.can_educate(request.user))
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = form.save(commit=False)
        course.created_by = request.user
        course.save()
        course.log_action("create", request.user, {"programme": course.programme.code})
        messages.success(request, _("Course created."))
        return redirect("education:edu-course-detail", pk=course.pk)
    return render(request, "education/course_form.html", {"form": form})


def _course(pk: int) -> Course:
    return get_object_or_404(Course.objects.select_related("programme"), pk=pk)


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the course; educators and its trainers also see the people, sessions and marks."""
    course = _course(pk)
    marking = services.can_mark(request.user, course)
    context: dict[str, Any] = {
        "course": course,
        "marking": marking,
        "educating": services.can_educate(request.user),
        "enrolling": services.can_enrol(request.user),
        "modules": course.programme.modules.all(),
        "prerequisites": course.programme.prerequisites.select_related("required_programme"),
        "sessions": course.sessions.all(),
    }
    if marking:
        context["enrolments"] = course.enrolments.select_related("person").prefetch_related("assessments")
        context["session_form"] = SessionForm(initial={"date": course.start_date})
    return render(request, "education/course_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the registry and enrol; a missing prerequisite is shown, with an override for educators."""
    course = _course(pk)
    require(services.can_enrol(request.user))
    people = services.enrollable_people(request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = people.filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            form.add_error(None, _("No such person."))
        else:
            try:
                enrolment = services.enrol(
                    course, person, user=request.user, override_reason=form.cleaned_data["override_reason"]
                )
            except (Conflict, NotAllowed, InvalidData) as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s: %(status)s.")
                    % {"person": person, "status": enrolment.get_status_display()},
                )
                return redirect("education:edu-course-enrol", pk=course.pk)
    query = request.GET.get("q", "")
    found: QuerySet[Person] = (
        search_people(people, query).distinct()[:SEARCH_RESULTS] if query else Person.objects.none()
    )
    context = {
        "course": course,
        "form": form,
        "query": query,
        "found": found,
        "educating": services.can_educate(request.user),
    }
    return render(request, "education/course_enrol.html", context)


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    require(services.can_educate(request.user))
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.add_session(course, user=request.user, **form.cleaned_data)
        except InvalidData as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Check the session's date, topic and hours."))
    return redirect("education:edu-course-detail", pk=course.pk)


@login_required
@require_POST
def course_complete(request: HttpRequest, pk: int) -> HttpResponse:
    course = _course(pk)
    require(services.can_educate(request.user))
    issued = services.complete_course(course, user=request.user)
    messages.success(request, _("%(n)s certificate(s) issued.") % {"n": len(issued)})
    return redirect("education:edu-course-detail", pk=course.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course__programme"), pk=pk)
    require(services.can_mark(request.user, session.course))
    if request.method == "POST":
        present = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        services.record_attendance(session, present, user=request.user)
        messages.success(request, _("Attendance saved."))
        return redirect("education:edu-course-detail", pk=session.course.pk)
    marked = {a.enrolment_id: a.present for a in session.attendance.all()}
    rows = [
        (e, marked.get(e.pk, True))
        for e in session.course.enrolments.filter(status__in=services.SEATED).select_related("person")
    ]
    return render(request, "education/attendance.html", {"session": session, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_assess(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("person", "course__programme"), pk=pk)
    require(services.can_mark(request.user, enrolment.course))
    form = AssessmentForm(request.POST or None, initial={"date": services.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_assessment(
                enrolment, data["kind"], data["score"], user=request.user, on_date=data["date"]
            )
        except (Conflict, InvalidData) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("education:edu-course-detail", pk=enrolment.course.pk)
    context = {"enrolment": enrolment, "form": form, "assessments": enrolment.assessments.all()}
    return render(request, "education/assess.html", context)


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    require(services.can_educate(request.user))
    today = services.today()
    certificates = Certificate.objects.select_related("holder", "programme")
    soon = today + dt.timedelta(days=90)
    page = paginate(request, certificates)
    for certificate in page:
        certificate.status_today = certificate.status_on(today)  # type: ignore[attr-defined]
    expiring = certificates.filter(expires__gte=today, expires__lte=soon, revoked_on__isnull=True).count()
    return render(request, "education/certificate_list.html", {"page": page, "expiring": expiring})


def _own_or_educator(request: HttpRequest, certificate: Certificate) -> None:
    holder_account = certificate.holder.account_id
    require(
        services.can_educate(request.user)
        or (holder_account is not None and holder_account == request.user.pk)
    )


@login_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "programme"), pk=pk)
    _own_or_educator(request, certificate)
    context = {
        "certificate": certificate,
        "status": certificate.status_on(services.today()),
        "renewals": certificate.renewals.all(),
        "educating": services.can_educate(request.user),
        "reason_form": ReasonForm(),
    }
    return render(request, "education/certificate_detail.html", context)


def _status_label(status: str) -> str:
    return str(Certificate.Status(status).label)


@login_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "programme"), pk=pk)
    _own_or_educator(request, certificate)
    return certificate_response(request, certificate)


def certificate_response(request: HttpRequest, certificate: Certificate) -> HttpResponse:
    """The certificate's PDF as a download (the caller has checked that the user may have it)."""
    status = certificate.status_on(services.today())
    labels = {
        "federation": _("Kazakh Ski Federation"),
        "title": _("Certificate of qualification"),
        "level": _("Level"),
        "number": _("No."),
        "issued": _("Issued"),
        "expires": _("Expires"),
        "status_caption": _("Status"),
        "status": _status_label(status),
        "never": _("does not expire"),
        "scan": _("Scan to verify:"),
    }
    url = request.build_absolute_uri(reverse("education:verify", args=[certificate.code]))
    signed = sign_pdf(certificate_pdf(certificate, status, url, labels))
    response = HttpResponse(signed, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    return response


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(Certificate, pk=pk)
    require(services.can_educate(request.user))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
    else:
        try:
            services.revoke_certificate(certificate, form.cleaned_data["reason"], user=request.user)
        except Conflict as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Certificate revoked."))
    return redirect("education:edu-certificate-detail", pk=certificate.pk)


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public, no login: holder, qualification, level, issued, expires and status; nothing else."""
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "programme"), code=code)
    status = certificate.status_on(services.today())
    context = {"certificate": certificate, "status": status, "status_label": _status_label(status)}
    return render(request, "education/verify.html", context)
