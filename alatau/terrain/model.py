"""The plain data the terrain engine passes between its stages: a DEM grid, courses and sites.

These are the contracts between :mod:`alatau.terrain.dem` (loading), :mod:`alatau.terrain.courses`
(finding courses) and :mod:`alatau.terrain.sites` (grouping and ranking). Keep them free of Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from affine import Affine

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Dem:
    """Elevation on a north-up metric grid (the local UTM zone unless told otherwise).

    Attributes
    ----------
    elevation : numpy.ndarray
        float32 metres, shape (rows, cols); NaN where there is no data (outside the
        source tiles or voids that could not be filled).
    transform : affine.Affine
        Maps (col, row) of a cell's upper-left corner to projected (x, y) metres.
    crs : str
        The grid's CRS, e.g. ``"EPSG:32643"``.
    filled_cells : int
        How many source cells were made up by void filling (the voids and their unreliable rim).
    filled : numpy.ndarray or None
        Optional bool mask, shape (rows, cols): True where the elevation was made up by void
        filling (on this grid). The course search never lays a course over such a cell.
    """

    elevation: np.ndarray
    transform: Affine
    crs: str
    filled_cells: int = 0
    filled: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.elevation.shape[0]), int(self.elevation.shape[1]))

    @property
    def cell_size(self) -> tuple[float, float]:
        """(dx, dy) of a cell in metres, both positive."""
        return (abs(self.transform.a), abs(self.transform.e))

    def xy(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Projected coordinates of the centres of the given cells."""
        x = self.transform.c + (np.asarray(cols) + 0.5) * self.transform.a
        y = self.transform.f + (np.asarray(rows) + 0.5) * self.transform.e
        return x, y

    def lonlat(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """WGS 84 longitude and latitude of the centres of the given cells."""
        from pyproj import Transformer

        to_wgs84 = Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)
        x, y = self.xy(rows, cols)
        lon, lat = to_wgs84.transform(x, y)
        return np.asarray(lon), np.asarray(lat)


@dataclass
class Course:
    """A candidate FIS course line, start to finish, with its measured properties."""

    discipline: str  # DH, SG, GS, SL
    gender: str  # M or W
    level: str  # FIS or WC
    line: list[LonLat]  # lon/lat, start to finish
    cells: np.ndarray  # (n, 2) int array of (row, col) of the DEM cells along the line, start to finish
    vertical_drop_m: float
    length_m: float  # inclined length
    mean_gradient_pct: float
    max_gradient_pct: float  # steepest 25 m section
    start_elevation_m: float
    finish_elevation_m: float
    aspect_deg: float  # the direction the course faces (downhill), degrees clockwise from north
    difficulty: str  # European colour: blue, red, black
    avalanche_exposure: float  # share (0–1) of 30–50° release terrain in the slope above the course
    site_id: int | None = None
    distinct: bool = False  # the best course of its slope face (constraints.distinct_best)

    def properties(self) -> dict[str, Any]:
        """The GeoJSON properties of this course."""
        return {
            "kind": "course",
            "discipline": self.discipline,
            "gender": self.gender,
            "level": self.level,
            "vertical_drop_m": round(self.vertical_drop_m, 1),
            "length_m": round(self.length_m, 1),
            "mean_gradient_pct": round(self.mean_gradient_pct, 1),
            "max_gradient_pct": round(self.max_gradient_pct, 1),
            "start_elevation_m": round(self.start_elevation_m, 1),
            "finish_elevation_m": round(self.finish_elevation_m, 1),
            "aspect_deg": round(self.aspect_deg, 1),
            "difficulty": self.difficulty,
            "avalanche_exposure": round(self.avalanche_exposure, 3),
            "site_id": self.site_id,
            "distinct": self.distinct,
        }


@dataclass
class Site:
    """A candidate resort site: a group of courses with the land and access around them."""

    site_id: int
    polygon: list[LonLat]  # closed exterior ring, lon/lat
    courses_per_discipline: dict[str, int]
    top_elevation_m: float
    base_elevation_m: float
    vertical_m: float
    north_share: float  # share (0–1) of north-facing terrain (NW–NE) in the site
    base_land_ha: float
    snow_reliability: float  # 0–1 proxy from elevation band and aspect
    avalanche_exposure: float  # 0–1
    distance_km: float  # from the reference point
    road_distance_km: float | None = None
    access_km: float | None = None  # to the nearest access point, when access points are given
    base_lonlat: LonLat | None = None  # the base (lowest finish), lon/lat: where the site is
    piste_km: float = 0.0  # distinct course-line length, km (overlapping candidates counted once)
    score: float = 0.0
    score_components: dict[str, float] = field(default_factory=dict)
    rank: int = 0
