"""FIS Timing Report XML from plain data (../shared/reference/fis/XMLdescription_TimingReport.pdf)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from xml.etree import ElementTree as ET

import pytest

from alatau.errors import InputError
from alatau.timing.report import (
    BibTimes,
    Device,
    MissedA,
    Person,
    RaceHeader,
    RunTimes,
    Timer,
    TimingForm,
    file_name,
    fis_season,
    timing_report_xml,
)

ALGE = Device("ALGE", "TdC 8001", "A-1234", "TI.001.12")
FORM = TimingForm(
    timekeeper=Person("TIMER", "Tom", "KAZ", email="tom@example.org", company="Alatau Timing"),
    timers=(
        Timer("A", ALGE),
        Timer("B", Device("ALGE", "Timy3", "B-77", "TI.002.15"), used=False, not_used="dead"),
    ),
    start_device_type=10,
    start_device=Device("ALGE", "SG2-R", "S-1", "SG.003"),
    start_clock=Device("ALGE", "ASC3", "C-9", "SC.004"),
    finish_cells={
        "A": Device("ALGE", "PR1a-d", "F-1", "PC.005"),
        "B": Device("ALGE", "PR1a-d", "F-2", "PC.005"),
    },
    software=("Alatau", "0.1.0"),
    connections={"A": "Cable", "B": "Radio", "Voice": "Radio"},
    sync=dt.time(8, 30),
    handsync=dt.time(8, 31),
    synccheck={"A": D("30900.0000"), "B": D("30900.0003")},
)
RUN1 = RunTimes(
    1,
    BibTimes(1, {"A": D("36903.2471"), "B": D("36903.2473"), "Hand": D("36903.25")},
             {"A": D("36965.9083"), "Hand": D("36965.91")}, D("62.66")),
    BibTimes(30, {"A": D("39003.0001")}, {"A": D("39060.5432")}, D("57.54")),
    best_bib=7, best_time=D("55.01"),
    missed_a=(MissedA(12, "finish cell A failed", "System B"),),
)  # fmt: skip
RACE = RaceHeader(
    season=fis_season("2025-26"), codex=123, nation="KAZ", discipline="SL", category="FIS", gender="W",
    place="Shymbulak", date=dt.date(2026, 1, 18), event_name="Alatau Cup",
    technical_delegate=Person("DELEGATE", "Dana", "KAZ", number="K12"),
    chief_of_timing=Person("CHIEF", "Chen", "KAZ"), runs=(RUN1,),
)  # fmt: skip


def test_the_report_holds_header_jury_devices_sync_and_runs() -> None:
    data = timing_report_xml(RACE, FORM, "Linux")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>') and b"DOCTYPE" not in data
    root = ET.fromstring(data)
    assert root.tag == "Fisresults" and root.findtext("XMLversion") == "1.15"
    header = root.find("Raceheader")
    assert header is not None and header.attrib == {"Sector": "AL", "Gender": "W"}
    assert [header.findtext(t) for t in ("Season", "Codex", "Nation", "Discipline", "Type")] == [
        "2026", "123", "KAZ", "SL", "TR",
    ]  # fmt: skip
    assert [header.findtext(f"Racedate/{t}") for t in ("Day", "Month", "Year")] == ["18", "1", "2026"]
    assert header.find("NAT_code") is None  # empty optional elements are omitted
    td = root.find("AL_race/Jury[@Function='TECHNICALDELEGATE']")
    assert td is not None and td.findtext("Number") == "K12" and td.find("Email") is None
    assert root.find("AL_race/Jury[@Function='CHIEFOFTIMING']/Lastname") is not None
    report = root.find("AL_timingreport")
    assert report is not None and report.findtext("Timekeeper/Company") == "Alatau Timing"
    timer_b = report.find("Devices/Timer[@System='B']")
    assert timer_b is not None and timer_b.get("used") == "no" and timer_b.findtext("Notused") == "dead"
    assert report.findtext("Devices/Timer[@System='A']/Homologation") == "TI.001.12"
    assert report.find("Devices/Startdevice").get("Type") == "10"  # type: ignore[union-attr]
    assert report.findtext("Devices/Finishcells[@System='B']/Serial") == "F-2"
    assert report.findtext("Connections/Mode[@System='B']") == "Radio"
    assert report.findtext("Connections/Voice") == "Radio"
    sync = report.find("Timing/Synchronisation")
    assert sync is not None and (sync.findtext("Sync"), sync.findtext("Handsync")) == ("08:30:00", "08:31:00")
    assert sync.findtext("Synccheck[@System='B']") == "08:35:00.0003"
    times = report.find("Timing/Times[@Run='1']")
    assert times is not None
    assert times.findtext("Bibfirst[@no='1']/Start[@System='A']") == "10:15:03.2471"
    assert times.findtext("Bibfirst[@no='1']/Start[@System='Hand']") == "10:15:03.25"
    assert times.findtext("Bibfirst[@no='1']/Net") == "1:02.66"
    assert times.findtext("Biblast[@no='30']/Finish[@System='A']") == "10:51:00.5432"
    assert (times.findtext("BestA/Bib"), times.findtext("BestA/Time")) == ("7", "55.01")
    assert times.find("Allresults").get("System") == "no"  # type: ignore[union-attr]
    assert times.findtext("Allresults/MissedA/Timefrom") == "System B"
    assert (
        report.findtext("Timing/Delayedstartdoor") == "no" and report.findtext("Timing/CertifyFIS") == "yes"
    )


def test_file_name_and_refusals() -> None:
    assert file_name("kaz", 123) == "KAZ0123.xml"
    with pytest.raises(InputError, match="technical delegate"):
        timing_report_xml(RaceHeader(**{**RACE.__dict__, "technical_delegate": None}), FORM)
    with pytest.raises(InputError, match="unknown connection"):
        timing_report_xml(RACE, TimingForm(**{**FORM.__dict__, "connections": {"A": "Pigeon"}}))
    with pytest.raises(InputError, match="unknown start device type"):
        timing_report_xml(RACE, TimingForm(**{**FORM.__dict__, "start_device_type": 99}))
