"""The criteria tables of the terrain engine: what counts as an FIS course, and how sites are scored.

The packaged defaults live in ``alatau/terrain/data/course_criteria.toml`` (``[courses.*]``, read here)
and ``alatau/terrain/data/site_criteria.toml`` (``[sites.*]``, parsed by :mod:`alatau.terrain.sites`).
A planner's own TOML file overrides them key by key: :func:`load_criteria` merges it over the defaults
and names the first bad key in an :class:`~alatau.errors.InputError`.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alatau.errors import InputError

DATA_DIR = Path(__file__).resolve().parent / "data"
COURSE_DEFAULTS = DATA_DIR / "course_criteria.toml"
SITE_DEFAULTS = DATA_DIR / "site_criteria.toml"

DISCIPLINES = ("DH", "SG", "GS", "SL")
GENDERS = ("M", "W")
LEVELS = ("FIS", "WC")

_SEARCH_KEYS = (
    "sample_step_m",
    "max_shared_length",
    "separation_cells",
    "min_elevation_m",
    "max_elevation_m",
    "avalanche_band_m",
    "avalanche_min_deg",
    "avalanche_max_deg",
    "blue_max_pct",
    "red_max_pct",
)
_DISCIPLINE_KEYS = (
    "width_m",
    "min_step_gradient_pct",
    "min_mean_gradient_pct",
    "max_mean_gradient_pct",
    "max_steepest_pct",
    "max_cross_slope_pct",
)
_DROP_KEYS = ("min_drop_m", "max_drop_m")


@dataclass(frozen=True)
class SearchSettings:
    """Settings shared by all disciplines (``[courses.search]``)."""

    sample_step_m: float
    max_shared_length: float
    separation_cells: float
    min_elevation_m: float
    max_elevation_m: float
    avalanche_band_m: float
    avalanche_min_deg: float
    avalanche_max_deg: float
    blue_max_pct: float
    red_max_pct: float


@dataclass(frozen=True)
class CourseCriteria:
    """What one discipline, gender and level asks of a course line (all gradients in percent)."""

    discipline: str
    gender: str
    level: str
    min_drop_m: float
    max_drop_m: float
    width_m: float
    min_step_gradient_pct: float
    min_mean_gradient_pct: float
    max_mean_gradient_pct: float
    max_steepest_pct: float
    max_cross_slope_pct: float

    @property
    def target_gradient_pct(self) -> float:
        """The gradient the search prefers: the middle of the mean-gradient band."""
        return (self.min_mean_gradient_pct + self.max_mean_gradient_pct) / 2.0

    @property
    def max_skiable_slope_pct(self) -> float:
        """Steepest ground a corridor cell may have: steeper cannot be crossed within both limits."""
        return math.hypot(self.max_steepest_pct, self.max_cross_slope_pct)

    @property
    def max_horizontal_length_m(self) -> float:
        """Longest horizontal extent of a valid course: the maximum drop at the gentlest mean gradient."""
        return self.max_drop_m / (self.min_mean_gradient_pct / 100.0)

    @property
    def search_reach_m(self) -> float:
        """How far (horizontally) the search result at a cell can depend on other cells.

        A course's line depends on the search state of its cells, which looks up to one maximum drop
        further uphill along steps of at least ``min_step_gradient_pct``: two maximum drops in all.
        """
        return 2.0 * (self.max_drop_m + 1.0) / (self.min_step_gradient_pct / 100.0) + self.width_m


@dataclass(frozen=True)
class CourseTable:
    """The ``[courses]`` section: shared search settings and the criteria of each discipline/gender/level."""

    search: SearchSettings
    table: dict[tuple[str, str, str], CourseCriteria]

    def get(self, discipline: str, gender: str = "M", level: str = "FIS") -> CourseCriteria:
        """The criteria of one discipline, gender and level (InputError when unknown)."""
        key = (discipline.upper(), gender.upper(), level.upper())
        if key not in self.table:
            raise InputError(
                f"unknown discipline/gender/level {'/'.join(key)}: disciplines are {', '.join(DISCIPLINES)}, "
                f"genders {', '.join(GENDERS)}, levels {', '.join(LEVELS)}"
            )
        return self.table[key]


@dataclass(frozen=True)
class Criteria:
    """All criteria: ``courses`` typed here, ``sites`` the raw ``[sites]`` dict parsed by the sites module."""

    courses: CourseTable
    sites: dict[str, Any] = field(default_factory=dict)


def load_criteria(path: str | Path | None = None) -> Criteria:
    """Load the packaged criteria, with a planner's TOML file merged over them key by key.

    Parameters
    ----------
    path : str or Path, optional
        A TOML file with ``[courses.*]`` and/or ``[sites.*]`` tables. Only the keys it names change.

    Returns
    -------
    Criteria
        ``courses`` validated and typed; ``sites`` the merged raw ``[sites]`` dict.

    Raises
    ------
    InputError
        The file cannot be read or parsed, or a key is unknown, or a value is not a valid number
        (the message names the key, e.g. ``courses.SL.width_m``).
    """
    merged = _read_toml(COURSE_DEFAULTS)
    if SITE_DEFAULTS.exists():
        merged = _merge(merged, _read_toml(SITE_DEFAULTS), "")
    if path is not None:
        user = _read_toml(Path(path))
        unknown = sorted(set(user) - {"courses", "sites"})
        if unknown:
            raise InputError(f"criteria {path}: unknown table {unknown[0]!r} (expected courses or sites)")
        merged = _merge(merged, user, "")
    sites = merged.get("sites", {})
    if not isinstance(sites, dict):
        raise InputError("criteria: sites must be a table")
    return Criteria(courses=_course_table(merged.get("courses", {})), sites=sites)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise InputError(f"cannot read criteria file {path}: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"criteria file {path} is not valid TOML: {error}") from error


def _merge(base: dict[str, Any], override: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Merge ``override`` over ``base`` key by key (tables recursively); new keys are validated later."""
    merged = dict(base)
    for key, value in override.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merge(base[key], value, f"{name}.")
        elif isinstance(base.get(key), dict):
            raise InputError(f"criteria: {name} must be a table")
        else:
            merged[key] = value
    return merged


def _course_table(courses: dict[str, Any]) -> CourseTable:
    unknown = sorted(set(courses) - {"search", *DISCIPLINES})
    if unknown:
        raise InputError(
            f"criteria: unknown key courses.{unknown[0]} (disciplines are {', '.join(DISCIPLINES)})"
        )
    search = SearchSettings(**_numbers(courses.get("search", {}), _SEARCH_KEYS, "courses.search"))
    _check_search(search)
    table: dict[tuple[str, str, str], CourseCriteria] = {}
    for discipline in DISCIPLINES:
        table.update(_discipline(discipline, courses.get(discipline, {})))
    return CourseTable(search=search, table=table)


def _discipline(discipline: str, raw: dict[str, Any]) -> dict[tuple[str, str, str], CourseCriteria]:
    prefix = f"courses.{discipline}"
    shared = {k: v for k, v in raw.items() if k not in GENDERS}
    values = _numbers(shared, _DISCIPLINE_KEYS, prefix)
    result = {}
    for gender in GENDERS:
        by_level = raw.get(gender, {})
        _table(by_level, f"{prefix}.{gender}", LEVELS)
        for level in LEVELS:
            where = f"{prefix}.{gender}.{level}"
            drops = _numbers(_table(by_level.get(level, {}), where, ()), _DROP_KEYS, where)
            criteria = CourseCriteria(discipline, gender, level, **drops, **values)
            _check_course(criteria, where)
            result[(discipline, gender, level)] = criteria
    return result


def _table(value: Any, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"criteria: {where} must be a table")
    unknown = sorted(set(value) - set(allowed)) if allowed else []
    if unknown:
        raise InputError(f"criteria: unknown key {where}.{unknown[0]}")
    return value


def _numbers(raw: dict[str, Any], keys: tuple[str, ...], where: str) -> dict[str, float]:
    """The named keys of a table as floats: all present, all finite numbers, nothing else."""
    unknown = sorted(set(raw) - set(keys))
    if unknown:
        raise InputError(f"criteria: unknown key {where}.{unknown[0]}")
    values = {}
    for key in keys:
        if key not in raw:
            raise InputError(f"criteria: missing key {where}.{key}")
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InputError(f"criteria: {where}.{key} must be a number, not {value!r}")
        if value < 0:
            raise InputError(f"criteria: {where}.{key} must not be negative ({value})")
        values[key] = float(value)
    return values


def _check_search(search: SearchSettings) -> None:
    where = "criteria: courses.search"
    if search.sample_step_m <= 0:
        raise InputError(f"{where}.sample_step_m must be positive")
    if not 0.0 < search.max_shared_length <= 1.0:
        raise InputError(f"{where}.max_shared_length must lie in (0, 1]")
    if search.separation_cells <= 0:
        raise InputError(f"{where}.separation_cells must be positive")
    if search.min_elevation_m >= search.max_elevation_m:
        raise InputError(f"{where}.min_elevation_m must be below max_elevation_m")
    if not search.avalanche_min_deg < search.avalanche_max_deg <= 90.0:
        raise InputError(f"{where}.avalanche_min_deg must be below avalanche_max_deg (≤ 90)")
    if search.blue_max_pct > search.red_max_pct:
        raise InputError(f"{where}.blue_max_pct must not exceed red_max_pct")


def _check_course(c: CourseCriteria, where: str) -> None:
    if not 0 < c.min_drop_m < c.max_drop_m:
        raise InputError(f"criteria: {where}.min_drop_m must be positive and below max_drop_m")
    prefix = f"criteria: courses.{c.discipline}"
    if c.width_m <= 0:
        raise InputError(f"{prefix}.width_m must be positive")
    if c.min_step_gradient_pct <= 0:
        raise InputError(f"{prefix}.min_step_gradient_pct must be positive (courses never climb or run flat)")
    if not c.min_step_gradient_pct <= c.min_mean_gradient_pct < c.max_mean_gradient_pct:
        raise InputError(
            f"{prefix}.min_mean_gradient_pct must lie between min_step_gradient_pct and max_mean_gradient_pct"
        )
    if c.max_steepest_pct < c.max_mean_gradient_pct:
        raise InputError(f"{prefix}.max_steepest_pct must not be below max_mean_gradient_pct")
