"""The race penalty (FIS Points Rules art. 4.4–4.5), with the working shown.

Procedure (see ``../shared/reference/fis-rules.md`` §2):

* Sum A — classified competitors ranked in the top 10 (everyone tied for 10th included), sorted by
  their **raw** list points (no points last), equal points broken by higher race points; the first
  five; each capped at the maximum value, no points counting as the maximum.
* Sum C — the race points of the same five, each capped at the maximum value.
* Sum B — the five best raw list points among those who started (DNS1/NPS1 excluded), capped.
* Missing slots of A and B are filled with the maximum value; C is not filled: a missing slot adds
  nothing, so C is the race points of the classified competitors only.
* penalty = (A + B − C) / 10 rounded half-up to 1/100, plus the race-level adder, clamped to the
  category's minimum and maximum — except the double-maximum rule: when fewer than three of the
  five in A have FIS points or fewer than five competitors are classified, the applied penalty is
  twice the discipline's maximum value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from alatau.fis.seasons import SeasonRules, parse_discipline

HUNDREDTH = Decimal("0.01")
SLOTS = 5
TOP = 10
MIN_WITH_POINTS = 3

# Which rule decided the applied penalty.
RULE_CALCULATED = "calculated"
RULE_MINIMUM = "category-minimum"
RULE_MAXIMUM = "category-maximum"
RULE_DOUBLE_MAXIMUM = "double-maximum"
RULE_FORCED = "forced"


@dataclass(frozen=True)
class Candidate:
    """What the penalty needs of one competitor: rank (None unless classified), start, points."""

    bib: int
    name: str
    started: bool
    rank: int | None
    fis_points: Decimal | None
    race_points: Decimal | None = None


@dataclass(frozen=True)
class Slot:
    """One of the five values of a sum: who (None for a padded slot), raw and capped values."""

    bib: int | None
    name: str
    fis_points: Decimal | None
    points_used: Decimal
    race_points: Decimal | None = None
    race_points_used: Decimal | None = None

    @property
    def padded(self) -> bool:
        """True when no competitor filled this slot and the maximum value stands in."""
        return self.bib is None


@dataclass(frozen=True)
class Penalty:
    """The penalty of a race and its working: sums, rounding, adder, limits and the deciding rule."""

    discipline: str
    category: str
    season: str
    max_value: Decimal
    a: tuple[Slot, ...]
    b: tuple[Slot, ...]
    sum_a: Decimal
    sum_b: Decimal
    sum_c: Decimal
    raw: Decimal
    rounded: Decimal
    adder: Decimal
    calculated: Decimal
    min_penalty: Decimal
    max_penalty: Decimal
    applied: Decimal
    rule: str
    reason: str
    classified: int
    a_with_points: int


def round_points(value: Decimal) -> Decimal:
    """Round points half-up to 1/100 (art. 4.4.8): 13.654 → 13.65, 21.849 → 21.85."""
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def compute_penalty(
    candidates: Iterable[Candidate],
    discipline: str,
    category: str,
    season: SeasonRules,
    forced: Decimal | None = None,
) -> Penalty:
    """Compute the penalty of a race and explain it.

    Parameters
    ----------
    candidates
        Every competitor on the result list, classified or not.
    discipline
        ``DH``, ``SG``, ``GS``, ``SL`` or ``AC``.
    category
        Race category (``FIS``, ``NC``, ``WC`` …) of ``season``.
    season
        The rule table (F-values, maximum values, categories, adders).
    forced
        When given, the applied penalty (races whose penalty the category fixes, what-if studies);
        the working is still computed and shown.

    Returns
    -------
    Penalty
        Sums A, B, C with their members, the unrounded and rounded penalty, the calculated and
        applied penalty and which rule decided it.
    """
    code = parse_discipline(discipline)
    rule = season.category(category)
    cap = season.max_value(code)
    field = list(candidates)
    a = _sum_a_slots(field, cap)
    b = _sum_b_slots(field, cap)
    sum_a = sum((s.points_used for s in a), Decimal(0))
    sum_b = sum((s.points_used for s in b), Decimal(0))
    sum_c = sum((s.race_points_used or Decimal(0) for s in a), Decimal(0))
    raw = (sum_a + sum_b - sum_c) / 10
    calculated = round_points(raw) + rule.adder
    classified = sum(1 for c in field if c.rank is not None)
    with_points = sum(1 for s in a if s.fis_points is not None)
    applied, decided, reason = _decide(calculated, rule.min_penalty, rule.max_penalty, forced)
    if forced is None and (with_points < MIN_WITH_POINTS or classified < SLOTS):
        applied, decided = season.double_max(code), RULE_DOUBLE_MAXIMUM
        reason = _double_max_reason(with_points, classified, applied)
    return Penalty(
        code, rule.code, season.name, cap, a, b, sum_a, sum_b, sum_c, raw, round_points(raw),
        rule.adder, calculated, rule.min_penalty, rule.max_penalty, applied, decided, reason,
        classified, with_points,
    )  # fmt: skip


def _by_points(candidate: Candidate) -> tuple[bool, Decimal, Decimal, int]:
    # Raw list points first (no points last); equal points: higher race points first (art. 4.4.6).
    points = candidate.fis_points if candidate.fis_points is not None else Decimal(0)
    race = candidate.race_points if candidate.race_points is not None else Decimal(0)
    return (candidate.fis_points is None, points, -race, candidate.bib)


def _sum_a_slots(field: Sequence[Candidate], cap: Decimal) -> tuple[Slot, ...]:
    pool = sorted((c for c in field if c.rank is not None and c.rank <= TOP), key=_by_points)
    slots = [_slot(c, cap, with_race_points=True) for c in pool[:SLOTS]]
    return tuple(slots + [Slot(None, "", None, cap, None, None)] * (SLOTS - len(slots)))


def _sum_b_slots(field: Sequence[Candidate], cap: Decimal) -> tuple[Slot, ...]:
    pool = sorted((c for c in field if c.started), key=_by_points)
    slots = [_slot(c, cap, with_race_points=False) for c in pool[:SLOTS]]
    return tuple(slots + [Slot(None, "", None, cap)] * (SLOTS - len(slots)))


def _slot(candidate: Candidate, cap: Decimal, *, with_race_points: bool) -> Slot:
    points = cap if candidate.fis_points is None else min(candidate.fis_points, cap)
    race = candidate.race_points if with_race_points else None
    race_used = None if race is None else min(race, cap)
    return Slot(candidate.bib, candidate.name, candidate.fis_points, points, race, race_used)


def _decide(
    calculated: Decimal, low: Decimal, high: Decimal, forced: Decimal | None
) -> tuple[Decimal, str, str]:
    if forced is not None:
        return forced, RULE_FORCED, f"penalty forced to {forced}"
    if calculated < low:
        return low, RULE_MINIMUM, f"calculated {calculated} is below the category minimum {low}"
    if calculated > high:
        return high, RULE_MAXIMUM, f"calculated {calculated} is above the category maximum {high}"
    return (
        calculated,
        RULE_CALCULATED,
        f"calculated {calculated} lies within the category limits {low}–{high}",
    )


def _double_max_reason(with_points: int, classified: int, applied: Decimal) -> str:
    if classified < SLOTS:
        why = f"only {classified} competitor(s) classified (fewer than {SLOTS})"
    else:
        why = f"only {with_points} of the five in sum A have FIS points (fewer than {MIN_WITH_POINTS})"
    return f"double-maximum rule (art. 4.4.4): {why}; penalty = 2 × maximum value = {applied}"
