"""A first master plan drafted on a site found by ``alatau sites find``.

Lift lines run from the valley to the tops of the site's distinct courses: for each distinct top (the highest
course starts, at least :data:`MIN_TOP_SEPARATION_M` apart), from the lowest finish of the courses that start
there. Both stations are read on the DEM (bilinear), and the lift's vertical is the DEM's difference.
Pistes are those courses, plus an easier run down each lift whose course is steeper than intermediate
(a traverse at
:data:`EASY_GRADIENT` with the same vertical) and a beginner slope with a carpet at the base. Lift capacities
are sized so that the lifts carry the target (by default what the pistes carry), the lift type follows from
the capacity and the line's length, and the beds balance the target.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alatau.errors import InputError
from alatau.planning.capacity import trail_capacity
from alatau.planning.model import Lift, Piste, Plan, difficulty_from_gradient, distance_m

MIN_TOP_SEPARATION_M = 400.0
MAX_LIFTS = 12
MIN_CAPACITY = 1000
EASY_GRADIENT = 0.20
#: Piste widths by difficulty, in metres (typical widths in design tools, terrain reference §1).
WIDTHS = {
    "beginner": 50.0,
    "novice": 30.0,
    "low-intermediate": 30.0,
    "intermediate": 35.0,
    "advanced-intermediate": 30.0,
    "expert": 25.0,
}
#: Capacity a type may be built to (design maximum from the reference's §4.5 ranges).
MAX_CAPACITY = {"chair-4d": 2400, "chair-6d": 3600, "chair-8d": 4500, "gondola": 3600}


@dataclass(frozen=True)
class Line:
    """A course from a sites GeoJSON: its line (lon, lat), start to finish, and its measures."""

    coordinates: list[tuple[float, float]]
    length_m: float
    mean_gradient_pct: float
    max_gradient_pct: float
    discipline: str

    @property
    def start(self) -> tuple[float, float]:
        return self.coordinates[0]

    @property
    def finish(self) -> tuple[float, float]:
        return self.coordinates[-1]


def site_and_courses(collection: Mapping[str, Any], site_id: int) -> tuple[dict[str, Any], list[Line]]:
    """The site feature with that id and its courses, from a ``sites find`` FeatureCollection.

    Raises
    ------
    InputError
        No such site, or a site without courses.
    """
    features = collection.get("features") or []
    sites = [f for f in features if (f.get("properties") or {}).get("kind") == "site"]
    site = next((f for f in sites if f["properties"].get("site_id") == site_id), None)
    if site is None:
        known = ", ".join(str(f["properties"].get("site_id")) for f in sites[:10]) or "none"
        raise InputError(f"no site {site_id} in the sites file (sites: {known})")
    lines = []
    for feature in features:
        props = feature.get("properties") or {}
        if props.get("kind") != "course" or props.get("site_id") != site_id:
            continue
        coordinates = [(float(x), float(y)) for x, y, *_ in feature["geometry"]["coordinates"]]
        if len(coordinates) >= 2:
            lines.append(
                Line(
                    coordinates,
                    float(props["length_m"]),
                    float(props["mean_gradient_pct"]),
                    float(props.get("max_gradient_pct") or props["mean_gradient_pct"]),
                    str(props.get("discipline", "")),
                )
            )
    if not lines:
        raise InputError(f"site {site_id} has no courses in the sites file")
    return site, lines


def elevation_at(dem: Any, points: Sequence[tuple[float, float]]) -> list[float]:
    """Bilinear elevation of the DEM at (lon, lat) points.

    Parameters
    ----------
    dem : alatau.terrain.model.Dem
        The grid.
    points : sequence of (lon, lat)
        Where to read it.

    Returns
    -------
    list of float
        Metres; NaN outside the grid or where a neighbouring cell has no data.
    """
    import numpy as np
    from pyproj import Transformer

    to_grid = Transformer.from_crs("EPSG:4326", dem.crs, always_xy=True)
    x, y = to_grid.transform([p[0] for p in points], [p[1] for p in points])
    col = (np.asarray(x) - dem.transform.c) / dem.transform.a - 0.5
    row = (np.asarray(y) - dem.transform.f) / dem.transform.e - 0.5
    rows, cols = dem.shape
    out = []
    for r, c in zip(np.atleast_1d(row), np.atleast_1d(col), strict=True):
        r0, c0 = math.floor(r), math.floor(c)
        if not (0 <= r0 < rows - 1 and 0 <= c0 < cols - 1):
            out.append(math.nan)
            continue
        fr, fc = r - r0, c - c0
        z = dem.elevation[r0 : r0 + 2, c0 : c0 + 2].astype(float)
        top = z[0, 0] * (1 - fc) + z[0, 1] * fc
        bottom = z[1, 0] * (1 - fc) + z[1, 1] * fc
        out.append(float(top * (1 - fr) + bottom * fr))
    return out


def distinct_tops(lines: Sequence[Line], dem: Any, limit: int = MAX_LIFTS) -> list[tuple[Line, Line]]:
    """The distinct tops of a site's courses, highest first, with the course from each and the lowest finish.

    Returns
    -------
    list of (Line, Line)
        For each top: the longest course starting there (the piste) and the course of that top whose
        finish is lowest (where the lift starts).
    """
    starts = elevation_at(dem, [line.start for line in lines])
    order = sorted(range(len(lines)), key=lambda i: -starts[i] if math.isfinite(starts[i]) else math.inf)
    tops: list[list[Line]] = []
    for index in order:
        line = lines[index]
        group = next((g for g in tops if distance_m(g[0].start, line.start) < MIN_TOP_SEPARATION_M), None)
        if group is not None:
            group.append(line)
        elif len(tops) < limit:
            tops.append([line])
    out = []
    for group in tops:
        finishes = elevation_at(dem, [line.finish for line in group])
        lowest = min(range(len(group)), key=lambda i: finishes[i] if math.isfinite(finishes[i]) else math.inf)
        out.append((max(group, key=lambda line: line.length_m), group[lowest]))
    return out


def _lift_type(capacity: float, length_m: float) -> str:
    if length_m > 2500:
        return "gondola"
    return next(
        (kind for kind in ("chair-4d", "chair-6d", "chair-8d") if capacity <= MAX_CAPACITY[kind]), "chair-8d"
    )


def _pistes(tops: list[tuple[Line, Line]], verticals: list[float]) -> list[Piste]:
    pistes = []
    for number, ((course, _), vertical) in enumerate(zip(tops, verticals, strict=True), start=1):
        difficulty = difficulty_from_gradient(course.mean_gradient_pct)
        pistes.append(
            Piste(
                f"Run {number} ({course.discipline})",
                course.length_m,
                WIDTHS[difficulty],
                mean_gradient_pct=course.mean_gradient_pct,
                max_gradient_pct=course.max_gradient_pct,
                line=course.coordinates,
            )
        )
        if course.mean_gradient_pct > 25 and vertical > 0:
            length = math.hypot(vertical / EASY_GRADIENT, vertical)
            pistes.append(Piste(f"Run {number} easy way", length, WIDTHS["novice"], mean_gradient_pct=20.0))
    pistes.append(Piste("Beginner slope", 300, WIDTHS["beginner"], mean_gradient_pct=12.0))
    return pistes


def draft_plan(
    collection: Mapping[str, Any], site_id: int, dem: Any, *, target_skiers: float | None = None
) -> Plan:
    """Draft a master plan on a found site.

    Parameters
    ----------
    collection : mapping
        The FeatureCollection ``alatau sites find`` wrote.
    site_id : int
        Which site.
    dem : alatau.terrain.model.Dem
        Elevation around the site (stations and verticals are read on it).
    target_skiers : float, optional
        Skiers a day the lifts are sized for (default: what the drafted pistes carry).

    Returns
    -------
    Plan
        Lifts (with bottom and top points and the DEM's vertical), pistes, beds, ready for
        :func:`alatau.planning.check` and for writing as a plan file.

    Raises
    ------
    InputError
        No such site, no courses, or the courses lie outside the DEM.
    """
    if target_skiers is not None and not (math.isfinite(target_skiers) and target_skiers > 0):
        raise InputError(f"target skiers must be a positive number, not {target_skiers}")
    _, lines = site_and_courses(collection, site_id)
    tops = distinct_tops(lines, dem)
    stations = elevation_at(dem, [p for course, low in tops for p in (low.finish, course.start)])
    verticals = [stations[2 * i + 1] - stations[2 * i] for i in range(len(tops))]
    if not all(math.isfinite(v) for v in verticals):
        raise InputError(f"site {site_id}'s courses lie outside the elevation data given")
    keep = [i for i, v in enumerate(verticals) if v > 0]
    tops, verticals = [tops[i] for i in keep], [verticals[i] for i in keep]
    plan = Plan(name=f"Site {site_id} draft", pistes=_pistes(tops, verticals))
    target = target_skiers if target_skiers is not None else trail_capacity(plan)
    carpet = Lift(
        "Beginner carpet", "carpet", 36.0, length_m=300, phase=1
    )  # the beginner slope's 12 % × 300 m
    per_day = plan.operating_hours * plan.lift_efficiency / plan.vertical_demand_m
    needed_vtf = max(0.0, target - carpet.vtf_per_hour * per_day) / per_day
    # A small target needs fewer lifts: drop the shortest verticals (and their runs) until each lift
    # carries at least MIN_CAPACITY.
    while len(tops) > 1 and needed_vtf / sum(verticals) < MIN_CAPACITY:
        shortest = min(range(len(verticals)), key=verticals.__getitem__)
        del tops[shortest], verticals[shortest]
    plan.pistes = _pistes(tops, verticals)
    capacity = needed_vtf / sum(verticals) if verticals else 0.0
    for number, ((course, low), vertical) in enumerate(zip(tops, verticals, strict=True), start=1):
        length = math.hypot(distance_m(low.finish, course.start), vertical)
        kind = _lift_type(capacity, length)
        pph = int(min(max(math.ceil(capacity / 100) * 100, MIN_CAPACITY), MAX_CAPACITY[kind]))
        plan.lifts.append(
            Lift(f"Lift {number}", kind, vertical, pph, length, bottom=low.finish, top=course.start)
        )
    plan.lifts.append(carpet)
    plan.beds = int(round(target / (plan.occupancy * plan.skiing_share) / 10) * 10)
    return plan
