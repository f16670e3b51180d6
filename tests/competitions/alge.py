"""ALGE TdC 8001 live streams written from the record layout in ../shared/reference/timing-formats.md §1.1.

``xNNNNxC0xxHH:MM:SS.ffffxGR``: flag, 4-digit bib, blank, channel (C0 start, C1 finish), modifier,
blank, the time of day to 1/10,000 s, blank, group. Records end with CR, as the device sends them.
"""

from decimal import Decimal


def tod(seconds: Decimal) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{f'{seconds - whole:.4f}'[2:]}"


def record(bib: int, channel: str, seconds: Decimal, flag: str = " ") -> str:
    return f"{flag}{bib:04d} {channel}  {tod(seconds)} 00"


def stream(runs: dict[int, str], first_start: Decimal = Decimal("36000"), interval: int = 60) -> str:
    """Start and finish records for each bib (net time as text), a bib announcement before each finish
    and, after the first finish, a photocell impulse without a bib (``?0000``), as real dumps have."""
    lines = []
    for position, (bib, net) in enumerate(runs.items()):
        start = first_start + position * interval + Decimal("0.1234")
        lines += [record(bib, "C0", start), f"n{bib:04d}", record(bib, "C1", start + Decimal(net))]
        if position == 0:
            lines.append(record(0, "C1", start + Decimal(net) + 5, flag="?"))
    return "\r".join(lines) + "\r"
