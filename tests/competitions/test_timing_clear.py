"""A cleared ALGE record clears the stored time it names; the import counts competitors and impulses."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alatau.competitions import services
from alatau.competitions.models import ImpulseLog, Race, RunTime
from alatau.core.models import User
from tests.competitions.alge import record, stream
from tests.web.apiclient import BASE, ApiClient

START = Decimal("36000.1234")


def test_a_cleared_finish_clears_the_stored_time(entered: Race, tina_timekeeper: User) -> None:
    text = stream({1: "50.1000", 2: "50.5000"})
    finish = START + 60 + Decimal("50.5000")  # bib 2's finish, then the timer clears it
    text += record(2, "C1", finish, flag="c") + "\r"
    outcome = services.import_timing(tina_timekeeper, entered, 1, text, "alge")
    assert outcome["imported"] == 2 and outcome["impulses"] == 4 and outcome["cleared"] == 1
    assert outcome["unassigned"] == 1 and outcome["errors"] == []
    kept = RunTime.objects.get(entry__race=entered, entry__bib=1, run=1)
    cleared = RunTime.objects.get(entry__race=entered, entry__bib=2, run=1)
    assert kept.net_time == Decimal("50.10")
    assert cleared.finish_tod is None and cleared.net_time is None and cleared.start_tod == START + 60
    entry = cleared.audit_entries().get(action="time cleared")
    assert entry.changes["finish_tod"] == [str(finish), None] and entry.actor == tina_timekeeper
    logged = ImpulseLog.objects.filter(race=entered)
    assert logged.count() == 6  # every impulse record, the cleared one too (bib announcements carry none)
    assert logged.filter(cleared=True, bib=2, time_of_day=finish).count() == 1
    assert logged.filter(cleared=False, bib=2, channel="finish", time_of_day=finish).count() == 1


def test_a_cleared_record_without_its_time_is_reported(entered: Race, tina_timekeeper: User) -> None:
    text = record(3, "C1", START + 55, flag="d") + "\r"
    outcome = services.import_timing(tina_timekeeper, entered, 1, text, "alge")
    assert outcome["cleared"] == 0 and outcome["errors"][0]["line"] == 1
    assert "no stored time" in outcome["errors"][0]["detail"]


def test_the_api_counts_competitors_and_impulses(
    client: Client, entered: Race, tina_timekeeper: User
) -> None:
    api = ApiClient(client, tina_timekeeper)
    upload = SimpleUploadedFile("run1.txt", stream({1: "50.1000", 2: "50.5000", 3: "51.0000"}).encode())
    url = f"{BASE}/races/{entered.pk}/runs/1/timing-import"
    answer = client.post(url, {"file": upload, "format": "alge"}, headers=api.headers)
    body = answer.json()
    assert answer.status_code == 200 and body["imported"] == 3 and body["impulses"] == 6
    assert body["unassigned"] == 1 and body["errors"] == []


def test_the_live_link_clears_too(entered: Race, tina_timekeeper: User) -> None:
    from alatau.competitions import timingfeed

    lines = [record(4, "C0", START), record(4, "C1", START + Decimal("51.3000"))]
    lines.append(record(4, "C1", START + Decimal("51.3000"), flag="c"))
    outcomes = [timingfeed.receive_line(tina_timekeeper, entered, 1, "alge", n, line)
                for n, line in enumerate(lines, start=1)]  # fmt: skip
    row = RunTime.objects.get(entry__race=entered, entry__bib=4, run=1)
    assert row.finish_tod is None and row.net_time is None and row.start_tod == START
    assert all(not o.errors for o in outcomes) and ImpulseLog.objects.filter(race=entered).count() == 3
    again = timingfeed.receive_line(tina_timekeeper, entered, 1, "alge", 4, lines[-1])
    assert "no stored time to clear" in again.errors[0]
