"""The GeoJSON output of a site search: one FeatureCollection of courses and sites.

Every feature has ``properties.kind``: ``"course"`` (a LineString, start to finish, with
:meth:`Course.properties <alatau.terrain.model.Course.properties>`) or ``"site"`` (a Polygon with its rank,
score, score components and measures). Coordinates are WGS 84 lon/lat (RFC 7946) rounded to 6 decimals
(≈ 0.1 m). Sites come first, by rank, then courses by site and discipline. The search parameters travel in the
foreign member ``"alatau"`` of the collection.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from alatau.errors import InputError
from alatau.files import atomic_output
from alatau.terrain.model import Course, LonLat, Site

DECIMALS = 6
_DISCIPLINE_ORDER = {"DH": 0, "SG": 1, "GS": 2, "SL": 3}


def site_properties(site: Site) -> dict[str, Any]:
    """The GeoJSON properties of a site: identity, score and every measure."""
    return {
        "kind": "site",
        "site_id": site.site_id,
        "rank": site.rank,
        "score": round(site.score, 4),
        "score_components": {name: round(value, 4) for name, value in site.score_components.items()},
        "courses_per_discipline": dict(site.courses_per_discipline),
        "courses": sum(site.courses_per_discipline.values()),
        "top_elevation_m": round(site.top_elevation_m, 1),
        "base_elevation_m": round(site.base_elevation_m, 1),
        "base_lonlat": None if site.base_lonlat is None else [round(v, DECIMALS) for v in site.base_lonlat],
        "vertical_m": round(site.vertical_m, 1),
        "piste_km": round(site.piste_km, 2),
        "north_share": round(site.north_share, 3),
        "base_land_ha": round(site.base_land_ha, 1),
        "snow_reliability": round(site.snow_reliability, 3),
        "avalanche_exposure": round(site.avalanche_exposure, 3),
        "distance_km": round(site.distance_km, 2),
        "road_distance_km": None if site.road_distance_km is None else round(site.road_distance_km, 2),
        "access_km": None if site.access_km is None else round(site.access_km, 2),
    }


def feature_collection(
    courses: Sequence[Course], sites: Sequence[Site], metadata: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Build the FeatureCollection (a plain dict) of the sites, by rank, then the courses."""
    features = [_feature("Polygon", [_coordinates(s.polygon)], site_properties(s)) for s in _by_rank(sites)]
    features += [_feature("LineString", _coordinates(c.line), c.properties()) for c in _course_order(courses)]
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if metadata:
        collection["alatau"] = _finite(dict(metadata))
    return collection


def write_geojson(
    path: str | Path,
    courses: Sequence[Course],
    sites: Sequence[Site],
    metadata: Mapping[str, Any] | None = None,
) -> Path:
    """Write the FeatureCollection to ``path`` atomically (temporary file, then ``os.replace``).

    Parameters
    ----------
    path : str or Path
        The output file; its folder must exist.
    courses, sites : sequences of Course and Site
        What :func:`alatau.terrain.courses.find_courses` and :func:`alatau.terrain.sites.find_sites` returned.
    metadata : mapping, optional
        Search parameters (bbox, gender, …) stored in the collection's ``"alatau"`` member.

    Returns
    -------
    Path
        ``path``.
    """
    text = json.dumps(feature_collection(courses, sites, metadata), ensure_ascii=False, allow_nan=False)
    with atomic_output(path) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
    return Path(path)


def read_geojson(path: str | Path) -> dict[str, Any]:
    """Read a FeatureCollection written by :func:`write_geojson` (or any GeoJSON FeatureCollection).

    Raises
    ------
    InputError
        The file cannot be read or is not a GeoJSON FeatureCollection.
    """
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InputError(f"cannot read GeoJSON {path}: {error}") from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InputError(f"{path} is not a GeoJSON FeatureCollection")
    return document


def features_of_kind(collection: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    """The features whose ``properties.kind`` is ``kind`` (``"course"`` or ``"site"``), in file order."""
    return [f for f in collection.get("features", []) if (f.get("properties") or {}).get("kind") == kind]


def _feature(geometry_type: str, coordinates: Any, properties: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": geometry_type, "coordinates": coordinates},
        "properties": _finite(dict(properties)),
    }


def _coordinates(points: Iterable[LonLat]) -> list[list[float]]:
    return [[round(float(lon), DECIMALS), round(float(lat), DECIMALS)] for lon, lat in points]


def _finite(value: Any) -> Any:
    """NaN and infinities become null: JSON has no such numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _by_rank(sites: Sequence[Site]) -> list[Site]:
    return sorted(sites, key=lambda site: (site.rank, site.site_id))


def _course_order(courses: Sequence[Course]) -> list[Course]:
    def key(course: Course) -> tuple[float, int, float, float]:
        site = float("inf") if course.site_id is None else float(course.site_id)
        return (
            site,
            _DISCIPLINE_ORDER.get(course.discipline, 9),
            -course.start_elevation_m,
            course.line[0][0],
        )

    return sorted(courses, key=key)
