"""FIS live timing: the XML messages and a TCP client with sequence numbers, keep-alive and resend.

Per the FIS "Live Timing / Live Scoring XML Description" (digest: ../shared/reference/timing-formats.md
§3). Each message is one UTF-8 XML document::

    <?xml version="1.0" encoding="UTF-8"?>
    <livetiming codex="1234" passwd="secret" sequence="00007" timestamp="10:16:06">…</livetiming>

holding any of ``raceinfo``, ``command``, ``startlist``, ``raceevent``, ``meteo``, ``message`` or
``keepalive``. The server must first get ``raceinfo``, ``command/activerun`` and ``startlist`` before it
accepts race events. The server echoes a message's ``sequence`` when it has received it; the client
keeps every message until it is echoed and, after a reconnect, sends the unechoed ones again with their
own sequence numbers. A keep-alive goes out after ``keepalive_s`` seconds without a message.

Plain data in (:class:`RaceInfo`, :class:`RunInfo`, :class:`Racer`, bibs, Decimal times); builders
return :class:`xml.etree.ElementTree.Element` sections that :meth:`LiveTimingClient.send` wraps.
"""

from __future__ import annotations

import datetime as dt
import re
import select
import socket
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree import ElementTree as ET

from alatau.errors import InputError
from alatau.fis.timing import format_time, truncate

SEQUENCE_LIMIT = 100_000
STATUS_EVENTS = ("dnf", "dq", "dqp", "dns", "nps")
_ECHO = re.compile(rb"sequence\s*=\s*[\"']?(\d{1,5})")
_GENDERS = {"M": "M", "W": "L", "L": "L", "A": "A"}


@dataclass(frozen=True)
class RunInfo:
    """One run of ``raceinfo``: altitudes in m, gates, the intermediates measured."""

    no: int
    discipline: str = ""
    start: int | None = None
    finish: int | None = None
    height: int | None = None
    length: int | None = None
    gates: int | None = None
    turninggates: int | None = None
    intermediates: int = 0


@dataclass(frozen=True)
class RaceInfo:
    """What ``raceinfo`` tells about the race (gender M, W or A; W is sent as FIS live's ``L``)."""

    event: str
    discipline: str
    gender: str
    category: str
    place: str = ""
    slope: str = ""
    runs: Sequence[RunInfo] = field(default_factory=tuple)


@dataclass(frozen=True)
class Racer:
    """One line of a live start list."""

    order: int
    bib: int
    lastname: str
    firstname: str
    nat: str
    fiscode: str


def _child(parent: ET.Element, tag: str, value: object) -> None:
    if value is not None and value != "":
        ET.SubElement(parent, tag).text = str(value)


def raceinfo(info: RaceInfo) -> ET.Element:
    """Return the ``raceinfo`` section (event, discipline, gender, category, place, runs)."""
    if info.gender.upper() not in _GENDERS:
        raise InputError(f"unknown gender {info.gender!r} for FIS live timing (expected M, W or A)")
    root = ET.Element("raceinfo")
    _child(root, "event", info.event)
    _child(root, "slope", info.slope)
    _child(root, "discipline", info.discipline.upper())
    _child(root, "gender", _GENDERS[info.gender.upper()])
    _child(root, "category", info.category.upper())
    _child(root, "place", info.place)
    for run in info.runs:
        element = ET.SubElement(root, "run", no=str(run.no))
        ET.SubElement(element, "discipline").text = run.discipline or None
        for tag in ("start", "finish", "height", "length", "gates", "turninggates"):
            _child(element, tag, getattr(run, tag))
        racedef = ET.SubElement(element, "racedef")
        for index in range(1, run.intermediates + 1):
            ET.SubElement(racedef, "inter", i=str(index))
    return root


def command(name: str, **attributes: object) -> ET.Element:
    """Return ``<command><name …/></command>`` (``clear``, ``endrun``, ``official_result`` …)."""
    root = ET.Element("command")
    ET.SubElement(root, name, {k: str(v) for k, v in attributes.items()})
    return root


def activerun(no: int) -> ET.Element:
    """Return the command that makes run ``no`` the one shown."""
    return command("activerun", no=no)


def startlist(run: int, racers: Iterable[Racer]) -> ET.Element:
    """Return ``startlist runno=…`` (it erases the run's results on the server)."""
    root = ET.Element("startlist", runno=str(run))
    for racer in racers:
        element = ET.SubElement(root, "racer", order=str(racer.order))
        for tag in ("bib", "lastname", "firstname", "nat", "fiscode"):
            _child(element, tag, getattr(racer, tag))
    return root


def live_time(seconds: Decimal) -> str:
    """Format a time for FIS live: truncated to 1/100, ``48.17`` or ``1:02.66``; zero as ``0.00``."""
    return format_time(truncate(seconds)) if seconds else "0.00"


def _event(tag: str, bib: int, correction: bool, **attributes: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element("raceevent")
    attrs = {"bib": str(bib), **attributes} if tag != "nextstart" or bib else attributes
    if correction:
        attrs["correction"] = "y"
    return root, ET.SubElement(root, tag, attrs)


def nextstart(bib: int) -> ET.Element:
    """Return the event announcing the next starter."""
    return _event("nextstart", bib, False)[0]


def start(bib: int) -> ET.Element:
    """Return the event of a start."""
    return _event("start", bib, False)[0]


def timed(
    kind: str,
    bib: int,
    time: Decimal,
    diff: Decimal | None = None,
    rank: int | None = None,
    *,
    point: int = 0,
    correction: bool = False,
) -> ET.Element:
    """Return a ``finish`` or ``inter`` event with its time, gap to the leader and rank.

    In run 2 and later, send the accumulated total (the server adds runs itself only from the
    results it has); a time of 0 with ``correction`` erases the bib's time.
    """
    if kind not in ("finish", "inter"):
        raise InputError(f"unknown timed event {kind!r} (expected finish or inter)")
    extra = {"i": str(point)} if kind == "inter" else {}
    root, element = _event(kind, bib, correction, **extra)
    _child(element, "time", live_time(time))
    if diff is not None:
        _child(element, "diff", live_time(diff))
    _child(element, "rank", rank)
    return root


def status(kind: str, bib: int, *, correction: bool = False) -> ET.Element:
    """Return a status event: ``dnf``, ``dq``, ``dqp``, ``dns`` or ``nps``."""
    if kind not in STATUS_EVENTS:
        raise InputError(f"unknown status event {kind!r} (expected {', '.join(STATUS_EVENTS)})")
    return _event(kind, bib, correction)[0]


def keepalive() -> ET.Element:
    """Return the keep-alive section (directly under ``livetiming``)."""
    return ET.Element("keepalive")


def message(
    codex: str, password: str, sequence: int, timestamp: str, sections: Iterable[ET.Element]
) -> bytes:
    """Return one whole live-timing document as UTF-8 bytes."""
    root = ET.Element(
        "livetiming", codex=str(codex), passwd=password, sequence=f"{sequence:05d}", timestamp=timestamp
    )
    root.extend(sections)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


Connect = Callable[[tuple[str, int], float], socket.socket]


def _now_text() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


class LiveTimingClient:
    """Send live-timing messages to the FIS server over TCP; keep each until the server echoes it.

    Parameters
    ----------
    host, port
        The FIS live server (per race; RH uses ``live.fisski.com`` and a port given by FIS).
    codex, password
        The race codex and the password issued by the FIS live-timing administrator.
    keepalive_s
        Seconds without a message after which :meth:`tick` sends a keep-alive (FIS: 5–10 minutes).
    clock
        Monotonic seconds (tests pass a fake); ``timestamp`` gives the ``HH:MM:SS`` attribute.
    acknowledged
        True (default): keep messages until the server echoes their sequence; False: forget a
        message once written to the socket (for servers that echo nothing).
    """

    def __init__(
        self,
        host: str,
        port: int,
        codex: str,
        password: str,
        *,
        keepalive_s: float = 300.0,
        clock: Callable[[], float] | None = None,
        timestamp: Callable[[], str] = _now_text,
        connect: Connect = socket.create_connection,
        timeout_s: float = 5.0,
        acknowledged: bool = True,
    ) -> None:
        import time

        self.address = (host, int(port))
        self.codex, self.password = str(codex), password
        self.keepalive_s, self.timeout_s, self.acknowledged = keepalive_s, timeout_s, acknowledged
        self.clock = clock or time.monotonic
        self.timestamp, self._connect = timestamp, connect
        self.sequence = 0
        self.pending: OrderedDict[int, bytes] = OrderedDict()
        self.connections = 0
        self._written: set[int] = set()
        self._socket: socket.socket | None = None
        self._last_sent = self.clock()
        self._inbox = b""

    @property
    def connected(self) -> bool:
        """True while a connection is open."""
        return self._socket is not None

    def send(self, *sections: ET.Element) -> int:
        """Queue one message holding ``sections``, try to deliver everything pending; return its sequence."""
        number = self.sequence
        self.sequence = (self.sequence + 1) % SEQUENCE_LIMIT
        self.pending[number] = message(self.codex, self.password, number, self.timestamp(), sections)
        self._last_sent = self.clock()
        self.flush()
        return number

    def flush(self) -> bool:
        """Connect if needed and write every pending message not yet written on this connection.

        Returns False when the server cannot be reached now (messages stay pending).
        """
        if self._socket is None and not self._open():
            return False
        assert self._socket is not None
        for number, data in list(self.pending.items()):
            if number in self._written:
                continue
            try:
                self._socket.sendall(data)
            except OSError:
                self._drop()
                return False
            self._written.add(number)
            if not self.acknowledged:
                del self.pending[number]
        self.poll()
        return self._socket is not None

    def poll(self, wait_s: float = 0.0) -> list[int]:
        """Read the server's echoes (waiting up to ``wait_s``); return the sequences acknowledged."""
        if self._socket is None:
            return []
        try:
            ready, _, _ = select.select([self._socket], [], [], wait_s)
            data = self._socket.recv(65536) if ready else None
        except OSError:
            data = b""
        if data == b"":  # closed by the server: what it did not echo goes again on reconnect
            self._drop()
            return []
        if data is None:
            return []
        self._inbox = (self._inbox + data)[-4096:]
        echoed = [int(m) for m in _ECHO.findall(self._inbox)]
        self._inbox = self._inbox[self._inbox.rfind(b">") + 1 :]
        for number in echoed:
            self.pending.pop(number, None)
            self._written.discard(number)
        return echoed

    def tick(self) -> None:
        """Call regularly: sends a keep-alive after ``keepalive_s`` idle, retries pending messages."""
        if self.clock() - self._last_sent >= self.keepalive_s:
            self.send(keepalive())
        elif self.pending:
            self.flush()
        else:
            self.poll()

    def close(self) -> None:
        """Close the connection (pending messages stay pending)."""
        self._drop()

    def _open(self) -> bool:
        try:
            self._socket = self._connect(self.address, self.timeout_s)
        except OSError:
            return False
        self.connections += 1
        self._written.clear()
        return True

    def _drop(self) -> None:
        if self._socket is not None:
            try:
                self._socket.close()
            finally:
                self._socket = None
        self._written.clear()
