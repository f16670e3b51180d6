"""Builders for hand-made races in the FIS tests (no fixtures: plain functions)."""

from __future__ import annotations

from decimal import Decimal

from alatau.fis.results import Entry


def entry(bib: int, time: str | None, points: str | None, status: str = "QLF") -> Entry:
    """One competitor of a one-run race: total ``time`` (None if none) and list ``points`` (None: none)."""
    return Entry(
        bib=bib,
        fis_code=str(100000 + bib),
        name=f"RACER{bib} Test",
        nation="KAZ",
        status=status,
        total=Decimal(time) if time is not None else None,
        fis_points=Decimal(points) if points is not None else None,
    )


def field(*rows: tuple[int, str | None, str | None] | tuple[int, str | None, str | None, str]) -> list[Entry]:
    """Entries from ``(bib, time, points[, status])`` tuples."""
    return [entry(*row) for row in rows]


def write_csv(path, text: str):  # type: ignore[no-untyped-def]
    """Write a dedented CSV file and return its path."""
    import textwrap

    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path
