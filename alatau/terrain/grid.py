"""The plumbing around the row kernels of :mod:`alatau.terrain.derivatives`, without Numba.

Kept apart so that the command line can run the ahead-of-time compiled kernels
(:mod:`alatau.terrain.compiled`) without importing Numba at all: its import and the load of its
cached machine code were most of ``alatau terrain slope``'s time on a 40 M-cell raster.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np

CellSize = tuple[float | np.ndarray, float | np.ndarray]
#: Below this many cells a grid is one thread's work (a dask block, a test): threads cost more.
PARALLEL_CELLS = 1 << 20


def kernel_for(
    kind: str, unit: Literal["percent", "degrees"], azimuth: float, altitude: float
) -> tuple[str, tuple[Any, ...]]:
    """The row kernel's name for a derivative, and its extra parameters; ValueError for unknown ones."""
    if unit not in ("percent", "degrees"):
        raise ValueError(f"unknown slope unit {unit!r}: use 'percent' or 'degrees'")
    if kind not in ("slope", "aspect", "hillshade"):
        raise ValueError(f"unknown derivative {kind!r}")
    params = (sun_vector(azimuth, altitude),) if kind == "hillshade" else ()
    return ("slope-degrees" if kind == "slope" and unit == "degrees" else kind), params


def run_rows(
    kernel: Any,
    kind: str,
    elevation: np.ndarray,
    cell_size: CellSize,
    params: tuple[Any, ...],
    nodata: float,
    fill: float,
    out: np.ndarray | None = None,
    *,
    threads: int | None = None,
) -> np.ndarray:
    """Run a row kernel over a grid: border ring filled, rows split between ``threads`` (default: cores)."""
    z = as_grid(elevation)
    rows, cols = z.shape
    out = output(out, z.shape)
    # Only the border is filled up front: filling everything would cost a full extra pass.
    out[:1], out[-1:], out[:, :1], out[:, -1:] = fill, fill, fill, fill
    if rows < 3 or cols < 3:
        return out
    scale = 100.0 if kind == "slope" else 1.0  # percent: fold the 100 into the cell sizes
    fx = per_row(cell_size[0], rows, "dx", scale, z.dtype)
    fy = per_row(cell_size[1], rows, "dy", scale, z.dtype)
    no, filler = z.dtype.type(nodata), np.float32(fill)

    def run(r0: int, r1: int) -> None:
        kernel(z, r0, r1, fx, fy, *params, no, filler, out)

    in_bands(rows, cols, run, threads)
    return out


def per_row(value: float | np.ndarray, rows: int, name: str, scale: float, dtype: Any) -> np.ndarray:
    """scale / (8 · size) for every row, in the grid's float type, checking the sizes are positive."""
    sizes = np.broadcast_to(np.asarray(value, dtype=np.float64), (rows,))
    if sizes.size and not np.all(sizes > 0):
        raise ValueError(f"cell size {name} must be positive")
    return np.ascontiguousarray(scale / (8.0 * sizes), dtype=dtype)


def as_grid(elevation: np.ndarray) -> np.ndarray:
    grid = np.asarray(elevation)
    if grid.ndim != 2:
        raise ValueError(f"elevation must be a 2-D grid, got {grid.ndim} dimension(s)")
    if grid.dtype not in (np.float32, np.float64):
        grid = grid.astype(np.float32)
    return np.ascontiguousarray(grid)


def output(out: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray:
    if out is None:
        return np.empty(shape, dtype=np.float32)
    # C order too: any other layout would be a new signature for the kernels, compiled anew.
    if out.shape != shape or out.dtype != np.float32 or not out.flags.c_contiguous:
        raise ValueError(f"out must be a C-contiguous float32 array of shape {shape}")
    return out


def in_bands(rows: int, cols: int, run: Any, threads: int | None = None) -> None:
    """Run ``run(r0, r1)`` over the interior rows, split in bands between the machine's cores."""
    if threads is None:
        threads = cores() if rows * cols >= PARALLEL_CELLS else 1
    edges = np.linspace(1, rows - 1, threads + 1).astype(int).tolist()
    if threads == 1:
        run(1, rows - 1)
        return
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(run, edges[:-1], edges[1:]))


def cores() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def sun_vector(azimuth: float, altitude: float) -> np.ndarray:
    """Unit vector (east, north, up) towards the light source."""
    az, alt = math.radians(azimuth), math.radians(altitude)
    return np.array([math.sin(az) * math.cos(alt), math.cos(az) * math.cos(alt), math.sin(alt)])
