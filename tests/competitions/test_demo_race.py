"""The demo's signed slalom: a named jury, a timing form, and the FIS Timing Report XML it makes."""

import datetime as dt
import xml.etree.ElementTree as ET

from django.test import Client

from alatau.competitions.demo_jury import JURY_OVERRIDE
from alatau.competitions.models import Race, TimingSetup
from alatau.core.models import User
from tests.web.apiclient import ApiClient


def _demo(shared: object) -> Race:
    from alatau.demo import load_demo

    shared("reference/fis/FIS-points-list-AL-2022-331.csv")  # type: ignore[operator]
    load_demo(today=dt.date(2025, 11, 20))
    return Race.objects.get(codex="5012")


def test_the_signed_demo_slalom_has_a_jury_and_its_timing_report(
    client: Client, db: None, shared: object
) -> None:
    race = _demo(shared)
    assert race.official and race.td is not None and race.referee is not None
    assert race.chief_of_race is not None and len({race.td, race.referee, race.chief_of_race}) == 3
    assert race.td.fis_code and race.td.nationality == "KAZ"
    named = race.audit_entries().get(action="jury named")
    assert named.changes["override"] == [None, JURY_OVERRIDE]
    setup = TimingSetup.objects.get(race=race)
    assert setup.timekeeper_lastname == "Saparov" and setup.devices["timer_a"]["model"] == "TdC 8001"
    admin = User.objects.get(username="admin")
    answer = ApiClient(client, admin).get(f"/races/{race.pk}/timing-report-xml")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/xml"
    root = ET.fromstring(answer.content)
    jury = root.find("AL_race/Jury")
    assert jury is not None and jury.get("Function") == "TECHNICALDELEGATE"
    assert jury.findtext("Number") == race.td.fis_code
    assert root.findtext("AL_timingreport/Timekeeper/Lastname") == "SAPAROV"
    timing = root.find("AL_timingreport/Timing")
    assert timing is not None and timing.get("Runs") == "2"
    assert timing.findtext("Synchronisation/Sync") == "08:30:00"
