"""The educators' dashboard and its CSV/XLSX exports; a holder's own education record."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from alatau.core.cells import export_cell
from alatau.core.web import require
from alatau.education import dashboard, services
from alatau.imports.services import xlsx_bytes
from alatau.registry.models import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def education_dashboard(request: HttpRequest) -> HttpResponse:
    require(services.can_educate(request.user))
    today = services.today()
    context = {
        "by": dashboard.holders_by(today),
        "expiring": dashboard.expiring(today),
        "rates": dashboard.pass_rates(),
        "days": dashboard.EXPIRING_DAYS,
    }
    return render(request, "education/dashboard.html", context)


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read Cyrillic), every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([export_cell(cell) for cell in header])
    writer.writerows([export_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode()


@login_required
def dashboard_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    require(services.can_educate(request.user))
    today = services.today()
    try:
        header, rows = dashboard.export_table(what, today)
    except KeyError as error:
        raise Http404(what) from error
    if fmt == "csv":
        response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(what, header, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="education-{what}-{today:%Y-%m-%d}.{fmt}"'
    return response


@login_required
def my_education(request: HttpRequest) -> HttpResponse:
    """The signed-in holder's own qualifications, courses and CPD (their person in the registry)."""
    person = Person.objects.filter(account_id=request.user.pk).first()
    return render(request, "education/my_education.html", {"person": person})
