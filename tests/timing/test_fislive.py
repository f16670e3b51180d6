"""FIS live timing against a local TCP server that records, echoes and checks the stream."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from decimal import Decimal as D
from xml.etree import ElementTree as ET

import pytest

from alatau.errors import InputError
from alatau.timing import fislive
from alatau.timing.fislive import LiveTimingClient, RaceInfo, Racer, RunInfo

INFO = RaceInfo(
    "Demo Cup", "SL", "W", "FIS", place="Shymbulak", slope="Piste A",
    runs=(RunInfo(1, start=2260, finish=2100, height=160, gates=58, turninggates=56, intermediates=1),),
)  # fmt: skip
RACERS = [Racer(1, 7, "MUSTER", "Anna", "KAZ", "6190123"), Racer(2, 3, "DEMO", "Eva", "SUI", "512345")]


class Server:
    """Records every document per connection; echoes sequences; drops the first connection once."""

    def __init__(self, drop_after: int) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[list[bytes]] = []
        self.drop_after = drop_after
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append([])
            self.handle(conn, self.connections[-1], first=len(self.connections) == 1)

    def handle(self, conn: socket.socket, docs: list[bytes], first: bool) -> None:
        buffer = b""
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                buffer += data
                parts = buffer.split(b"<?xml")
                buffer = b"<?xml" + parts[-1] if parts[-1] else b""
                complete = [b"<?xml" + p for p in parts[1:-1]]
                if buffer.rstrip().endswith(b"</livetiming>"):
                    complete.append(buffer)
                    buffer = b""
                for doc in complete:
                    docs.append(doc)
                    if first and len(docs) > self.drop_after:
                        return  # the server falls over without echoing this one
                    number = re.search(rb'sequence="(\d+)"', doc)
                    assert number is not None
                    conn.sendall(b'<ack sequence="' + number[1] + b'"/>\n')

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def server() -> Iterator[Server]:
    fake = Server(drop_after=3)
    yield fake
    fake.close()


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def settle(client: LiveTimingClient, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while client.pending:
        if time.monotonic() > deadline:
            raise AssertionError(f"still pending: {sorted(client.pending)}")
        client.tick()
        client.poll(0.05)


def test_stream_with_a_server_crash_is_resent_in_order(server: Server) -> None:
    clock = Clock()
    client = LiveTimingClient(
        "127.0.0.1", server.port, "1234", "secret", keepalive_s=300, clock=clock, timestamp=lambda: "10:15:00"
    )
    client.send(fislive.command("clear"))
    client.send(fislive.raceinfo(INFO))
    client.send(fislive.activerun(1))
    settle(client)
    client.send(fislive.startlist(1, RACERS))  # the server drops the line on this one
    client.send(fislive.nextstart(7), fislive.start(7))
    settle(client)
    client.send(fislive.timed("finish", 7, D("48.1799"), D("0"), 1))
    client.send(fislive.status("dnf", 3))
    client.send(fislive.timed("finish", 7, D("0"), correction=True))
    clock.now = 301.0
    client.tick()  # idle for more than five minutes: keep-alive
    settle(client)
    client.close()

    first = server.connections[0]
    assert client.connections == 2 and len(server.connections) == 2 and len(first) == 4
    received = [doc for docs in server.connections for doc in docs]
    roots = [ET.fromstring(doc) for doc in received]
    sequences = [int(r.get("sequence", "")) for r in roots]
    # the startlist (3) went on the dropped line without an echo: sent again, same number
    assert sequences == [0, 1, 2, 3, 3, 4, 5, 6, 7, 8]
    assert all(doc.startswith(b'<?xml version="1.0" encoding="UTF-8"?>') for doc in received)
    assert all(
        r.tag == "livetiming" and r.get("codex") == "1234" and r.get("passwd") == "secret" for r in roots
    )
    assert all(re.fullmatch(r"\d{5}", r.get("sequence", "")) for r in roots)
    assert {r.get("timestamp") for r in roots} == {"10:15:00"}
    sections = [[child.tag for child in r] for r in roots]
    first_event = next(i for i, tags in enumerate(sections) if "raceevent" in tags)
    assert sections[:first_event] == [["command"], ["raceinfo"], ["command"], ["startlist"], ["startlist"]]
    assert sections[-1] == ["keepalive"]
    info = roots[1].find("raceinfo")
    assert info is not None and info.findtext("gender") == "L" and info.findtext("discipline") == "SL"
    assert info.findtext("run/gates") == "58" and info.find("run/racedef/inter[@i='1']") is not None
    racers = roots[4].findall("startlist/racer")
    assert [(r.get("order"), r.findtext("bib"), r.findtext("fiscode")) for r in racers] == [
        ("1", "7", "6190123"),
        ("2", "3", "512345"),
    ]
    events = ["".join(ET.tostring(child, encoding="unicode") for child in r) for r in roots[5:9]]
    assert events[0] == '<raceevent><nextstart bib="7" /></raceevent><raceevent><start bib="7" /></raceevent>'
    assert events[1] == (
        '<raceevent><finish bib="7"><time>48.17</time><diff>0.00</diff><rank>1</rank></finish></raceevent>'
    )
    assert events[2] == '<raceevent><dnf bib="3" /></raceevent>'
    assert events[3] == '<raceevent><finish bib="7" correction="y"><time>0.00</time></finish></raceevent>'


def test_messages_wait_while_the_server_is_away() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nobody listens there now
    client = LiveTimingClient("127.0.0.1", port, "1234", "pw", timestamp=lambda: "09:00:00")
    assert client.send(fislive.command("clear")) == 0 and not client.connected
    assert list(client.pending) == [0]
    server = Server(drop_after=100)
    client.address = ("127.0.0.1", server.port)
    settle(client)
    assert [len(docs) for docs in server.connections] == [1]
    server.close()


def test_times_and_bad_input() -> None:
    assert fislive.live_time(D("62.669")) == "1:02.66" and fislive.live_time(D("0")) == "0.00"
    with pytest.raises(InputError, match="unknown status event"):
        fislive.status("dsq", 1)
    with pytest.raises(InputError, match="unknown gender"):
        fislive.raceinfo(RaceInfo("x", "SL", "X", "FIS"))
    with pytest.raises(InputError, match="unknown timed event"):
        fislive.timed("lap", 1, D("1"))
    inter = fislive.timed("inter", 5, D("21.456"), D("0.31"), 2, point=1)
    assert ET.tostring(inter, encoding="unicode") == (
        '<raceevent><inter bib="5" i="1"><time>21.45</time><diff>0.31</diff><rank>2</rank></inter>'
        "</raceevent>"
    )
