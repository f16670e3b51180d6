"""FIS live timing for a race: the stored race streamed to the FIS live server as times come in.

:class:`RaceStreamer` opens with ``clear``, ``raceinfo``, ``activerun`` and the run's ``startlist``
(the order FIS requires), then on every :meth:`~RaceStreamer.step` compares each bib's state in the
current run with what it last sent and sends only the changes: ``start``, ``finish`` (in run 2 the
accumulated total, with gap and rank), ``dnf``/``dq``/``dns``, a ``correction="y"`` when a sent
result changes, a zero time when it disappears, ``nextstart`` for the next starter in order;
``endrun`` and the next run's opening when the race moves on; ``official_result`` once signed off.
Sequence numbers, keep-alive, reconnect and resending unechoed messages are the client's
(:class:`alatau.timing.fislive.LiveTimingClient`).

``alatau manage fis_live RACE`` runs :func:`stream` until stopped; host, port and password come from
the race's timing form.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from alatau.competitions import live, scoring, services
from alatau.competitions.models import Race, RunTime
from alatau.competitions.timingfeed import current_run
from alatau.competitions.timingreport import setup_of
from alatau.core.errors import InvalidData
from alatau.errors import AlatauError
from alatau.timing import fislive

#: Our statuses as FIS live events (DNQ: did not qualify for the run, shown as not started).
STATUS_EVENTS = {"DNF": "dnf", "DSQ": "dq", "DNS": "dns", "DNQ": "dns"}
State = tuple[str, Decimal | None]  # ("start" | "finish" | a status event, the total time)


def split_name(name: str) -> tuple[str, str]:
    """``ALPHA Anna`` → (``ALPHA``, ``Anna``): the upper-case words are the last name."""
    words = name.split()
    last = [w for w in words if w.isupper()] or words[:1]
    return " ".join(last), " ".join(w for w in words if w not in last)


def race_info(race: Race) -> fislive.RaceInfo:
    """The ``raceinfo`` of the race: event, discipline, gender, category, place, course data per run."""
    runs = [
        fislive.RunInfo(
            run.number,
            start=run.start_altitude,
            finish=run.finish_altitude,
            height=run.vertical_drop,
            length=run.length,
            gates=run.gates,
            turninggates=run.turning_gates,
        )
        for run in race.run_set.all()
    ]
    return fislive.RaceInfo(
        race.event.name, race.discipline, race.gender, race.category, place=race.event.place, runs=runs
    )


def racers(race: Race, run: int) -> list[fislive.Racer]:
    """The run's start list; FIS rejects racers without a numeric FIS code, so they are left out."""
    found = []
    for line in services.start_list(race, run):
        entry = line["entry"]
        if entry.fis_code.isdigit() and int(entry.fis_code):
            last, first = split_name(entry.name)
            found.append(fislive.Racer(line["order"], entry.bib, last, first, entry.nation, entry.fis_code))
    return found


def states(race: Race, run: int) -> tuple[dict[int, State], dict[int, dict[str, Any]]]:
    """Each bib's state in ``run`` and the standings after it (bib → rank, total, gap)."""
    entries = scoring.race_entries(race)
    standings = {line["bib"]: line for line in live._standings(entries, run)}
    found: dict[int, State] = {}
    for row in RunTime.objects.filter(entry__race=race, entry__withdrawn=False, run=run).select_related(
        "entry"
    ):
        bib = row.entry.bib
        if bib is None:
            continue
        if row.status:
            found[bib] = (STATUS_EVENTS[row.status], None)
        elif row.net_time is not None and bib in standings:
            found[bib] = ("finish", Decimal(str(standings[bib]["time"])))
        elif row.start_tod is not None or row.start_tod_b is not None:
            found[bib] = ("start", None)
    return found, standings


class RaceStreamer:
    """Streams one race through ``client``; call :meth:`step` whenever times may have changed."""

    def __init__(self, race: Race, client: fislive.LiveTimingClient) -> None:
        self.race, self.client = race, client
        self.run = 0
        self.sent: dict[int, State] = {}
        self.racers: list[fislive.Racer] = []
        self.next_sent: int | None = None
        self.official_sent = False

    def open_run(self, run: int) -> None:
        """``raceinfo``, ``activerun`` and the start list of ``run`` (the start list erases its results)."""
        if self.run == 0:
            self.client.send(fislive.command("clear"))
        elif self.run != run:
            self.client.send(fislive.command("endrun"))
        self.client.send(fislive.raceinfo(race_info(self.race)))
        self.client.send(fislive.activerun(run))
        self.racers = racers(self.race, run)
        self.client.send(fislive.startlist(run, self.racers))
        self.run, self.sent, self.next_sent = run, {}, None

    def step(self) -> int:
        """Send what changed since the last step; return how many messages went out.

        The run shown is the first one not complete (:func:`~alatau.competitions.timingfeed.current_run`):
        once the last time of run 1 is in, its last changes go out, then run 2 opens with its start list.
        """
        self.race.refresh_from_db(fields=["official", "version"])
        before = self.client.sequence
        run = current_run(self.race)
        if run != self.run:
            if self.run:
                self._send_changes(self.run)
            self.open_run(run)
        self._send_changes(run)
        self._official()
        self.client.tick()
        return (self.client.sequence - before) % fislive.SEQUENCE_LIMIT

    def _send_changes(self, run: int) -> None:
        now, standings = states(self.race, run)
        changed = sorted(set(now) | set(self.sent))
        events = [event for bib in changed for event in self._changes(bib, now, standings)]
        waiting = next((racer.bib for racer in self.racers if racer.bib not in now), None)
        if waiting is not None and waiting != self.next_sent:
            events.append(fislive.nextstart(waiting))  # the next starter, after the events before it
        self.next_sent = waiting
        if events:
            self.client.send(*events)
        self.sent = now

    def _changes(self, bib: int, now: dict[int, State], standings: dict[int, dict[str, Any]]) -> list[Any]:
        old, new = self.sent.get(bib), now.get(bib)
        if old == new:
            return []
        corrected = old is not None and old[0] != "start"
        if new is None:
            return [fislive.timed("finish", bib, Decimal(0), correction=True)] if corrected else []
        kind, total = new
        if kind == "start":
            return [fislive.start(bib)]
        if kind == "finish" and total is not None:
            line = standings[bib]
            diff = Decimal(str(line["behind"]))
            return [fislive.timed("finish", bib, total, diff, line["rank"], correction=corrected)]
        return [fislive.status(kind, bib, correction=corrected)]

    def _official(self) -> None:
        if self.race.official and not self.official_sent:
            self.client.send(fislive.command("official_result"))
            self.official_sent = True
        elif not self.race.official and self.official_sent:
            self.client.send(fislive.command("unofficial_result"))
            self.official_sent = False


def client_for(race: Race, **options: Any) -> fislive.LiveTimingClient:
    """The live-timing client of ``race`` from its timing form (host, port, password)."""
    setup = setup_of(race)
    if not setup.live_host or not setup.live_port or not setup.live_password:
        raise InvalidData({"live_host": [_("Give the FIS live host, port and password on the timing form.")]})
    return fislive.LiveTimingClient(
        setup.live_host, setup.live_port, race.codex, setup.live_password, **options
    )


def stream(
    race: Race, *, stop: threading.Event, interval_s: float = 0.5, keepalive_s: float = 300.0,
    report: Callable[[str], None] | None = None, client: fislive.LiveTimingClient | None = None,
) -> RaceStreamer:  # fmt: skip
    """Stream ``race`` until ``stop`` is set, looking for new times every ``interval_s`` seconds."""
    streamer = RaceStreamer(race, client or client_for(race, keepalive_s=keepalive_s))
    while not stop.is_set():
        try:
            streamer.step()
        except AlatauError as error:  # e.g. a start list the engine cannot make yet: try again
            if report is not None:
                report(str(error))
        streamer.client.poll(min(interval_s, 0.2))
        stop.wait(interval_s)
    streamer.client.tick()
    streamer.client.close()
    return streamer
