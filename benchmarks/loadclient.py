"""A small asyncio HTTP/1.1 load client (keep-alive, no dependencies) for the server benchmarks.

Each simulated client holds one connection, as a browser does, and reconnects when the
server closes it. Latency is measured from sending the request to the last byte of the body.
"""

import asyncio
import contextlib
import statistics
import time
from dataclasses import dataclass, field

#: Status, headers (lower-case names) and body of one answer.
Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Tally:
    """What a load run saw: latencies in seconds, statuses, failures (5xx, resets, timeouts)."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0
    seconds: float = 0.0

    def record(self, status: int, latency: float) -> None:
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status >= 500:
            self.failures += 1

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    def line(self, label: str) -> str:
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        statuses = " ".join(f"{code}×{count}" for code, count in sorted(self.statuses.items()))
        return (
            f"  {label:<34} {rate:7.1f} req/s  p50 {self.percentile(0.5) * 1000:6.0f} ms"
            f"  p95 {self.percentile(0.95) * 1000:6.0f} ms  errors {self.failures}  ({statuses})"
        )

    def mean(self) -> float:
        return statistics.fmean(self.latencies) if self.latencies else float("nan")


class Connection:
    """One keep-alive HTTP/1.1 connection to ``host:port``."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        """GET ``path``; a reused connection the server has dropped is reopened once."""
        reused = self.writer is not None
        try:
            return await self._exchange(path, headers or {})
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            if not reused:
                raise
            return await self._exchange(path, headers or {})

    async def _exchange(self, path: str, headers: dict[str, str]) -> Answer:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept-Encoding: identity"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await self.writer.drain()
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        got = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:] if h)}
        body = await self._body(got, status)
        if got.get("connection", "").lower() == "close":
            await self.close()
        return status, got, body

    async def _body(self, headers: dict[str, str], status: int) -> bytes:
        assert self.reader is not None
        if status in {204, 304}:
            return b""
        if "content-length" in headers:
            return await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            await self.reader.readuntil(b"\r\n")
            return b"".join(parts)
        body = await self.reader.read()
        await self.close()
        return body


async def _timed_get(conn: Connection, tally: Tally, path: str, headers: dict[str, str]) -> dict[str, str]:
    started = time.perf_counter()
    try:
        status, got, _body = await asyncio.wait_for(conn.get(path, headers), timeout=30)
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
        tally.failures += 1
        tally.latencies.append(time.perf_counter() - started)
        await conn.close()
        return {}
    tally.record(status, time.perf_counter() - started)
    return got


async def _closed_loop(
    host: str, port: int, paths: list[str], start: int, until: float, tally: Tally
) -> None:
    conn = Connection(host, port)
    index = start
    while time.perf_counter() < until:
        await _timed_get(conn, tally, paths[index % len(paths)], {})
        index += 1
    await conn.close()


def hammer(host: str, port: int, paths: list[str], clients: int, seconds: float) -> Tally:
    """``clients`` connections, each asking for the next of ``paths`` as soon as the last answer came."""

    async def run() -> Tally:
        tally = Tally()
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(_closed_loop(host, port, paths, i, until, tally) for i in range(clients)))
        tally.seconds = time.perf_counter() - started
        return tally

    return asyncio.run(run())


async def _poller(host: str, port: int, path: str, offset: float, until: float, tally: Tally) -> None:
    conn = Connection(host, port)
    await asyncio.sleep(offset)
    etag = ""
    while (started := time.perf_counter()) < until:
        got = await _timed_get(conn, tally, path, {"If-None-Match": etag} if etag else {})
        etag = got.get("etag", etag)
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))
    await conn.close()


def poll(host: str, port: int, path: str, clients: int, seconds: float) -> Tally:
    """``clients`` pollers of ``path``, each once a second with the ETag it last got (as live.js does)."""

    async def run() -> Tally:
        tally = Tally()
        started = time.perf_counter()
        until = started + seconds
        pollers = (_poller(host, port, path, i / clients, until, tally) for i in range(clients))
        await asyncio.gather(*pollers)
        tally.seconds = time.perf_counter() - started
        return tally

    return asyncio.run(run())
