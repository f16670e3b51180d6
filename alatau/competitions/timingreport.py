"""The per-race timing form and the FIS Timing Report XML built from it and the stored times.

The form (:class:`~alatau.competitions.models.TimingSetup`) holds what no timer records: the
timekeeper, the devices with their FIS homologation numbers, the connections and the synchronisation
times. The report (:func:`timing_report_xml`, engine :mod:`alatau.timing.report`) adds the jury, and
per run the first and last competitor's times of day in systems A, B and hand, the best A time and
every competitor whose time did not come from system A (System B or a corrected hand time).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from alatau.competitions import scoring, services
from alatau.competitions.models import Race, RunTime, TimingSetup
from alatau.core.errors import InvalidData
from alatau.errors import InputError
from alatau.fis.timing import parse_time_of_day
from alatau.registry.models import Person as RegistryPerson
from alatau.timing import report

#: The device slots of the form: key → the label the form shows.
DEVICE_SLOTS = ("timer_a", "timer_b", "start_device", "start_clock", "cells_a", "cells_b")
DEVICE_PARTS = ("brand", "model", "serial", "homologation")
TEXT_FIELDS = (
    "timekeeper_lastname", "timekeeper_firstname", "timekeeper_nation", "timekeeper_email",
    "timekeeper_phone", "timekeeper_company", "timer_b_not_used", "software_brand", "software_version",
    "connection_a", "connection_b", "connection_voice", "live_host", "live_password",
)  # fmt: skip
FLAGS = ("timer_b_used", "delayed_start_door", "certify")


def setup_of(race: Race) -> TimingSetup:
    """The race's timing form (unsaved and empty when none was filled yet)."""
    found = TimingSetup.objects.filter(race=race).first()
    return found if found is not None else TimingSetup(race=race)


def _snapshot(setup: TimingSetup) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(setup, name) for name in (*TEXT_FIELDS, *FLAGS)}
    values |= {"devices": setup.devices, "start_device_type": setup.start_device_type,
               "live_port": setup.live_port}  # fmt: skip
    for name in ("sync_time", "handsync_time", "synccheck_a", "synccheck_b"):
        value = getattr(setup, name)
        values[name] = None if value is None else str(value)
    values["live_password"] = "***" if setup.live_password else ""
    return values


def save_setup(user: Any, race: Race, data: dict[str, Any]) -> TimingSetup:
    """Check and store the timing form of ``race`` (organiser or timekeeper), audited old → new."""
    services._allow(services.can_time(user, race))
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        setup = TimingSetup.objects.select_for_update().filter(race=race).first() or TimingSetup(race=race)
        before = _snapshot(setup) if setup.pk else {}
        for name in TEXT_FIELDS:
            if name in data:
                setattr(setup, name, str(data[name] or "").strip())
        for name in FLAGS:
            if name in data:
                setattr(setup, name, bool(data[name]))
        if "devices" in data:
            setup.devices = _devices(data["devices"])
        _check_choices(setup, data, errors)
        _times(setup, data, errors)
        if errors:
            raise InvalidData(errors)
        setup.timekeeper_nation = setup.timekeeper_nation.upper()
        setup.save()
        after = _snapshot(setup)
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        setup.log_action("timing form saved", user, changes)
    return setup


def _devices(given: Any) -> dict[str, dict[str, str]]:
    if not isinstance(given, dict):
        raise InvalidData({"devices": [_("Devices by slot, each with brand, model, serial, homologation.")]})
    return {
        slot: {part: str(given[slot].get(part) or "").strip() for part in DEVICE_PARTS}
        for slot in DEVICE_SLOTS
        if isinstance(given.get(slot), dict)
    }


def _check_choices(setup: TimingSetup, data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if "start_device_type" in data:
        try:
            setup.start_device_type = int(data["start_device_type"])
        except (TypeError, ValueError):
            setup.start_device_type = 0
    if setup.start_device_type not in report.START_DEVICE_TYPES:
        errors["start_device_type"] = [_("One of 10, 15, 16, 17, 20.")]
    for name in ("connection_a", "connection_b", "connection_voice"):
        if getattr(setup, name) not in report.CONNECTION_MODES:
            errors[name] = [_("One of %(modes)s.") % {"modes": ", ".join(report.CONNECTION_MODES)}]
    nation = setup.timekeeper_nation
    if nation and (len(nation) != 3 or not nation.isalpha()):
        errors["timekeeper_nation"] = [_("A three-letter nation code, e.g. KAZ.")]
    if "live_port" in data:
        port = str(data["live_port"] or "").strip()
        if port and (not port.isdigit() or not 0 < int(port) < 65536):
            errors["live_port"] = [_("A TCP port from 1 to 65535.")]
        setup.live_port = int(port) if port.isdigit() else None


def _times(setup: TimingSetup, data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    for name in ("sync_time", "handsync_time"):
        if name in data:
            text = str(data[name] or "").strip()
            try:
                setattr(setup, name, dt.time.fromisoformat(text) if text else None)
            except ValueError:
                errors[name] = [_("A time of day, e.g. 08:30:00.")]
    for name in ("synccheck_a", "synccheck_b"):
        if name in data:
            text = str(data[name] or "").strip()
            try:
                setattr(setup, name, parse_time_of_day(text) if text else None)
            except InputError:
                errors[name] = [_("A time of day to 1/10,000 s, e.g. 08:45:00.0000.")]


# --- the report ------------------------------------------------------------------------------------


def _device(setup: TimingSetup, slot: str) -> report.Device:
    parts = setup.devices.get(slot) or {}
    return report.Device(*(str(parts.get(p) or "") for p in DEVICE_PARTS))


def _jury(person: RegistryPerson | None, with_number: bool) -> report.Person | None:
    if person is None:
        return None
    number = (person.fis_code or "") if with_number else ""
    return report.Person(person.last_name.upper(), person.first_name, person.nationality, number=number)


def timing_form(setup: TimingSetup) -> report.TimingForm:
    """The engine's timing form of a stored one (missing parts raise :class:`InvalidData`)."""
    missing = {}
    if not setup.timekeeper_lastname or not setup.timekeeper_nation:
        missing["timekeeper"] = [_("Fill in the timekeeper on the timing form.")]
    if setup.sync_time is None or setup.handsync_time is None:
        missing["sync_time"] = [_("Give the synchronisation times on the timing form.")]
    if missing:
        raise InvalidData(missing)
    timer_b = report.Timer("B", _device(setup, "timer_b"), setup.timer_b_used, setup.timer_b_not_used)
    timers = [report.Timer("A", _device(setup, "timer_a")), timer_b]
    checks = {k: v for k, v in (("A", setup.synccheck_a), ("B", setup.synccheck_b)) if v is not None}
    return report.TimingForm(
        timekeeper=report.Person(
            setup.timekeeper_lastname.upper(), setup.timekeeper_firstname, setup.timekeeper_nation,
            email=setup.timekeeper_email, phone=setup.timekeeper_phone, company=setup.timekeeper_company,
        ),
        timers=timers, start_device_type=setup.start_device_type, start_device=_device(setup, "start_device"),
        start_clock=_device(setup, "start_clock"),
        finish_cells={"A": _device(setup, "cells_a"), "B": _device(setup, "cells_b")},
        software=(setup.software_brand, setup.software_version),
        connections={"A": setup.connection_a, "B": setup.connection_b, "Voice": setup.connection_voice},
        sync=setup.sync_time, handsync=setup.handsync_time, synccheck=checks,  # type: ignore[arg-type]
        delayed_start_door=setup.delayed_start_door, certify=setup.certify,
    )  # fmt: skip


def _by_system(a: Decimal | None, b: Decimal | None, hand: Decimal | None) -> dict[str, Decimal]:
    return {k: v for k, v in (("A", a), ("B", b), ("Hand", hand)) if v is not None}


def _bib_times(row: RunTime) -> report.BibTimes:
    start = _by_system(row.start_tod, row.start_tod_b, row.hand_start_tod)
    finish = _by_system(row.finish_tod, row.finish_tod_b, row.hand_finish_tod)
    return report.BibTimes(row.entry.bib or 0, start, finish, row.net_time)


def run_times(race: Race, run: int) -> report.RunTimes | None:
    """What the report says of ``run``: None while nobody has a time in it."""
    rows = {t.entry_id: t for t in RunTime.objects.filter(entry__race=race, run=run).select_related("entry")}
    try:
        order = [line["entry"].pk for line in services.start_list(race, run)]
    except InputError:  # a later run before the one before it is complete: bib order
        order = [e.pk for e in scoring.race_entries(race)]
    timed = [rows[pk] for pk in order if pk in rows and rows[pk].net_time is not None and not rows[pk].status]
    if not timed:
        return None
    in_a = [t for t in timed if t.system == "A"] or timed
    best = min(in_a, key=lambda t: (t.net_time or Decimal(0), t.entry.bib or 0))
    missed = [
        report.MissedA(t.entry.bib or 0, _("System A failed"), "System B" if t.system == "B" else "Hand time")
        for t in timed
        if t.system in ("B", "H")
    ]
    return report.RunTimes(run, _bib_times(timed[0]), _bib_times(timed[-1]), best.entry.bib or 0,
                           best.net_time or Decimal(0), missed)  # fmt: skip


def timing_report_xml(race: Race) -> bytes:
    """The FIS Timing Report XML of ``race`` (``InvalidData`` naming what the form or jury still lacks)."""
    if race.td is None:
        raise InvalidData({"td": [_("The timing report needs the technical delegate in the jury.")]})
    form = timing_form(setup_of(race))
    runs = [found for n in range(1, race.runs + 1) if (found := run_times(race, n)) is not None]
    header = report.RaceHeader(
        season=report.fis_season(race.season), codex=int(race.codex), nation=race.event.nation,
        discipline=race.discipline, category=race.category, gender=race.gender, place=race.event.place,
        date=race.date, event_name=race.event.name, technical_delegate=_jury(race.td, True),
        chief_of_timing=_jury(race.chief_of_timing, False), runs=runs,
    )  # fmt: skip
    return report.timing_report_xml(header, form)


def file_name(race: Race) -> str:
    """``KAZ0123.xml``."""
    return report.file_name(race.event.nation, int(race.codex))
