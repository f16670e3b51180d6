"""Season (cup) standings: places in each race turned into cup points and added up over a season.

Each race gives points by place from a table (the World Cup table by default: 100, 80, 60, 50, …, 1
for places 1 to 30). Competitors tied at a place in a race each get the points of that place (the
next place is skipped, as in the race). Standings are kept apart by gender and category: the race's
category, or the competitor's own class (an age class such as U16) where a placing names one; with
``rank_within_category`` a class's points go by the place among that class (U16 first = 100 points).

Rules, all configurable in :class:`CupRules`:

* ``drop_worst``: each competitor's K worst race scores do not count (a race not started scores 0,
  so it is the first one dropped); ``best_of``: only the N best scores count. Both may be given; the
  stricter one holds.
* ``tie_break``: competitors equal on points share the place (``shared``), or the one with more
  wins, then more second places, and so on over *all* their race places, goes ahead (``countback``,
  the World Cup rule), or the one better placed in the latest race where they differ goes ahead
  (``latest``). Still equal after the tie-break: a shared place.

The module is pure: no Django, Decimal points, deterministic order (names break display order only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from itertools import groupby, pairwise

from alatau.errors import InputError

WORLD_CUP_TABLE = (100, 80, 60, 50, 45, 40, 36, 32, 29, 26, 24, 22, 20, 18, 16, 15, 14, 13, 12, 11, 10,
                   9, 8, 7, 6, 5, 4, 3, 2, 1)  # fmt: skip
TIE_SHARED = "shared"
TIE_COUNTBACK = "countback"
TIE_LATEST = "latest"
TIE_BREAKS = (TIE_SHARED, TIE_COUNTBACK, TIE_LATEST)


@dataclass(frozen=True)
class PointsTable:
    """Cup points by place: ``points[0]`` for the winner; a place beyond the table scores 0."""

    points: tuple[Decimal, ...] = tuple(Decimal(p) for p in WORLD_CUP_TABLE)

    def for_place(self, place: int | None) -> Decimal:
        """Return the cup points of a place (None, not classified, scores 0)."""
        if place is None or place < 1 or place > len(self.points):
            return Decimal(0)
        return self.points[place - 1]

    def text(self) -> str:
        """Return the table as ``100-80-60-…``, the form :func:`parse_table` reads."""
        return "-".join(_plain(p) for p in self.points)


def _plain(value: Decimal) -> str:
    return str(value.normalize()) if value != value.to_integral() else str(int(value))


def parse_table(text: str) -> PointsTable:
    """Read a points table written as numbers separated by ``-``, ``,``, ``;`` or spaces.

    Parameters
    ----------
    text : str
        For example ``"100-80-60-50-45"`` or ``"25, 20, 16"``; an empty text is the World Cup table.

    Returns
    -------
    PointsTable
        The table; points must be 0 or more and must not rise from one place to the next.

    Raises
    ------
    InputError
        A value that is not a number, a negative value, or points rising with the place.
    """
    parts = [p for p in text.replace(",", " ").replace(";", " ").replace("-", " ").split() if p]
    if not parts:
        return PointsTable()
    try:
        points = tuple(Decimal(p) for p in parts)
    except InvalidOperation:
        raise InputError(f"points table: {text!r} is not a list of numbers") from None
    if any(not p.is_finite() or p < 0 for p in points):
        raise InputError("points table: points must be 0 or more")
    if any(later > earlier for earlier, later in pairwise(points)):
        raise InputError("points table: points must not rise from one place to the next")
    return PointsTable(points)


@dataclass(frozen=True)
class CupRules:
    """How a cup counts: the points table, the tie-break and which results count."""

    table: PointsTable = field(default_factory=PointsTable)
    tie_break: str = TIE_COUNTBACK
    drop_worst: int = 0
    best_of: int | None = None
    rank_within_category: bool = False  # points by the place among the competitor's own class

    def __post_init__(self) -> None:
        if self.tie_break not in TIE_BREAKS:
            raise InputError(f"tie-break {self.tie_break!r}: one of {', '.join(TIE_BREAKS)}")
        if self.drop_worst < 0 or (self.best_of is not None and self.best_of < 1):
            raise InputError("drop the worst 0 or more results; count the best 1 or more")

    def counting(self, races: int) -> int:
        """Return how many scores of each competitor count when the cup has had ``races`` races."""
        counted = max(0, races - self.drop_worst)
        return counted if self.best_of is None else min(counted, self.best_of)


@dataclass(frozen=True)
class Placing:
    """One competitor in one race: ``rank`` None when not classified (DNF, DSQ, …)."""

    competitor: str
    name: str
    nation: str
    rank: int | None
    category: str = ""  # the competitor's own class (an age class); empty: the race's category


@dataclass(frozen=True)
class CupRace:
    """One official race of the cup, in season order (``key`` identifies it, ``label`` shows it)."""

    key: str
    label: str
    gender: str
    category: str
    placings: tuple[Placing, ...]


@dataclass(frozen=True)
class RaceScore:
    """A competitor's score in one race: the place, its cup points and whether it counts."""

    race: str
    rank: int | None
    points: Decimal
    counted: bool


@dataclass(frozen=True)
class Standing:
    """One line of the standings: place, who, total of counting scores and every race score."""

    place: int
    competitor: str
    name: str
    nation: str
    total: Decimal
    scores: tuple[RaceScore | None, ...]  # one per race of the group; None where not started
    tied: bool = False  # shares the place with another competitor
    tie_broken: bool = False  # equal on points with another, placed by the tie-break

    @property
    def wins(self) -> int:
        return sum(1 for s in self.scores if s is not None and s.rank == 1)


@dataclass(frozen=True)
class Standings:
    """The standings of one gender and category: its races in order and the lines by place."""

    gender: str
    category: str
    races: tuple[CupRace, ...]
    lines: tuple[Standing, ...]


def cup_standings(races: Sequence[CupRace], rules: CupRules | None = None) -> list[Standings]:
    """Add up the cup points of a season's races, one standings table per gender and category.

    Parameters
    ----------
    races : sequence of CupRace
        The official races in season order (the order matters for the ``latest`` tie-break).
    rules : CupRules, optional
        The points table, tie-break and counting rules; the World Cup table with the countback
        tie-break and every result counting by default.

    Returns
    -------
    list of Standings
        One per (gender, category) met in ``races``, sorted by gender then category.

    Examples
    --------
    >>> race = CupRace("1", "SL", "W", "FIS", (Placing("A", "Ann", "KAZ", 1), Placing("B", "Bea", "KAZ", 2)))
    >>> [(s.place, s.name, s.total) for s in cup_standings([race])[0].lines]
    [(1, 'Ann', Decimal('100')), (2, 'Bea', Decimal('80'))]
    """
    rules = rules or CupRules()
    races = [part for race in races for part in split_by_category(race, rules.rank_within_category)]
    keyed = sorted({(r.gender, r.category) for r in races})
    groups = [(gender, category, [r for r in races if (r.gender, r.category) == (gender, category)])
              for gender, category in keyed]  # fmt: skip
    return [_group(gender, category, members, rules) for gender, category, members in groups]


def split_by_category(race: CupRace, rerank: bool = False) -> list[CupRace]:
    """Split a race by the competitors' own categories (age classes); ``rerank``: places within each.

    Parameters
    ----------
    race : CupRace
        A race whose placings may name their own ``category``; those without keep the race's.
    rerank : bool
        Give each class its own places (1 + the number of its competitors placed strictly better),
        so ties stay ties; otherwise every competitor keeps the place of the whole race.

    Returns
    -------
    list of CupRace
        One per category met in the race, each with the race's key and label, in category order.
    """
    by_category: dict[str, list[Placing]] = {}
    for placing in race.placings:
        by_category.setdefault(placing.category or race.category, []).append(placing)
    parts = []
    for category in sorted(by_category):
        placings = by_category[category]
        if rerank:
            placings = _reranked(placings)
        parts.append(CupRace(race.key, race.label, race.gender, category, tuple(placings)))
    return parts


def _reranked(placings: list[Placing]) -> list[Placing]:
    ranks = [p.rank for p in placings if p.rank is not None]
    return [
        p if p.rank is None else replace(p, rank=1 + sum(1 for r in ranks if r < p.rank)) for p in placings
    ]


def _group(gender: str, category: str, races: list[CupRace], rules: CupRules) -> Standings:
    people: dict[str, tuple[str, str]] = {}
    for race in races:
        for placing in race.placings:
            people[placing.competitor] = (placing.name, placing.nation)
    counting = rules.counting(len(races))
    rows = []
    for competitor, (name, nation) in people.items():
        scores = _scores(competitor, races, rules.table)
        rows.append(_counted(competitor, name, nation, scores, counting))
    return Standings(gender, category, tuple(races), tuple(_placed(rows, rules.tie_break)))


def _scores(competitor: str, races: list[CupRace], table: PointsTable) -> list[RaceScore | None]:
    found: list[RaceScore | None] = []
    for race in races:
        placing = next((p for p in race.placings if p.competitor == competitor), None)
        score = (
            None
            if placing is None
            else RaceScore(race.key, placing.rank, table.for_place(placing.rank), True)
        )
        found.append(score)
    return found


def _counted(
    competitor: str, name: str, nation: str, scores: list[RaceScore | None], counting: int
) -> Standing:
    """Mark the best ``counting`` scores as counted (a race not started is a 0 that never counts)."""
    started = [(i, s) for i, s in enumerate(scores) if s is not None]
    # Best points first; among equal points the earlier race counts (a stable, documented choice).
    best = sorted(started, key=lambda pair: (-pair[1].points, pair[0]))[:counting]
    keep = {i for i, _s in best}
    marked = tuple(
        None if s is None else RaceScore(s.race, s.rank, s.points, i in keep) for i, s in enumerate(scores)
    )
    total = sum((s.points for _i, s in best), Decimal(0))
    return Standing(0, competitor, name, nation, total, marked)


def _tie_key(standing: Standing, tie_break: str, depth: int) -> tuple[int, ...]:
    """Smaller is better: the countback profile (wins, seconds, …) or the places, latest race first."""
    ranks = [s.rank for s in standing.scores if s is not None and s.rank is not None]
    if tie_break == TIE_COUNTBACK:
        return tuple(-ranks.count(place) for place in range(1, depth + 1))
    if tie_break == TIE_LATEST:
        behind = depth + 1  # not started or not classified: behind any place
        return tuple(behind if s is None or s.rank is None else s.rank for s in reversed(standing.scores))
    return ()


def _placed(rows: list[Standing], tie_break: str) -> list[Standing]:
    """Order by total then tie-break; equal on both share the place (shown in name order)."""
    depth = max((s.rank or 0 for row in rows for s in row.scores if s is not None), default=0)

    def key(s: Standing) -> tuple[Decimal, tuple[int, ...]]:
        return (-s.total, _tie_key(s, tie_break, depth))

    ordered = sorted(rows, key=lambda s: (key(s), s.name, s.competitor))
    totals = [s.total for s in ordered]
    placed: list[Standing] = []
    for _key, group in groupby(ordered, key=key):
        members = list(group)
        position = len(placed) + 1
        for member in members:
            broken = len(members) == 1 and totals.count(member.total) > 1
            placed.append(replace(member, place=position, tied=len(members) > 1, tie_broken=broken))
    return placed


def parse_age_classes(text: str) -> tuple[tuple[str, int], ...]:
    """Read age classes written as ``NAME:OLDEST`` pairs, e.g. ``"U14:13, U16:15"``.

    Parameters
    ----------
    text : str
        Pairs separated by commas, semicolons or spaces; ``OLDEST`` is the highest age of the class
        (the FIS age: the year the season ends minus the year of birth). Empty: no age classes.

    Returns
    -------
    tuple of (str, int)
        The classes from the youngest up.

    Raises
    ------
    InputError
        A pair without a name or a whole-number age, or two classes with the same name or age.
    """
    classes = []
    for pair in text.replace(",", " ").replace(";", " ").split():
        name, _colon, oldest = pair.partition(":")
        if not name or not oldest.isdigit():
            raise InputError(f"age class {pair!r}: write NAME:OLDEST, e.g. U16:15")
        classes.append((name.upper(), int(oldest)))
    if len({n for n, _a in classes}) < len(classes) or len({a for _n, a in classes}) < len(classes):
        raise InputError("age classes: each name and each age once")
    return tuple(sorted(classes, key=lambda pair: pair[1]))


def age_class(classes: Sequence[tuple[str, int]], age: int | None) -> str:
    """Return the youngest class the age fits in, or ``""`` (older, or no age known)."""
    if age is None:
        return ""
    return next((name for name, oldest in classes if age <= oldest), "")
