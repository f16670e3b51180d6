"""Historic import pages: upload → column mapping and report by row → confirmed all-or-nothing import."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alatau.core.errors import InvalidData
from alatau.core.web import add_service_errors, require
from alatau.education import history, services
from alatau.education.forms import HistoryMappingForm, HistoryUploadForm
from alatau.education.models import QualificationUpload
from alatau.imports.parsing import Table, read_table

PREVIEW_ROWS = 5


@login_required
@require_http_methods(["GET", "POST"])
def history_upload(request: HttpRequest) -> HttpResponse:
    require(services.can_educate(request.user))
    form = HistoryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        stale = timezone.now() - dt.timedelta(days=1)  # abandoned at the mapping step
        QualificationUpload.objects.filter(created_at__lt=stale, imported_at__isnull=True).delete()
        stored = QualificationUpload.objects.create(
            uploaded_by=request.user,  # type: ignore[misc]  # a User: login_required
            filename=form.cleaned_data["file"].name[:255],
            content=form.cleaned_data["content"],
        )
        return redirect("education:edu-history-mapping", pk=stored.pk)
    status = 400 if form.errors else 200
    return render(request, "education/history_upload.html", {"form": form}, status=status)


def _pending(request: HttpRequest, pk: int) -> tuple[QualificationUpload, Table]:
    require(services.can_educate(request.user))
    stored = get_object_or_404(QualificationUpload, pk=pk, uploaded_by=request.user, imported_at__isnull=True)
    return stored, read_table(bytes(stored.content), stored.filename)


def _page(
    request: HttpRequest,
    stored: QualificationUpload,
    table: Table,
    form: HistoryMappingForm,
    report: history.HistoryReport | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "upload": stored,
        "form": form,
        "report": report,
        "headers": table.headers,
        "preview": table.rows[:PREVIEW_ROWS],
        "total": len(table.rows),
    }
    return render(request, "education/history_mapping.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def history_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    stored, table = _pending(request, pk)
    initial = dict(stored.mapping) or history.guess_mapping(table)
    form = HistoryMappingForm(request.POST or None, headers=table.headers, mapping=initial)
    if request.method != "POST" or not form.is_valid():
        return _page(request, stored, table, form)
    try:
        report = history.check_history(table, form.mapping, user=request.user)
    except InvalidData as error:
        add_service_errors(form, error)
        return _page(request, stored, table, form, status=400)
    stored.mapping = form.mapping
    stored.save(update_fields=["mapping"])
    return _page(request, stored, table, form, report)


@login_required
@require_POST
def history_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    stored, table = _pending(request, pk)
    form = HistoryMappingForm(headers=table.headers, mapping=dict(stored.mapping))
    try:
        imported = history.import_qualifications(table, dict(stored.mapping), user=request.user)
    except history.HistoryRejected as rejected:
        return _page(request, stored, table, form, rejected.report, status=400)
    except InvalidData as error:
        messages.error(request, str(error))
        return redirect("education:edu-history-mapping", pk=stored.pk)
    stored.imported_at, stored.content, stored.imported_count = timezone.now(), b"", len(imported)
    stored.save(update_fields=["imported_at", "content", "imported_count"])
    messages.success(request, _("%(n)s historic certificate(s) imported.") % {"n": len(imported)})
    return redirect("education:edu-certificate-list")
