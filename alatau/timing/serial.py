"""The live link to a timer: a line reader over pyserial that survives a pulled cable.

:class:`LineReader` reads bytes from a serial port, splits them into lines on CR or LF (ALGE ends a
record with CR, Microgate REI2 with LF) and yields each complete line with its running number. When
the port disappears (cable pulled, USB adapter unplugged) it closes it, keeps what it had read (the
complete lines are already yielded, a partial line waits for the rest) and reopens the port every
``retry_s`` seconds until it is back or the reader is stopped.

:func:`listen` parses every line for a device and hands each impulse to ``on_impulse``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from alatau.errors import AlatauError
from alatau.timing import Impulse, TimingError, parse_line_impulses

log = logging.getLogger(__name__)

DEFAULT_BAUD = 9600
_LINE_ENDS = (b"\r", b"\n")


class Port(Protocol):
    """What the reader needs of a serial port (``serial.Serial`` has it)."""

    def read(self, size: int = 1) -> bytes: ...  # pragma: no cover - protocol

    def close(self) -> None: ...  # pragma: no cover - protocol

    @property
    def in_waiting(self) -> int: ...  # pragma: no cover - protocol


Opener = Callable[[str, int], Port]


def open_serial(port: str, baud: int) -> Port:
    """Open ``port`` at ``baud``, 8N1, with a short read timeout (pyserial)."""
    import serial

    handle: Any = serial.Serial(port=port, baudrate=baud, bytesize=8, parity="N", stopbits=1, timeout=0.2)
    return handle  # type: ignore[no-any-return]


class LineReader:
    """Read lines from a serial port, reconnecting when the port goes away.

    Parameters
    ----------
    port
        Device path (``/dev/ttyUSB0``, ``COM3``).
    baud
        Bit rate (ALGE TdC: 9600 preferred; Timy PC-timer: 38400).
    opener
        Opens the port; :func:`open_serial` by default (tests pass their own).
    retry_s
        Seconds between attempts to reopen a port that disappeared.
    stop
        Set it to end :meth:`lines` (from another thread, a signal handler …).
    """

    def __init__(
        self,
        port: str,
        baud: int = DEFAULT_BAUD,
        *,
        opener: Opener = open_serial,
        retry_s: float = 2.0,
        stop: threading.Event | None = None,
    ) -> None:
        self.port, self.baud, self.retry_s = port, baud, retry_s
        self.opener = opener
        self.stop = stop or threading.Event()
        self.line_no = 0
        self.reconnects = 0
        self._buffer = b""
        self._handle: Port | None = None

    def lines(self) -> Iterator[tuple[int, str]]:
        """Yield ``(line_no, text)`` for every non-empty line, until :attr:`stop` is set.

        Text is decoded as Latin-1, so every byte (Microgate's control bytes included) survives.
        """
        try:
            while not self.stop.is_set():
                chunk = self._read()
                if chunk:
                    yield from self._split(chunk)
        finally:
            self._close()

    def _split(self, chunk: bytes) -> Iterator[tuple[int, str]]:
        self._buffer += chunk
        while True:
            ends = [i for i in (self._buffer.find(e) for e in _LINE_ENDS) if i >= 0]
            if not ends:
                return
            cut = min(ends)
            line, self._buffer = self._buffer[:cut], self._buffer[cut + 1 :]
            if line.strip(b" \x00"):
                self.line_no += 1
                yield self.line_no, line.decode("latin-1")

    def _read(self) -> bytes:
        handle = self._handle or self._connect()
        if handle is None:
            return b""
        try:
            return handle.read(max(handle.in_waiting, 1))
        except (OSError, _serial_error()) as error:
            log.warning("timing port %s lost (%s); reconnecting", self.port, error)
            self._close()
            self.reconnects += 1
            return b""

    def _connect(self) -> Port | None:
        try:
            self._handle = self.opener(self.port, self.baud)
        except (OSError, _serial_error()) as error:
            log.info("timing port %s not available (%s); retrying in %ss", self.port, error, self.retry_s)
            self.stop.wait(self.retry_s)
            return None
        log.info("timing port %s open at %s baud", self.port, self.baud)
        return self._handle

    def _close(self) -> None:
        if self._handle is not None:
            try:
                self._handle.close()
            except (OSError, _serial_error()):  # pragma: no cover - closing a dead port
                pass
            self._handle = None


def _serial_error() -> type[Exception]:
    try:
        from serial import SerialException
    except ImportError:  # pragma: no cover - pyserial is a dependency
        return OSError
    return SerialException


def listen(
    port: str,
    device: str,
    baud: int,
    on_impulse: Callable[[Impulse], None],
    *,
    system: str = "A",
    on_line: Callable[[int, str], None] | None = None,
    on_error: Callable[[int, str, AlatauError], None] | None = None,
    stop: threading.Event | None = None,
    opener: Opener = open_serial,
    retry_s: float = 2.0,
) -> int:
    """Read ``device`` records from ``port`` and hand every impulse to ``on_impulse``.

    Parameters
    ----------
    port, baud
        The serial port and its bit rate.
    device
        ``alge`` or ``microgate`` (``csv`` works too, for a PC relaying text).
    on_impulse
        Called with each :class:`~alatau.timing.Impulse`, in the order read.
    system
        ``A`` or ``B``: the timing system on this port.
    on_line
        Called with ``(line_no, raw)`` for every line before it is parsed (the impulse log).
    on_error
        Called with ``(line_no, raw, error)`` for a malformed line or a feed that refused an
        impulse (:class:`~alatau.errors.AlatauError`); by default logged. Reading goes on.
    stop
        Set it to end listening.
    opener, retry_s
        As for :class:`LineReader`.

    Returns
    -------
    int
        How many impulses were handed on.
    """
    reader = LineReader(port, baud, opener=opener, retry_s=retry_s, stop=stop)
    fed = 0
    for line_no, raw in reader.lines():
        if on_line is not None:
            on_line(line_no, raw)
        try:
            for impulse in parse_line_impulses(raw, device, line_no, system):
                on_impulse(impulse)
                fed += 1
        except AlatauError as error:
            (on_error or _log_error)(line_no, raw, error)
    return fed


def _log_error(line_no: int, raw: str, error: AlatauError) -> None:
    detail = str(error) if isinstance(error, TimingError) else f"line {line_no}: {error}"
    log.warning("%s (raw %r)", detail, raw)
