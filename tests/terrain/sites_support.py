"""Synthetic terrain and courses for the sites, GeoJSON, map and CLI tests (no DEM file, no course finder)."""

from __future__ import annotations

import math

import numpy as np
from affine import Affine
from pyproj import Transformer

from alatau.terrain.model import Course, Dem

UTM_43N = "EPSG:32643"  # Almaty lies in UTM zone 43 (72–78° E)


def utm_origin(lon: float = 77.0, lat: float = 43.1) -> tuple[float, float]:
    """Projected (x, y) of a lon/lat point in UTM 43N."""
    x, y = Transformer.from_crs("EPSG:4326", UTM_43N, always_xy=True).transform(lon, lat)
    return float(x), float(y)


def grid_dem(elevation: np.ndarray, cell: float = 30.0, lon: float = 77.0, lat: float = 43.1) -> Dem:
    """A Dem whose upper-left corner lies at (lon, lat), north-up, square cells."""
    x0, y0 = utm_origin(lon, lat)
    return Dem(elevation.astype(np.float32), Affine(cell, 0.0, x0, 0.0, -cell, y0), UTM_43N)


def north_slope(
    rows: int,
    cols: int,
    *,
    base: float = 1500.0,
    grade: float = 0.35,
    floor_rows: int = 0,
    cell: float = 30.0,
) -> np.ndarray:
    """``floor_rows`` rows of valley floor in the north (falling 2 % northward, as a dry floor does: a
    perfectly level floor would read as a lake), then a slope rising southward (facing north)."""
    row = np.arange(rows)
    rise = np.maximum(row - floor_rows, 0) * cell * grade + np.minimum(row, floor_rows) * cell * 0.02
    return np.repeat((base + rise)[:, None], cols, axis=1)


def straight_cells(start: tuple[int, int], finish: tuple[int, int]) -> np.ndarray:
    """The (row, col) cells of a straight line from start to finish, one per row or column step."""
    steps = max(abs(finish[0] - start[0]), abs(finish[1] - start[1]))
    rows = np.rint(np.linspace(start[0], finish[0], steps + 1)).astype(np.int64)
    cols = np.rint(np.linspace(start[1], finish[1], steps + 1)).astype(np.int64)
    return np.column_stack([rows, cols])


def make_course(
    dem: Dem,
    start: tuple[int, int],
    finish: tuple[int, int],
    *,
    discipline: str = "GS",
    avalanche: float = 0.0,
) -> Course:
    """A course along a straight line of the DEM, its measures computed from the grid."""
    cells = straight_cells(start, finish)
    z = dem.elevation[cells[:, 0], cells[:, 1]].astype(np.float64)
    x, y = dem.xy(cells[:, 0], cells[:, 1])
    horizontal = np.hypot(np.diff(x), np.diff(y))
    drop = float(z[0] - z[-1])
    lon, lat = dem.lonlat(cells[:, 0], cells[:, 1])
    return Course(
        discipline=discipline,
        gender="M",
        level="FIS",
        line=[(float(a), float(b)) for a, b in zip(lon, lat, strict=True)],
        cells=cells,
        vertical_drop_m=drop,
        length_m=float(np.hypot(horizontal, np.diff(z)).sum()),
        mean_gradient_pct=100.0 * drop / float(horizontal.sum()),
        max_gradient_pct=float(100.0 * np.max(-np.diff(z) / horizontal)),
        start_elevation_m=float(z[0]),
        finish_elevation_m=float(z[-1]),
        aspect_deg=math.degrees(math.atan2(x[-1] - x[0], y[-1] - y[0])) % 360.0,
        difficulty="red",
        avalanche_exposure=avalanche,
    )
