"""Hillshade map tiles (Web Mercator, 256 px) rendered from the DEM tiles by :mod:`alatau.terrain`, cached.

A tile is read on its own UTM grid (:func:`alatau.terrain.dem.load_dem` at about the tile's pixel size),
shaded (:func:`alatau.terrain.mapping.shaded_relief`) and sampled at each pixel's centre. Outside the
elevation data a tile is transparent. Tiles are written once under ``var/tiles/hillshade/z/x/y.png``.
"""

import io
import math
from pathlib import Path

import numpy as np
from django.conf import settings

from alatau.errors import InputError
from alatau.files import atomic_output

SIZE = 256
MIN_ZOOM, MAX_ZOOM = 7, 15
EARTH_M = 40_075_016.686
WATER_RGBA = (125, 170, 214, 255)  # lakes and reservoirs found in the DEM (alatau.terrain.water)


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of a slippy-map tile."""
    n = 2**z
    west, east = x / n * 360 - 180, (x + 1) / n * 360 - 180
    north = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    south = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + 1) / n))))
    return (west, south, east, north)


def valid(z: int, x: int, y: int) -> bool:
    return MIN_ZOOM <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def cache_path(z: int, x: int, y: int) -> Path:
    return Path(settings.VAR_DIR) / "tiles" / "hillshade" / str(z) / str(x) / f"{y}.png"


def hillshade_tile(z: int, x: int, y: int, dem_dir: Path) -> bytes:
    """The PNG of one tile, from the cache or rendered (and cached)."""
    path = cache_path(z, x, y)
    if path.exists():
        return path.read_bytes()
    data = render(z, x, y, dem_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as temporary:
        temporary.write_bytes(data)
    return data


def render(z: int, x: int, y: int, dem_dir: Path) -> bytes:
    from PIL import Image

    rgba = np.zeros((SIZE, SIZE, 4), dtype=np.uint8)
    shaded = _shade(z, x, y, dem_dir)
    if shaded is not None:
        shade, water = shaded
        known = np.isfinite(shade)
        grey = np.clip(np.nan_to_num(shade), 0, 255).astype(np.uint8)
        rgba[..., 0] = rgba[..., 1] = rgba[..., 2] = grey
        rgba[..., 3] = np.where(known, 255, 0)
        rgba[water & known] = WATER_RGBA
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _shade(z: int, x: int, y: int, dem_dir: Path) -> tuple[np.ndarray, np.ndarray] | None:
    from pyproj import Transformer

    from alatau.terrain.dem import load_dem
    from alatau.terrain.mapping import shaded_relief
    from alatau.terrain.water import find_water

    west, south, east, north = tile_bounds(z, x, y)
    pixel_m = EARTH_M * math.cos(math.radians((south + north) / 2)) / 2**z / SIZE
    margin_lon, margin_lat = (east - west) / SIZE * 2, (north - south) / SIZE * 2
    box = (
        west - margin_lon,
        max(south - margin_lat, -89.0),
        east + margin_lon,
        min(north + margin_lat, 89.0),
    )
    try:
        dem = load_dem(box, dem_dir=dem_dir, resolution=max(pixel_m, 20.0))
    except InputError:  # no elevation data here: a transparent tile
        return None
    relief = shaded_relief(dem)
    least = _tile_min_water_cells(dem.cell_size, dem.elevation.size)
    water = find_water(dem.elevation, least, tolerance=0.01)
    # Pixel centres: equal steps in Web Mercator y, so in latitude through the Mercator projection.
    n = 2**z
    cols = west + (np.arange(SIZE) + 0.5) / SIZE * (east - west)
    ys = y + (np.arange(SIZE) + 0.5) / SIZE
    lats = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * ys / n))))
    lon, lat = np.meshgrid(cols, lats)
    px, py = Transformer.from_crs("EPSG:4326", dem.crs, always_xy=True).transform(lon, lat)
    inverse = ~dem.transform
    px, py = np.asarray(px), np.asarray(py)
    c = inverse.a * px + inverse.b * py + inverse.c
    r = inverse.d * px + inverse.e * py + inverse.f
    r, c = np.floor(r).astype(int), np.floor(c).astype(int)
    inside = (r >= 0) & (r < relief.shape[0]) & (c >= 0) & (c < relief.shape[1])
    out = np.full((SIZE, SIZE), np.nan)
    out[inside] = relief[r[inside], c[inside]]
    wet = np.zeros((SIZE, SIZE), dtype=bool)
    wet[inside] = water[r[inside], c[inside]]
    return out, wet


def _tile_min_water_cells(cell_size: tuple[float, float], cells: int) -> int:
    """The water threshold on a tile's grid: 0.18 km² (200 SRTM cells), at most a quarter of the tile."""
    from alatau.terrain.water import MIN_WATER_CELLS

    area = MIN_WATER_CELLS * 30.0 * 30.0 / abs(cell_size[0] * cell_size[1])
    return int(max(8, min(area, cells / 4)))
