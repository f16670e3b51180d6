"""Import pages (upload → column mapping and report by row → confirm) and the exports: thin views."""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alatau.core.cells import export_cell
from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import can_manage_club, is_federation_admin, managed_club_ids
from alatau.errors import InputError
from alatau.imports import services
from alatau.imports.dates import ambiguous_example
from alatau.imports.forms import ExportForm, MappingForm, UploadForm
from alatau.imports.members import guess_mapping
from alatau.imports.models import Upload
from alatau.imports.parsing import ENCODINGS, Table, read_table
from alatau.registry.models import Club
from alatau.registry.services import visible_clubs

PREVIEW_ROWS = 5


def manageable_clubs(user: Any) -> QuerySet[Club]:
    """Clubs the user may import members into: all for administrators, their own for club managers."""
    if is_federation_admin(user):
        return Club.objects.all()
    return Club.objects.filter(pk__in=managed_club_ids(user))


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    clubs = manageable_clubs(request.user)
    if not clubs.exists():
        if visible_clubs(request.user).exists():  # read-only staff: the exports are their side of this page
            return redirect("imports:export")
        raise PermissionDenied(_("Only federation administrators and club managers import members."))
    form = UploadForm(request.POST or None, request.FILES or None, clubs=clubs)
    if request.method == "POST" and form.is_valid():
        # Uploads older than a day were abandoned at the mapping step.
        Upload.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
        stored = Upload.objects.create(
            club=form.cleaned_data["club"],
            uploaded_by=request.user,  # type: ignore[misc]  # a User: login_required
            filename=form.cleaned_data["file"].name[:255],
            content=form.cleaned_data["content"],
        )
        return redirect("imports:mapping", pk=stored.pk)
    return render(request, "imports/upload.html", {"form": form}, status=400 if form.errors else 200)


def _pending(request: HttpRequest, pk: int) -> tuple[Upload, Table]:
    """The user's own upload that is not imported yet, and its table."""
    stored = get_object_or_404(Upload, pk=pk, uploaded_by=request.user, imported_at__isnull=True)
    if not can_manage_club(request.user, stored.club):
        raise PermissionDenied
    try:
        return stored, read_table(bytes(stored.content), stored.filename, stored.encoding or None)
    except InputError:
        # The encoding the user chose does not fit the file: back to the detected one (they may choose again).
        stored.encoding = ""
        stored.save(update_fields=["encoding"])
        return stored, read_table(bytes(stored.content), stored.filename)


@login_required
@require_POST
def choose_encoding(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the CSV again in the encoding the user chose (names look wrong in the preview)."""
    stored, _table = _pending(request, pk)
    chosen = request.POST.get("encoding", "")
    if chosen not in ENCODINGS:
        return HttpResponseBadRequest(_("Unknown encoding."))
    try:
        read_table(bytes(stored.content), stored.filename, chosen)
    except InputError as error:
        messages.error(request, str(error))
        return redirect("imports:mapping", pk=stored.pk)
    stored.encoding = chosen
    stored.save(update_fields=["encoding"])
    return redirect("imports:mapping", pk=stored.pk)


def _mapping_page(
    request: HttpRequest,
    stored: Upload,
    table: Table,
    form: MappingForm,
    report: Any = None,
    status: int = 200,
    date_order: str = "day",
) -> HttpResponse:
    context = {
        "date_order": date_order,
        "upload": stored,
        "form": form,
        "report": report,
        "headers": table.headers,
        "preview": table.rows[:PREVIEW_ROWS],
        "total": len(table.rows),
        "encoding": table.encoding,
        "encoding_detected": table.encoding_detected,
        "encodings": ENCODINGS.items(),
    }
    return render(request, "imports/mapping.html", context, status=status)


@login_required
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    stored, table = _pending(request, pk)
    initial = dict(stored.mapping) or guess_mapping(table)
    form = MappingForm(request.POST or None, table=table, mapping=initial)
    example = ambiguous_example(table, initial)
    if example:
        form.ask_date_order(example)
    if request.method != "POST":
        return _mapping_page(request, stored, table, form)
    if not form.is_valid():
        return _mapping_page(request, stored, table, form, status=400)
    stored.mapping = form.mapping
    stored.save(update_fields=["mapping"])
    report = services.check_import(
        table, form.mapping, club=stored.club, user=request.user, date_order=form.date_order
    )
    return _mapping_page(request, stored, table, form, report, date_order=form.date_order)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    stored, table = _pending(request, pk)
    mapping = dict(stored.mapping)
    form = MappingForm(table=table, mapping=mapping)
    # The report's choice: add the people already registered to the club, or leave them where they are.
    join_registered = request.POST.get("registered", "join") != "skip"
    date_order = "month" if request.POST.get("date_order") == "month" else "day"  # the mapping step's answer
    try:
        imported = services.import_members(
            table,
            mapping,
            stored.club,
            user=request.user,
            join_registered=join_registered,
            filename=stored.filename,
            date_order=date_order,
        )
    except services.ImportRejected as rejected:
        return _mapping_page(request, stored, table, form, rejected.report, 400, date_order)
    except (InvalidData, Conflict) as error:
        messages.error(request, str(error))
        return redirect("imports:mapping", pk=stored.pk)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    stored.imported_at, stored.content = timezone.now(), b""
    stored.imported_count, stored.joined_count = len(imported.created), len(imported.joined)
    stored.save(update_fields=["imported_at", "imported_count", "joined_count", "content"])
    return redirect("imports:done", pk=stored.pk)


@login_required
def done(request: HttpRequest, pk: int) -> HttpResponse:
    stored = get_object_or_404(Upload, pk=pk, uploaded_by=request.user, imported_at__isnull=False)
    return render(request, "imports/done.html", {"upload": stored})


# --- exports ------------------------------------------------------------------------------------------


def _export_clubs(request: HttpRequest) -> QuerySet[Club]:
    clubs = visible_clubs(request.user)
    if not request.user.is_authenticated or not clubs.exists():
        raise PermissionDenied(_("Exports are for federation staff and club managers."))
    return clubs


@login_required
def export(request: HttpRequest) -> HttpResponse:
    from alatau.licences.models import Licence
    from alatau.licences.services import season_label

    clubs = _export_clubs(request)
    years = (
        Licence.objects.filter(club__in=clubs).values_list("season", flat=True).distinct().order_by("-season")
    )
    form = ExportForm(request.GET or None, clubs=clubs, seasons=[(y, season_label(y)) for y in years])
    return render(request, "imports/export.html", {"form": form})


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A byte-order mark lets spreadsheet programs read the Cyrillic names as UTF-8.
    yield "\ufeff" + writer.writerow([export_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([export_cell(cell) for cell in row])


@login_required
def export_file(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    clubs = _export_clubs(request)
    try:
        scope, season = services.export_scope(
            request.user, clubs, request.GET.get("club"), request.GET.get("season")
        )
    except InvalidData as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    if what == "members":
        header, rows = (
            services.MEMBER_COLUMNS,
            services.member_rows(services.members_in_scope(scope, season), scope),
        )
    elif what == "licences":
        header, rows = (
            services.LICENCE_COLUMNS,
            services.licence_rows(services.licences_in_scope(scope, season)),
        )
    else:  # the URL pattern admits only the two
        raise Http404
    name = f"alatau-{what}{f'-{season}' if season else ''}.{fmt}"
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(  # type: ignore[assignment]
            _csv_stream(header, rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            services.xlsx_bytes(what, header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
