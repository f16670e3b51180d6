"""The timekeeper's pages: hand times with their correction, the timing page, the timing form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alatau.competitions import handtime, services
from alatau.competitions.models import Race, RunTime
from alatau.competitions.views import _office
from alatau.errors import AlatauError
from alatau.fis.timing import format_time
from alatau.timing.impulse import format_tod


def _run_of(request: HttpRequest, race_id: int, run: int) -> Race:
    race = _office(request, race_id)
    if not 1 <= run <= race.runs:
        raise Http404
    return race


def hand_text(value: Decimal | None) -> str:
    """A hand time of day as typed: ``10:05:51.27``."""
    return "" if value is None else format_tod(value, 2)


@login_required
def office_hand_times(request: HttpRequest, race_id: int, run: int) -> HttpResponse:
    race = _run_of(request, race_id, run)
    if request.method == "POST" and _post_hand_times(request, race, run):
        return redirect("competitions:race-hand-times", race_id=race.pk, run=run)
    rows = {t.entry_id: t for t in RunTime.objects.filter(entry__race=race, run=run)}
    corrections = handtime.latest_corrections(race, run)
    lines = []
    for entry in _starters(race, run):
        row = rows.get(entry.pk)
        lines.append({
            "entry": entry, "time": row, "failed": row is not None and handtime.electronic_failed(row),
            "hand_start": hand_text(row.hand_start_tod if row else None),
            "hand_finish": hand_text(row.hand_finish_tod if row else None),
            "net": format_time(row.net_time) if row and row.net_time is not None else "",
            "corrections": corrections.get(row.pk, []) if row else [],
        })  # fmt: skip
    context = {"race": race, "run": run, "lines": lines, "times": services.can_time(request.user, race)}
    return render(request, "competitions/office_hand.html", context)


def _starters(race: Race, run: int) -> list[Any]:
    try:
        return handtime.start_order(race, run)
    except AlatauError:  # run 2 before run 1 is complete: bib order
        return [e for e in services.scoring.race_entries(race)]


def _post_hand_times(request: HttpRequest, race: Race, run: int) -> bool:
    get = request.POST.get
    if get("recorrect", "").isdigit():
        try:
            handtime.recorrect(request.user, race, run, int(get("recorrect", "0")))
        except AlatauError as error:
            messages.error(request, str(error))
            return False
        messages.success(request, _("Corrected."))
        return True
    items: list[dict[str, Any]] = []
    for bib in (b for b in request.POST.getlist("bib") if b.isdigit()):
        start, finish = get(f"hand_start_{bib}", "").strip(), get(f"hand_finish_{bib}", "").strip()
        if (start, finish) != (get(f"was_start_{bib}", ""), get(f"was_finish_{bib}", "")) and (
            start or finish
        ):
            items.append({"bib": int(bib), "hand_start": start, "hand_finish": finish})
    try:
        outcome = handtime.set_hand_times(request.user, race, run, items)
    except AlatauError as error:
        messages.error(request, str(error))
        return False
    for working in outcome.corrections:
        messages.success(request, _("Bib %(bib)s corrected from bibs %(bibs)s (mean difference %(mean)s).")
                         % {"bib": working.bib, "bibs": ", ".join(map(str, working.reference_bibs)),
                            "mean": working.mean_difference})  # fmt: skip
    for waiting, why in outcome.waiting.items():
        messages.warning(
            request, _("Bib %(bib)s is not corrected yet: %(why)s") % {"bib": waiting, "why": why}
        )
    return True
