"""Tiles with halos, and running one task per tile in-process or on a Dask cluster.

The course search of a cell depends only on the terrain within a bounded distance of it (its
*reach*, :attr:`alatau.terrain.criteria.CourseCriteria.search_reach_m`). So the raster is cut into
tiles whose *core* cells partition the grid, each read with a *halo* at least as wide as the reach:
a course belongs to the tile whose core holds its finish cell, which finds it exactly as a search of
the whole raster would (nothing lost), and no other tile reports it (nothing duplicated).

The tile layout depends only on the raster's shape, the halo and the tile size, never on the number
of workers: in-process, one worker and many workers run the same tasks and give the same results.

``workers=None`` and no scheduler runs the tasks one after the other in this process (no Dask);
``workers=N`` starts a local ``dask.distributed`` cluster of N single-threaded worker processes;
``scheduler="tcp://host:8786"`` sends them to an existing cluster (whose workers must have Alatau
installed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from alatau.errors import InputError

#: Default core size of a tile, in cells per side. The halo (see :func:`alatau.terrain.courses.find_courses`)
#: is the search reach plus the reach of rival candidates: for the default criteria ~5 km for a slalom and
#: ~37 km for a downhill, i.e. ~1,230 cells of 30 m data. A 2048² downhill core then reads a ~4,500²
#: window (~20 M cells, ~1.3 GB of kernel state at ~65 bytes a cell); a slalom core ~2,400².
DEFAULT_TILE_CELLS = 2048

#: How long to wait for an existing Dask scheduler to answer.
SCHEDULER_TIMEOUT = "10s"

Progress = Callable[[int, int], None]
R = TypeVar("R")


@dataclass(frozen=True)
class Tile:
    """One tile: the window it reads (core plus halo, clipped to the raster) and its core within it.

    ``rows``/``cols`` are the window's [start, stop) in the raster; ``core`` is (row0, row1, col0, col1)
    relative to the window.
    """

    rows: tuple[int, int]
    cols: tuple[int, int]
    core: tuple[int, int, int, int]


def plan_tiles(
    shape: tuple[int, int], halo: tuple[int, int], tile_cells: int = DEFAULT_TILE_CELLS
) -> list[Tile]:
    """Cut a raster of ``shape`` into tiles of ``tile_cells`` core cells per side with a halo.

    Parameters
    ----------
    shape : (rows, cols)
        The raster's shape.
    halo : (rows, cols)
        Halo width in cells, along rows and along columns.
    tile_cells : int
        Core size per side; the last tile of a row or column takes what is left.

    Returns
    -------
    list of Tile
        Row-major; the cores partition the raster.
    """
    if tile_cells < 1:
        raise InputError("tile size must be at least one cell")
    tiles = []
    for r0 in range(0, shape[0], tile_cells):
        r1 = min(r0 + tile_cells, shape[0])
        w0, w1 = max(0, r0 - halo[0]), min(shape[0], r1 + halo[0])
        for c0 in range(0, shape[1], tile_cells):
            c1 = min(c0 + tile_cells, shape[1])
            v0, v1 = max(0, c0 - halo[1]), min(shape[1], c1 + halo[1])
            tiles.append(Tile((w0, w1), (v0, v1), (r0 - w0, r1 - w0, c0 - v0, c1 - v0)))
    return tiles


def halo_cells(reach_m: float, cell_size: tuple[float, float]) -> tuple[int, int]:
    """Halo (rows, cols) in cells covering ``reach_m`` metres.

    Three cells more: one for the 3 × 3 gradient window at the window's edge, two for the last step of
    a path (a knight move spans up to 2.3 cells).
    """
    dx, dy = cell_size
    return (math.ceil(reach_m / dy) + 3, math.ceil(reach_m / dx) + 3)


def run_tasks(
    task: Callable[..., R],
    arguments: Sequence[tuple[Any, ...]],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """Run ``task(*args)`` for each tuple of ``arguments``, here or on Dask.

    Parameters
    ----------
    task : callable
        A module-level function (Dask pickles it by reference); pure, so any worker may run it.
    arguments : sequence of tuples
        One tuple of positional arguments per task.
    workers : int, optional
        Start a local cluster of this many single-threaded worker processes for the run.
    scheduler : str, optional
        Address of an existing ``dask.distributed`` scheduler, e.g. ``"tcp://10.0.0.5:8786"``.
    progress : callable(done, total), optional
        Called in this thread after each finished task.

    Returns
    -------
    list
        The results in the order of ``arguments``, whatever order the tasks finished in.

    Raises
    ------
    InputError
        Both ``workers`` and ``scheduler``, fewer than one worker, or an unreachable scheduler.
    """
    if workers is not None and scheduler is not None:
        raise InputError("give either a number of workers or a scheduler address, not both")
    if workers is not None and workers < 1:
        raise InputError(f"the number of workers must be at least 1, not {workers}")
    if workers is None and scheduler is None:
        return _run_here(task, arguments, progress)
    return _run_on_dask(task, arguments, workers, scheduler, progress)


def _run_here(
    task: Callable[..., R], arguments: Sequence[tuple[Any, ...]], progress: Progress | None
) -> list[R]:
    results = []
    for done, args in enumerate(arguments, start=1):
        results.append(task(*args))
        if progress is not None:
            progress(done, len(arguments))
    return results


def _run_on_dask(
    task: Callable[..., R],
    arguments: Sequence[tuple[Any, ...]],
    workers: int | None,
    scheduler: str | None,
    progress: Progress | None,
) -> list[R]:
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            return _gather(client, task, arguments, progress)
    # Single-threaded worker processes: the kernels hold the GIL-free CPU fully, and processes keep
    # Numba's per-process state apart. Distributed always serves a dashboard: on a free port, so that
    # two searches (or test workers) at once do not fight over 8787.
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        return _gather(client, task, arguments, progress)


def _gather(
    client: Any, task: Callable[..., R], arguments: Sequence[tuple[Any, ...]], progress: Progress | None
) -> list[R]:
    from distributed import as_completed

    futures = [client.submit(task, *args, pure=False) for args in arguments]
    position = {future.key: i for i, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    for done, future in enumerate(as_completed(futures), start=1):
        results[position[future.key]] = future.result()
        future.release()
        if progress is not None:
            progress(done, len(futures))
    return results
