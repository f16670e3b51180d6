"""Race results: entries, status codes, totals, ranks with ex aequo, race points and FIS points.

Public interface::

    entries = read_result_file(path)                   # alatau.fis.resultfile
    result = score_race(entries, "SL", "FIS", get_season("2021-22"))
    result.penalty.applied, result.penalty.rule        # the penalty and its working
    for line in result.lines: line.rank, line.entry.bib, line.total_time, line.race_points, line.fis_points

A :class:`ResultLine`'s ``fis_points`` are the competitor's FIS points for this race (race points +
applied penalty); the points from the valid list are ``line.entry.fis_points``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from alatau.errors import InputError
from alatau.fis.penalty import Candidate, Penalty, compute_penalty, round_points
from alatau.fis.seasons import SeasonRules, get_season, parse_discipline
from alatau.fis.statuswords import resolve_run, status_word
from alatau.fis.timing import truncate

QLF = "QLF"
# Not classified; the digit is the run (NPS without a digit means run 1). DQO: disqualified otherwise.
_STATUS = re.compile(r"^(QLF|DQO|NPS|(?:DNS|DNF|DSQ|DNQ|NPS)[1-3])$")
NOT_STARTED = frozenset({"DNS1", "NPS", "NPS1"})
_STATUS_ORDER = {"DNF": 0, "DSQ": 1, "DNQ": 2, "DNS": 3, "NPS": 4, "DQO": 5}


def parse_status(text: str, runs: Sequence[Decimal | None] | None = None) -> str:
    """Return the status code of ``text``: a code (``QLF``, ``DNF1`` …) or a status word.

    Parameters
    ----------
    text
        A code or a word as FIS and timing exports write it (``Did not finish 2nd run``, ``DNF``,
        ``DQ``, ``Disqualified (1st run)``, ``Не стартовал`` …; any case, English, Kazakh, Russian,
        French). Empty means QLF.
    runs
        The competitor's run times, to place a word without a run: run 1 in a one-run race, else
        the first run without a time.

    Raises
    ------
    InputError
        When ``text`` is neither a code nor a known status word.
    """
    code = text.strip().upper() or QLF
    if _STATUS.match(code):
        return code
    word = status_word(text)
    if word is None:
        expected = "QLF, DNS1, DNF2, DSQ1, DNQ1, NPS, DQO or a word such as 'Did not finish 2nd run'"
        raise InputError(f"unknown status {text!r} (expected {expected})")
    family, run = word
    return f"{family}{run if run is not None else resolve_run(runs or ())}"


def status_run(status: str) -> int:
    """Return the run a not-classified status refers to (``DNF2`` → 2, ``NPS``/``DQO`` → 1; QLF → 0)."""
    if status == QLF:
        return 0
    return int(status[-1]) if status[-1].isdigit() else 1


@dataclass(frozen=True)
class Entry:
    """One competitor of a race: identity, status, run times or total, and list points (None: none).

    ``name`` is the display name (``LASTNAME Firstname``); ``lastname``/``firstname`` when the source
    gave them split, else see :meth:`name_parts`. ``row`` is the source file's line, for messages.
    """

    bib: int
    fis_code: str
    name: str
    nation: str
    status: str = QLF
    runs: tuple[Decimal | None, ...] = ()
    total: Decimal | None = None
    fis_points: Decimal | None = None
    lastname: str = ""
    firstname: str = ""
    gate: str = ""
    reason: str = ""
    birth_year: int | None = None
    row: int | None = None

    @property
    def classified(self) -> bool:
        """True for status QLF."""
        return self.status == QLF

    @property
    def started(self) -> bool:
        """True unless the competitor did not start run 1 or was not permitted to (DNS1, NPS, NPS1)."""
        return self.status not in NOT_STARTED

    @property
    def total_time(self) -> Decimal | None:
        """The total in 1/100 s: the given total, else the sum of all runs (None if a run is missing).

        Each run is truncated to 1/100 first, as a run's net time is (ICR 611).
        """
        if self.total is not None:
            return truncate(self.total)
        if not self.runs or any(run is None for run in self.runs):
            return None
        return sum((truncate(run) for run in self.runs if run is not None), Decimal(0))

    @property
    def where(self) -> str:
        """``row 7 (bib 12)`` or ``bib 12``: where this entry came from, for error messages."""
        return f"row {self.row} (bib {self.bib})" if self.row is not None else f"bib {self.bib}"

    def name_parts(self) -> tuple[str, str]:
        """Return (lastname, firstname); split from ``LASTNAME Firstname`` when not given split."""
        if self.lastname or self.firstname:
            return self.lastname, self.firstname
        words = self.name.split()
        upper = [w for w in words if w.isupper() or not any(ch.isalpha() for ch in w)]
        count = next((i for i, w in enumerate(words) if w not in upper), len(words)) or 1
        return " ".join(words[:count]), " ".join(words[count:])


@dataclass(frozen=True)
class ResultLine:
    """One line of the result list; rank, race points and FIS points are None when not classified."""

    entry: Entry
    rank: int | None
    total_time: Decimal | None
    race_points: Decimal | None
    fis_points: Decimal | None

    @property
    def bib(self) -> int:
        """The competitor's bib."""
        return self.entry.bib

    @property
    def status(self) -> str:
        """The competitor's status code."""
        return self.entry.status


@dataclass(frozen=True)
class RaceResult:
    """A scored race: lines (classified in rank order first, then the others) and the penalty."""

    discipline: str
    category: str
    season: str
    f_value: Decimal
    lines: tuple[ResultLine, ...]
    penalty: Penalty

    @property
    def classified(self) -> list[ResultLine]:
        """The ranked lines, in result-list order."""
        return [line for line in self.lines if line.rank is not None]

    @property
    def not_classified(self) -> list[ResultLine]:
        """The lines without a rank (DNF, DSQ, DNS …)."""
        return [line for line in self.lines if line.rank is None]


def race_points(time: Decimal, winner_time: Decimal, f_value: Decimal) -> Decimal:
    """Return P = F × Tx / To − F rounded half-up to 1/100 (times in seconds).

    Parameters
    ----------
    time
        The competitor's time Tx (total for multi-run races).
    winner_time
        The winner's time To (> 0).
    f_value
        The discipline's F-value.
    """
    with localcontext() as context:
        context.prec = 50  # exact enough that half-up rounding sees the true third decimal
        return round_points(f_value * time / winner_time - f_value)


def rank_entries(entries: Iterable[Entry]) -> list[tuple[Entry, int]]:
    """Rank the classified entries by total time with ex aequo; on equal times the higher bib is listed first.

    Raises
    ------
    InputError
        When a classified entry has no time.
    """
    timed = [(_required_time(e), e) for e in entries if e.classified]
    timed.sort(key=lambda pair: (pair[0], -pair[1].bib))
    ranked: list[tuple[Entry, int]] = []
    for position, (time, entry) in enumerate(timed, start=1):
        same_as_previous = ranked and timed[position - 2][0] == time
        ranked.append((entry, ranked[-1][1] if same_as_previous else position))
    return ranked


def score_race(
    entries: Sequence[Entry],
    discipline: str,
    category: str,
    season: SeasonRules | str | None = None,
    penalty: Decimal | None = None,
) -> RaceResult:
    """Rank a race, compute race points, the penalty and each competitor's FIS points.

    Parameters
    ----------
    entries
        All competitors, classified or not; bibs must be unique.
    discipline
        ``DH``, ``SG``, ``GS``, ``SL`` or ``AC``.
    category
        Race category of the season's table (``FIS``, ``NC``, ``WC`` …).
    season
        A rule table, a season name (``2021-22``) or None for the latest season.
    penalty
        Forces the applied penalty (the working is still computed).

    Returns
    -------
    RaceResult

    Raises
    ------
    InputError
        Duplicate bib, unknown discipline or category, a QLF without a time, a zero winning time.
    """
    code = parse_discipline(discipline)
    rules = season if isinstance(season, SeasonRules) else get_season(season)
    _check_unique_bibs(entries)
    ranked = rank_entries(entries)
    f_value = rules.f_value(code)
    points = _race_points_by_bib(ranked, f_value)
    ranks = {e.bib: rank for e, rank in ranked}
    candidates = [_candidate(e, ranks, points) for e in entries]
    explained = compute_penalty(candidates, code, category, rules, penalty)
    lines = [_line(e, r, points[e.bib], explained.applied) for e, r in ranked]
    lines += [ResultLine(e, None, e.total_time, None, None) for e in _not_classified_order(entries)]
    return RaceResult(code, explained.category, rules.name, f_value, tuple(lines), explained)


def _required_time(entry: Entry) -> Decimal:
    time = entry.total_time
    if time is None:
        raise InputError(f"{entry.where}: status QLF but no time (give every run or the total)")
    return time


def _check_unique_bibs(entries: Sequence[Entry]) -> None:
    seen: set[int] = set()
    for entry in entries:
        if entry.bib in seen:
            raise InputError(f"{entry.where}: duplicate bib {entry.bib}")
        seen.add(entry.bib)


def _race_points_by_bib(ranked: Sequence[tuple[Entry, int]], f_value: Decimal) -> dict[int, Decimal]:
    if not ranked:
        return {}
    winner = _required_time(ranked[0][0])
    if winner <= 0:
        raise InputError(f"{ranked[0][0].where}: the winning time must be above zero")
    return {e.bib: race_points(_required_time(e), winner, f_value) for e, _ in ranked}


def _candidate(entry: Entry, ranks: dict[int, int], points: dict[int, Decimal]) -> Candidate:
    return Candidate(
        entry.bib, entry.name, entry.started, ranks.get(entry.bib), entry.fis_points, points.get(entry.bib)
    )


def _line(entry: Entry, rank: int, points: Decimal, applied: Decimal) -> ResultLine:
    return ResultLine(entry, rank, entry.total_time, points, points + applied)


def _not_classified_order(entries: Iterable[Entry]) -> list[Entry]:
    # As FIS lists print them: the later run first, then DNF, DSQ, DNQ, DNS, NPS, DQO, then bib.
    others = [e for e in entries if not e.classified]
    return sorted(others, key=lambda e: (-status_run(e.status), _STATUS_ORDER[e.status[:3]], e.bib))
