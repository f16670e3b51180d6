"""Private helpers of :mod:`alatau.terrain.sites`: clustering, DEM windows, base land, access."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from affine import Affine

from alatau.errors import InputError
from alatau.terrain.model import Course, Dem, LonLat

# 8-connectivity: diagonal neighbours belong to the same patch of land.
_EIGHT_NEIGHBOURS = np.ones((3, 3), dtype=bool)


def link_points(x: np.ndarray, y: np.ndarray, distance_m: float) -> list[np.ndarray]:
    """Single-linkage clusters of points: connected components of the 'within distance_m' graph."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    count = len(x)
    pairs = cKDTree(np.column_stack([x, y])).query_pairs(distance_m, output_type="ndarray")
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(count, count))
    _, labels = connected_components(graph, directed=False)
    return [np.flatnonzero(labels == label) for label in np.unique(labels)]


def split_by_radius(
    x: np.ndarray, y: np.ndarray, z: np.ndarray, clusters: Sequence[np.ndarray], radius_m: float
) -> Iterator[list[int]]:
    """Cut each cluster into groups around bases: lowest remaining point first, all within radius_m.

    Yields each group's indices with its base first. The order (elevation, then x, then y) makes the
    result independent of the input order.
    """
    for cluster in sorted(clusters, key=lambda c: (float(z[c].min()), float(x[c].min()), float(y[c].min()))):
        remaining = cluster[np.lexsort((y[cluster], x[cluster], z[cluster]))]
        while len(remaining):
            base = remaining[0]
            near = np.hypot(x[remaining] - x[base], y[remaining] - y[base]) <= radius_m
            yield [int(i) for i in remaining[near]]
            remaining = remaining[~near]


@dataclass
class SiteArea:
    """What a site's DEM window tells: its polygon and the land measures."""

    polygon: list[LonLat]
    north_share: float
    base_land_ha: float
    piste_km: float


def site_area(
    courses: Sequence[Course], base_cell: tuple[int, int], dem: Dem, params: Mapping[str, Any]
) -> SiteArea:
    """Measure a site on a DEM window around its courses and base (see :mod:`alatau.terrain.sites`).

    The site's area is raster work on the window, not geometry unions (those cost seconds per site
    with hundreds of courses): the cells within ``polygon_buffer_m`` (at least one cell diagonal, so that
    knight moves of a line stay joined) of a course cell, the base or the base land.
    """
    cells = np.unique(np.concatenate([course.cells for course in courses]), axis=0)
    dx, dy = dem.cell_size
    buffer = max(float(params["area"]["polygon_buffer_m"]), math.hypot(dx, dy))
    reach = max(float(params["base_land"]["search_radius_m"]), buffer)
    r0, r1, c0, c1 = _window(cells, base_cell, dem.shape, math.ceil(reach / min(dx, dy)) + 2)
    z = dem.elevation[r0:r1, c0:c1].astype(np.float64)
    slope_pct, aspect = slope_and_aspect(z, dx, dy)
    base = (base_cell[0] - r0, base_cell[1] - c0)
    land = base_land(z, slope_pct, base, (dx, dy), params["base_land"])
    seeds = land.copy()
    seeds[cells[:, 0] - r0, cells[:, 1] - c0] = True
    seeds[base] = True
    area = _within(seeds, buffer, (dx, dy))
    return SiteArea(
        polygon=_ring_lonlat(_outline(area, dem, r0, c0), dem.crs),
        north_share=_north_share(area, slope_pct, aspect, params["area"]),
        base_land_ha=float(land.sum()) * dx * dy / 10_000.0,
        # Distinct cells, not Σ lengths: candidate courses of several disciplines overlap on one slope.
        piste_km=len(cells) * (dx + dy) / 2.0 / 1000.0,
    )


def _within(seeds: np.ndarray, distance_m: float, cell_size: tuple[float, float]) -> np.ndarray:
    """Cells within ``distance_m`` of a seed cell (Euclidean, in metres)."""
    from scipy import ndimage

    distance = ndimage.distance_transform_edt(~seeds, sampling=(cell_size[1], cell_size[0]))
    return np.asarray(distance <= distance_m)


def _outline(area: np.ndarray, dem: Dem, r0: int, c0: int) -> Any:
    """One projected polygon around the area's cells.

    Where the area falls apart (courses in two side valleys of one base) a concave hull joins the parts;
    holes (rock between two courses) belong to the site. Half a cell is the data's precision.
    """
    import shapely
    import shapely.geometry
    from rasterio.features import shapes

    window = dem.transform @ Affine.translation(c0, r0)
    found = shapes(area.astype(np.uint8), mask=area, connectivity=8, transform=window)
    union = shapely.union_all([shapely.geometry.shape(geometry) for geometry, _ in found])
    if union.geom_type != "Polygon":
        union = shapely.concave_hull(union, ratio=0.2)
    return shapely.Polygon(union.exterior).simplify(min(dem.cell_size) / 2.0)


def _window(
    cells: np.ndarray, base: tuple[int, int], shape: tuple[int, int], margin: int
) -> tuple[int, int, int, int]:
    rows = np.append(cells[:, 0], base[0])
    cols = np.append(cells[:, 1], base[1])
    r0, r1 = max(int(rows.min()) - margin, 0), min(int(rows.max()) + margin + 1, shape[0])
    c0, c1 = max(int(cols.min()) - margin, 0), min(int(cols.max()) + margin + 1, shape[1])
    return r0, r1, c0, c1


def slope_and_aspect(z: np.ndarray, dx: float, dy: float) -> tuple[np.ndarray, np.ndarray]:
    """Slope (percent) and aspect (degrees clockwise from north, downhill) of a window, Horn's method.

    NaN on the window's outer ring, next to nodata, and (aspect) on flat cells; windows carry a margin.
    """
    from alatau.terrain.derivatives import aspect, slope

    return np.asarray(slope(z, (dx, dy)), dtype=np.float64), np.asarray(aspect(z, (dx, dy)), dtype=np.float64)


def base_land(
    z: np.ndarray,
    slope_pct: np.ndarray,
    base: tuple[int, int],
    cell_size: tuple[float, float],
    rules: Mapping[str, float],
) -> np.ndarray:
    """The largest 8-connected patch of gentle dry ground near the base cell (boolean mask of the window).

    Water is not land: see :func:`level_water`.
    """
    from scipy import ndimage

    rows, cols = np.indices(z.shape)
    distance = np.hypot((rows - base[0]) * cell_size[1], (cols - base[1]) * cell_size[0])
    with np.errstate(invalid="ignore"):
        gentle = (
            (slope_pct <= float(rules["max_slope_pct"]))
            & (distance <= float(rules["search_radius_m"]))
            & (np.abs(z - z[base]) <= float(rules["max_height_difference_m"]))
            & ~level_water(z, float(rules["water_max_relief_m"]))
        )
    labels, count = ndimage.label(gentle, structure=_EIGHT_NEIGHBOURS)
    if count == 0:
        return gentle
    sizes = np.bincount(labels.ravel())[1:]
    return labels == (int(np.argmax(sizes)) + 1)


def level_water(z: np.ndarray, max_relief_m: float) -> np.ndarray:
    """Cells taken for water: SRTM levels lakes and reservoirs to a single height.

    A cell whose 3 × 3 neighbourhood rises less than ``max_relief_m`` lies inside a level surface;
    the surface's edge cells (next to such a cell, at its height within ``max_relief_m``) belong to it
    too, the shore rising from it or the ground falling below its dam do not. 0 finds no water.
    """
    from scipy import ndimage

    if max_relief_m <= 0:
        return np.zeros(z.shape, dtype=bool)
    highest = ndimage.maximum_filter(np.nan_to_num(z, nan=np.inf), size=3, mode="nearest")
    lowest = ndimage.minimum_filter(np.nan_to_num(z, nan=-np.inf), size=3, mode="nearest")
    inside = (highest - lowest) < max_relief_m
    # The height of the level surface next to each cell (-inf where no inside cell is next to it).
    surface = ndimage.maximum_filter(np.where(inside, z, -np.inf), size=3, mode="nearest")
    with np.errstate(invalid="ignore"):
        edge = np.abs(z - surface) < max_relief_m
    return np.asarray(inside | edge)


def _north_share(
    area: np.ndarray, slope_pct: np.ndarray, aspect: np.ndarray, rules: Mapping[str, float]
) -> float:
    """Share of the area's sloping cells that face the north sector."""
    with np.errstate(invalid="ignore"):
        sloping = area & (slope_pct >= float(rules["min_aspect_slope_pct"])) & np.isfinite(aspect)
    if not sloping.any():
        return 0.0
    facing = aspect[sloping]
    start, end = float(rules["north_from_deg"]) % 360.0, float(rules["north_to_deg"]) % 360.0
    # The sector may wrap through north (315° → 45°).
    north = (facing >= start) & (facing <= end) if start <= end else (facing >= start) | (facing <= end)
    return round(float(north.mean()), 4)


def _ring_lonlat(area: Any, crs: str) -> list[LonLat]:
    x, y = np.asarray(area.exterior.coords).T
    return list(zip(*to_lonlat(crs, x, y), strict=True))


def to_lonlat(crs: str, x: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float]]:
    """Projected coordinates to WGS 84 lon/lat lists (one cached transformer per CRS)."""
    lon, lat = _transformer(crs, "EPSG:4326").transform(x, y)
    return np.atleast_1d(lon).tolist(), np.atleast_1d(lat).tolist()


@lru_cache(maxsize=8)
def _transformer(source: str, target: str) -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


def great_circle_km(a: LonLat, b: LonLat) -> float:
    """Geodesic distance on the WGS 84 ellipsoid, km."""
    from pyproj import Geod

    _, _, metres = Geod(ellps="WGS84").inv(a[0], a[1], b[0], b[1])
    return float(metres) / 1000.0


def read_roads(path: Path) -> list[Any]:
    """The line geometries of a GeoJSON file (FeatureCollection, Feature or bare geometry), lon/lat."""
    import shapely.geometry

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        geometries = [shapely.geometry.shape(g) for g in _geometries(document)]
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise InputError(f"cannot read roads file {path}: {error}") from error
    lines = [g for g in geometries if g.geom_type in ("LineString", "MultiLineString") and not g.is_empty]
    if not lines:
        raise InputError(f"roads file {path} has no LineString geometry")
    return lines


def _geometries(document: Any) -> Iterator[Mapping[str, Any]]:
    kind = document.get("type")
    if kind == "FeatureCollection":
        for feature in document["features"]:
            if feature.get("geometry"):
                yield feature["geometry"]
    elif kind == "Feature":
        if document.get("geometry"):
            yield document["geometry"]
    elif kind == "GeometryCollection":
        yield from document["geometries"]
    else:
        yield document


def project_roads(roads: Sequence[Any], crs: str) -> Any:
    """Road geometries (lon/lat) projected to the DEM's metric CRS, as one shapely geometry array."""
    import shapely

    to_grid = _transformer("EPSG:4326", crs)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = to_grid.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(np.asarray(roads, dtype=object), project)


def road_distance_km(roads: Any, x: float, y: float) -> float:
    """Distance from a projected point to the nearest projected road, km."""
    import shapely

    return round(float(np.min(shapely.distance(roads, shapely.Point(x, y)))) / 1000.0, 3)


def disjoint_rings(
    rings: Sequence[list[LonLat]], bases: Sequence[LonLat]
) -> list[tuple[list[LonLat] | None, int]]:
    """Make site outlines disjoint, best first: each keeps only the ground no better site holds.

    ``rings`` are closed lon/lat rings in rank order; ``bases`` each site's base point. A site whose
    clipped area falls apart keeps the part around its base (or the largest). Returns, per site, its
    new ring (None when a better site holds all of it) and the index of the better site that holds
    most of its original outline (-1 when none overlaps it).
    """
    import shapely
    from shapely.geometry import Point, Polygon

    # make_valid: a simplified outline can touch itself; its polygonal parts are the site's ground.
    polygons = [_polygonal(shapely.make_valid(Polygon(ring))) for ring in rings]
    tree = shapely.STRtree(polygons)
    taken: list[Any] = []
    result: list[tuple[list[LonLat] | None, int]] = []
    for index, (polygon, base) in enumerate(zip(polygons, bases, strict=True)):
        better = [int(j) for j in tree.query(polygon, predicate="intersects") if j < index]
        overlaps = [polygon.intersection(polygons[j]).area for j in better]
        owner = better[int(np.argmax(overlaps))] if better and max(overlaps) > 0 else -1
        if owner >= 0:
            polygon = polygon.difference(shapely.union_all([taken[j] for j in better]))
        part = _main_part(polygon, Point(base))
        taken.append(part if part is not None else Polygon())
        ring = None if part is None else [(float(x), float(y)) for x, y in part.exterior.coords]
        result.append((ring, owner))
    return result


def _polygonal(geometry: Any) -> Any:
    """The union of the polygons in a geometry (dropping the lines and points make_valid may leave)."""
    import shapely

    parts = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _main_part(area: Any, base: Any) -> Any:
    """The polygon of ``area`` that holds ``base``, else its largest; None when nothing is left."""
    # Slivers under ~1 ha (1e-6 square degrees) along a better site's edge are not ground of their own.
    parts = [p for p in getattr(area, "geoms", [area]) if p.geom_type == "Polygon" and p.area > 1e-6]
    if not parts:
        return None
    holding = [p for p in parts if p.covers(base)]
    return holding[0] if holding else max(parts, key=lambda p: p.area)
