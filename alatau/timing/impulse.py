"""The impulse: one time record read from a timing device, with the raw line it came from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from alatau.errors import InputError

START = "start"
FINISH = "finish"
INTERMEDIATE = "intermediate"
RUN = "run"  # a run time computed by the device (ALGE RT, classement dumps)
TOTAL = "total"  # a total time computed by the device (ALGE TT)
CHANNELS = (START, FINISH, INTERMEDIATE, RUN, TOTAL)
SYSTEMS = ("A", "B")
TEN_THOUSANDTH = Decimal("0.0001")


class TimingError(InputError):
    """A malformed timing record; the message names the line (``line 7: …``)."""

    def __init__(self, line_no: int, message: str) -> None:
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no


@dataclass(frozen=True)
class Impulse:
    """One time record of a timing device.

    Attributes
    ----------
    channel
        ``start``, ``finish``, ``intermediate``; or ``run`` / ``total`` for a time the device computed
        itself (then :attr:`time_of_day` holds that run or total time in seconds, not a time of day).
    bib
        The start number; None for an impulse without a valid bib (ALGE ``?``, bib 0).
    time_of_day
        Seconds since midnight, at the device's precision (up to 1/10 000 s).
    cleared
        True when the device cleared this time (ALGE ``c``/``d``, Microgate ``a``/``A``/``P``/``Q``).
    raw
        The line exactly as read (without the line end), for the impulse log.
    line_no
        1-based line number in the stream or file.
    system
        ``A`` (main) or ``B`` (backup) timing system.
    manual
        True for a keyed-in or manually input time (ALGE ``M`` channel modifier, ``i`` flag): it must
        be marked on timing documents (ICR 611.3.4).
    point
        The intermediate's number (ALGE C2 → 1 …, Microgate logical channel); 0 for start/finish.
    rank
        The rank printed in a classement dump, else None.
    """

    channel: str
    bib: int | None
    time_of_day: Decimal
    cleared: bool
    raw: str
    line_no: int
    system: str = "A"
    manual: bool = False
    point: int = 0
    rank: int | None = None

    @property
    def assigned(self) -> bool:
        """True when the impulse carries a bib."""
        return self.bib is not None


def tod(hours: int, minutes: int, seconds: int, fraction: str = "") -> Decimal:
    """Return seconds since midnight for ``hours:minutes:seconds.fraction`` (fraction as digits)."""
    value = Decimal(hours * 3600 + minutes * 60 + seconds)
    return value + (Decimal(f"0.{fraction}") if fraction else Decimal(0))


def format_tod(value: Decimal, digits: int = 4) -> str:
    """Format seconds since midnight as ``HH:MM:SS.ffff`` (``digits`` decimals, truncated)."""
    scale = 10**digits
    total = int(value * scale)
    whole, fraction = divmod(total, scale)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{fraction:0{digits}d}" if digits else text
