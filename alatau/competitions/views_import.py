"""The entry list import: upload, the report by row, then all or nothing (as the member import)."""

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alatau.competitions import entry_import, services
from alatau.competitions.forms_entries import EntryListForm
from alatau.competitions.models import Race
from alatau.core.web import require
from alatau.errors import AlatauError


def _session_key(race: Race) -> str:
    return f"competitions-entry-list-{race.pk}"


@login_required
def race_import(request: HttpRequest, race_id: int) -> HttpResponse:
    """Check an uploaded entry list (report by row), then enter every row or none."""
    race = get_object_or_404(Race.objects.select_related("event"), pk=race_id)
    require(services.organises(request.user, race.event))
    form = EntryListForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"race": race, "form": form}
    if request.method == "POST" and request.POST.get("action") == "import":
        return _import(request, race)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, override = upload.read(), form.cleaned_data["override"]
        try:
            context["report"] = entry_import.check(race, data, upload.name, override)
            request.session[_session_key(race)] = {
                "name": upload.name, "data": base64.b64encode(data).decode(), "override": override,
            }  # fmt: skip
        except AlatauError as error:
            form.add_error("file", str(error))
    return render(request, "competitions/race_import.html", context, status=400 if form.errors else 200)


def _import(request: HttpRequest, race: Race) -> HttpResponse:
    stored = request.session.get(_session_key(race))
    if not stored:
        messages.error(request, _("Upload the entry list again."))
        return redirect("competitions:race-import", race_id=race.pk)
    data = base64.b64decode(stored["data"])
    try:
        made = entry_import.import_entries(request.user, race, data, stored["name"], stored["override"])
    except entry_import.EntriesRejected as rejected:
        context = {"race": race, "form": EntryListForm(), "report": rejected.report}
        return render(request, "competitions/race_import.html", context, status=400)
    except AlatauError as error:
        messages.error(request, str(error))
        return redirect("competitions:race-import", race_id=race.pk)
    del request.session[_session_key(race)]
    messages.success(request, _("%(count)s entries imported.") % {"count": len(made)})
    return redirect("competitions:race-entries", race_id=race.pk)
