"""The live link into a race: each line a timer sends goes into the impulse log and onto the bibs.

:func:`receive_line` is the service (one line: log it, set the start or finish time of day of its
bib through the same time-setting path as the imports and the API); :class:`RaceFeed` is what
``alatau timing listen`` hands every line to. A line the database could not take (locked, gone
away) waits in the feed's backlog and is tried again, in order, before the next one: none is lost.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from alatau.competitions import services
from alatau.competitions.models import ImpulseAssignment, ImpulseLog, Race, RunTime
from alatau.core.errors import Conflict
from alatau.errors import AlatauError, InputError
from alatau.timing import FINISH, RUN, START, Impulse, parse_line_impulses

log = logging.getLogger(__name__)
_FIELDS = {START: "start_tod", FINISH: "finish_tod"}


@dataclass
class LineOutcome:
    """What one line did: impulses logged, bibs whose time was set, unassigned impulses, refusals."""

    logged: int = 0
    set_bibs: list[int] = field(default_factory=list)
    unassigned: int = 0
    errors: list[str] = field(default_factory=list)
    malformed: str = ""  # the parser's refusal of the whole line (the serial listener reports it)
    run: int | None = None  # the run of the line's last impulse with a bib


def current_run(race: Race) -> int:
    """The first run in which a starter still lacks a time or a status (the last run once all have)."""
    starters = race.entries.filter(withdrawn=False, bib__isnull=False).count()
    for number in range(1, race.runs + 1):
        done = RunTime.objects.filter(entry__race=race, run=number).exclude(net_time=None, status="").count()
        if done < starters:
            return number
    return race.runs


def run_for(race: Race, bib: int, channel: str) -> int | None:
    """The run an impulse of ``bib`` belongs to when the link follows the race by itself.

    A start goes to the bib's first run without a time or status (a start sent again before the
    finish replaces the first); a finish to the latest run up to that one in which the bib has a
    start (a finish sent again corrects it). None: every run of the bib has its time already.
    """
    rows = {
        t.run: t for t in RunTime.objects.filter(entry__race=race, entry__bib=bib, entry__withdrawn=False)
    }
    done = {n for n, t in rows.items() if t.net_time is not None or t.status}
    first_open = next((n for n in range(1, race.runs + 1) if n not in done), None)
    if channel == START:
        return first_open
    started = [n for n, t in sorted(rows.items()) if n <= (first_open or race.runs)
               and (t.start_tod is not None or t.start_tod_b is not None)]  # fmt: skip
    return started[-1] if started else first_open


def receive_line(
    user: Any, race: Race, run: int | None, device: str, line_no: int, raw: str, system: str = "A",
    *, fallback_run: int | None = None,
) -> LineOutcome:  # fmt: skip
    """Log one raw line of ``device`` and set the times it carries on race ``race``.

    ``run`` None follows the race: each impulse goes to its bib's run (:func:`run_for`); a line
    without a bib is logged in ``fallback_run`` (the run the link fed last), else the current run
    (:func:`current_run`). A malformed line is still logged (raw, no bib) and
    named in ``malformed``; a cleared impulse or one without a bib is logged and left for the
    timekeeper. Refusals of single times (unknown bib, official results) are reported, not raised:
    the link keeps reading.
    """
    if run is not None and not 1 <= run <= race.runs:
        raise InputError(f"race {race.pk} has no run {run}")
    outcome = LineOutcome()
    try:
        impulses = parse_line_impulses(raw, device, line_no, system)
    except AlatauError as error:
        impulses = []
        outcome.malformed = str(error)
    with transaction.atomic():
        resolved = [_impulse_run(race, run, impulse) for impulse in impulses]
        known = [found for found in resolved if found is not None]
        outcome.run = known[-1] if known else None
        fallback = run or outcome.run or fallback_run or current_run(race)
        runs = [found or fallback for found in resolved]
        _log_line(user, race, runs or [fallback], device, line_no, raw, system, impulses)
        outcome.logged = max(len(impulses), 1)
        for impulse, found, impulse_run in zip(impulses, resolved, runs, strict=True):
            if found is None and impulse.bib is not None and not impulse.cleared:
                where = f"line {impulse.line_no}: bib {impulse.bib}"
                outcome.errors.append(f"{where} has a time in every run; the impulse stays logged")
            else:
                _apply(user, race, impulse_run, impulse, outcome)
    return outcome


def _impulse_run(race: Race, run: int | None, impulse: Impulse) -> int | None:
    if run is not None:
        return run
    if impulse.bib is None or impulse.cleared:
        return None
    return run_for(race, impulse.bib, FINISH if impulse.channel == RUN else impulse.channel)


def _log_line(
    user: Any, race: Race, runs: list[int], device: str, line_no: int, raw: str, system: str,
    found: list[Impulse],
) -> None:  # fmt: skip
    acting = user if getattr(user, "is_authenticated", False) else None
    common = {"race": race, "device": device, "line_no": line_no, "raw": raw, "received_by": acting}
    if not found:
        ImpulseLog.objects.create(**common, run=runs[0], system=system)
        return
    for impulse, run in zip(found, runs, strict=True):
        ImpulseLog.objects.create(
            **common, run=run, bib=impulse.bib, channel=impulse.channel, time_of_day=impulse.time_of_day,
            system=impulse.system, cleared=impulse.cleared,
        )  # fmt: skip


def item_of(impulse: Impulse) -> dict[str, Any] | None:
    """The time-setting item of an impulse (``start_tod``/``finish_tod`` by system), else None."""
    if impulse.bib is None or impulse.cleared or impulse.channel not in _FIELDS:
        return None
    key = "start_tod" if impulse.channel == START else "finish_tod"
    return {"bib": impulse.bib, key: services._tod_text(impulse.time_of_day), "system": impulse.system}


def _apply(user: Any, race: Race, run: int, impulse: Impulse, outcome: LineOutcome) -> None:
    if impulse.cleared and impulse.bib is not None and impulse.channel in _FIELDS:
        _clear(user, race, run, impulse, outcome)
        return
    if impulse.bib is None and not impulse.cleared:
        outcome.unassigned += 1
        return
    item = item_of(impulse)
    if item is None and impulse.channel == RUN and impulse.bib is not None and not impulse.cleared:
        item = _run_time_item(race, run, impulse)
    if item is None:
        return
    try:
        with transaction.atomic():
            locked = Race.objects.select_for_update().get(pk=race.pk)
            services._open(locked)
            services._set_one(user, race, run, item, impulse.manual)
        outcome.set_bibs.append(impulse.bib or 0)
    except (InputError, Conflict) as error:
        outcome.errors.append(f"line {impulse.line_no}: {error}")


def _clear(user: Any, race: Race, run: int, impulse: Impulse, outcome: LineOutcome) -> None:
    """A cleared record clears the time of day it names (:mod:`alatau.competitions.timingclear`)."""
    from alatau.competitions.timingclear import clear_time, no_time_to_clear

    try:
        found = clear_time(user, race, run, impulse.bib or 0, impulse.channel, impulse.time_of_day)
    except (InputError, Conflict) as error:
        outcome.errors.append(f"line {impulse.line_no}: {error}")
        return
    if not found:
        outcome.errors.append(f"line {impulse.line_no}: {no_time_to_clear()}")


def _run_time_item(race: Race, run: int, impulse: Impulse) -> dict[str, Any] | None:
    """A run time the device computed counts only for a bib without a net time of its own."""
    timed = RunTime.objects.filter(entry__race=race, entry__bib=impulse.bib, run=run).exclude(net_time=None)
    return None if timed.exists() else {"bib": impulse.bib, "time": str(impulse.time_of_day)}


class RaceFeed:
    """The feed of ``alatau timing listen`` for one race: every line read, in order, none lost.

    ``on_line`` takes each line; one the database refuses stays in :attr:`backlog` and goes first
    next time. ``__call__`` (the impulse hook) does nothing: the line carries its impulses.
    """

    def __init__(
        self, race: Race, run: int | None, device: str, system: str = "A", *, user: Any = None,
        report: Callable[[str], None] | None = None,
    ) -> None:  # fmt: skip
        self.race, self.device, self.system, self.user = race, device, system, user
        self.run = run  # None: each impulse goes to its bib's run (run_for)
        self.report = report or log.warning
        self.backlog: deque[tuple[int, str]] = deque()
        self.received = 0
        self.last_run: int | None = run

    def __call__(self, impulse: Impulse) -> None:
        """Impulses are handled with their line (:meth:`on_line`)."""

    def on_line(self, line_no: int, raw: str) -> None:
        self.backlog.append((line_no, raw))
        self.drain()

    def drain(self) -> bool:
        """Hand the waiting lines to the race in order; False when the database refused one (it waits)."""
        while self.backlog:
            line_no, raw = self.backlog[0]
            try:
                outcome = receive_line(
                    self.user, self.race, self.run, self.device, line_no, raw, self.system,
                    fallback_run=self.last_run,
                )  # fmt: skip
            except DatabaseError as error:
                self.report(f"line {line_no}: the database refused it ({error}); it will be tried again")
                return False
            self.backlog.popleft()
            self.received += 1
            self.last_run = outcome.run or self.last_run
            for message in outcome.errors:
                self.report(message)
        return True


def race_feed(race_id: int, **options: Any) -> RaceFeed:
    """The feed factory of ``alatau timing listen`` (Django set up): the race, its run and the user."""
    from django.contrib.auth import get_user_model

    race = Race.objects.select_related("event").filter(pk=race_id).first()
    if race is None:
        raise InputError(f"no race {race_id}")
    username = options.get("user")
    user = get_user_model().objects.filter(username=username).first() if username else None
    if username and user is None:
        raise InputError(f"no user {username!r}")
    run = options.get("run")
    if run is not None and not 1 <= run <= race.runs:
        raise InputError(f"race {race_id} has no run {run}")
    device = str(options.get("device") or "alge")
    return RaceFeed(
        race, run, device, str(options.get("system") or "A"), user=user, report=options.get("report")
    )


# --- impulses without a bib ------------------------------------------------------------------------


def unassigned_impulses(race: Race, run: int) -> list[ImpulseLog]:
    """Start and finish impulses the timer sent without a bib (``?``), not cleared and not yet given one."""
    return list(
        ImpulseLog.objects.filter(race=race, run=run, bib=None, cleared=False, channel__in=tuple(_FIELDS))
        .exclude(time_of_day=None)
        .filter(assignment__isnull=True)
        .order_by("time_of_day", "pk")
    )


def assign_impulse(user: Any, race: Race, impulse_id: int, bib: int) -> RunTime:
    """Give impulse ``impulse_id`` (without a bib) to ``bib``: its time of day becomes that bib's, flagged
    as manually input (ICR 611.3.4); the impulse log itself stays as read.
    """
    services._allow(services.can_time(user, race))
    with transaction.atomic():
        impulse = ImpulseLog.objects.select_for_update().filter(pk=impulse_id, race=race).first()
        if impulse is None or impulse.bib is not None or impulse.time_of_day is None:
            raise InputError(_("This impulse has a bib already or no time."))
        if ImpulseAssignment.objects.filter(impulse=impulse).exists():
            raise Conflict(_("This impulse was given a bib meanwhile; reload the page."))
        entry = race.entries.filter(bib=bib, withdrawn=False).first()
        if entry is None:
            raise InputError(_("bib %(bib)s: no such bib in this race") % {"bib": bib})
        key = _FIELDS[impulse.channel]
        item = {"bib": bib, key: services._tod_text(impulse.time_of_day), "system": impulse.system}
        row = services.set_times(user, race, impulse.run, [item], manual=True)[0]
        acting = user if getattr(user, "is_authenticated", False) else None
        ImpulseAssignment.objects.create(impulse=impulse, entry=entry, assigned_by=acting)
        row.log_action("impulse assigned", user, {"impulse": [None, impulse.pk], "raw": [None, impulse.raw]})
    return row


def recent_impulses(race: Race, run: int, limit: int = 30) -> list[ImpulseLog]:
    """The newest lines of the run's impulse log, newest first, with their assignments."""
    found = ImpulseLog.objects.filter(race=race, run=run).select_related("assignment__entry")
    return list(found.order_by("-pk")[:limit])
