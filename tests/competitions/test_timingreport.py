"""The per-race timing form and the FIS Timing Report XML (../shared/reference/fis/XMLdescription_…)."""

import datetime as dt
from decimal import Decimal as D
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from alatau.competitions import handtime, timingreport
from alatau.competitions.models import Race, TimingSetup
from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.models import User
from alatau.registry.models import Person
from tests.competitions.test_handtime import LAG, hand_finish, tods  # noqa: F401 - the fixture
from tests.web.apiclient import ApiClient
from tests.web.conftest import login

FORM = {
    "timekeeper_lastname": "Timer", "timekeeper_firstname": "Tom", "timekeeper_nation": "kaz",
    "timekeeper_email": "tom@example.org", "timekeeper_company": "Alatau Timing",
    "device_timer_a_brand": "ALGE", "device_timer_a_model": "TdC 8001", "device_timer_a_serial": "A-1",
    "device_timer_a_homologation": "TI.001.12", "device_timer_b_brand": "ALGE",
    "device_timer_b_model": "Timy3",
    "device_timer_b_homologation": "TI.002.15", "timer_b_used": "on", "start_device_type": "10",
    "device_start_device_brand": "ALGE", "device_start_device_model": "SG2-R",
    "device_start_clock_brand": "ALGE", "device_start_clock_model": "ASC3",
    "device_cells_a_brand": "ALGE", "device_cells_a_model": "PR1a-d", "device_cells_a_homologation": "PC.005",
    "device_cells_b_brand": "ALGE", "device_cells_b_model": "PR1a-d", "device_cells_b_homologation": "PC.005",
    "software_brand": "Alatau", "software_version": "0.1", "connection_a": "Cable", "connection_b": "Radio",
    "connection_voice": "Radio", "sync_time": "08:30:00", "handsync_time": "08:31:00",
    "synccheck_a": "08:45:00.0000", "synccheck_b": "08:45:00.0003", "certify": "on",
    "live_host": "127.0.0.1", "live_port": "1550", "live_password": "secret",
}  # fmt: skip


@pytest.fixture
def delegate(tods: Race) -> Race:  # noqa: F811
    tods.td = Person.objects.create(last_name="Delegate", first_name="Dana", birth_date=dt.date(1970, 1, 1),
                                    gender="W", fis_code="K12", nationality="KAZ")  # fmt: skip
    tods.save()
    return tods


def test_the_form_is_stored_per_race_and_feeds_the_report(
    client: Client, delegate: Race, tina_timekeeper: User
) -> None:
    login(client, tina_timekeeper)
    url = f"/en/races/{delegate.pk}/office/timing-form/"
    assert client.get(url).status_code == 200
    assert client.post(url, FORM).status_code == 302
    setup = TimingSetup.objects.get(race=delegate)
    assert setup.timekeeper_nation == "KAZ" and setup.devices["timer_a"]["homologation"] == "TI.001.12"
    assert (
        setup.synccheck_b == D("31500.0003") and setup.live_port == 1550 and setup.live_password == "secret"
    )
    assert client.post(url, FORM | {"live_password": ""}).status_code == 302  # an empty field keeps it
    setup.refresh_from_db()
    assert setup.live_password == "secret"
    assert setup.audit_entries().filter(action="timing form saved").count() == 2
    # bib 5's finish came from a corrected hand time
    items = [{"bib": b, "hand_finish": hand_finish(b)} for b in LAG] + [
        {"bib": 5, "hand_finish": "10:05:51.27"}
    ]
    handtime.set_hand_times(tina_timekeeper, delegate, 1, items)
    answer = ApiClient(client, tina_timekeeper).get(f"/races/{delegate.pk}/timing-report-xml")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/xml"
    assert 'filename="KAZ0123.xml"' in answer["Content-Disposition"]
    check_report(ET.fromstring(answer.content))


def check_report(root: ET.Element) -> None:
    """The elements and value formats of the FIS description, §2.2/2.3 of the digest."""
    assert root.tag == "Fisresults" and root.findtext("XMLversion") == "1.15"
    header = root.find("Raceheader")
    assert header is not None and header.get("Sector") == "AL" and header.get("Gender") == "W"
    assert [header.findtext(t) for t in ("Season", "Codex", "Nation", "Discipline", "Category", "Type")] == [
        "2022", "123", "KAZ", "GS", "FIS", "TR"]  # fmt: skip
    assert [header.findtext(f"Racedate/{t}") for t in ("Day", "Month", "Year")] == ["15", "1", "2022"]
    jury = root.find("AL_race/Jury")
    assert (
        jury is not None and jury.get("Function") == "TECHNICALDELEGATE" and jury.findtext("Number") == "K12"
    )
    report = root.find("AL_timingreport")
    assert report is not None and report.findtext("Timekeeper/Lastname") == "TIMER"
    timers = {t.get("System"): t for t in report.findall("Devices/Timer")}
    assert timers["A"].findtext("Homologation") == "TI.001.12" and timers["B"].get("used") == "yes"
    assert report.find("Devices/Startdevice").get("Type") == "10"  # type: ignore[union-attr]
    assert [c.get("System") for c in report.findall("Devices/Finishcells")] == ["A", "B"]
    assert report.findtext("Devices/Software/Brand") == "Alatau"
    modes = {m.get("System"): m.text for m in report.findall("Connections/Mode")}
    assert modes == {"A": "Cable", "B": "Radio"} and report.findtext("Connections/Voice") == "Radio"
    sync = report.find("Timing/Synchronisation")
    assert (
        sync is not None and sync.findtext("Sync") == "08:30:00" and sync.findtext("Handsync") == "08:31:00"
    )
    assert [(s.get("System"), s.text) for s in sync.findall("Synccheck")] == [
        ("A", "08:45:00.0000"), ("B", "08:45:00.0003")]  # fmt: skip
    times = report.findall("Timing/Times")
    assert [t.get("Run") for t in times] == ["1"]  # run 2 has no time yet
    first, last = times[0].find("Bibfirst"), times[0].find("Biblast")
    assert first is not None and first.get("no") == "1" and last is not None and last.get("no") == "7"
    assert first.find("Start[@System='A']").text == "10:01:00.1234"  # type: ignore[union-attr]
    assert first.find("Finish[@System='Hand']").text == "10:01:50.26"  # type: ignore[union-attr]
    assert first.findtext("Net") == "50.10"
    assert times[0].findtext("BestA/Bib") == "1" and times[0].findtext("BestA/Time") == "50.10"
    complete = times[0].find("Allresults")
    assert complete is not None and complete.get("System") == "no"
    assert [(m.findtext("Bib"), m.findtext("Timefrom")) for m in complete.findall("MissedA")] == [
        ("5", "Hand time")
    ]
    assert (
        report.findtext("Timing/Delayedstartdoor") == "no" and report.findtext("Timing/CertifyFIS") == "yes"
    )


def test_the_report_names_what_is_missing(delegate: Race, tina_timekeeper: User) -> None:
    with pytest.raises(InvalidData) as missing:
        timingreport.timing_report_xml(delegate)
    assert set(missing.value.errors) == {"timekeeper", "sync_time"}
    delegate.td = None
    with pytest.raises(InvalidData, match="technical delegate"):
        timingreport.timing_report_xml(delegate)


def test_bad_form_values_are_refused_field_by_field(
    delegate: Race, tina_timekeeper: User, sue_speaker: User
) -> None:
    bad = {"connection_a": "Pigeon", "start_device_type": "99", "sync_time": "25:00", "synccheck_a": "x",
           "timekeeper_nation": "KZ", "live_port": "70000"}  # fmt: skip
    with pytest.raises(InvalidData) as refused:
        timingreport.save_setup(tina_timekeeper, delegate, bad)
    assert set(refused.value.errors) == {"connection_a", "start_device_type", "sync_time", "synccheck_a",
                                         "timekeeper_nation", "live_port"}  # fmt: skip
    assert not TimingSetup.objects.filter(race=delegate).exists()
    with pytest.raises(NotAllowed):
        timingreport.save_setup(sue_speaker, delegate, {})


def test_the_form_page_as_every_role(
    client: Client, delegate: Race, alice_admin: User, oscar_organiser: User, rita_referee: User,
    ted_delegate: User, sue_speaker: User, paul_public: User,
) -> None:  # fmt: skip
    for user in (alice_admin, oscar_organiser, rita_referee, ted_delegate, sue_speaker, paul_public, None):
        client.logout()
        if user is not None:
            login(client, user)
        url = f"/en/races/{delegate.pk}/office/timing-form/"
        assert client.get(url).status_code in (200, 302, 403)
        assert client.post(url, FORM).status_code in (200, 302, 403)
