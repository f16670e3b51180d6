"""The serial link through a pseudo-terminal: a recorded ALGE stream with the cable pulled midway."""

from __future__ import annotations

import contextlib
import os
import pty
import threading
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest

from alatau.errors import AlatauError
from alatau.timing import Impulse
from alatau.timing.serial import LineReader, listen

DATA = Path(__file__).parent / "data"


class Timer:
    """A fake timer on a pty; ``port`` is a stable path (like /dev/ttyUSB0) that follows the pty."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = str(tmp_path / "ttyUSB0")
        self.master = -1
        self.slave = -1
        self.plug()

    def plug(self) -> None:
        self.master, self.slave = pty.openpty()
        tty.setraw(self.slave)
        link = Path(self.port)
        link.unlink(missing_ok=True)
        link.symlink_to(os.ttyname(self.slave))

    def pull(self) -> None:
        Path(self.port).unlink()
        os.close(self.slave)
        os.close(self.master)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


@pytest.fixture
def timer(tmp_path: Path) -> Iterator[Timer]:
    fake = Timer(tmp_path)
    yield fake
    fake.close()


def wait_for(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def opens(pid: int, device: str) -> int:
    """How many descriptors of process ``pid`` hold ``device`` open (Linux /proc)."""
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            count += os.readlink(fd) == device
    return count


def has_open(pid: int, device: str) -> bool:
    """Whether process ``pid`` holds ``device`` open."""
    return opens(pid, device) > 0


def listener_attached(timer: Timer) -> bool:
    """Whether this process holds the timer's pty open besides the fake timer's own descriptor."""
    return opens(os.getpid(), os.ttyname(timer.slave)) >= 2


def test_listen_survives_a_pulled_cable_and_loses_no_line(timer: Timer) -> None:
    records = (DATA / "alge_live.txt").read_bytes().split(b"\r")[:-1]
    first, second = records[:6], records[6:]
    impulses: list[Impulse] = []
    lines: list[tuple[int, str]] = []
    stop = threading.Event()
    result: list[int] = []
    worker = threading.Thread(
        target=lambda: result.append(
            listen(timer.port, "alge", 9600, impulses.append, on_line=lambda n, r: lines.append((n, r)),
                   stop=stop, retry_s=0.05)
        ),
        daemon=True,
    )  # fmt: skip
    worker.start()
    wait_for(lambda: listener_attached(timer))
    timer.send(b"\r".join(first) + b"\r")
    wait_for(lambda: len(lines) == len(first))
    timer.pull()  # cable pulled: the port disappears
    time.sleep(0.3)
    timer.plug()  # plugged back: the same path again
    wait_for(lambda: listener_attached(timer))
    half = len(second) // 2
    timer.send(b"\r".join(second[:half]) + b"\r" + second[half][:7])  # a record split across two writes
    time.sleep(0.1)
    timer.send(second[half][7:] + b"\r" + b"\r".join(second[half + 1 :]) + b"\r")
    wait_for(lambda: len(lines) == len(records))
    stop.set()
    worker.join(5)
    assert [raw for _, raw in lines] == [r.decode() for r in records]
    assert [n for n, _ in lines] == list(range(1, len(records) + 1))
    assert result == [11] and [i.line_no for i in impulses] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert impulses[5].bib is None and impulses[6].cleared


def test_reader_retries_until_the_port_appears(tmp_path: Path) -> None:
    attempts: list[str] = []

    def opener(port: str, baud: int) -> object:
        attempts.append(port)
        raise OSError("no such device")

    stop = threading.Event()
    reader = LineReader(str(tmp_path / "none"), opener=opener, retry_s=0.01, stop=stop)  # type: ignore[arg-type]
    lines = reader.lines()
    threading.Timer(0.2, stop.set).start()
    assert list(lines) == [] and len(attempts) >= 3


def test_malformed_lines_and_refused_impulses_are_reported_and_reading_goes_on(timer: Timer) -> None:
    errors: list[tuple[int, str]] = []
    fed: list[int | None] = []
    stop = threading.Event()

    def feed(impulse: Impulse) -> None:
        if impulse.bib == 99:
            raise AlatauError("bib 99 is not in the race")
        fed.append(impulse.bib)

    worker = threading.Thread(
        target=listen,
        args=(timer.port, "alge", 9600, feed),
        kwargs={"stop": stop, "retry_s": 0.05, "on_error": lambda n, raw, e: errors.append((n, str(e)))},
        daemon=True,
    )
    worker.start()
    wait_for(lambda: listener_attached(timer))
    timer.send(
        b" 0012 C0  10:15:03.2471 00\rgarbage\r 0099 C1  10:16:05.9083 00\r\n 0013 C0  10:16:11.0032 00\r"
    )
    wait_for(lambda: len(fed) == 2)
    stop.set()
    worker.join(5)
    assert fed == [12, 13]
    assert errors == [(2, "line 2: not an ALGE record: 'garbage'"), (3, "bib 99 is not in the race")]


def test_cli_listen_prints_impulses_and_stops_on_sigterm(timer: Timer) -> None:
    import json
    import signal
    import subprocess
    import sys

    start = "from alatau.cli import main; main()"
    command = [sys.executable, "-c", start, "timing", "listen", "--race", "7", "--device", "alge"]
    command += ["--feed", "print"]
    process = subprocess.Popen(
        [*command, "--port", timer.port, "--system", "B"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    # Opening the port flushes what it holds: send once the listener says it listens.
    listening = process.stderr.readline()
    assert listening.startswith(f"listening on {timer.port}"), listening
    timer.send(b" 0012 C0  10:15:03.2471 00\r?0000 C1  10:17:44.1029 00\rnonsense\r")
    assert process.stdout is not None
    head = [process.stdout.readline() for _ in range(2)]  # click flushes each line
    time.sleep(0.3)  # the malformed third line
    process.send_signal(signal.SIGTERM)
    rest, err = process.communicate(timeout=10)
    out = "".join(head) + rest
    assert process.returncode == 0, err
    printed = [json.loads(line) for line in out.splitlines()]
    assert [(p["race"], p["bib"], p["channel"], p["time_of_day"], p["system"]) for p in printed] == [
        (7, 12, "start", "36903.2471", "B"),
        (7, None, "finish", "37064.1029", "B"),
    ]
    assert "line 3: not an ALGE record: 'nonsense'" in err and "(2 impulses)" in err


def test_cli_listen_refuses_a_bad_device() -> None:
    from click.testing import CliRunner

    from alatau.cli import main

    result = CliRunner().invoke(main, ["timing", "listen", "--race", "1", "--device", "vola", "--port", "x"])
    assert result.exit_code == 2 and "vola" in result.output
