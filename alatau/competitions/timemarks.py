"""Marks for times that did not come straight from the System A timer (ICR 611.3.4).

Any manual input or correction must be marked (asterisk or similar) on all timing documentation: a time
entered or edited by hand carries ``*``, one corrected from hand timing (ICR 611.3.2.1) ``*H`` and one
taken from System B because System A missed it ``B``. The documents print a footnote for each mark used.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from alatau.competitions.models import Race, RunTime

MANUAL, HAND, SYSTEM_B = "*", "H", "B"


def mark_of(row: RunTime) -> str:
    """The mark of one run time: ``""`` for an untouched System A time."""
    if row.net_time is None or row.status:
        return ""
    manual = MANUAL if row.manual or row.system == HAND else ""
    return manual + (row.system if row.system in (HAND, SYSTEM_B) else "")


def race_marks(race: Race) -> dict[tuple[int, int], str]:
    """``(bib, run) → mark`` for every marked time of ``race``."""
    rows = RunTime.objects.filter(entry__race=race, entry__bib__isnull=False).select_related("entry")
    marks = {(row.entry.bib or 0, row.run): mark_of(row) for row in rows}
    return {key: mark for key, mark in marks.items() if mark}


def footnotes(marks: dict[tuple[int, int], str]) -> list[str]:
    """One line explaining each symbol that appears in ``marks``, in a fixed order."""
    used = "".join(marks.values())
    lines = {
        MANUAL: _("* Time entered or corrected by hand (ICR 611.3.4)."),
        HAND: _("H Hand time corrected by the mean difference of 10 competitors (ICR 611.3.2.1)."),
        SYSTEM_B: _("B Time of System B, System A having failed (ICR 611.3.4)."),
    }
    return [text for symbol, text in lines.items() if symbol in used]
