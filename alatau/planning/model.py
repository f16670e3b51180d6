"""The objects of a resort plan: lift types with their defaults, lifts, pistes and the plan itself.

Defaults come from ``shared/reference/public-and-planning.md`` §4 (lift facts, suggested defaults,
costs) and ``terrain-and-planning.md`` §1 and §5 (gradient classes, trail densities, CCC defaults).
Where the reference gives a range, the default is its middle unless said otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from alatau.errors import InputError


@dataclass(frozen=True)
class LiftType:
    """A kind of lift and its defaults.

    Attributes
    ----------
    id : str
        The id used in plan files (``drag``, ``chair-4d``, ``gondola`` …).
    label : str
        A short English name.
    seats : int
        People per carrier (for a cable car, per cabin).
    capacity_pph : int
        Default design capacity in persons per hour.
    speed_ms : float
        Default line speed in metres per second.
    cost_eur : tuple of Decimal
        Low and high cost of one installation in euros (the reference's §4.4 ranges).
    detachable : bool
        Whether carriers detach from the rope in the stations.
    """

    id: str
    label: str
    seats: int
    capacity_pph: int
    speed_ms: float
    cost_eur: tuple[Decimal, Decimal]
    detachable: bool = False


def _m(low: str, high: str) -> tuple[Decimal, Decimal]:
    return (Decimal(low) * 1_000_000, Decimal(high) * 1_000_000)


_SURFACE, _FIXED, _DETACH = _m("0.3", "1.5"), _m("1.5", "3"), _m("4", "7")


def _fixed(seats: int) -> LiftType:
    # Loading every 6 s up to 4 seats (2,400 pph for a quad), every 7 s above; line speed by seats (STRMTG).
    interval = 6 if seats <= 4 else 7
    capacity = round(3600 / interval * seats / 100) * 100
    speed = 2.5 if seats <= 2 else 2.3 if seats <= 4 else 2.0
    return LiftType(f"chair-{seats}", f"fixed-grip {seats}-seat chair", seats, capacity, speed, _FIXED)


#: The lift types plan files may name, by id (ids relied on by plan files and the web app).
LIFT_TYPES: dict[str, LiftType] = {
    t.id: t
    for t in (
        LiftType("drag", "surface lift (T-bar)", 2, 1100, 3.0, _SURFACE),
        *(_fixed(seats) for seats in range(2, 9)),
        LiftType("chair-4d", "detachable quad chair", 4, 2400, 5.0, _DETACH, True),
        LiftType("chair-6d", "detachable 6-seat chair", 6, 3300, 5.0, _DETACH, True),
        LiftType("chair-8d", "detachable 8-seat chair", 8, 4000, 5.5, _DETACH, True),
        LiftType("gondola", "monocable gondola", 10, 3000, 6.0, _m("5", "12"), True),
        LiftType("cable-car", "aerial tram (cable car)", 100, 1200, 10.0, _m("2", "100")),
        # Not in the reference's tables: a conveyor at walking pace, about one skier a second.
        LiftType("carpet", "magic carpet", 1, 1000, 0.8, _m("0.05", "0.5")),
    )
}

#: Skiers per hectare of piste by difficulty: the low ends of the reference's ranges (destination resorts).
DENSITIES: dict[str, float] = {
    "beginner": 35.0,
    "novice": 30.0,
    "low-intermediate": 20.0,
    "intermediate": 15.0,
    "advanced-intermediate": 10.0,
    "expert": 5.0,
}

#: Colour names accepted for a piste's difficulty (European convention, terrain reference §1).
DIFFICULTY_ALIASES = {
    "green": "beginner",
    "blue": "novice",
    "red": "intermediate",
    "black": "advanced-intermediate",
}

#: Upper bounds (inclusive, in per cent) of the master-plan gradient classes (terrain reference §1):
#: ≤ 15 % beginner (base land below 11 % counted with it), 16–25 % novice, 26–35 % intermediate,
#: 36–45 % high intermediate (advanced-intermediate), above 45 % advanced and expert (expert).
GRADIENT_CLASSES: tuple[tuple[float, str], ...] = (
    (15.0, "beginner"),
    (25.0, "novice"),
    (35.0, "intermediate"),
    (45.0, "advanced-intermediate"),
    (math.inf, "expert"),
)


def difficulty_from_gradient(pct: float) -> str:
    """The difficulty class of a piste from its mean gradient.

    Parameters
    ----------
    pct : float
        Mean gradient in per cent (vertical / horizontal × 100).

    Returns
    -------
    str
        One of :data:`DENSITIES`' keys; each class includes its upper bound (15 % is beginner,
        15.1 % novice).

    Raises
    ------
    InputError
        For a negative or non-finite gradient.
    """
    if not math.isfinite(pct) or pct < 0:
        raise InputError(f"gradient must be a non-negative number of per cent, not {pct}")
    return next(name for bound, name in GRADIENT_CLASSES if pct <= bound)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


#: Mean gradient assumed for a lift line given neither its length nor its end points (35 %).
DEFAULT_LIFT_GRADIENT = 0.35


@dataclass
class Lift:
    """One lift of a plan.

    Attributes
    ----------
    name, type : str
        Its name and its :data:`LIFT_TYPES` id.
    vertical_m : float
        Vertical rise from the bottom to the top station.
    capacity_pph : int
        Design capacity in persons per hour (the type's default when not given).
    length_m : float
        Inclined length (from the end points, or the vertical at a 35 % mean gradient).
    speed_ms : float
        Line speed (the type's default when not given).
    bottom, top : tuple of float or None
        Station positions as (lon, lat).
    phase : int or None
        The year of the phasing in which it is built (assigned when not given).
    """

    name: str
    type: str
    vertical_m: float
    capacity_pph: int = 0
    length_m: float = 0.0
    speed_ms: float = 0.0
    bottom: tuple[float, float] | None = None
    top: tuple[float, float] | None = None
    phase: int | None = None

    def __post_init__(self) -> None:
        kind = LIFT_TYPES.get(self.type)
        if kind is None:
            raise InputError(
                f"lift {self.name!r}: unknown type {self.type!r} (known: {', '.join(LIFT_TYPES)})"
            )
        if not math.isfinite(self.vertical_m) or self.vertical_m <= 0:
            raise InputError(f"lift {self.name!r}: vertical_m must be positive, not {self.vertical_m}")
        self.capacity_pph = self.capacity_pph or kind.capacity_pph
        self.speed_ms = self.speed_ms or kind.speed_ms
        if self.capacity_pph <= 0 or self.speed_ms <= 0:
            raise InputError(f"lift {self.name!r}: capacity_pph and speed must be positive")
        if not self.length_m:
            if self.bottom is not None and self.top is not None:
                horizontal = distance_m(self.bottom, self.top)
            else:
                horizontal = self.vertical_m / DEFAULT_LIFT_GRADIENT
            self.length_m = math.hypot(horizontal, self.vertical_m)
        if self.length_m < self.vertical_m:
            raise InputError(f"lift {self.name!r}: length_m {self.length_m:g} is shorter than its vertical")

    @property
    def kind(self) -> LiftType:
        """Its :class:`LiftType`."""
        return LIFT_TYPES[self.type]

    @property
    def ride_min(self) -> float:
        """Ride time in minutes: inclined length over line speed."""
        return self.length_m / self.speed_ms / 60

    @property
    def vtf_per_hour(self) -> float:
        """Vertical transport in metres per hour: capacity × vertical rise."""
        return self.capacity_pph * self.vertical_m

    def to_dict(self) -> dict[str, Any]:
        """The lift as a plan file writes it."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "vertical_m": round(self.vertical_m, 1),
            "capacity_pph": self.capacity_pph,
            "length_m": round(self.length_m, 1),
        }
        if self.speed_ms != self.kind.speed_ms:
            out["speed_ms"] = self.speed_ms
        for key in ("bottom", "top"):
            point = getattr(self, key)
            if point is not None:
                out[key] = [round(point[0], 6), round(point[1], 6)]
        if self.phase is not None:
            out["phase"] = self.phase
        return out


@dataclass
class Piste:
    """One piste of a plan.

    Attributes
    ----------
    name : str
        Its name.
    length_m, width_m : float
        Centre-line length and mean width in metres.
    difficulty : str
        One of :data:`DENSITIES`' keys (or a colour alias); from the mean gradient when not given.
    mean_gradient_pct, max_gradient_pct : float or None
        Gradients in per cent.
    line : list of (lon, lat) or None
        Its centre line, when drawn.
    """

    name: str
    length_m: float
    width_m: float
    difficulty: str = ""
    mean_gradient_pct: float | None = None
    max_gradient_pct: float | None = None
    line: list[tuple[float, float]] | None = None

    def __post_init__(self) -> None:
        for key in ("length_m", "width_m"):
            value = getattr(self, key)
            if not math.isfinite(value) or value <= 0:
                raise InputError(f"piste {self.name!r}: {key} must be positive, not {value}")
        if self.difficulty:
            self.difficulty = DIFFICULTY_ALIASES.get(self.difficulty, self.difficulty)
            if self.difficulty not in DENSITIES:
                known = ", ".join([*DENSITIES, *DIFFICULTY_ALIASES])
                raise InputError(
                    f"piste {self.name!r}: unknown difficulty {self.difficulty!r} (known: {known})"
                )
        elif self.mean_gradient_pct is not None:
            self.difficulty = difficulty_from_gradient(self.mean_gradient_pct)
        else:
            raise InputError(f"piste {self.name!r}: give a difficulty or a mean_gradient_pct")

    @property
    def area_ha(self) -> float:
        """Area in hectares: length × width."""
        return self.length_m * self.width_m / 10_000

    def to_dict(self) -> dict[str, Any]:
        """The piste as a plan file writes it."""
        out: dict[str, Any] = {
            "name": self.name,
            "length_m": round(self.length_m, 1),
            "width_m": round(self.width_m, 1),
            "difficulty": self.difficulty,
        }
        for key in ("mean_gradient_pct", "max_gradient_pct"):
            if getattr(self, key) is not None:
                out[key] = round(getattr(self, key), 1)
        if self.line:
            out["line"] = [[round(x, 6), round(y, 6)] for x, y in self.line]
        return out


@dataclass
class Plan:
    """A resort master plan: lifts, pistes, beds and the capacity model's parameters.

    Attributes
    ----------
    name : str
        The plan's name.
    beds : int
        Tourist beds.
    lifts, pistes : list
        Its :class:`Lift` and :class:`Piste` objects.
    operating_hours, lift_efficiency, vertical_demand_m, on_slope_share : float
        The lift side of the CCC: 6.5 h a day, 80 % of design capacity realised, 3,500 m of vertical
        per skier-day, a third of the guests on the slopes at once.
    densities : dict
        Skiers per hectare by difficulty (defaults :data:`DENSITIES`, overridable per key).
    occupancy, skiing_share : float
        Share of beds taken (0.8) and of guests who ski (0.85).
    lifts_per_year : int
        Lifts built a year in the default phasing (4).
    """

    name: str
    beds: int = 0
    lifts: list[Lift] = field(default_factory=list)
    pistes: list[Piste] = field(default_factory=list)
    operating_hours: float = 6.5
    lift_efficiency: float = 0.8
    vertical_demand_m: float = 3500.0
    on_slope_share: float = 1 / 3
    densities: dict[str, float] = field(default_factory=lambda: dict(DENSITIES))
    occupancy: float = 0.8
    skiing_share: float = 0.85
    lifts_per_year: int = 4

    def __post_init__(self) -> None:
        self.densities = {**DENSITIES, **self.densities}
        unknown = set(self.densities) - set(DENSITIES)
        if unknown:
            raise InputError(f"plan: unknown difficulty in densities: {', '.join(sorted(unknown))}")
        positive = (
            "operating_hours",
            "lift_efficiency",
            "vertical_demand_m",
            "on_slope_share",
            "lifts_per_year",
        )
        for key in positive:
            if not getattr(self, key) > 0:
                raise InputError(f"plan: {key} must be positive, not {getattr(self, key)}")
        for key in ("lift_efficiency", "on_slope_share", "occupancy", "skiing_share"):
            if not 0 <= getattr(self, key) <= 1:
                raise InputError(f"plan: {key} must lie between 0 and 1, not {getattr(self, key)}")
        if self.beds < 0 or any(d < 0 for d in self.densities.values()):
            raise InputError("plan: beds and densities must not be negative")

    @property
    def piste_km(self) -> float:
        """Total piste length in kilometres."""
        return sum(p.length_m for p in self.pistes) / 1000

    def to_dict(self) -> dict[str, Any]:
        """The plan as a plan file writes it; :func:`alatau.planning.load_plan` reads it back."""
        out: dict[str, Any] = {"name": self.name, "beds": self.beds}
        for key, default in _DEFAULTS.items():
            if getattr(self, key) != default:
                out[key] = getattr(self, key)
        if self.densities != DENSITIES:
            out["densities"] = {k: v for k, v in self.densities.items() if DENSITIES[k] != v}
        out["lifts"] = [lift.to_dict() for lift in self.lifts]
        out["pistes"] = [piste.to_dict() for piste in self.pistes]
        return out


_DEFAULTS: dict[str, float] = {
    "operating_hours": 6.5,
    "lift_efficiency": 0.8,
    "vertical_demand_m": 3500.0,
    "on_slope_share": 1 / 3,
    "occupancy": 0.8,
    "skiing_share": 0.85,
    "lifts_per_year": 4,
}
