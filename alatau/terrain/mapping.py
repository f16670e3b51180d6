"""A PNG map of a site search: grey hillshade, courses coloured by discipline, sites numbered by rank.

Drawn with Matplotlib's Agg canvas (no display, no pyplot global state) in the DEM's metric CRS, so
distances on the map are true; the axes are in kilometres of that CRS.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from alatau.files import atomic_output
from alatau.terrain.model import Course, Dem, Site

DISCIPLINE_COLOURS = {"DH": "#d62728", "SG": "#ff7f0e", "GS": "#1f77b4", "SL": "#2ca02c"}
DISCIPLINE_NAMES = {"DH": "Downhill", "SG": "Super-G", "GS": "Giant slalom", "SL": "Slalom"}
MAX_PIXELS = 1600  # the hillshade is decimated to at most this many cells a side: a map, not an analysis
MAX_LABELS = 40  # sites numbered on the map; the rest are outlined only
WATER_COLOUR = "#7daad6"
MAX_PLACE_NAMES = 8  # the biggest populated places on the map are named


def draw_map(
    dem: Dem,
    courses: Sequence[Course],
    sites: Sequence[Site],
    path: str | Path,
    *,
    title: str | None = None,
    dpi: int = 130,
) -> Path:
    """Draw the map and write it to ``path`` as PNG, atomically.

    Parameters
    ----------
    dem : Dem
        The elevation grid the courses were found on (gives the hillshade and the map's CRS).
    courses, sites : sequences of Course and Site
        What the search found; sites are numbered by rank.
    path : str or Path
        The PNG file; its folder must exist.
    title : str, optional
        The map's title; by default a count of courses and sites.
    dpi : int
        Resolution; the figure is 10 inches wide (1,300 pixels at the default).

    Returns
    -------
    Path
        ``path``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 10 * dem.shape[0] / max(dem.shape[1], 1) + 0.8), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    _draw_hillshade(axes, dem)
    _draw_courses(axes, dem, courses)
    _draw_sites(axes, dem, courses, sites)
    draw_place_names(axes, dem)
    axes.set_title(title or f"{len(courses)} courses, {len(sites)} candidate sites")
    axes.set_xlabel(f"easting, km ({dem.crs})")
    axes.set_ylabel("northing, km")
    _legend_below(figure, axes)
    with atomic_output(path) as temporary:
        figure.savefig(temporary, format="png")
    return Path(path)


def shaded_relief(dem: Dem, stride: int = 1, azimuth: float = 315.0, altitude: float = 45.0) -> np.ndarray:
    """Hillshade (gdaldem's 1–255 scale, NaN where unknown) of every ``stride``-th cell of the DEM."""
    from alatau.terrain.derivatives import hillshade

    elevation = np.asarray(dem.elevation[::stride, ::stride], dtype=np.float32)
    cell = (dem.cell_size[0] * stride, dem.cell_size[1] * stride)
    return np.asarray(hillshade(elevation, cell, azimuth=azimuth, altitude=altitude), dtype=np.float64)


def _draw_hillshade(axes: Any, dem: Dem) -> None:
    stride = max(1, math.ceil(max(dem.shape) / MAX_PIXELS))
    shade = np.ma.masked_invalid(shaded_relief(dem, stride))
    left, top = dem.transform.c, dem.transform.f
    right = left + dem.shape[1] * dem.transform.a
    bottom = top + dem.shape[0] * dem.transform.e
    extent = (left / 1000, right / 1000, bottom / 1000, top / 1000)
    cmap = _grey_with_void_colour()
    # vmin below 0 keeps the darkest slopes mid-grey, so that coloured course lines stay readable on them.
    axes.imshow(shade, cmap=cmap, vmin=-160, vmax=255, extent=extent, interpolation="bilinear")
    _draw_water(axes, dem, stride, extent)
    axes.set_xlim(extent[0], extent[1])
    axes.set_ylim(extent[2], extent[3])
    axes.set_aspect("equal")


def _draw_water(axes: Any, dem: Dem, stride: int, extent: tuple[float, ...]) -> None:
    """Lakes and reservoirs (level regions of the DEM, :func:`alatau.terrain.water.find_water`) in blue."""
    from matplotlib.colors import ListedColormap

    from alatau.terrain.water import MIN_WATER_CELLS, find_water

    elevation = np.asarray(dem.elevation[::stride, ::stride])
    water = find_water(elevation, max(8, MIN_WATER_CELLS // stride**2), tolerance=0.01)
    if water.any():
        layer = np.ma.masked_where(~water, np.ones(water.shape))
        axes.imshow(layer, cmap=ListedColormap([WATER_COLOUR]), extent=extent, interpolation="nearest")


def _legend_below(figure: Any, axes: Any) -> None:
    """The discipline legend under the map, outside it: inside, it would hide courses or a site."""
    handles, labels = axes.get_legend_handles_labels()
    strip = 0.0
    if handles:
        figure.legend(handles, labels, loc="lower center", ncol=4, fontsize=9, frameon=False)
        strip = 0.35 / figure.get_figheight()  # inches of legend line, as a share of the figure
    figure.tight_layout(rect=(0.0, strip, 1.0, 1.0))


def _grey_with_void_colour() -> Any:
    from matplotlib import colormaps

    # No data (outside the tiles, unfilled voids): pale blue, not black.
    return colormaps["gray"].with_extremes(bad="#cfe3f2")


def _draw_courses(axes: Any, dem: Dem, courses: Sequence[Course]) -> None:
    from matplotlib.collections import LineCollection

    # Thousands of candidates in a mountain range would otherwise hide the terrain and the sites.
    width = 2.0 if len(courses) < 200 else 0.8 if len(courses) < 2000 else 0.4
    for discipline, colour in DISCIPLINE_COLOURS.items():
        chosen = [c for c in courses if c.discipline == discipline]
        if not chosen:
            continue
        lines = [np.column_stack(dem.xy(c.cells[:, 0], c.cells[:, 1])) / 1000 for c in chosen]
        label = f"{DISCIPLINE_NAMES[discipline]} ({len(chosen)})"
        axes.add_collection(
            LineCollection(lines, colors=colour, linewidths=width, label=label), autolim=False
        )


def _draw_sites(axes: Any, dem: Dem, courses: Sequence[Course], sites: Sequence[Site]) -> None:
    import matplotlib.patheffects as effects
    from pyproj import Transformer

    to_grid = Transformer.from_crs("EPSG:4326", dem.crs, always_xy=True)
    halo = [effects.withStroke(linewidth=3, foreground="white")]
    bases = _bases(dem, courses)
    for site in sorted(sites, key=lambda s: s.rank, reverse=True):
        lon, lat = np.asarray(site.polygon, dtype=np.float64).T
        x, y = to_grid.transform(lon, lat)
        # The best sites stand out; the rest are outlined faintly, else a dense range becomes a web of lines.
        best = site.rank <= 10
        axes.plot(
            np.asarray(x) / 1000,
            np.asarray(y) / 1000,
            color="black" if best else "#555555",
            linewidth=1.3 if best else 0.6,
            linestyle="-" if best else "--",
        )
        if site.rank <= MAX_LABELS:
            # The number sits at the site's base (its lowest finish), where a resort would be built.
            bx, by = bases.get(site.site_id, (float(np.mean(x)), float(np.mean(y))))
            axes.plot(bx / 1000, by / 1000, marker="o", markersize=4, color="black")
            axes.text(
                bx / 1000,
                by / 1000,
                f" {site.rank}",
                fontsize=10,
                fontweight="bold",
                ha="left",
                va="bottom",
                path_effects=halo,
            )


def _bases(dem: Dem, courses: Sequence[Course]) -> dict[int, tuple[float, float]]:
    """Projected lowest finish of each site's courses."""
    lowest: dict[int, Course] = {}
    for course in courses:
        if course.site_id is not None:
            best = lowest.get(course.site_id)
            if best is None or course.finish_elevation_m < best.finish_elevation_m:
                lowest[course.site_id] = course
    bases = {}
    for site_id, course in lowest.items():
        x, y = dem.xy(course.cells[-1:, 0], course.cells[-1:, 1])
        bases[site_id] = (float(x[0]), float(y[0]))
    return bases


def draw_place_names(axes: Any, dem: Dem, limit: int = MAX_PLACE_NAMES, language: str = "en") -> list[str]:
    """Name the ``limit`` biggest places (GeoNames) inside the DEM on ``axes`` (km of the DEM's CRS).

    Returns the names drawn, biggest first.
    """
    import matplotlib.patheffects as effects
    from pyproj import Transformer

    from alatau.terrain.places import load_places

    left, top = dem.transform.c, dem.transform.f
    right = left + dem.shape[1] * dem.transform.a
    bottom = top + dem.shape[0] * dem.transform.e
    to_lonlat = Transformer.from_crs(dem.crs, "EPSG:4326", always_xy=True)
    lon, lat = to_lonlat.transform([left, right, right, left], [top, top, bottom, bottom])
    places = load_places((min(lon), min(lat), max(lon), max(lat)))
    to_grid = Transformer.from_crs("EPSG:4326", dem.crs, always_xy=True)
    halo = [effects.withStroke(linewidth=2.5, foreground="white")]
    drawn = []
    for place in places:
        x, y = to_grid.transform(place.lon, place.lat)
        if not (left <= x <= right and bottom <= y <= top):
            continue
        axes.plot(x / 1000, y / 1000, marker="s", markersize=3, color="#111827")
        axes.text(
            x / 1000, y / 1000, f" {place.name(language)}", fontsize=8, style="italic", path_effects=halo
        )
        drawn.append(place.name(language))
        if len(drawn) >= limit:
            break
    return drawn
