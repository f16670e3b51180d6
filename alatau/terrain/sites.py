"""Group FIS courses into candidate resort sites, measure the sites and rank them.

Pipeline of :func:`find_sites`:

1. **Grouping.** Courses whose finish points lie within ``link_distance_m`` of each other are linked
   (single linkage on finish points, a k-d tree); each linked cluster is then cut into sites of at most
   ``max_radius_m`` around a base: the lowest unassigned finish becomes a base and takes every unassigned
   finish of its cluster within the radius, and so on. Bases are visited lowest first, then by position,
   so the result does not depend on the order of the input courses.
2. **Measures** per site, on a DEM window around it: top (highest start), base (lowest finish) and
   vertical; base-area land (the largest 8-connected patch of gentle ground near the base and close to its
   height, :func:`scipy.ndimage.label`); the site's area (the cells within ``polygon_buffer_m`` of its course
   lines, base and base land) and its outline polygon; the north-facing share of the sloping cells of that
   area; a snow-reliability proxy from elevation and aspect (:func:`snow_reliability`); the length-weighted
   avalanche exposure of the courses; the geodesic distance from the base to a reference point and,
   optionally, to the nearest road.
3. **Score** = Σ weight × component / Σ weight with every component in 0–1; components and weights are the
   ``[sites.*]`` tables of ``data/site_criteria.toml``, which a user's criteria file overrides key by key.
   Sites are ranked by score; site ids follow the rank (site 1 is the best).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from alatau.errors import InputError
from alatau.terrain import _site_measures as measures
from alatau.terrain import constraints
from alatau.terrain.model import Course, Dem, LonLat, Site

DEFAULT_CRITERIA_PATH = Path(__file__).resolve().parent / "data" / "site_criteria.toml"
ALMATY_CENTRE: LonLat = (76.89, 43.24)
DISCIPLINES = ("DH", "SG", "GS", "SL")
COMPONENTS = (
    "snow",
    "vertical",
    "disciplines",
    "piste_km",
    "north_share",
    "base_land",
    "avalanche_safety",
    "access",
)


def default_site_criteria() -> dict[str, Any]:
    """The packaged ``[sites]`` tables of ``data/site_criteria.toml`` as a plain dict."""
    with DEFAULT_CRITERIA_PATH.open("rb") as handle:
        return dict(tomllib.load(handle)["sites"])


def site_parameters(criteria: Any = None) -> dict[str, Any]:
    """Merge a user's ``[sites]`` tables over the packaged defaults and check them.

    Parameters
    ----------
    criteria : Criteria, mapping or None
        A :class:`alatau.terrain.criteria.Criteria` (its ``.sites`` raw dict is used), the raw dict of the
        ``[sites]`` section itself (or a whole document with a ``sites`` key), or None for the defaults.

    Returns
    -------
    dict
        The complete ``[sites]`` tables: every default key present, the user's values where given.

    Raises
    ------
    InputError
        An unknown table, key or score component, a non-numeric or negative value, or all weights zero.
    """
    user = getattr(criteria, "sites", criteria) or {}
    if not isinstance(user, Mapping):
        raise InputError("site criteria must be TOML tables under [sites]")
    if isinstance(user.get("sites"), Mapping):
        user = user["sites"]
    merged = default_site_criteria()
    for table, values in user.items():
        _merge_table(merged, table, values)
    _check_weights(merged["weights"])
    return merged


def _merge_table(merged: dict[str, Any], table: str, values: Any) -> None:
    if table not in merged or not isinstance(values, Mapping):
        raise InputError(f"unknown site criteria table [sites.{table}]")
    for key, value in values.items():
        if key not in merged[table]:
            what = "score component" if table == "weights" else "key"
            raise InputError(f"unknown {what} {key!r} in [sites.{table}]")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise InputError(f"[sites.{table}] {key} must be a number ≥ 0, not {value!r}")
        merged[table] = {**merged[table], key: value}


def _check_weights(weights: Mapping[str, float]) -> None:
    if sum(weights.values()) <= 0:
        raise InputError("[sites.weights]: at least one weight must be above 0")


@dataclass
class _Group:
    """The courses of one site and the cells the measures need."""

    courses: list[Course]
    base_cell: tuple[int, int]  # the lowest finish
    base_elevation_m: float


def find_sites(
    courses: Sequence[Course],
    dem: Dem,
    criteria: Any = None,
    *,
    reference_point: LonLat = ALMATY_CENTRE,
    roads: Any = None,
    disciplines: Sequence[str] | None = None,
    access_points: Sequence[LonLat] | None = None,
) -> list[Site]:
    """Group courses into candidate resort sites, measure, score and rank them.

    Parameters
    ----------
    courses : sequence of Course
        Candidate courses (e.g. from :func:`alatau.terrain.courses.find_courses`) on ``dem``'s grid.
        Each course's ``site_id`` is set to the id of its site (None when its cluster is too small).
    dem : Dem
        The elevation grid the courses were found on (metric CRS).
    criteria : Criteria, mapping or None
        Site criteria; see :func:`site_parameters`.
    reference_point : (lon, lat)
        Where access is measured from; default Almaty centre (76.89 E, 43.24 N).
    roads : path or sequence of shapely geometries (lon/lat), optional
        A roads GeoJSON file or its lines from :func:`read_roads`; adds the distance from each site's base
        to the nearest road.
    disciplines : sequence of str, optional
        The disciplines searched, the denominator of the ``disciplines`` score component; by default
        those that have a course anywhere in ``courses``.
    access_points : sequence of (lon, lat), optional
        Each site's ``access_km`` is the distance from its base to the nearest; it then scores access
        instead of the distance to ``reference_point``.

    Returns
    -------
    list of Site
        Sorted by rank (1 = best score); ``site_id == rank``.
    """
    params = site_parameters(criteria)
    if not courses:
        return []
    groups = group_courses(courses, dem, params["grouping"])
    searched = set(disciplines) if disciplines else {course.discipline for course in courses}
    if isinstance(roads, str | Path):
        roads = read_roads(roads)
    road_lines = measures.project_roads(roads, dem.crs) if roads else None
    access = list(access_points or [])
    sites = [
        _measure_site(group, dem, params, searched, reference_point, road_lines, access) for group in groups
    ]
    return _rank(sites, groups, dem)


def group_courses(courses: Sequence[Course], dem: Dem, grouping: Mapping[str, float]) -> list[_Group]:
    """Cluster courses by their finish points (see the module docstring), in a deterministic order."""
    ordered = sorted(courses, key=_course_key)
    finish = np.array([course.cells[-1] for course in ordered], dtype=np.int64)
    x, y = dem.xy(finish[:, 0], finish[:, 1])
    z = np.array([course.finish_elevation_m for course in ordered])
    clusters = measures.link_points(x, y, float(grouping["link_distance_m"]))
    groups: list[_Group] = []
    for members in measures.split_by_radius(x, y, z, clusters, float(grouping["max_radius_m"])):
        if len(members) < int(grouping["min_courses"]):
            for index in members:
                ordered[index].site_id = None
            continue
        base = members[0]  # split_by_radius puts the base (lowest finish) first
        cell = (int(finish[base, 0]), int(finish[base, 1]))
        groups.append(_Group([ordered[i] for i in members], cell, float(z[base])))
    return groups


def _course_key(course: Course) -> tuple[float, float, float, str, float]:
    start, finish = course.cells[0], course.cells[-1]
    return (
        float(finish[0]),
        float(finish[1]),
        float(start[0]) * 1e6 + float(start[1]),
        course.discipline,
        course.length_m,
    )


def _measure_site(
    group: _Group,
    dem: Dem,
    params: Mapping[str, Any],
    searched: set[str],
    reference_point: LonLat,
    road_lines: Any,
    access_points: Sequence[LonLat] = (),
) -> Site:
    area = measures.site_area(group.courses, group.base_cell, dem, params)
    base_x, base_y = dem.xy(np.array(group.base_cell[0]), np.array(group.base_cell[1]))
    lon, lat = measures.to_lonlat(dem.crs, base_x, base_y)
    base_lonlat = (lon[0], lat[0])
    road_km = None
    if road_lines is not None:
        road_km = measures.road_distance_km(road_lines, float(base_x), float(base_y))
    top = max(course.start_elevation_m for course in group.courses)
    site = Site(
        site_id=0,
        polygon=area.polygon,
        courses_per_discipline=_per_discipline(group.courses),
        top_elevation_m=float(top),
        base_elevation_m=group.base_elevation_m,
        vertical_m=float(top - group.base_elevation_m),
        north_share=area.north_share,
        base_land_ha=area.base_land_ha,
        snow_reliability=snow_reliability(group.courses, dem, params["snow"]),
        avalanche_exposure=_length_weighted(group.courses, [c.avalanche_exposure for c in group.courses]),
        distance_km=measures.great_circle_km(reference_point, base_lonlat),
        road_distance_km=road_km,
        access_km=constraints.access_km(base_lonlat, access_points) if access_points else None,
        piste_km=area.piste_km,
        base_lonlat=(float(lon[0]), float(lat[0])),
    )
    site.score_components = score_components(site, len(searched), params["normalise"])
    site.score = weighted_score(site.score_components, params["weights"])
    return site


def _per_discipline(courses: Sequence[Course]) -> dict[str, int]:
    counts = dict.fromkeys(DISCIPLINES, 0)
    for course in courses:
        counts[course.discipline] = counts.get(course.discipline, 0) + 1
    return counts


def _length_weighted(courses: Sequence[Course], values: Sequence[float]) -> float:
    lengths = np.array([max(course.length_m, 0.0) for course in courses])
    if lengths.sum() <= 0:
        return float(np.mean(values))
    return float(np.average(values, weights=lengths))


def snow_reliability(courses: Sequence[Course], dem: Dem, snow: Mapping[str, float]) -> float:
    """Snow-reliability proxy (0–1) of a group of courses: elevation band × aspect, length-weighted.

    For each course: the mean over its cells of ``clip((z − low) / (high − low), 0, 1)`` times
    ``south + (1 − south) × (1 + cos(aspect)) / 2`` (1 facing north, ``south_factor`` facing south);
    the site's value is the length-weighted mean over its courses (digest §3: elevation and aspect are
    the proxies for snow cover without snow data).
    """
    low, high = float(snow["low_elevation_m"]), float(snow["high_elevation_m"])
    south = float(snow["south_factor"])
    # All courses' cells in one gather; per-course means with reduceat (thousands of courses per site).
    cells = np.concatenate([course.cells for course in courses])
    starts = np.cumsum([0] + [len(course.cells) for course in courses[:-1]])
    band = np.clip((dem.elevation[cells[:, 0], cells[:, 1]] - low) / max(high - low, 1e-9), 0.0, 1.0)
    known = np.isfinite(band)
    sums = np.add.reduceat(np.where(known, band, 0.0), starts)
    counts = np.add.reduceat(known.astype(np.float64), starts)
    elevation_score = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    aspects = np.radians([course.aspect_deg for course in courses])
    aspect_factor = south + (1.0 - south) * (1.0 + np.cos(aspects)) / 2.0
    return _length_weighted(courses, list(elevation_score * aspect_factor))


def score_components(site: Site, searched: int, normalise: Mapping[str, float]) -> dict[str, float]:
    """The 0–1 score components of a measured site (names as in ``[sites.weights]``)."""
    found = sum(1 for count in site.courses_per_discipline.values() if count)
    access_km = site.distance_km if site.access_km is None else site.access_km
    access = 1.0 - _ratio(access_km, normalise["access_full_km"])
    if site.road_distance_km is not None:
        access = (access + 1.0 - _ratio(site.road_distance_km, normalise["road_full_km"])) / 2.0
    components = {
        "snow": site.snow_reliability,
        "vertical": _ratio(site.vertical_m, normalise["vertical_full_m"]),
        "disciplines": found / max(searched, 1),
        "piste_km": _ratio(site.piste_km, normalise["piste_full_km"]),
        "north_share": site.north_share,
        "base_land": _ratio(site.base_land_ha, normalise["base_land_full_ha"]),
        "avalanche_safety": 1.0 - site.avalanche_exposure,
        "access": access,
    }
    return {name: round(float(np.clip(value, 0.0, 1.0)), 4) for name, value in components.items()}


def _ratio(value: float, full: float) -> float:
    return float(np.clip(value / full, 0.0, 1.0)) if full > 0 else 1.0


def weighted_score(components: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ weight × component / Σ weight, rounded to 4 decimals (0–1)."""
    total = sum(float(weights[name]) for name in components)
    if total <= 0:
        return 0.0
    return round(sum(float(weights[name]) * value for name, value in components.items()) / total, 4)


def _rank(sites: list[Site], groups: list[_Group], dem: Dem) -> list[Site]:
    """Rank by score; make the outlines disjoint (the better site keeps shared ground); number the sites.

    A site whose whole outline lies on ground of better sites is not a site of its own: its courses join
    the better site that overlaps it most (counts, top, base and vertical follow; the score stays that
    measured on the better site's own courses).
    """
    order = sorted(range(len(sites)), key=lambda i: (-sites[i].score, -sites[i].vertical_m, i))
    base_rows = np.array([groups[i].base_cell[0] for i in order])
    base_cols = np.array([groups[i].base_cell[1] for i in order])
    lon, lat = dem.lonlat(base_rows, base_cols)
    rings = measures.disjoint_rings([sites[i].polygon for i in order], list(zip(lon, lat, strict=True)))
    home: dict[int, int] = {}  # position in `order` → position of the surviving site that holds it
    for position, (ring, owner) in enumerate(rings):
        index = order[position]
        if ring is not None or owner < 0:
            home[position] = position
            sites[index].polygon = ring if ring is not None else sites[index].polygon
            continue
        home[position] = home[owner]
        _absorb(sites[order[home[owner]]], groups[order[home[owner]]], groups[index])
    ranked: list[Site] = []
    for position in sorted(set(home.values())):
        site, group = sites[order[position]], groups[order[position]]
        site.rank = site.site_id = len(ranked) + 1
        for course in group.courses:
            course.site_id = site.rank
        ranked.append(site)
    return ranked


def _absorb(site: Site, group: _Group, other: _Group) -> None:
    """Move the courses of ``other`` into ``site``/``group`` and update the counts and heights."""
    group.courses.extend(other.courses)
    site.courses_per_discipline = _per_discipline(group.courses)
    site.top_elevation_m = float(max(course.start_elevation_m for course in group.courses))
    lowest = min(group.courses, key=lambda course: course.finish_elevation_m)
    site.base_elevation_m = float(lowest.finish_elevation_m)
    site.base_lonlat = (float(lowest.line[-1][0]), float(lowest.line[-1][1]))
    site.vertical_m = site.top_elevation_m - site.base_elevation_m


def read_roads(path: str | Path) -> list[Any]:
    """Read the (Multi)LineString geometries of a roads GeoJSON file (lon/lat) as shapely geometries.

    Raises
    ------
    InputError
        The file cannot be read, is not GeoJSON, or has no line geometry.
    """
    return measures.read_roads(Path(path))


# --- the whole search: elevation → courses → sites (the service the CLI and other faces call) ----------

StageProgress = Callable[[str, int, int], None]


@dataclass
class SiteSearch:
    """What a search found: the DEM it ran on, the courses (with ``site_id``) and the ranked sites."""

    dem: Dem
    courses: list[Course]
    sites: list[Site]


def search_sites(
    bbox: Sequence[float],
    *,
    dem_dir: str | Path | None = None,
    source: str | None = None,
    offline: bool = False,
    resolution: float | None = None,
    disciplines: Sequence[str] = DISCIPLINES,
    gender: str = "M",
    level: str = "FIS",
    criteria: Any = None,
    workers: int | None = None,
    scheduler: str | None = None,
    reference_point: LonLat = ALMATY_CENTRE,
    roads: Any = None,
    progress: StageProgress | None = None,
    exclude: Sequence[Any] | None = None,
    country: Any | None = None,
    access_points: Sequence[LonLat] | None = None,
) -> SiteSearch:
    """Load the elevation of a bbox, find the FIS courses in it and group them into ranked sites.

    Parameters
    ----------
    bbox : (west, south, east, north)
        Degrees, WGS 84.
    dem_dir, source, offline, resolution
        Where the elevation comes from; see :func:`alatau.terrain.dem.load_dem`.
    disciplines, gender, level, workers, scheduler
        The course search; see :func:`alatau.terrain.courses.find_courses`.
    criteria : Criteria, optional
        From :func:`alatau.terrain.criteria.load_criteria` (course and site criteria); defaults when omitted.
    reference_point, roads, access_points
        Access; see :func:`find_sites`.
    exclude : sequence of shapely geometries (lon/lat), optional
        Areas where no course may run (:func:`alatau.terrain.constraints.read_areas`).
    country : shapely geometry or None
        Courses must lie within it (:func:`alatau.terrain.constraints.load_country`); None: anywhere.
    progress : callable(stage, done, total), optional
        Called with stage ``"elevation"``, ``"courses"`` (once per tile) and ``"sites"``.

    Returns
    -------
    SiteSearch

    Raises
    ------
    InputError
        Bad bbox or discipline, no usable elevation data, bad criteria, bad worker settings.
    """
    from alatau.terrain.courses import find_courses
    from alatau.terrain.criteria import load_criteria
    from alatau.terrain.dem import load_dem

    report = progress or (lambda stage, done, total: None)
    chosen = check_disciplines(disciplines)
    criteria = criteria if criteria is not None else load_criteria()
    site_parameters(criteria)  # fail on bad site criteria before the long part
    report("elevation", 0, 1)
    dem = load_dem(bbox, dem_dir=dem_dir, source=source, offline=offline, resolution=resolution)
    report("elevation", 1, 1)
    courses = find_courses(
        dem,
        disciplines=chosen,
        gender=gender,
        level=level,
        criteria=criteria,
        workers=workers,
        scheduler=scheduler,
        progress=lambda done, total: report("courses", done, total),
    )
    courses = constraints.keep_inside(constraints.drop_excluded(courses, exclude or []), country)
    report("sites", 0, 1)
    sites = find_sites(
        courses,
        dem,
        criteria,
        reference_point=reference_point,
        roads=roads,
        disciplines=chosen,
        access_points=access_points,
    )
    placed = [course for course in courses if course.site_id is not None]
    for index in constraints.distinct_best(placed):
        placed[index].distinct = True
    report("sites", 1, 1)
    return SiteSearch(dem, courses, sites)


def check_disciplines(disciplines: Sequence[str]) -> tuple[str, ...]:
    """Upper-case, de-duplicated disciplines in the given order; InputError for an unknown one."""
    chosen: list[str] = []
    for name in (d.strip().upper() for d in disciplines):
        if name not in DISCIPLINES:
            raise InputError(f"unknown discipline {name!r}: use {', '.join(DISCIPLINES)}")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise InputError(f"no discipline given: use {', '.join(DISCIPLINES)}")
    return tuple(chosen)
