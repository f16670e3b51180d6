"""The timekeeper's pages: hand times with their correction, the timing page, the timing form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alatau.competitions import handtime, services, timingfeed, timingio, timingreport
from alatau.competitions.models import Race, RunTime
from alatau.competitions.views import _office
from alatau.core.errors import InvalidData
from alatau.errors import AlatauError, InputError
from alatau.fis.timing import format_time
from alatau.timing import report
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


# --- the timing page -------------------------------------------------------------------------------


def _running_order(race: Race, run: int) -> list[dict[str, Any]]:
    rows = {t.entry_id: t for t in RunTime.objects.filter(entry__race=race, run=run)}
    lines = []
    for order, entry in enumerate(_starters(race, run), start=1):
        row = rows.get(entry.pk)
        lines.append({
            "order": order, "entry": entry, "time": row, "state": _state(row),
            "net": format_time(row.net_time) if row and row.net_time is not None else "",
            "start": _tod_or_blank(row.start_tod if row else None),
            "finish": _tod_or_blank(row.finish_tod if row else None),
        })  # fmt: skip
    return lines


def _tod_or_blank(value: Decimal | None) -> str:
    return "" if value is None else format_tod(value)


def _state(row: RunTime | None) -> str:
    if row is None:
        return "waiting"
    if row.status:
        return "out"
    if row.net_time is not None:
        return "finished"
    return "on_course" if row.start_tod is not None or row.start_tod_b is not None else "waiting"


def _impulse_context(race: Race, run: int) -> dict[str, Any]:
    recent, unassigned = timingfeed.recent_impulses(race, run), timingfeed.unassigned_impulses(race, run)
    for impulse in (*recent, *unassigned):
        impulse.shown_tod = "" if impulse.time_of_day is None else format_tod(impulse.time_of_day)  # type: ignore[attr-defined]
    return {"impulses": recent, "unassigned": unassigned}


@login_required
def office_timing(request: HttpRequest, race_id: int, run: int) -> HttpResponse:
    race = _run_of(request, race_id, run)
    times = services.can_time(request.user, race)
    if request.method == "POST" and _post_timing(request, race, run):
        return redirect("competitions:race-timing", race_id=race.pk, run=run)
    context = {
        "race": race,
        "run": run,
        "times": times,
        "formats": timingio.FORMATS,
        **_impulse_context(race, run),
    }
    if request.GET.get("part") == "impulses":
        return render(request, "competitions/_timing_impulses.html", context)
    context["lines"] = _running_order(race, run)
    return render(request, "competitions/office_timing.html", context)


def _post_timing(request: HttpRequest, race: Race, run: int) -> bool:
    try:
        if request.POST.get("action") == "import":
            upload = request.FILES.get("file")
            if upload is None:
                raise InputError(_("Choose a timing file."))
            text = timingio.text_of(upload.read())
            done = services.import_timing(request.user, race, run, text, request.POST.get("format", ""))
            messages.success(
                request,
                _(
                    "Times set for %(imported)s competitors from %(impulses)s impulses; "
                    "%(unassigned)s impulses without a bib; %(cleared)s times cleared."
                )
                % done,
            )
            for error in done["errors"]:
                messages.warning(request, _("line %(line)s: %(detail)s") % error)
            return True
        impulse, bib = request.POST.get("impulse", ""), request.POST.get("bib", "").strip()
        if not impulse.isdigit() or not bib.isdigit():
            raise InputError(_("Give the bib this impulse belongs to."))
        row = timingfeed.assign_impulse(request.user, race, int(impulse), int(bib))
        messages.success(request, _("Impulse given to bib %(bib)s.") % {"bib": row.entry.bib})
        return True
    except AlatauError as error:
        messages.error(request, str(error))
        return False


# --- the timing form -------------------------------------------------------------------------------


def _form_data(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    data: dict[str, Any] = {name: post.get(name, "") for name in timingreport.TEXT_FIELDS}
    data |= {name: post.get(name) == "on" for name in timingreport.FLAGS}
    for name in (
        "start_device_type",
        "sync_time",
        "handsync_time",
        "synccheck_a",
        "synccheck_b",
        "live_port",
    ):
        data[name] = post.get(name, "")
    if not data["live_password"]:
        data.pop("live_password")  # an empty password field keeps the stored one
    data["devices"] = {
        slot: {part: post.get(f"device_{slot}_{part}", "") for part in timingreport.DEVICE_PARTS}
        for slot in timingreport.DEVICE_SLOTS
    }
    return data


@login_required
def office_timing_form(request: HttpRequest, race_id: int) -> HttpResponse:
    race = _office(request, race_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            timingreport.save_setup(request.user, race, _form_data(request))
            messages.success(request, _("Saved."))
            return redirect("competitions:race-timing-form", race_id=race.pk)
        except InvalidData as error:
            errors = error.errors
        except AlatauError as error:
            messages.error(request, str(error))
    setup = timingreport.setup_of(race)
    devices = [(slot, _parts(setup, slot)) for slot in timingreport.DEVICE_SLOTS]
    context = {
        "race": race, "setup": setup, "errors": errors, "devices": devices,
        "times": services.can_time(request.user, race), "modes": report.CONNECTION_MODES,
        "start_types": sorted(report.START_DEVICE_TYPES.items()),
        "synccheck_a": _tod_or_blank(setup.synccheck_a), "synccheck_b": _tod_or_blank(setup.synccheck_b),
    }  # fmt: skip
    return render(request, "competitions/office_timing_form.html", context)


def _parts(setup: Any, slot: str) -> list[tuple[str, str]]:
    stored = setup.devices.get(slot) or {}
    return [(part, stored.get(part, "")) for part in timingreport.DEVICE_PARTS]
