"""Elevation models for the terrain engine: tiles → mosaic → void fill → crop → local UTM grid.

:func:`load_dem` reads the tiles that touch a bounding box (SRTM ``.hgt``/``.hgt.zip`` and
GeoTIFFs of any CRS, from a folder or from a remote source through
:mod:`alatau.terrain.sources`), mosaics them on the grid of the finest tile, fills the voids,
and reprojects the box to the local UTM zone with bilinear resampling.

Choices
-------
* **Cell size.** A square cell keeps Horn's method and the course search isotropic. The
  default is the geometric mean of the source's east–west and north–south cell sizes at the
  box's centre, rounded to whole metres: 3" SRTM at 43° N has 67.9 m × 92.6 m cells, so the
  grid gets 79 m cells and about as many cells as the source has samples: no detail is
  thrown away on average and none is invented. ``resolution`` overrides it.
* **Voids** (SRTM radar shadows) are filled on the source grid, before resampling, with the
  harmonic (Laplace) surface over the real cells around each void
  (:func:`alatau.terrain._voids.harmonic_fill`): each filled height is the mean of its four
  neighbours, so it lies within the range of the void's rim (no spikes, no pits) and the filled
  surface is as smooth as the rim allows (GDAL's inverse-distance fill left cone-shaped facets
  steeper than any real slope around the voids). The real cells touching a void (its rim,
  :data:`VOID_RIM_CELLS`) are refilled with it: SRTM heights at a radar shadow's edge are
  unreliable (they gave the fill its steepest facets). Void cells further than
  :data:`MAX_FILL_DISTANCE` cells from any data stay NaN. :attr:`Dem.filled_cells` counts the
  made-up source cells (voids and rims) and :attr:`Dem.filled` marks the grid cells whose value
  draws on any of them.
* **Outside the data** (beyond the tiles, or sea tiles a source does not have) is NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from affine import Affine

from alatau.errors import InputError
from alatau.terrain._tiles import Bounds, Tile, hgt_corner, intersects, is_hgt, is_tile, open_tile
from alatau.terrain.model import Dem

#: Voids further than this many source cells from valid data are left NaN (≈ 9 km for 3" SRTM).
MAX_FILL_DISTANCE = 100
#: The largest grid one call builds (8 GB of float32): beyond that, split the box.
MAX_CELLS = 2_000_000_000
#: Real cells this far (in source cells) around a void are made up with it: their heights are unreliable.
VOID_RIM_CELLS = 1
#: Extra source cells read around the box, so that resampling and void fill see past its edge.
_MARGIN_CELLS = 8


def dem_from_array(
    elevation: Any, transform: Affine, crs: Any, *, filled_cells: int = 0, filled: Any = None
) -> Dem:
    """Wrap an elevation grid (e.g. synthetic terrain in a test) as a :class:`~alatau.terrain.model.Dem`.

    Parameters
    ----------
    elevation : array_like
        Heights in metres, shape (rows, cols), rows north to south; NaN for no data.
    transform : affine.Affine
        North-up transform of the grid's upper-left corner (metres).
    crs : str, int or pyproj.CRS
        A metric CRS, e.g. ``"EPSG:32643"`` or ``32643``.
    filled_cells : int
        How many cells were filled by interpolation (reported, not used).
    filled : array_like of bool, optional
        Cells whose elevation is made up (the course search avoids them).

    Returns
    -------
    Dem
        float32 elevation with the CRS as an ``"EPSG:…"`` string where it has a code.
    """
    grid = np.ascontiguousarray(np.asarray(elevation, dtype=np.float32))
    if grid.ndim != 2:
        raise InputError(f"elevation must be a 2-D grid, got {grid.ndim} dimension(s)")
    if transform.b != 0 or transform.d != 0 or transform.a <= 0 or transform.e >= 0:
        raise InputError("the transform must be north-up with positive cell sizes")
    mask = None if filled is None else np.asarray(filled, dtype=bool)
    if mask is not None and mask.shape != grid.shape:
        raise InputError(f"the filled mask has shape {mask.shape}, the elevation {grid.shape}")
    return Dem(grid, transform, _crs_string(crs), filled_cells, mask)


def load_dem(
    bbox: Sequence[float],
    *,
    dem_dir: str | Path | None = None,
    source: str | None = None,
    offline: bool = False,
    cache_dir: str | Path | None = None,
    resolution: float | None = None,
) -> Dem:
    """Load the elevation of a bounding box on a square grid in its local UTM zone.

    Parameters
    ----------
    bbox : (west, south, east, north)
        Degrees (WGS 84). ``west > east`` (a box across the antimeridian) is refused.
    dem_dir : path, optional
        A folder of tiles (``.hgt``, ``.hgt.zip``, ``.tif``, ``.tiff``; other files are ignored).
    source : {"copernicus-30", "copernicus-90"}, optional
        Fetch tiles from that source instead (cached; see :mod:`alatau.terrain.sources`).
    offline : bool
        With ``source``: use the cache only.
    cache_dir : path, optional
        With ``source``: the cache folder (default ``ALATAU_CACHE_DIR`` or the user cache).
    resolution : float, optional
        Cell size in metres (default: the data's own, see the module notes).

    Returns
    -------
    Dem
        The box's elevation in the local UTM zone, NaN outside the data.

    Raises
    ------
    InputError
        Bad box, no tile or no data in the box, an unreadable tile, or nothing but voids.
    """
    box = check_bbox(bbox)
    if resolution is not None and not (math.isfinite(resolution) and resolution > 0):
        raise InputError(f"resolution must be a positive number of metres, got {resolution}")
    tiles = _tiles_for(box, dem_dir, source, offline, cache_dir)
    reference = min(tiles, key=lambda t: t.resolution[0] * t.resolution[1])
    cell = resolution if resolution is not None else _native_cell(reference.transform, reference.crs, box)
    target = _utm_grid(box, cell)
    if target.shape[0] * target.shape[1] > MAX_CELLS:
        raise InputError(
            f"bbox {_fmt(box)} at {cell:g} m makes {target.shape[0]}×{target.shape[1]} cells: "
            "too many for one grid; split the box or choose a coarser resolution"
        )
    # The UTM rectangle pokes out of the lon/lat box at its corners (grid convergence): read
    # the source under the whole rectangle so those cells get data too.
    mosaic, transform, filled = _mosaic(tiles, reference, _lonlat_bounds(target))
    if not np.isfinite(mosaic).any():
        raise InputError(f"no elevation data in bbox {_fmt(box)}: the area is all void")
    elevation = _reproject(mosaic, transform, reference.crs, target)
    if not np.isfinite(elevation).any():
        raise InputError(f"no elevation data in bbox {_fmt(box)}")
    # A grid cell is made up if any filled source cell weighs in its bilinear value.
    made_up = np.zeros(target.shape, dtype=bool)
    if filled.any():
        made_up = _reproject(filled.astype(np.float32), transform, reference.crs, target) > 0
    return Dem(elevation, target.transform, target.crs, int(filled.sum()), made_up)


def check_bbox(bbox: Sequence[float]) -> Bounds:
    """Validate a (west, south, east, north) box in degrees; InputError if it is not usable."""
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError) as error:
        raise InputError(f"bbox must be four numbers west,south,east,north; got {bbox!r}") from error
    box = (west, south, east, north)
    if not all(math.isfinite(v) for v in box):
        raise InputError(f"bbox {box} has a value that is not a number")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise InputError(f"bbox {_fmt(box)} is outside longitude −180…180 / latitude −90…90")
    if west > east and west - east < 180:  # a box across the antimeridian would span over 180°
        raise InputError(
            f"bbox {_fmt(box)}: west {west:g} is east of east {east:g}, west and east look swapped "
            f"(did you mean {east:g},{south:g},{west:g},{north:g}?)"
        )
    if west > east:
        raise InputError(f"bbox {_fmt(box)} crosses the antimeridian (west > east): split it into two boxes")
    if west == east or south >= north:
        raise InputError(f"bbox {_fmt(box)} is empty: need west < east and south < north")
    return box


def utm_crs(lon: float, lat: float) -> str:
    """The WGS 84 / UTM zone of a point: ``EPSG:326zz`` north of the equator, ``EPSG:327zz`` south."""
    zone = min(int((lon + 180) // 6) + 1, 60)
    return f"EPSG:{(32600 if lat >= 0 else 32700) + zone}"


# --- tiles -------------------------------------------------------------------------------------


def _tiles_for(
    box: Bounds, dem_dir: str | Path | None, source: str | None, offline: bool, cache_dir: str | Path | None
) -> list[Tile]:
    if (dem_dir is None) == (source is None):
        raise InputError("give exactly one of a DEM folder (--dem-dir) or a source (--source)")
    if source is not None:
        from alatau.terrain import sources

        paths = sources.fetch_tiles(box, source, offline=offline, cache_dir=cache_dir).paths
        tiles = [open_tile(p) for p in paths]
        if not tiles:
            raise InputError(f"{source} has no tile in bbox {_fmt(box)} (sea or outside its coverage)")
        return tiles
    return _tiles_in_dir(Path(dem_dir), box)  # type: ignore[arg-type]


def _tiles_in_dir(folder: Path, box: Bounds) -> list[Tile]:
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    paths = sorted(p for p in folder.iterdir() if is_tile(p))
    if not paths:
        raise InputError(f"{folder}: no elevation tiles (.hgt, .hgt.zip, .tif, .tiff)")
    tiles = []
    for path in paths:
        if is_hgt(path):
            lon, lat = hgt_corner(path)  # cheap pre-filter by name: no need to read far tiles
            if not intersects((lon, lat, lon + 1, lat + 1), box):
                continue
        tile = open_tile(path)
        if intersects(tile.lonlat_bounds, box):
            tiles.append(tile)
    if not tiles:
        raise InputError(f"bbox {_fmt(box)} is outside the data in {folder}")
    return tiles


# --- mosaic and void fill ----------------------------------------------------------------------


def _mosaic(tiles: list[Tile], reference: Tile, box: Bounds) -> tuple[np.ndarray, Affine, np.ndarray]:
    """Mosaic the tiles on the reference tile's grid around the box; fill voids; mark the filled cells."""
    transform, shape = _mosaic_grid(reference, tiles, box)
    mosaic = np.full(shape, np.nan, dtype=np.float32)
    covered = np.zeros(shape, dtype=bool)
    for tile in tiles:
        _paste(tile, mosaic, covered, transform, reference.crs)
    filled = _fill_voids(mosaic, covered)
    return mosaic, transform, filled


def _mosaic_grid(reference: Tile, tiles: list[Tile], box: Bounds) -> tuple[Affine, tuple[int, int]]:
    """The window of the reference grid that covers the box (and a margin), within the tiles."""
    from rasterio.warp import transform_bounds

    def to_ref(bounds: Bounds) -> Bounds:
        return transform_bounds("EPSG:4326", reference.crs, *bounds, densify_pts=21)  # type: ignore[no-any-return]

    data = [to_ref(t.lonlat_bounds) for t in tiles]
    want = to_ref(box)
    west = max(want[0], min(b[0] for b in data))
    south = max(want[1], min(b[1] for b in data))
    east = min(want[2], max(b[2] for b in data))
    north = min(want[3], max(b[3] for b in data))
    ref = reference.transform
    col0 = math.floor((west - ref.c) / ref.a) - _MARGIN_CELLS
    col1 = math.ceil((east - ref.c) / ref.a) + _MARGIN_CELLS
    row0 = math.floor((north - ref.f) / ref.e) - _MARGIN_CELLS
    row1 = math.ceil((south - ref.f) / ref.e) + _MARGIN_CELLS
    transform = ref @ Affine.translation(col0, row0)
    return transform, (max(row1 - row0, 1), max(col1 - col0, 1))


def _paste(tile: Tile, mosaic: np.ndarray, covered: np.ndarray, transform: Affine, crs: str) -> None:
    """Put a tile's values on the mosaic grid: sliced when aligned, else resampled bilinearly."""
    offset = ~tile.transform @ (transform.c, transform.f)  # mosaic origin in tile (col, row)
    aligned = (
        tile.crs == crs
        and np.allclose(tile.resolution, (abs(transform.a), abs(transform.e)), rtol=1e-9)
        and all(abs(v - round(v)) < 1e-6 for v in offset)
    )
    if aligned:
        _paste_aligned(tile, mosaic, covered, round(offset[0]), round(offset[1]))
    else:
        _paste_resampled(tile, mosaic, covered, transform, crs)


def _paste_aligned(tile: Tile, mosaic: np.ndarray, covered: np.ndarray, col: int, row: int) -> None:
    rows, cols = mosaic.shape
    r0, c0 = max(row, 0), max(col, 0)
    r1, c1 = min(row + rows, tile.shape[0]), min(col + cols, tile.shape[1])
    if r0 >= r1 or c0 >= c1:
        return
    values = tile.read()[r0:r1, c0:c1]
    target = (slice(r0 - row, r1 - row), slice(c0 - col, c1 - col))
    # Neighbouring tiles share their edge rows: keep whichever has data there.
    part = mosaic[target]
    np.copyto(part, values, where=np.isnan(part))
    covered[target] = True


def _paste_resampled(
    tile: Tile, mosaic: np.ndarray, covered: np.ndarray, transform: Affine, crs: str
) -> None:
    from rasterio.warp import Resampling, reproject

    values = tile.read()
    part = np.full(mosaic.shape, np.nan, dtype=np.float32)
    common = {
        "src_transform": tile.transform,
        "src_crs": tile.crs,
        "dst_transform": transform,
        "dst_crs": crs,
    }
    reproject(values, part, src_nodata=np.nan, dst_nodata=np.nan, resampling=Resampling.bilinear, **common)
    footprint = np.zeros(mosaic.shape, dtype=np.uint8)
    ones = np.ones(tile.shape, dtype=np.uint8)
    reproject(ones, footprint, src_nodata=0, dst_nodata=0, resampling=Resampling.nearest, **common)
    np.copyto(mosaic, part, where=np.isnan(mosaic))
    covered |= footprint.astype(bool)


def _fill_voids(mosaic: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """Fill NaN cells inside the tiles' footprints in place; return the mask of the made-up cells.

    The real cells touching a void (8-neighbours) are made up too: SRTM heights at the edge of a radar
    shadow are unreliable, and a surface fitted to them leans on their errors. Where a void cannot be
    filled its rim keeps its real heights.
    """
    voids = covered & np.isnan(mosaic)
    if not voids.any() or voids.all():
        return np.zeros(mosaic.shape, dtype=bool)
    from scipy import ndimage

    from alatau.terrain._voids import harmonic_fill

    rim = ndimage.binary_dilation(voids, structure=np.ones((3, 3), dtype=bool), iterations=VOID_RIM_CELLS)
    rim &= covered & ~voids
    kept = mosaic[rim]
    mosaic[rim] = np.nan
    near_data = ndimage.distance_transform_edt(np.isnan(mosaic)) <= MAX_FILL_DISTANCE
    filled = harmonic_fill(mosaic, (voids | rim) & near_data)
    unfilled_rim = rim & ~filled
    mosaic[unfilled_rim] = kept[unfilled_rim[rim]]
    return filled


# --- reprojection ------------------------------------------------------------------------------


def _utm_grid(box: Bounds, cell: float) -> Dem:
    """The grid (square cells in the box's UTM zone) that covers the box; its values are unused."""
    from rasterio.warp import transform_bounds

    crs = utm_crs((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    west, south, east, north = transform_bounds("EPSG:4326", crs, *box, densify_pts=21)
    # Snap the grid to whole cells so that two boxes of one area share their cell edges.
    west, south = math.floor(west / cell) * cell, math.floor(south / cell) * cell
    east, north = math.ceil(east / cell) * cell, math.ceil(north / cell) * cell
    shape = (round((north - south) / cell), round((east - west) / cell))
    placeholder = np.broadcast_to(np.float32(np.nan), shape)  # no memory: only the shape is used
    return Dem(placeholder, Affine(cell, 0.0, west, 0.0, -cell, north), crs)


def _lonlat_bounds(grid: Dem) -> Bounds:
    from rasterio.warp import transform_bounds

    rows, cols = grid.shape
    t = grid.transform
    corners = (t.c, t.f + rows * t.e, t.c + cols * t.a, t.f)
    return transform_bounds(grid.crs, "EPSG:4326", *corners, densify_pts=21)  # type: ignore[no-any-return]


def _reproject(values: np.ndarray, transform: Affine, crs: str, target: Dem) -> np.ndarray:
    """Resample a source-grid array bilinearly onto the target grid; NaN where there is no data."""
    from rasterio.warp import Resampling, reproject

    grid = np.full(target.shape, np.nan, dtype=np.float32)
    reproject(
        values,
        grid,
        src_transform=transform,
        src_crs=crs,
        src_nodata=np.nan,
        dst_transform=target.transform,
        dst_crs=target.crs,
        dst_nodata=np.nan,
        resampling=Resampling.bilinear,
        num_threads=2,
    )
    return grid


def _native_cell(transform: Affine, crs: str, box: Bounds) -> float:
    """The source's cell size in metres at the box's centre, as a square cell (geometric mean)."""
    from pyproj import CRS

    dx, dy = abs(transform.a), abs(transform.e)
    if CRS.from_user_input(crs).is_geographic:
        from alatau.terrain.derivatives import geographic_cell_sizes

        widths, height = geographic_cell_sizes(np.array([(box[1] + box[3]) / 2]), dx, dy)
        dx, dy = float(widths[0]), height
    return float(max(round(math.sqrt(dx * dy)), 1))


def _crs_string(crs: Any) -> str:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        parsed = CRS.from_user_input(crs)
    except CRSError as error:
        raise InputError(f"unknown CRS {crs!r}") from error
    code = parsed.to_epsg()
    return f"EPSG:{code}" if code else parsed.to_wkt()


def _fmt(box: Bounds) -> str:
    return ",".join(f"{v:g}" for v in box)
