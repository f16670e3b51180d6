"""FIS live timing wired to a race: a local TCP server records, echoes and checks the stream."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alatau.competitions import fislive_feed, services, timingreport
from alatau.competitions.models import Race
from alatau.core.errors import InvalidData
from alatau.core.models import User
from tests.timing.test_fislive import Clock, Server, settle


@pytest.fixture
def server() -> Iterator[Server]:
    fake = Server(drop_after=6)  # the first connection falls over on the seventh message, unechoed
    yield fake
    fake.close()


@pytest.fixture
def coded(entered: Race, tina_timekeeper: User, server: Server) -> Race:
    """The race's entries with numeric FIS codes, and its live connection on the timing form."""
    for entry in entered.entries.all():
        entry.fis_code = f"51000{entry.bib}"
        entry.save()
    data = {"live_host": "127.0.0.1", "live_port": str(server.port), "live_password": "secret"}
    timingreport.save_setup(tina_timekeeper, entered, data)
    return entered


def documents(server: Server) -> list[ET.Element]:
    return [ET.fromstring(doc) for docs in server.connections for doc in docs]


def events(root: ET.Element) -> list[str]:
    return [ET.tostring(child, encoding="unicode") for child in root]


def test_the_race_streams_each_new_time_with_resend_after_a_crash(
    coded: Race, server: Server, tina_timekeeper: User, oscar_organiser: User
) -> None:
    clock = Clock()
    client = fislive_feed.client_for(coded, clock=clock, timestamp=lambda: "10:15:00")
    streamer = fislive_feed.RaceStreamer(coded, client)
    assert streamer.step() == 5  # clear, raceinfo, activerun, startlist, the next starter
    settle(client)
    services.set_times(tina_timekeeper, coded, 1, [{"bib": 1, "start_tod": "10:15:03.2471"}])
    assert streamer.step() == 1
    services.set_times(tina_timekeeper, coded, 1, [{"bib": 1, "finish_tod": "10:16:05.9083"}])
    streamer.step()  # the server falls over on this one
    services.set_times(tina_timekeeper, coded, 1, [{"bib": 2, "time": "1:03.10"}])
    services.set_times(oscar_organiser, coded, 1, [{"bib": 3, "status": "DNF"}])
    streamer.step()
    services.set_times(tina_timekeeper, coded, 1, [{"bib": 1, "time": "1:02.70"}])
    streamer.step()
    assert streamer.step() == 0  # nothing new: nothing sent
    clock.now = 301.0
    streamer.step()  # five minutes idle: keep-alive
    settle(client)

    roots = documents(server)
    assert client.connections == 2 and len(server.connections[0]) == 7
    sequences = [int(r.get("sequence", "")) for r in roots]
    assert sequences == [0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9]  # the unechoed finish went again, same number
    assert all(r.get("codex") == "0123" and r.get("passwd") == "secret" for r in roots)
    assert all(re.fullmatch(r"\d{5}", r.get("sequence", "")) for r in roots)
    opening = [[child.tag for child in r] for r in roots[:4]]
    assert opening == [["command"], ["raceinfo"], ["command"], ["startlist"]]
    assert roots[0].find("command/clear") is not None and roots[2].find("command/activerun").get("no") == "1"  # type: ignore[union-attr]
    info = roots[1].find("raceinfo")
    assert info is not None and info.findtext("gender") == "L" and info.findtext("discipline") == "GS"
    racers = roots[3].findall("startlist/racer")
    assert [
        (r.get("order"), r.findtext("bib"), r.findtext("lastname"), r.findtext("fiscode")) for r in racers
    ][:2] == [("1", "1", "ALPHA", "510001"), ("2", "2", "BRAVO", "510002")]
    assert events(roots[4]) == ['<raceevent><nextstart bib="1" /></raceevent>']
    assert events(roots[5]) == [
        '<raceevent><start bib="1" /></raceevent>',
        '<raceevent><nextstart bib="2" /></raceevent>',
    ]
    finish = (
        '<raceevent><finish bib="1"><time>1:02.66</time><diff>0.00</diff><rank>1</rank></finish></raceevent>'
    )
    assert events(roots[6]) == [finish] and events(roots[7]) == [finish]
    assert events(roots[8]) == [
        '<raceevent><finish bib="2"><time>1:03.10</time><diff>0.44</diff><rank>2</rank></finish></raceevent>',
        '<raceevent><dnf bib="3" /></raceevent>',
        '<raceevent><nextstart bib="4" /></raceevent>',
    ]
    corrected = events(roots[9])[0]
    assert 'correction="y"' in corrected and "<time>1:02.70</time>" in corrected
    assert [child.tag for child in roots[10]] == ["keepalive"]


def test_the_second_run_opens_with_its_start_list_and_sends_totals(
    timed: Race, tina_timekeeper: User, rita_referee: User, ted_delegate: User, server: Server
) -> None:
    services.set_times(rita_referee, timed, 2, [{"bib": 1, "status": "DNS"}])
    timingreport.save_setup(tina_timekeeper, timed, {"live_host": "127.0.0.1", "live_port": str(server.port),
                                                     "live_password": "pw"})  # fmt: skip
    server.drop_after = 1000
    client = fislive_feed.client_for(timed, timestamp=lambda: "11:00:00")
    streamer = fislive_feed.RaceStreamer(timed, client)
    streamer.step()
    assert streamer.run == 2
    services.make_official(ted_delegate, timed)
    streamer.step()
    settle(client)
    roots = documents(server)
    tags = [[child.tag for child in r] for r in roots]
    assert tags[:4] == [["command"], ["raceinfo"], ["command"], ["startlist"]]
    assert roots[3].find("startlist").get("runno") == "2"  # type: ignore[union-attr]
    sent = "".join(events(roots[4]))
    # bib 2: 50.50 + 50.90 = 1:41.40, the fastest total; bib 1 did not start run 2
    assert '<finish bib="2"><time>1:41.40</time><diff>0.00</diff><rank>1</rank></finish>' in sent
    assert '<dns bib="1" />' in sent
    assert roots[-1].find("command/official_result") is not None


def test_the_command_streams_until_its_time_is_up(coded: Race, server: Server) -> None:
    server.drop_after = 1000
    call_command("fis_live", str(coded.pk), "--seconds", "0.6", "--interval", "0.1")
    roots = documents(server)
    assert [r[0].tag for r in roots[:4]] == ["command", "raceinfo", "command", "startlist"]
    assert [int(r.get("sequence", "")) for r in roots] == list(range(len(roots)))


def test_without_a_live_connection_the_command_says_what_is_missing(entered: Race) -> None:
    with pytest.raises(InvalidData):
        fislive_feed.client_for(entered)
    with pytest.raises(CommandError, match="FIS live host"):
        call_command("fis_live", str(entered.pk), "--seconds", "0.1")
    with pytest.raises(CommandError, match="no race"):
        call_command("fis_live", "999999")


def test_names_split_into_last_and_first() -> None:
    assert fislive_feed.split_name("ALPHA Anna") == ("ALPHA", "Anna")
    assert fislive_feed.split_name("VAN DER BERG Jan Piet") == ("VAN DER BERG", "Jan Piet")
    assert fislive_feed.split_name("Zhakupov Aidar") == ("Zhakupov", "Aidar")


def test_the_last_time_of_run_1_goes_out_before_run_2_opens(
    coded: Race, server: Server, tina_timekeeper: User
) -> None:
    server.drop_after = 1000
    bibs = [e.bib for e in coded.entries.all()]
    services.set_times(tina_timekeeper, coded, 1, [{"bib": b, "time": f"5{b}.00"} for b in bibs[:-1]])
    client = fislive_feed.client_for(coded, timestamp=lambda: "10:00:00")
    streamer = fislive_feed.RaceStreamer(coded, client)
    streamer.step()
    assert streamer.run == 1
    services.set_times(tina_timekeeper, coded, 1, [{"bib": bibs[-1], "time": "49.00"}])
    streamer.step()
    settle(client)
    assert streamer.run == 2
    roots = documents(server)
    texts = ["".join(events(r)) for r in roots]
    ending = next(i for i, text in enumerate(texts) if "<endrun />" in text)
    tail = texts[ending - 1 : ending + 5]
    assert f'<finish bib="{bibs[-1]}"><time>49.00</time><diff>0.00</diff><rank>1</rank></finish>' in tail[0]
    assert "<endrun />" in tail[1] and "<raceinfo>" in tail[2] and '<activerun no="2" />' in tail[3]
    assert '<startlist runno="2">' in tail[4] and f"<bib>{bibs[-1]}</bib>" in tail[4]
    first = roots[ending + 3].find("startlist/racer/bib")
    assert first is not None and tail[5] == f'<raceevent><nextstart bib="{first.text}" /></raceevent>'
