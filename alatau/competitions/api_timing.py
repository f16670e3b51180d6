"""Timing over the API: hand times with their correction, impulses without a bib and their assignment.

Thin, like :mod:`alatau.competitions.api`: every change goes through the services (role checks, 409
on official results, audit log).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from alatau.api.auth import caller, read_auth, write_auth
from alatau.api.errors import WRITE, ErrorOut, responses
from alatau.api.schemas import PathId
from alatau.competitions import handtime, services, timingfeed
from alatau.competitions.api import _race
from alatau.fis.report import number
from alatau.timing.impulse import format_tod

router = Router(tags=["races"])
CHANGED = responses(dict, WRITE, conflict=ErrorOut)
READ_OFFICIAL = responses(dict, (401, 403, 404, 422))


class HandTimeIn(Schema):
    bib: int
    hand_start: str | None = None
    hand_finish: str | None = None


class AssignIn(Schema):
    bib: int


def _working(correction: Any) -> dict[str, Any]:
    return {
        "bib": correction.bib, "channel": correction.channel, "hand": format_tod(correction.hand, 2),
        "reference_bibs": list(correction.reference_bibs),
        "mean_difference": number(correction.mean_difference),
        "differences": [number(r.difference) for r in correction.references],
        "corrected": format_tod(correction.corrected, 2),
    }  # fmt: skip


@router.put(
    "/races/{race_id}/runs/{run}/hand-times", auth=write_auth, response=CHANGED, summary="Set hand times"
)
def set_hand_times(
    request: HttpRequest, race_id: PathId, run: PathId, payload: list[HandTimeIn]
) -> dict[str, Any]:
    items = [item.dict() for item in payload]
    outcome = handtime.set_hand_times(caller(request), _race(race_id), run, items)
    corrected = {c.bib for c in outcome.corrections}
    updated = [
        {"bib": r.entry.bib, "net_time": number(r.net_time), "system": r.system, "manual": r.manual,
         "corrected": r.entry.bib in corrected, "version": r.version}
        for r in outcome.rows
    ]  # fmt: skip
    waiting = [{"bib": bib, "detail": why} for bib, why in outcome.waiting.items()]
    return {"updated": updated, "corrections": [_working(c) for c in outcome.corrections], "waiting": waiting}


@router.get(
    "/races/{race_id}/runs/{run}/impulses", auth=read_auth, response=READ_OFFICIAL, summary="The impulse log"
)
def impulses(request: HttpRequest, race_id: PathId, run: PathId) -> dict[str, Any]:
    race = _race(race_id)
    services._allow(services.can_work(caller(request), race))  # the raw log is for the race officials
    open_ids = {i.pk for i in timingfeed.unassigned_impulses(race, run)}
    lines = [
        {"id": i.pk, "line_no": i.line_no, "device": i.device, "raw": i.raw, "bib": i.bib,
         "channel": i.channel, "system": i.system,
         "time_of_day": None if i.time_of_day is None else format_tod(i.time_of_day),
         "cleared": i.cleared, "unassigned": i.pk in open_ids}
        for i in timingfeed.recent_impulses(race, run, limit=500)
    ]  # fmt: skip
    return {"impulses": lines}


@router.post(
    "/races/{race_id}/impulses/{impulse_id}/assign", auth=write_auth, response=CHANGED,
    summary="Give an impulse without a bib its bib",
)  # fmt: skip
def assign(request: HttpRequest, race_id: PathId, impulse_id: PathId, payload: AssignIn) -> dict[str, Any]:
    row = timingfeed.assign_impulse(caller(request), _race(race_id), impulse_id, payload.bib)
    return {"bib": row.entry.bib, "run": row.run, "net_time": number(row.net_time), "manual": row.manual,
            "version": row.version}  # fmt: skip
