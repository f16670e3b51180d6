"""The FIS Timing and Data Technical Report XML (FIS data exchange protocol v1.15), from plain data.

Element tree and value formats per ../shared/reference/timing-formats.md §2 (the FIS description in
../shared/reference/fis/XMLdescription_TimingReport.pdf): ``Fisresults`` → ``Raceheader``, ``AL_race``
(jury: technical delegate, chief of timing) and ``AL_timingreport`` (timekeeper, devices, connections,
synchronisation, per-run first/last competitor times, best A time, completeness of system A,
delayed start door, CertifyFIS). Where the FIS document contradicts itself the table's spelling is
used (``Gender``, ``Notused``, ``Allresults System``, ``Hand``). Empty optional elements are omitted.
File name: ``<NSA><codex 4 digits>.xml`` (:func:`file_name`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree import ElementTree as ET

from alatau.errors import InputError
from alatau.fis.timing import format_time
from alatau.timing.impulse import format_tod

XML_VERSION = "1.15"
START_DEVICE_TYPES = {
    10: "start gate",
    15: "start door",
    16: "noise detector",
    17: "start gun",
    20: "photocell",
}
CONNECTION_MODES = ("Cable", "Radio", "LAN", "WLAN", "Mobile", "USB", "Other")
TOD_SYSTEMS = ("A", "B", "Hand")


@dataclass(frozen=True)
class Person:
    """A jury member or the timekeeper (``number``: the TD's FIS number)."""

    lastname: str
    firstname: str
    nation: str
    email: str = ""
    phone: str = ""
    number: str = ""
    company: str = ""


@dataclass(frozen=True)
class Device:
    """A timing device: brand, model, serial number and FIS homologation number."""

    brand: str
    model: str
    serial: str = ""
    homologation: str = ""


@dataclass(frozen=True)
class Timer:
    """A timer of system A or B; ``used=False`` needs ``not_used`` (the reason)."""

    system: str
    device: Device
    used: bool = True
    not_used: str = ""


@dataclass(frozen=True)
class TimingForm:
    """The per-race timing form: timekeeper, devices, connections and synchronisation."""

    timekeeper: Person
    timers: Sequence[Timer]
    start_device_type: int
    start_device: Device
    start_clock: Device
    finish_cells: Mapping[str, Device]  # system A/B (A2/B2 for a red course) → cells
    software: tuple[str, str]  # brand, version
    connections: Mapping[str, str]  # "A", "B", "Voice" → Cable|Radio|LAN|WLAN|Mobile|USB|Other
    sync: dt.time
    handsync: dt.time
    synccheck: Mapping[str, Decimal]  # "A", "B" (also "AStart", "BStart") → TOD in seconds
    start_timers: Sequence[Timer] = ()
    photofinish: Sequence[Timer] = ()
    delayed_start_door: bool = False
    certify: bool = True


@dataclass(frozen=True)
class BibTimes:
    """Start and finish times of day per system (``A``, ``B``, ``Hand``) of one competitor, and net time."""

    bib: int
    start: Mapping[str, Decimal]
    finish: Mapping[str, Decimal]
    net: Decimal | None


@dataclass(frozen=True)
class MissedA:
    """A competitor whose result did not come from system A: why, and which backup gave it."""

    bib: int
    reason: str
    time_from: str  # "System B", "Hand time", "Photo finish"


@dataclass(frozen=True)
class RunTimes:
    """What the report says of one run."""

    run: int
    first: BibTimes
    last: BibTimes
    best_bib: int
    best_time: Decimal
    missed_a: Sequence[MissedA] = ()
    comment: str = ""


@dataclass(frozen=True)
class RaceHeader:
    """The race: season is the FIS year (2026 = July 2025 – June 2026); gender M, W or A."""

    season: int
    codex: int
    nation: str
    discipline: str
    category: str
    gender: str
    place: str
    date: dt.date
    event_name: str = ""
    nat_code: str = ""
    technical_delegate: Person | None = None
    chief_of_timing: Person | None = None
    runs: Sequence[RunTimes] = field(default_factory=tuple)


def file_name(nation: str, codex: int) -> str:
    """Return the report's file name, ``KAZ0123.xml``."""
    return f"{nation.upper()}{codex:04d}.xml"


def fis_season(season: str) -> int:
    """Return the FIS season year of ``2025-26`` (2026)."""
    return int(season[:4]) + 1


def _text(parent: ET.Element, tag: str, value: object, **attributes: str) -> ET.Element | None:
    if value is None or value == "":
        return None
    element = ET.SubElement(parent, tag, attributes)
    element.text = str(value)
    return element


def _person(parent: ET.Element, tag: str, person: Person, **attributes: str) -> None:
    element = ET.SubElement(parent, tag, attributes)
    _text(element, "Company", person.company)
    _text(element, "Number", person.number)
    for name, value in (
        ("Lastname", person.lastname),
        ("Firstname", person.firstname),
        ("Nation", person.nation),
    ):
        _text(element, name, value)
    _text(element, "Email", person.email)
    _text(element, "Phonenbr", person.phone)


def _device(parent: ET.Element, tag: str, device: Device, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    _text(element, "Brand", device.brand)
    _text(element, "Model", device.model)
    _text(element, "Serial", device.serial)
    _text(element, "Homologation", device.homologation)
    return element


def _devices(parent: ET.Element, form: TimingForm) -> None:
    devices = ET.SubElement(parent, "Devices")
    for timer in form.timers:
        element = _device(
            devices, "Timer", timer.device, System=timer.system, used="yes" if timer.used else "no"
        )
        if not timer.used:
            _text(element, "Notused", timer.not_used or "not used")
    for timer in form.start_timers:
        _device(devices, "Timer_start", timer.device, System=timer.system)
    if form.start_device_type not in START_DEVICE_TYPES:
        raise InputError(
            f"unknown start device type {form.start_device_type} (expected {sorted(START_DEVICE_TYPES)})"
        )
    _device(devices, "Startdevice", form.start_device, Type=str(form.start_device_type))
    _device(devices, "Startclock", form.start_clock)
    for system, cells in form.finish_cells.items():
        _device(devices, "Finishcells", cells, System=system)
    for timer in form.photofinish:
        _device(devices, "Photofinish", timer.device, System=timer.system)
    software = ET.SubElement(devices, "Software")
    _text(software, "Brand", form.software[0])
    _text(software, "Version", form.software[1])


def _connections(parent: ET.Element, connections: Mapping[str, str]) -> None:
    element = ET.SubElement(parent, "Connections")
    for key, mode in connections.items():
        if mode not in CONNECTION_MODES:
            raise InputError(
                f"unknown connection {mode!r} for {key} (expected {', '.join(CONNECTION_MODES)})"
            )
        if key == "Voice":
            _text(element, "Voice", mode)
        else:
            _text(element, "Mode", mode, System=key)


def _bib_times(parent: ET.Element, tag: str, times: BibTimes) -> None:
    element = ET.SubElement(parent, tag, no=str(times.bib))
    for name, values in (("Start", times.start), ("Finish", times.finish)):
        for system in TOD_SYSTEMS:
            if system in values:
                digits = 2 if system == "Hand" else 4
                _text(element, name, format_tod(values[system], digits), System=system)
    if times.net is not None:
        _text(element, "Net", format_time(times.net))


def _run(parent: ET.Element, run: RunTimes) -> None:
    element = ET.SubElement(parent, "Times", Run=str(run.run))
    _bib_times(element, "Bibfirst", run.first)
    _bib_times(element, "Biblast", run.last)
    best = ET.SubElement(element, "BestA")
    _text(best, "Bib", run.best_bib)
    _text(best, "Time", format_time(run.best_time))
    complete = ET.SubElement(element, "Allresults", System="yes" if not run.missed_a else "no")
    for missed in run.missed_a:
        item = ET.SubElement(complete, "MissedA")
        _text(item, "Bib", missed.bib)
        _text(item, "Reason", missed.reason)
        _text(item, "Timefrom", missed.time_from)
    _text(element, "Comment", run.comment)


def timing_report(race: RaceHeader, form: TimingForm, os_version: str = "") -> ET.Element:
    """Build the ``Fisresults`` element of the timing report.

    Parameters
    ----------
    race
        Race header, jury and the per-run times.
    form
        The race's timing form.
    os_version
        Optional ``OSversion`` text.

    Raises
    ------
    InputError
        Missing technical delegate, unknown gender, start device type or connection mode.
    """
    if race.gender.upper() not in ("M", "W", "A"):
        raise InputError(f"unknown gender {race.gender!r} (expected M, W or A)")
    if race.technical_delegate is None:
        raise InputError("the timing report needs the technical delegate")
    root = ET.Element("Fisresults")
    _text(root, "OSversion", os_version)
    _text(root, "XMLversion", XML_VERSION)
    header = ET.SubElement(root, "Raceheader", Sector="AL", Gender=race.gender.upper())
    for tag, value in (
        ("Season", race.season), ("Codex", race.codex), ("NAT_code", race.nat_code), ("Nation", race.nation),
        ("Discipline", race.discipline.upper()), ("Category", race.category.upper()), ("Type", "TR"),
        ("Eventname", race.event_name), ("Place", race.place),
    ):  # fmt: skip
        _text(header, tag, value)
    date = ET.SubElement(header, "Racedate")
    for tag, number in (("Day", race.date.day), ("Month", race.date.month), ("Year", race.date.year)):
        _text(date, tag, number)
    al_race = ET.SubElement(root, "AL_race")
    _person(al_race, "Jury", race.technical_delegate, Function="TECHNICALDELEGATE")
    if race.chief_of_timing is not None:
        _person(al_race, "Jury", race.chief_of_timing, Function="CHIEFOFTIMING")
    report = ET.SubElement(root, "AL_timingreport")
    _person(report, "Timekeeper", form.timekeeper)
    _devices(report, form)
    _connections(report, form.connections)
    _timing(report, race, form)
    return root


def _timing(parent: ET.Element, race: RaceHeader, form: TimingForm) -> None:
    timing = ET.SubElement(parent, "Timing", Runs=str(len(race.runs)))
    sync = ET.SubElement(timing, "Synchronisation")
    _text(sync, "Sync", form.sync.strftime("%H:%M:%S"))
    _text(sync, "Handsync", form.handsync.strftime("%H:%M:%S"))
    for system, value in form.synccheck.items():
        _text(sync, "Synccheck", format_tod(value), System=system)
    for run in race.runs:
        _run(timing, run)
    _text(timing, "Delayedstartdoor", "yes" if form.delayed_start_door else "no")
    _text(timing, "CertifyFIS", "yes" if form.certify else "no")


def timing_report_xml(race: RaceHeader, form: TimingForm, os_version: str = "") -> bytes:
    """Return the timing report as UTF-8 XML bytes (no DTD), ready to send to FIS."""
    root = timing_report(race, form, os_version)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
