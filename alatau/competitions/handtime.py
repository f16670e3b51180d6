"""Hand times and their 10-competitor correction (ICR 611.3.2.1) for a run of a race.

The timekeeper keys in hand times of day (start and/or finish, 1/100 s) for any bib. For a bib whose
electronic time failed in both systems (no net time from A or B), each impulse missing in system A is
taken from its hand time, corrected by the mean difference (hand − electronic) of the same impulse
of the 10 competitors around it in the run's start order (:mod:`alatau.timing.handtime`). The net
time then carries ``system="H"`` and ``manual=True``; the working (which bibs, each difference, the
mean) is stored as :class:`~alatau.competitions.models.HandCorrection` rows and in the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from alatau.competitions import services
from alatau.competitions.models import Entry, HandCorrection, Race, RunTime
from alatau.core.permissions import is_authenticated
from alatau.errors import InputError
from alatau.fis.timing import net_time, parse_time_of_day, truncate
from alatau.timing.handtime import CorrectedTime, HandReading, correct_hand_tod

HAND = "H"
_HAND_FIELDS = {"start": "hand_start_tod", "finish": "hand_finish_tod"}
_A_FIELDS = {"start": "start_tod", "finish": "finish_tod"}
_B_FIELDS = {"start": "start_tod_b", "finish": "finish_tod_b"}


@dataclass
class HandOutcome:
    """What a hand-time entry did: the rows changed, the corrections made, bibs still waiting."""

    rows: list[RunTime] = field(default_factory=list)
    corrections: list[CorrectedTime] = field(default_factory=list)
    waiting: dict[int, str] = field(default_factory=dict)  # bib → why no correction yet


def electronic_failed(row: RunTime) -> bool:
    """True when neither system A nor system B gives this run a net time (a hand time may)."""
    has_a = row.start_tod is not None and row.finish_tod is not None
    has_b = row.start_tod_b is not None and row.finish_tod_b is not None
    timed_by_hand = row.system == HAND or row.net_time is None
    return not has_a and not has_b and timed_by_hand and not row.status


def _hand_value(value: Any, where: str) -> Decimal | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        return truncate(parse_time_of_day(text))
    except InputError as error:
        raise InputError(f"{where}: {error}") from None


def set_hand_times(user: Any, race: Race, run: int, items: Sequence[dict[str, Any]]) -> HandOutcome:
    """Store hand times ``{"bib", "hand_start"?, "hand_finish"?}`` and correct the bibs that need it.

    All or nothing: a bad bib or time refuses the whole entry, naming the bib.
    """
    services._allow(services.can_time(user, race))
    services._open(race)
    if not 1 <= run <= race.runs:
        raise InputError(_("This race has no run %(run)s.") % {"run": run})
    outcome = HandOutcome()
    with transaction.atomic():
        locked = Race.objects.select_for_update().get(pk=race.pk)
        services._open(locked)
        for item in items:
            outcome.rows.append(_store_hand(user, race, run, item))
        for row in outcome.rows:
            if electronic_failed(row):
                _correct_or_wait(user, race, run, row, outcome)
    return outcome


def _store_hand(user: Any, race: Race, run: int, item: dict[str, Any]) -> RunTime:
    bib = item.get("bib")
    where = _("bib %(bib)s") % {"bib": bib}
    entry = race.entries.filter(bib=bib, withdrawn=False).first() if isinstance(bib, int) else None
    if entry is None:
        raise InputError(f"{where}: " + _("no such bib in this race"))
    start, finish = _hand_value(item.get("hand_start"), where), _hand_value(item.get("hand_finish"), where)
    if start is None and finish is None:
        raise InputError(f"{where}: " + _("give a hand start or finish time of day"))
    row, _created = RunTime.objects.select_for_update().get_or_create(entry=entry, run=run)
    before = {"hand_start_tod": _text(row.hand_start_tod), "hand_finish_tod": _text(row.hand_finish_tod)}
    row.hand_start_tod = start if start is not None else row.hand_start_tod
    row.hand_finish_tod = finish if finish is not None else row.hand_finish_tod
    row.version += 1
    row.updated_by = user if is_authenticated(user) else None
    row.save()
    after = {"hand_start_tod": _text(row.hand_start_tod), "hand_finish_tod": _text(row.hand_finish_tod)}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    row.log_action("hand time set", user, changes)
    return row


def _correct_or_wait(user: Any, race: Race, run: int, row: RunTime, outcome: HandOutcome) -> None:
    try:
        outcome.corrections.extend(correct_run_time(user, race, run, row))
    except InputError as error:
        outcome.waiting[row.entry.bib or 0] = str(error)


def start_order(race: Race, run: int) -> list[Entry]:
    """The run's starters in start order (run 2 from the run-1 results)."""
    return [line["entry"] for line in services.start_list(race, run)]


def readings(race: Race, run: int, channel: str) -> list[HandReading]:
    """Each starter's electronic (A, else B) and hand time of day of ``channel``, in start order."""
    rows = {t.entry_id: t for t in RunTime.objects.filter(entry__race=race, run=run)}
    found = []
    for entry in start_order(race, run):
        row = rows.get(entry.pk)
        if row is None:
            found.append(HandReading(entry.bib or 0, None, None))
            continue
        electronic = getattr(row, _A_FIELDS[channel])
        electronic = electronic if electronic is not None else getattr(row, _B_FIELDS[channel])
        found.append(HandReading(entry.bib or 0, electronic, getattr(row, _HAND_FIELDS[channel])))
    return found


def correct_run_time(user: Any, race: Race, run: int, row: RunTime) -> list[CorrectedTime]:
    """Correct the impulses ``row`` misses in system A from its hand times; set its net time (``H``)."""
    bib = row.entry.bib or 0
    if not electronic_failed(row):
        raise InputError(_("bib %(bib)s: it has an electronic time; no hand time is needed") % {"bib": bib})
    made, tods = [], {}
    for channel in ("start", "finish"):
        electronic = getattr(row, _A_FIELDS[channel])
        if electronic is not None:
            tods[channel] = electronic
            continue
        if getattr(row, _HAND_FIELDS[channel]) is None:
            message = (
                _("bib %(bib)s: no hand start time yet")
                if channel == "start"
                else _("bib %(bib)s: no hand finish time yet")
            )
            raise InputError(message % {"bib": bib})
        working = correct_hand_tod(readings(race, run, channel), bib, channel)
        made.append(working)
        tods[channel] = working.corrected
    _save_correction(user, row, made, net_time(tods["start"], tods["finish"]))
    return made


def _save_correction(user: Any, row: RunTime, made: list[CorrectedTime], net: Decimal) -> None:
    before = {"net_time": _text(row.net_time), "system": row.system, "manual": row.manual}
    row.net_time, row.system, row.manual = net, HAND, True
    row.version += 1
    row.updated_by = user if is_authenticated(user) else None
    row.save()
    acting = user if is_authenticated(user) else None
    for working in made:
        HandCorrection.objects.create(
            run_time=row, channel=working.channel, hand_tod=working.hand, references=_references(working),
            mean_difference=working.mean_difference, corrected_tod=working.corrected, made_by=acting,
        )  # fmt: skip
    changes: dict[str, Any] = {
        "net_time": [before["net_time"], str(net)], "system": [before["system"], HAND],
        "manual": [before["manual"], True],
        "correction": [None, [{"channel": w.channel, "bibs": list(w.reference_bibs),
                               "mean_difference": str(w.mean_difference)} for w in made]],
    }  # fmt: skip
    row.log_action("hand time corrected", user, changes)


def _references(working: CorrectedTime) -> list[dict[str, Any]]:
    return [
        {"bib": r.bib, "hand": str(r.hand), "electronic": str(r.electronic), "difference": str(r.difference)}
        for r in working.references
    ]


def recorrect(user: Any, race: Race, run: int, bib: int) -> list[CorrectedTime]:
    """Correct (again) the hand time of ``bib``, e.g. once the neighbours' hand times are in."""
    services._allow(services.can_time(user, race))
    services._open(race)
    with transaction.atomic():
        row = (
            RunTime.objects.select_for_update()
            .select_related("entry")
            .filter(entry__race=race, entry__bib=bib, run=run)
            .first()
        )
        if row is None:
            raise InputError(_("bib %(bib)s: no hand time yet") % {"bib": bib})
        return correct_run_time(user, race, run, row)


def latest_corrections(race: Race, run: int) -> dict[int, list[HandCorrection]]:
    """The newest correction of each corrected impulse of the run, by run-time id (start, finish)."""
    found: dict[int, dict[str, HandCorrection]] = {}
    for correction in HandCorrection.objects.filter(run_time__entry__race=race, run_time__run=run):
        found.setdefault(correction.run_time_id, {}).setdefault(correction.channel, correction)
    return {pk: sorted(by.values(), key=lambda c: c.channel, reverse=True) for pk, by in found.items()}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
