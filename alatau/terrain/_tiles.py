"""Elevation tiles on disk: find them, tell their footprint, read them as float32 with NaN voids.

SRTM ``.hgt`` / ``.hgt.zip`` tiles are read directly (big-endian int16, the footprint comes from
the name), GeoTIFFs of any CRS through rasterio. Every failure to read a tile becomes an
:class:`~alatau.errors.InputError` that names the file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from affine import Affine

from alatau.errors import InputError

Bounds = tuple[float, float, float, float]  # west, south, east, north

#: File names the loader considers; anything else in a DEM folder (README, checksums) is ignored.
TILE_SUFFIXES = (".hgt", ".hgt.zip", ".tif", ".tiff")
_HGT_NAME = re.compile(r"^([NS])(\d{1,2})([EW])(\d{1,3})", re.IGNORECASE)
_HGT_VOID = -32768
#: Samples per side of the two SRTM products: 3 arc-seconds (SRTM3) and 1 arc-second (SRTM1).
_HGT_SIDES = (1201, 3601)


def is_tile(path: Path) -> bool:
    """Whether ``path`` names an elevation tile the loader reads."""
    return path.is_file() and path.name.lower().endswith(TILE_SUFFIXES)


def is_hgt(path: Path) -> bool:
    return path.name.lower().endswith((".hgt", ".hgt.zip"))


@dataclass
class Tile:
    """One elevation tile: its grid (CRS, transform, shape) and, once read, its values."""

    path: Path
    crs: str
    transform: Affine
    shape: tuple[int, int]
    lonlat_bounds: Bounds
    _values: np.ndarray | None = field(default=None, repr=False)

    @property
    def resolution(self) -> tuple[float, float]:
        return (abs(self.transform.a), abs(self.transform.e))

    def read(self) -> np.ndarray:
        """All the tile's values as float32, NaN for voids and nodata."""
        if self._values is None:
            self._values = _read_hgt(self.path) if is_hgt(self.path) else _read_geotiff(self.path)
        return self._values


def hgt_corner(path: Path) -> tuple[int, int]:
    """(lon, lat) of the lower-left corner of an SRTM tile from its name, e.g. N43E077 → (77, 43)."""
    match = _HGT_NAME.match(path.name)
    if not match:
        raise InputError(f"{path}: an .hgt tile must be named like N43E077.hgt")
    ns, lat, ew, lon = match.groups()
    lat_value = int(lat) * (1 if ns.upper() == "N" else -1)
    lon_value = int(lon) * (1 if ew.upper() == "E" else -1)
    if not (-90 <= lat_value < 90 and -180 <= lon_value < 180):
        raise InputError(f"{path}: no such SRTM tile")
    return lon_value, lat_value


def open_tile(path: Path) -> Tile:
    """Describe a tile without reading its values (those of an .hgt come from its name)."""
    if is_hgt(path):
        return _describe_hgt(path)
    return _describe_geotiff(path)


def _describe_hgt(path: Path) -> Tile:
    lon, lat = hgt_corner(path)
    values = _read_hgt(path)  # the size (SRTM1 or SRTM3) is only known from the data
    side = values.shape[0]
    step = 1.0 / (side - 1)
    # Samples sit on whole degrees: the first row is the tile's north edge, the last its south edge.
    transform = Affine(step, 0.0, lon - step / 2, 0.0, -step, lat + 1 + step / 2)
    bounds = (lon - step / 2, lat - step / 2, lon + 1 + step / 2, lat + 1 + step / 2)
    return Tile(path, "EPSG:4326", transform, (side, side), bounds, values)


def _hgt_bytes(path: Path) -> bytes:
    try:
        if path.name.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as archive:
                members = [n for n in archive.namelist() if n.lower().endswith(".hgt")]
                if not members:
                    raise InputError(f"{path}: the archive holds no .hgt file")
                return archive.read(members[0])
        return path.read_bytes()
    except (OSError, zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as error:
        raise InputError(f"{path}: unreadable elevation tile ({error})") from error


def _read_hgt(path: Path) -> np.ndarray:
    data = _hgt_bytes(path)
    side = next((s for s in _HGT_SIDES if len(data) == s * s * 2), None)
    if side is None:
        raise InputError(f"{path}: corrupt .hgt tile ({len(data)} bytes, expected 1201² or 3601² samples)")
    raw = np.frombuffer(data, dtype=">i2").reshape(side, side)
    values = raw.astype(np.float32)
    values[raw == _HGT_VOID] = np.nan
    return values


def _describe_geotiff(path: Path) -> Tile:
    import rasterio
    from rasterio.errors import RasterioError
    from rasterio.warp import transform_bounds

    try:
        with rasterio.open(path) as src:
            if src.crs is None:
                raise InputError(f"{path}: the GeoTIFF has no coordinate reference system")
            bounds = transform_bounds(src.crs, "EPSG:4326", *src.bounds, densify_pts=21)
            return Tile(path, src.crs.to_string(), src.transform, (src.height, src.width), bounds)
    except RasterioError as error:
        raise InputError(f"{path}: unreadable elevation tile ({error})") from error


def _read_geotiff(path: Path) -> np.ndarray:
    import rasterio
    from rasterio.errors import RasterioError

    try:
        with rasterio.open(path) as src:
            band = src.read(1, masked=True)
    except RasterioError as error:
        raise InputError(f"{path}: unreadable elevation tile ({error})") from error
    values = band.astype(np.float32).filled(np.nan)
    values[values <= -32767] = np.nan  # SRTM-style voids in files that do not declare them
    return values


def intersects(a: Bounds, b: Bounds) -> bool:
    """Whether two (west, south, east, north) boxes overlap (touching edges count)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
