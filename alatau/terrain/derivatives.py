"""Terrain derivatives with Horn's method: slope, aspect and hillshade, matching ``gdaldem``.

Each public function takes a 2-D elevation grid and returns a grid of the same shape:

* a :class:`numpy.ndarray` in gives a :class:`numpy.ndarray` out (float32), computed by
  Numba kernels that release the GIL, on bands of rows in one thread per core;
* a :class:`dask.array.Array` in gives a lazy dask array out (``map_overlap`` with a halo
  of one cell, so the result equals the NumPy one cell for cell);
* an :class:`xarray.DataArray` in gives a DataArray out with the same coordinates and
  attributes (the cell size is read from the ``x``/``y`` coordinates when not given).

Conventions (those of ``gdaldem`` without ``-compute_edges``):

* the outermost ring of cells is NaN, and so is every cell whose 3×3 window holds a NaN
  (nodata), so nodata never leaks into a plausible-looking value;
* aspect is an azimuth in degrees clockwise from north of the downhill direction, in
  [0, 360); a flat cell (no gradient) has aspect NaN, which is what ``gdaldem aspect``
  writes as its nodata value -9999 (``alatau terrain aspect`` writes -9999 too);
* hillshade is ``1 + 254 · cos(angle to the sun)`` clipped at 1 (fully shaded), the
  values ``gdaldem hillshade`` writes as bytes 1–255 (0 is nodata there and NaN here).

Unlike ``gdaldem aspect``, which ignores the cell size, aspect here accounts for
non-square cells; on square cells the two are the same.

Cell sizes are metres, ``(dx, dy)`` both positive. For a geographic grid, ``dx`` may be a
1-D array with one east–west cell width per row (NumPy input only): see
:func:`geographic_cell_sizes`.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numba
import numpy as np

from alatau.terrain.grid import CellSize, kernel_for, run_rows, sun_vector

#: Semi-major axis and flattening of WGS 84, for metric cell sizes of a geographic grid.
_WGS84_A = 6378137.0
_WGS84_F = 1 / 298.257223563


# --- kernels -----------------------------------------------------------------------------------
# Each kernel fills rows [r0, r1) of the interior; the caller sets the border ring and splits the
# rows between threads (the kernels release the GIL). There are no branches in the inner loops,
# so LLVM vectorises them: nodata is a select, and NaN simply propagates through the sums.
# ``fx``/``fy`` hold 1 / (8 · cell size) per row, in the grid's own float type, already scaled
# by the factor the output needs (100 for a percent slope), so float32 grids run in float32.


@numba.njit(inline="always")
def _window(z: np.ndarray, r: int, c: int, nodata: float) -> tuple[float, float, bool]:
    """Horn's sums (east minus west, south minus north) and whether the window holds nodata."""
    a, b, cc = z[r - 1, c - 1], z[r - 1, c], z[r - 1, c + 1]
    d, e, f = z[r, c - 1], z[r, c], z[r, c + 1]
    g, h, i = z[r + 1, c - 1], z[r + 1, c], z[r + 1, c + 1]
    east = (cc + f + f + i) - (a + d + d + g)
    south = (g + h + h + i) - (a + b + b + cc)
    # A NaN neighbour already makes the sums NaN; the centre is not in them, hence e != e.
    bad = (
        (a == nodata)
        | (b == nodata)
        | (cc == nodata)
        | (d == nodata)
        | (e == nodata)
        | (f == nodata)
        | (g == nodata)
        | (h == nodata)
        | (i == nodata)
        | (e != e)
    )
    return east, south, bad


@numba.njit(nogil=True, cache=True)
def _slope_rows(z, r0, r1, fx, fy, nodata, fill, out):  # type: ignore[no-untyped-def]
    for r in range(r0, r1):
        sx, sy = fx[r], fy[r]
        for c in range(1, z.shape[1] - 1):
            east, south, bad = _window(z, r, c, nodata)
            gx, gy = east * sx, south * sy
            rise = math.sqrt(gx * gx + gy * gy)
            # Bitwise | rather than `or`: a short-circuit branch here stops vectorisation (10× slower).
            out[r, c] = fill if bad | (rise != rise) else rise


@numba.njit(nogil=True, cache=True)
def _slope_degrees_rows(z, r0, r1, fx, fy, nodata, fill, out):  # type: ignore[no-untyped-def]
    for r in range(r0, r1):
        sx, sy = fx[r], fy[r]
        for c in range(1, z.shape[1] - 1):
            east, south, bad = _window(z, r, c, nodata)
            gx, gy = east * sx, south * sy
            angle = math.atan(math.sqrt(gx * gx + gy * gy)) * (180.0 / math.pi)
            out[r, c] = fill if bad | (angle != angle) else angle


@numba.njit(nogil=True, cache=True)
def _aspect_rows(z, r0, r1, fx, fy, nodata, fill, out):  # type: ignore[no-untyped-def]
    for r in range(r0, r1):
        sx, sy = fx[r], fy[r]
        for c in range(1, z.shape[1] - 1):
            east, south, bad = _window(z, r, c, nodata)
            gx, gy = east * sx, south * sy
            # Downhill points along (-gx, +gy) in (east, north): its compass azimuth.
            azimuth = math.atan2(-gx, gy) * (180.0 / math.pi)
            azimuth = azimuth + 360.0 if azimuth < 0.0 else azimuth
            azimuth = 0.0 if azimuth >= 360.0 else azimuth  # -0.000001 + 360 rounds to 360
            flat = (gx == 0.0) & (gy == 0.0)  # no direction: gdaldem's -9999
            out[r, c] = fill if bad | flat | (azimuth != azimuth) else azimuth


@numba.njit(nogil=True, cache=True)
def _hillshade_rows(z, r0, r1, fx, fy, sun, nodata, fill, out):  # type: ignore[no-untyped-def]
    sun_e, sun_n, sun_up = sun[0], sun[1], sun[2]
    for r in range(r0, r1):
        sx, sy = fx[r], fy[r]
        for c in range(1, z.shape[1] - 1):
            east, south, bad = _window(z, r, c, nodata)
            gx, gn = east * sx, -south * sy
            # Cosine between the surface normal (-gx, -gn, 1) and the direction of the sun.
            cosine = (sun_up - gx * sun_e - gn * sun_n) / math.sqrt(1.0 + gx * gx + gn * gn)
            value = 1.0 + 254.0 * max(cosine, 0.0)
            out[r, c] = fill if bad | (cosine != cosine) else value


# --- plumbing ----------------------------------------------------------------------------------


def geographic_cell_sizes(
    latitudes: np.ndarray, dlon_deg: float, dlat_deg: float
) -> tuple[np.ndarray, float]:
    """Metric cell sizes of a latitude/longitude grid on the WGS 84 ellipsoid.

    Parameters
    ----------
    latitudes : numpy.ndarray
        Latitude in degrees of the centre of each row.
    dlon_deg, dlat_deg : float
        Cell width and height in degrees.

    Returns
    -------
    (numpy.ndarray, float)
        East–west width of a cell in each row (metres) and the north–south height (metres,
        taken at the mean latitude: it changes by under 1 % from equator to pole).
    """
    e2 = _WGS84_F * (2 - _WGS84_F)
    phi = np.radians(np.asarray(latitudes, dtype=np.float64))
    sin2 = np.sin(phi) ** 2
    prime_vertical = _WGS84_A / np.sqrt(1 - e2 * sin2)
    meridional = _WGS84_A * (1 - e2) / (1 - e2 * sin2) ** 1.5
    dx = prime_vertical * np.cos(phi) * math.radians(abs(dlon_deg))
    dy = float(np.mean(meridional)) * math.radians(abs(dlat_deg))
    return dx, dy


KERNELS: dict[str, Any] = {
    "slope": _slope_rows,
    "slope-degrees": _slope_degrees_rows,
    "aspect": _aspect_rows,
    "hillshade": _hillshade_rows,
}


def _run_numpy(
    kind: str,
    elevation: np.ndarray,
    cell_size: CellSize,
    params: tuple[Any, ...],
    nodata: float,
    fill: float,
    out: np.ndarray | None = None,
) -> np.ndarray:
    return run_rows(KERNELS[kind], kind, elevation, cell_size, params, nodata, fill, out)


def _dispatch(kind: str, elevation: Any, cell_size: CellSize | None, params: tuple[Any, ...]) -> Any:
    """Route NumPy, dask and xarray inputs to the kernel; see the module docstring."""
    import xarray as xr

    if isinstance(elevation, xr.DataArray):
        size = cell_size if cell_size is not None else _cell_size_from_coords(elevation)
        data = _dispatch(kind, elevation.data, size, params)
        return elevation.copy(data=data).rename(kind.split("-")[0])
    if cell_size is None:
        raise ValueError("cell_size=(dx, dy) is required for a NumPy or dask grid")
    if _is_dask(elevation):
        return _run_dask(kind, elevation, cell_size, params)
    return _run_numpy(kind, elevation, cell_size, params, math.nan, math.nan)


def _is_dask(array: Any) -> bool:
    return type(array).__module__.startswith("dask.")


def _run_dask(kind: str, elevation: Any, cell_size: CellSize, params: tuple[Any, ...]) -> Any:
    if np.ndim(cell_size[0]) or np.ndim(cell_size[1]):
        raise ValueError("a dask grid needs scalar cell sizes (dx, dy); reproject geographic data first")
    grid = elevation if elevation.dtype in (np.float32, np.float64) else elevation.astype(np.float32)
    # A one-cell halo, NaN beyond the array's edge: every block then sees exactly the windows
    # the whole-array kernel sees, so the result is identical cell for cell.
    return grid.map_overlap(
        _block,
        depth=1,
        boundary=np.nan,
        dtype=np.float32,
        meta=np.array((), dtype=np.float32),
        kind=kind,
        cell_size=cell_size,
        params=params,
    )


def _block(block: np.ndarray, *, kind: str, cell_size: CellSize, params: tuple[Any, ...]) -> np.ndarray:
    return _run_numpy(kind, block, cell_size, params, math.nan, math.nan)


def _cell_size_from_coords(array: Any) -> tuple[float, float]:
    y_name, x_name = array.dims[-2], array.dims[-1]
    try:
        dx = abs(float(array[x_name][1] - array[x_name][0]))
        dy = abs(float(array[y_name][1] - array[y_name][0]))
    except (IndexError, KeyError, TypeError) as error:
        raise ValueError("cannot read the cell size from the coordinates; pass cell_size=(dx, dy)") from error
    return dx, dy


# --- public API --------------------------------------------------------------------------------


def slope(
    elevation: Any, cell_size: CellSize | None = None, *, unit: Literal["percent", "degrees"] = "percent"
) -> Any:
    """Slope of the terrain with Horn's method (the ``gdaldem slope`` formula).

    Parameters
    ----------
    elevation : numpy.ndarray, dask.array.Array or xarray.DataArray
        Elevation in metres, rows north to south; NaN for nodata.
    cell_size : (dx, dy), optional
        Cell width and height in metres (positive). Required unless ``elevation`` is a
        DataArray with ``x``/``y`` coordinates. ``dx`` may be one value per row (NumPy only).
    unit : {"percent", "degrees"}
        ``"percent"``: 100 · rise / run (``gdaldem slope -p``); ``"degrees"``: the angle.

    Returns
    -------
    Same type as ``elevation``
        float32 slope; NaN on the outer ring and wherever the 3×3 window holds nodata.
    """
    if unit not in ("percent", "degrees"):
        raise ValueError(f"unknown slope unit {unit!r}: use 'percent' or 'degrees'")
    return _dispatch("slope-degrees" if unit == "degrees" else "slope", elevation, cell_size, ())


def aspect(elevation: Any, cell_size: CellSize | None = None) -> Any:
    """Direction the terrain faces (downhill), degrees clockwise from north, Horn's method.

    Parameters
    ----------
    elevation : numpy.ndarray, dask.array.Array or xarray.DataArray
        Elevation in metres, rows north to south; NaN for nodata.
    cell_size : (dx, dy), optional
        Cell width and height in metres; see :func:`slope`.

    Returns
    -------
    Same type as ``elevation``
        float32 azimuth in [0, 360); NaN for flat cells, the outer ring and nodata windows.
    """
    return _dispatch("aspect", elevation, cell_size, ())


def hillshade(
    elevation: Any, cell_size: CellSize | None = None, *, azimuth: float = 315.0, altitude: float = 45.0
) -> Any:
    """Shaded relief lit from ``azimuth`` (degrees from north) at ``altitude`` (degrees above the horizon).

    Parameters
    ----------
    elevation : numpy.ndarray, dask.array.Array or xarray.DataArray
        Elevation in metres, rows north to south; NaN for nodata.
    cell_size : (dx, dy), optional
        Cell width and height in metres; see :func:`slope`.
    azimuth, altitude : float
        Position of the light source, as for ``gdaldem hillshade -az -alt``.

    Returns
    -------
    Same type as ``elevation``
        float32 brightness in [1, 255] (``gdaldem``'s byte scale before rounding); NaN on the
        outer ring and nodata windows.
    """
    return _dispatch("hillshade", elevation, cell_size, (sun_vector(azimuth, altitude),))


def derive(
    kind: Literal["slope", "aspect", "hillshade"],
    elevation: np.ndarray,
    cell_size: CellSize,
    *,
    nodata: float | None = None,
    fill: float = math.nan,
    unit: Literal["percent", "degrees"] = "percent",
    azimuth: float = 315.0,
    altitude: float = 45.0,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """One derivative of a NumPy grid straight from raw raster values (what the CLI uses).

    Like :func:`slope`, :func:`aspect` and :func:`hillshade`, but the input may mark its
    nodata with a value instead of NaN, the output uses ``fill`` instead of NaN, and it may
    go into a buffer the caller reuses: no extra passes over a large raster, no fresh pages.

    Parameters
    ----------
    kind : {"slope", "aspect", "hillshade"}
    elevation : numpy.ndarray
        Heights; cells equal to ``nodata`` or NaN are nodata.
    cell_size : (dx, dy)
        Metres; ``dx`` may be one value per row.
    nodata : float, optional
        The input's nodata value.
    fill : float
        The output for nodata, the outer ring and (aspect) flat cells.
    unit, azimuth, altitude :
        As for :func:`slope` and :func:`hillshade`.
    out : numpy.ndarray, optional
        Where to write the result: C-contiguous float32 of the shape of ``elevation``.

    Returns
    -------
    numpy.ndarray
        float32, the shape of ``elevation`` (``out`` when given).
    """
    name, params = kernel_for(kind, unit, azimuth, altitude)
    no = math.nan if nodata is None else nodata
    return _run_numpy(name, elevation, cell_size, params, no, fill, out)
