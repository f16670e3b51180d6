"""Constraint layers for a site search: excluded areas, a national boundary, access points, distinct courses.

Courses that touch an excluded area (a national park, an avalanche zone) are dropped before the courses are
grouped into sites, and so are courses that leave the chosen country (by default Kazakhstan, from the Natural
Earth boundary shipped in ``data/borders``). Access points (e.g. Almaty) give each site the distance from its
base to the nearest of them, which then scores its access. Of the many overlapping variants of a course the
search keeps, :func:`distinct_best` picks one per slope face.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alatau.errors import InputError
from alatau.terrain.model import Course, LonLat

BORDERS_DIR = Path(__file__).resolve().parent / "data" / "borders"
DEFAULT_COUNTRY = "KAZ"
#: Course starts closer than this, facing within :data:`FACE_ASPECT_DEG`, lie on one slope face.
FACE_DISTANCE_M = 1000.0
FACE_ASPECT_DEG = 45.0


def read_areas(path: str | Path) -> list[Any]:
    """The (Multi)Polygon geometries of a GeoJSON file (lon/lat), as shapely geometries.

    Parameters
    ----------
    path : str or Path
        A FeatureCollection, Feature or bare geometry.

    Returns
    -------
    list of shapely geometries
        Valid polygons (repaired with ``make_valid`` where a ring crosses itself).

    Raises
    ------
    InputError
        The file cannot be read, is not GeoJSON or holds no polygon.
    """
    import shapely
    import shapely.geometry

    from alatau.terrain._site_measures import _geometries

    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        geometries = [shapely.geometry.shape(g) for g in _geometries(document)]
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise InputError(f"cannot read areas file {path}: {error}") from error
    areas = [
        shapely.make_valid(g)
        for g in geometries
        if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty
    ]
    if not areas:
        raise InputError(f"areas file {path} has no Polygon geometry")
    return areas


def load_country(code: str) -> Any | None:
    """The boundary of a country by its ISO 3166-1 alpha-3 code, or None for ``"any"``.

    Raises
    ------
    InputError
        For a country whose boundary is not shipped (the list of those that are).
    """
    code = code.strip().upper()
    if code == "ANY":
        return None
    path = BORDERS_DIR / f"{code}.geojson"
    if not path.is_file():
        shipped = ", ".join(sorted(p.stem for p in BORDERS_DIR.glob("*.geojson")))
        raise InputError(f"no boundary shipped for country {code!r} (shipped: {shipped}; or 'any')")
    import shapely

    return shapely.union_all(read_areas(path))


def parse_access(values: Sequence[str]) -> list[LonLat]:
    """Access points from ``LON,LAT`` texts.

    Raises
    ------
    InputError
        For a text that is not two numbers in degrees.
    """
    points = []
    for text in values:
        try:
            lon, lat = (float(part) for part in text.split(","))
        except ValueError:
            raise InputError(f"--access must be LON,LAT in degrees, not {text!r}") from None
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise InputError(f"--access must be LON,LAT in degrees, not {text!r}")
        points.append((lon, lat))
    return points


def drop_excluded(courses: Sequence[Course], areas: Sequence[Any]) -> list[Course]:
    """The courses that touch none of the areas.

    Parameters
    ----------
    courses : sequence of Course
        Candidate courses (lines in lon/lat).
    areas : sequence of shapely geometries
        Excluded (Multi)Polygons in lon/lat.

    Returns
    -------
    list of Course
        The others, in their order.
    """
    if not areas or not courses:
        return list(courses)
    import shapely

    excluded = shapely.union_all(list(areas))
    shapely.prepare(excluded)
    lines = _lines(courses)
    hit = shapely.intersects(excluded, lines)
    return [course for course, inside in zip(courses, hit, strict=True) if not inside]


def keep_inside(courses: Sequence[Course], region: Any | None) -> list[Course]:
    """The courses whose whole line lies within the region (all of them when it is None)."""
    if region is None or not courses:
        return list(courses)
    import shapely

    shapely.prepare(region)
    lines = _lines(courses)
    inside = shapely.covers(region, lines)
    return [course for course, keep in zip(courses, inside, strict=True) if keep]


def access_km(base: LonLat, points: Sequence[LonLat]) -> float:
    """Geodesic distance in km from a site's base to the nearest access point."""
    from alatau.terrain._site_measures import great_circle_km

    return min(great_circle_km(point, base) for point in points)


def distinct_best(courses: Sequence[Course]) -> list[int]:
    """One course per slope face: the indices of the distinct best courses.

    Courses of one site and discipline whose starts lie within :data:`FACE_DISTANCE_M` and whose aspects
    differ by less than :data:`FACE_ASPECT_DEG` share a face; of each face the course with the largest
    vertical drop (then the longest) is the best.

    Returns
    -------
    list of int
        Indices into ``courses``, best first within the input order of faces.
    """
    order = sorted(range(len(courses)), key=lambda i: (-courses[i].vertical_drop_m, -courses[i].length_m, i))
    best: list[int] = []
    for index in order:
        course = courses[index]
        same_face = any(
            courses[b].site_id == course.site_id
            and courses[b].discipline == course.discipline
            and _metres(courses[b].line[0], course.line[0]) < FACE_DISTANCE_M
            and _angle(courses[b].aspect_deg, course.aspect_deg) < FACE_ASPECT_DEG
            for b in best
        )
        if not same_face:
            best.append(index)
    return sorted(best)


def _angle(a: float, b: float) -> float:
    difference = abs(a - b) % 360
    return min(difference, 360 - difference)


def _metres(a: LonLat, b: LonLat) -> float:
    """Great-circle distance in metres (a sphere is close enough for telling faces apart)."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def _lines(courses: Sequence[Course]) -> Any:
    """The courses' lines as an array of shapely LineStrings (lon/lat)."""
    import numpy as np
    import shapely

    return np.array([shapely.LineString(course.line) for course in courses], dtype=object)
