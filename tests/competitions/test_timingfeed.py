"""The live link wired to a race: a recorded ALGE stream through a pty, the cable pulled midway."""

from __future__ import annotations

import threading
import time
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import DatabaseError

from alatau.competitions import live, scoring, services, timingfeed
from alatau.competitions.models import ImpulseLog, Race, RunTime
from alatau.core.models import User
from alatau.timing.serial import listen
from tests.timing.test_serial import Timer, listener_attached, wait_for

STREAM = [
    b"n0001",
    b" 0001 C0  10:15:03.2471 00",
    b" 0002 C0  10:16:09.0000 00",  # a false start impulse ...
    b" 0001 C1  10:16:05.9083 00",
    b"?0000 C1  10:17:12.0101 00",  # no valid bib: waits for the timekeeper
    b"c0002 C0  10:16:09.0000 00",  # ... cleared (the stored start goes), then the real start
    b" 0002 C0  10:16:10.5100 00",
    b" 0003 C0  10:17:00.1000 00",
    b" 0002 C1  10:17:20.7781 00",
    b" 0003 C1  10:18:01.0046 00",
    b"garbage",
    b" 0099 C1  10:18:30.0000 00",  # not in the race
]


@pytest.fixture
def timer(tmp_path: Path):
    fake = Timer(tmp_path)
    yield fake
    fake.close()


def play(timer: Timer, feed: timingfeed.RaceFeed, stop: threading.Event) -> None:
    """The recorded stream: six lines, the cable pulled and plugged back, the rest (one record split)."""
    wait_for(lambda: listener_attached(timer))
    timer.send(b"\r".join(STREAM[:6]) + b"\r")
    wait_for(lambda: feed.received == 6)
    timer.pull()
    time.sleep(0.3)
    timer.plug()
    wait_for(lambda: listener_attached(timer))
    rest = b"\r".join(STREAM[6:]) + b"\r"
    timer.send(rest[:9])
    time.sleep(0.1)
    timer.send(rest[9:])
    wait_for(lambda: feed.received == len(STREAM))
    stop.set()


def test_every_line_reaches_the_impulse_log_and_the_results(
    timer: Timer, entered: Race, tina_timekeeper: User
) -> None:
    reports: list[str] = []
    feed = timingfeed.RaceFeed(entered, None, "alge", user=tina_timekeeper, report=reports.append)
    stop = threading.Event()
    player = threading.Thread(target=play, args=(timer, feed, stop), daemon=True)
    player.start()
    # the database stays in this (the test's) thread; the fake timer plays from another
    listen(timer.port, "alge", 9600, feed, stop=stop, retry_s=0.05, on_line=feed.on_line)
    player.join(5)
    logged = list(ImpulseLog.objects.filter(race=entered).order_by("pk"))
    assert [row.raw for row in logged] == [line.decode() for line in STREAM]
    assert [row.line_no for row in logged] == list(range(1, len(STREAM) + 1))
    assert [row.bib for row in logged if row.channel == "finish" and row.bib is None] == [None]
    assert next(row for row in logged if row.raw.startswith("c")).cleared
    times = {
        t.entry.bib: t for t in RunTime.objects.filter(entry__race=entered, run=1).select_related("entry")
    }
    assert times[1].net_time == D("62.66") and times[1].start_tod == D("36903.2471") and not times[1].manual
    assert times[2].net_time == D("70.26") and times[3].net_time == D("60.90")
    assert reports == ["line 12: bib 99: no such bib in this race"]
    field = scoring.field_of(entered, runs=1)
    assert sorted(e.bib for e in field.entries) == [1, 2, 3]
    standings = live.live_payload(entered)["standings"]
    assert [(line["bib"], line["shown"]) for line in standings] == [
        (3, "1:00.90"),
        (1, "1:02.66"),
        (2, "1:10.26"),
    ]


def test_a_line_the_database_refuses_waits_and_goes_first_next_time(
    entered: Race, tina_timekeeper: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = timingfeed.RaceFeed(entered, 1, "alge", user=tina_timekeeper, report=lambda _m: None)
    real = timingfeed.receive_line
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise DatabaseError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(timingfeed, "receive_line", flaky)
    feed.on_line(1, " 0001 C0  10:15:03.2471 00")
    assert list(feed.backlog) == [(1, " 0001 C0  10:15:03.2471 00")]
    feed.on_line(2, " 0001 C1  10:16:05.9083 00")
    assert not feed.backlog and feed.received == 2
    assert RunTime.objects.get(entry__bib=1, run=1).net_time == D("62.66")
    assert list(ImpulseLog.objects.filter(race=entered).values_list("line_no", flat=True)) == [1, 2]


def test_following_the_race_each_impulse_goes_to_its_bibs_run(entered: Race, tina_timekeeper: User) -> None:
    lines = [
        " 0001 C0  10:15:03.2471 00",  # run 1
        " 0001 C0  10:15:04.0000 00",  # the start again before the finish: replaces it
        " 0001 C1  10:16:05.9083 00",
        " 0001 C1  10:16:05.9500 00",  # the finish again: corrects run 1
        " 0002 C0  10:16:10.0000 00",
        " 0001 C0  13:02:00.0000 00",  # bib 1 done in run 1: its start of run 2
        "?0000 C1  13:03:00.0000 00",
        " 0001 C1  13:03:01.5000 00",
        " 0001 C0  13:30:00.0000 00",  # every run of bib 1 timed: kept in the log only
    ]
    feed = timingfeed.RaceFeed(entered, None, "alge", user=tina_timekeeper, report=lambda _m: None)
    outcomes = [timingfeed.receive_line(tina_timekeeper, entered, None, "alge", 1, lines[0])]
    for number, raw in enumerate(lines[1:], start=2):
        feed.on_line(number, raw)
    outcomes.append(timingfeed.receive_line(tina_timekeeper, entered, None, "alge", 10, lines[-1]))
    times = {
        (t.entry.bib, t.run): t for t in RunTime.objects.filter(entry__race=entered).select_related("entry")
    }
    assert times[1, 1].start_tod == D("36904.0000") and times[1, 1].net_time == D("61.95")
    assert times[1, 2].net_time == D("61.50") and times[2, 1].net_time is None
    logged = list(ImpulseLog.objects.filter(race=entered).order_by("pk").values_list("line_no", "run"))
    # the `?` of line 7 came during run 2: it waits on the run-2 timing page
    assert logged == [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2), (7, 2), (8, 2), (9, 2), (10, 1)]
    assert "bib 1 has a time in every run" in outcomes[-1].errors[0]


def test_the_current_run_is_the_first_one_not_complete(timed: Race, tina_timekeeper: User) -> None:
    assert timingfeed.current_run(timed) == 2
    RunTime.objects.filter(entry__race=timed, run=1, entry__bib=3).update(net_time=None)
    assert timingfeed.current_run(timed) == 1


def test_official_results_refuse_the_times_but_keep_the_lines(timed: Race, ted_delegate: User) -> None:
    services.make_official(ted_delegate, timed)
    outcome = timingfeed.receive_line(None, timed, 2, "alge", 1, " 0001 C1  10:16:05.9083 00")
    assert outcome.set_bibs == [] and "official" in outcome.errors[0]
    assert ImpulseLog.objects.filter(race=timed).count() == 1


def test_cli_listen_refuses_an_unknown_race_or_run(entered: Race) -> None:
    from alatau.cli import main

    base = ["timing", "listen", "--device", "alge", "--port", "/dev/null/none"]
    missing = CliRunner().invoke(main, [*base, "--race", "999999"])
    assert missing.exit_code == 2 and "no race 999999" in missing.output
    bad_run = CliRunner().invoke(main, [*base, "--race", str(entered.pk), "--run", "3"])
    assert bad_run.exit_code == 2 and "has no run 3" in bad_run.output


@pytest.mark.slow
def test_the_command_feeds_a_race_on_its_own_database(timer: Timer, tmp_path: Path) -> None:
    """``alatau timing listen`` as a user runs it: its own process and database, the cable pulled once."""
    import os
    import signal
    import subprocess
    import sys

    alatau = str(Path(sys.executable).with_name("alatau"))
    env = os.environ | {
        "ALATAU_VAR_DIR": str(tmp_path),
        "ALATAU_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([alatau, "manage", "migrate", "-v0"], env=env, check=True)
    setup = (
        "import datetime as dt\nfrom alatau.cli.web import setup_django\nsetup_django()\n"
        "from alatau.competitions import services\nfrom alatau.core.models import Role, User\n"
        "u = User.objects.create(username='tk', role=Role.FEDERATION_ADMIN)\nd = dt.date(2022, 1, 15)\n"
        "e = services.create_event(u, name='E', place='P', nation='KAZ', start_date=d, end_date=d)\n"
        "r = services.create_race(u, event=e, codex='0100', discipline='GS', gender='M', category='FIS',"
        " date=d, runs=2, season='2021-22')\n"
        "services.add_entries(u, r, [{'bib': n, 'name': f'R{n} A', 'nation': 'AUT'} for n in (1, 2)])\n"
        "print(r.pk)\n"
    )
    race_id = subprocess.run(
        [sys.executable, "-c", setup], env=env, check=True, capture_output=True, text=True
    )
    command = [alatau, "timing", "listen", "--race", race_id.stdout.strip(), "--device", "alge"]
    command += ["--port", timer.port, "--user", "tk"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    from tests.timing.test_serial import has_open

    wait_for(lambda: has_open(process.pid, os.ttyname(timer.slave)), 60)
    timer.send(b" 0001 C0  10:15:03.2471 00\r 0002 C0  10:16:00.0000 00\r")
    time.sleep(1.0)
    timer.pull()
    time.sleep(0.5)
    timer.plug()
    wait_for(lambda: has_open(process.pid, os.ttyname(timer.slave)), 30)
    timer.send(b" 0001 C1  10:16:05.9083 00\r?0000 C1  10:17:00.0000 00\r 0002 C1  10:17:01.5000 00\r")
    time.sleep(2.0)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    check = (
        "from alatau.cli.web import setup_django\nsetup_django()\n"
        "from alatau.competitions.models import ImpulseLog, RunTime\n"
        "print([i.raw for i in ImpulseLog.objects.order_by('pk')])\n"
        "rows = RunTime.objects.all()\n"
        "print(sorted((t.entry.bib, str(t.net_time), t.updated_by.username) for t in rows))\n"
    )
    found = subprocess.run([sys.executable, "-c", check], env=env, check=True, capture_output=True, text=True)
    logged, times = found.stdout.strip().splitlines()
    assert logged.count("C1") == 3 and logged.count("C0") == 2 and "?0000" in logged
    assert times == "[(1, '62.6600', 'tk'), (2, '61.5000', 'tk')]"
