"""Tiles with halos: nothing lost or duplicated at tile edges; the same courses on any number of workers."""

from pathlib import Path

import numpy as np
import pytest

from alatau.errors import InputError
from alatau.terrain import courses, tiling
from alatau.terrain.courses import (
    Candidates,
    distinct,
    find_courses,
    merge_candidates,
    rivals_reach_m,
    search_tile,
)
from alatau.terrain.model import Course
from alatau.terrain.tiling import halo_cells, plan_tiles, run_tasks
from tests.terrain.test_courses import CELL, make_dem, small_criteria


def rugged(n: int = 160) -> np.ndarray:
    """A cone with ridges and gullies: lines of every direction, many tile crossings."""
    r, c = np.mgrid[0:n, 0:n].astype(np.float64)
    return 2500.0 - 0.32 * CELL * np.hypot(r - n / 2, c - n / 2) + 12.0 * np.sin(c / 7.0) * np.cos(r / 11.0)


def signature(found: list[Course]) -> list[tuple]:
    """Everything about the courses, in a canonical order."""
    return sorted(
        (c.discipline, tuple(map(tuple, c.cells.tolist())), round(c.vertical_drop_m, 9), c.avalanche_exposure)
        for c in found
    )


def test_the_cores_partition_the_raster_and_the_windows_hold_the_halo() -> None:
    shape, halo = (23, 31), (3, 4)
    tiles = plan_tiles(shape, halo, tile_cells=10)
    assert len(tiles) == 3 * 4
    owners = np.zeros(shape, dtype=int)
    for tile in tiles:
        r0, r1, c0, c1 = tile.core
        core_rows = (tile.rows[0] + r0, tile.rows[0] + r1)
        core_cols = (tile.cols[0] + c0, tile.cols[0] + c1)
        owners[core_rows[0] : core_rows[1], core_cols[0] : core_cols[1]] += 1
        assert tile.rows == (max(0, core_rows[0] - halo[0]), min(shape[0], core_rows[1] + halo[0]))
        assert tile.cols == (max(0, core_cols[0] - halo[1]), min(shape[1], core_cols[1] + halo[1]))
    assert np.all(owners == 1)


def test_the_halo_covers_the_reach_in_cells_along_each_axis() -> None:
    assert halo_cells(100.0, (10.0, 25.0)) == (4 + 3, 10 + 3)
    with pytest.raises(InputError):
        plan_tiles((10, 10), (1, 1), tile_cells=0)


def test_tasks_run_here_in_order_with_progress() -> None:
    seen: list[tuple[int, int]] = []
    results = run_tasks(pow, [(2, 3), (3, 2), (5, 1)], progress=lambda d, t: seen.append((d, t)))
    assert results == [8, 9, 5]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_small_tiles_find_exactly_the_courses_of_one_big_tile(tmp_path: Path) -> None:
    dem, criteria = make_dem(rugged()), small_criteria(tmp_path)
    whole = find_courses(dem, disciplines=["SL"], criteria=criteria)
    tiled = find_courses(dem, disciplines=["SL"], criteria=criteria, tile_cells=40)
    halo = halo_cells(criteria.courses.get("SL").search_reach_m, dem.cell_size)
    assert len(plan_tiles(dem.shape, halo, 40)) == 16 and halo[0] < 160  # real tiles, real halos
    assert len(whole) > 50
    assert signature(tiled) == signature(whole)


@pytest.mark.slow
def test_one_and_two_dask_workers_give_the_courses_found_in_process(tmp_path: Path) -> None:
    dem, criteria = make_dem(rugged()), small_criteria(tmp_path)
    here = find_courses(dem, disciplines=["SL"], criteria=criteria, tile_cells=40)
    one = find_courses(dem, disciplines=["SL"], criteria=criteria, tile_cells=40, workers=1)
    seen: list[tuple[int, int]] = []
    two = find_courses(
        dem,
        disciplines=["SL"],
        criteria=criteria,
        tile_cells=40,
        workers=2,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert here and signature(one) == signature(here) and signature(two) == signature(here)
    assert seen[-1] == (16, 16) and [d for d, _ in seen] == list(range(1, 17))


def test_an_unreachable_scheduler_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tiling, "SCHEDULER_TIMEOUT", "0.5s")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        run_tasks(pow, [(2, 3)], scheduler="tcp://127.0.0.1:9")


def test_an_existing_cluster_is_used_through_its_scheduler_address(tmp_path: Path) -> None:
    from distributed import LocalCluster

    dem, criteria = make_dem(rugged(100)), small_criteria(tmp_path)
    here = find_courses(dem, disciplines=["SL"], criteria=criteria, tile_cells=50)
    with LocalCluster(
        n_workers=1, processes=False, protocol="tcp://", host="127.0.0.1", dashboard_address=":0"
    ) as cluster:
        there = find_courses(
            dem, disciplines=["SL"], criteria=criteria, tile_cells=50, scheduler=cluster.scheduler_address
        )
    assert here and signature(there) == signature(here)


def test_tiles_send_back_only_candidates_the_global_suppression_may_keep(tmp_path: Path) -> None:
    dem, criteria = make_dem(rugged()), small_criteria(tmp_path)
    rule, search = criteria.courses.get("SL"), criteria.courses.search
    z = dem.elevation.astype(np.float64)

    def tiles(size: int) -> Candidates:
        halo = halo_cells(
            rule.search_reach_m + rivals_reach_m(rule, dem.cell_size, search.separation_cells), dem.cell_size
        )
        parts = [
            search_tile(
                z[slice(*t.rows), slice(*t.cols)],
                dem.cell_size,
                (rule, search),
                t.core,
                (t.rows[0], t.cols[0]),
                dem.shape[1],
            )
            for t in plan_tiles(dem.shape, halo, size)
        ]
        return merge_candidates(parts)

    whole, tiled = tiles(2048), tiles(40)
    # One tile sees every rival: it sends exactly the courses the global pass keeps.
    assert len(distinct(whole, dem, rule, search)) == len(whole.scores) > 50
    # Small tiles send more (undecided near their edges) but fewer than all candidates, and the global
    # pass keeps the same lines.
    pred, top = courses._search(z, dem.cell_size, rule, None)
    box = np.array([0, dem.shape[0], 0, dem.shape[1]])
    every = courses._candidates(z, pred, top, box, dem.cell_size, rule)
    assert len(whole.scores) <= len(tiled.scores) < len(every.scores)
    kept = tiled.finishes[distinct(tiled, dem, rule, search)]
    assert sorted(kept.tolist()) == sorted(whole.finishes.tolist())
