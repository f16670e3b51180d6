"""Dates whose day/month order a file leaves open (03/04/2008): found per file, asked once, for all rows.

A file is *ambiguous* when its birth dates written ``NN/NN/YYYY`` (or with dashes) never have a part
above 12 in either place; a single 25/12/2008 says day first, a single 12/25/2008 says month first.
Day first is the default (the way the federation's members write dates).
"""

import re
from collections.abc import Iterable

from alatau.imports.parsing import Table

DAY_FIRST, MONTH_FIRST = "day", "month"

SLASHED = re.compile(r"\s*(\d{1,2})([/-])(\d{1,2})\2(\d{4})\s*")


def _pairs(values: Iterable[str]) -> list[tuple[int, int]]:
    matches = (SLASHED.fullmatch(value) for value in values)
    return [(int(m.group(1)), int(m.group(3))) for m in matches if m]


def file_order(values: Iterable[str]) -> str | None:
    """``"day"`` or ``"month"`` when the file's own dates say so, ``"ambiguous"``, or None (no such date)."""
    pairs = _pairs(values)
    if any(first > 12 for first, _second in pairs):
        return DAY_FIRST
    if any(second > 12 for _first, second in pairs):
        return MONTH_FIRST
    return "ambiguous" if any(first != second for first, second in pairs) else None


def first_ambiguous(values: Iterable[str]) -> str:
    """The first date of the file that reads differently in the two orders (shown as the example)."""
    for value in values:
        match = SLASHED.fullmatch(value)
        if match and match.group(1) != match.group(3):
            return value.strip()
    return ""


def day_first_text(text: str, order: str) -> str:
    """The date as day-first text: a month-first ``MM/DD/YYYY`` has its two first parts swapped."""
    match = SLASHED.fullmatch(text)
    if order != MONTH_FIRST or not match:
        return text
    month, sep, day, year = match.groups()
    return f"{day}{sep}{month}{sep}{year}"


def ambiguous_example(table: Table, mapping: dict[str, int | None]) -> str:
    """An example date when the file's birth-date column is ambiguous (the question to ask), else ""."""
    column = mapping.get("birth_date")
    if column is None:
        return ""
    values = [row[column] for row in table.rows if column < len(row)]
    return first_ambiguous(values) if file_order(values) == "ambiguous" else ""
