"""Numba kernels of the course search (private to :mod:`alatau.terrain.courses`).

Grids are 2-D float64 elevations in metres on a north-up grid, NaN where there is no data. Cells are
addressed by flat index ``row * cols + col``. Gradients are fractions (0.35 = 35 %) inside the kernels;
the callers convert from the percent of the criteria table.

The search is the top-down dynamic programme of the terrain digest (§7), made exact enough to tile:

* a step is one of 16 moves (8 neighbours and 8 knight moves, so lines can traverse every ~22.5°);
  it is usable when it descends within [min_step, max_steepest] and the terrain's cross-slope at
  right angles to it stays below the limit at both ends, between cells of the corridor mask;
* cells are visited from the highest down; each picks, among its usable uphill neighbours, the one
  whose highest reachable start is highest *capped at one maximum drop above the cell* (so a far-off
  summit does not change the choice once the maximum drop is reachable), ties going to the step whose
  gradient is closest to the discipline's target; ``pred`` points to it;
* every cell whose chain of predecessors rises by at least the minimum drop ends candidates; the best
  start along its chain (drop within range, mean gradient in band) is kept.

Why the cap makes tiling exact: a cell's choice only asks whether a usable descent reaches it from one
maximum drop above it, a question about the terrain within ``max_drop / min_step`` of it; a course's
line follows choices made up to one maximum drop above its finish. So everything a course depends on
lies within ``2 · max_drop / min_step`` (plus the corridor) of its finish: the tile halo.

:func:`suppress` keeps distinct candidates; :func:`survey` measures the kept ones on the whole grid.
"""

from __future__ import annotations

import math

import numba
import numpy as np

#: The 16 moves (row step, column step): the 8 neighbours, then the 8 knight moves.
MOVES = np.array(
    [
        (-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1),
        (-2, -1), (-2, 1), (-1, -2), (-1, 2), (1, -2), (1, 2), (2, -1), (2, 1),
    ],
    dtype=np.int64,
)  # fmt: skip


def ellipse_offsets(radius_m: float, dx: float, dy: float) -> np.ndarray:
    """(row, col) offsets of the cells whose centres lie within ``radius_m`` of a cell's centre."""
    rr = int(radius_m // dy)
    rc = int(radius_m // dx)
    rows, cols = np.mgrid[-rr : rr + 1, -rc : rc + 1]
    inside = (rows * dy) ** 2 + (cols * dx) ** 2 <= radius_m**2 + 1e-9
    return np.stack([rows[inside], cols[inside]], axis=1).astype(np.int64)


@numba.njit(cache=True)
def horn_gradient(z: np.ndarray, dx: float, dy: float) -> tuple[np.ndarray, np.ndarray]:
    """Horn's gradient (dz/dx east, dz/dy north), NaN on the border ring and next to NaN cells."""
    rows, cols = z.shape
    gx = np.full((rows, cols), np.nan)
    gy = np.full((rows, cols), np.nan)
    for r in range(1, rows - 1):
        for c in range(1, cols - 1):
            a, b, cc = z[r - 1, c - 1], z[r - 1, c], z[r - 1, c + 1]
            d, f = z[r, c - 1], z[r, c + 1]
            g, h, i = z[r + 1, c - 1], z[r + 1, c], z[r + 1, c + 1]
            gx[r, c] = ((cc + 2.0 * f + i) - (a + 2.0 * d + g)) / (8.0 * dx)
            gy[r, c] = ((a + 2.0 * b + cc) - (g + 2.0 * h + i)) / (8.0 * dy)
    return gx, gy


@numba.njit(cache=True)
def corridor_mask(gx: np.ndarray, gy: np.ndarray, max_slope: float, offsets: np.ndarray) -> np.ndarray:
    """Cells whose whole corridor (the cells at ``offsets``) is data and no steeper than ``max_slope``."""
    rows, cols = gx.shape
    skiable = np.zeros((rows, cols), dtype=np.bool_)
    for r in range(rows):
        for c in range(cols):
            s = math.hypot(gx[r, c], gy[r, c])
            skiable[r, c] = s <= max_slope  # False for NaN
    ok = np.zeros((rows, cols), dtype=np.bool_)
    for r in range(rows):
        for c in range(cols):
            good = skiable[r, c]
            for k in range(offsets.shape[0]):
                if not good:
                    break
                rr = r + offsets[k, 0]
                cc = c + offsets[k, 1]
                good = 0 <= rr < rows and 0 <= cc < cols and skiable[rr, cc]
            ok[r, c] = good
    return ok


@numba.njit(cache=True)
def _step_usable(
    z: np.ndarray,
    gx: np.ndarray,
    gy: np.ndarray,
    ok: np.ndarray,
    p: int,
    q: int,
    dist: float,
    ux: float,
    uy: float,
    min_g: float,
    max_g: float,
    max_cross: float,
) -> float:
    """Gradient of the step p → q (down, unit direction (ux, uy)), or -1.0 when it is not usable."""
    if not ok.flat[p]:
        return -1.0
    grad = (z.flat[p] - z.flat[q]) / dist
    if grad < min_g or grad > max_g:
        return -1.0
    # Cross-slope: the terrain gradient's component at right angles to the step, at both ends.
    if (
        abs(gx.flat[p] * uy - gy.flat[p] * ux) > max_cross
        or abs(gx.flat[q] * uy - gy.flat[q] * ux) > max_cross
    ):
        return -1.0
    return grad


@numba.njit(cache=True)
def search(
    z: np.ndarray,
    gx: np.ndarray,
    gy: np.ndarray,
    ok: np.ndarray,
    order: np.ndarray,
    dx: float,
    dy: float,
    params: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The top-down pass. ``params`` = (min_step, max_steepest, max_cross, target, max_drop), fractions/m.

    Returns ``pred`` (flat index of each cell's chosen uphill predecessor, -1 for none) and ``top``
    (the highest start elevation a usable descent reaches the cell from).
    """
    rows, cols = z.shape
    min_g, max_g, max_cross, target, max_drop = params[0], params[1], params[2], params[3], params[4]
    pred = np.full(rows * cols, -1, dtype=np.int64)
    top = np.full(rows * cols, np.nan)
    # Length and unit direction (x east, y north) of each move, once.
    moves = MOVES.shape[0]
    dist, ux, uy = np.empty(moves), np.empty(moves), np.empty(moves)
    for k in range(moves):
        ex, ey = MOVES[k, 1] * dx, -MOVES[k, 0] * dy
        dist[k] = math.hypot(ex, ey)
        ux[k], uy[k] = ex / dist[k], ey / dist[k]
    for i in range(order.shape[0]):
        q = order[i]
        if not ok.flat[q]:
            continue
        r, c = q // cols, q % cols
        zq = z.flat[q]
        top[q] = zq
        cap = zq + max_drop
        best_key, best_dev, best = -np.inf, np.inf, -1
        for k in range(MOVES.shape[0]):
            # The predecessor p lies one move *uphill* of q: p → q goes in direction MOVES[k].
            pr, pc = r - MOVES[k, 0], c - MOVES[k, 1]
            if pr < 0 or pr >= rows or pc < 0 or pc >= cols:
                continue
            p = pr * cols + pc
            grad = _step_usable(z, gx, gy, ok, p, q, dist[k], ux[k], uy[k], min_g, max_g, max_cross)
            if grad < 0.0:
                continue
            top[q] = max(top[q], top[p])
            key = min(top[p], cap)
            dev = abs(grad - target)
            if key > best_key or (key == best_key and dev < best_dev):
                best_key, best_dev, best = key, dev, p
        pred[q] = best
    return pred, top


@numba.njit(cache=True)
def best_starts(
    z: np.ndarray,
    pred: np.ndarray,
    top: np.ndarray,
    core: np.ndarray,
    dx: float,
    dy: float,
    params: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each finish cell in the core box, the best start up its chain.

    ``core`` = (row0, row1, col0, col1) of the cells that may finish a course here; ``params`` =
    (min_drop, max_drop, min_mean, max_mean). A start is admissible when the drop lies in range and the
    mean gradient (drop / horizontal length) in band; the best maximises
    ``score = ½ · drop fit + ½ · gradient fit`` (1 at the maximum drop / the middle of the band).
    Returns the finish cells, their number of steps and their scores.
    """
    cols = z.shape[1]
    min_drop, max_drop, min_mean, max_mean = params[0], params[1], params[2], params[3]
    target, half_band = (min_mean + max_mean) / 2.0, (max_mean - min_mean) / 2.0
    finishes, steps, scores = [], [], []
    for r in range(core[0], core[1]):
        for c in range(core[2], core[3]):
            q = r * cols + c
            if pred[q] < 0 or top[q] - z.flat[q] < min_drop:
                continue
            best_score, best_steps = -1.0, 0
            a, hlen, n = q, 0.0, 0
            while pred[a] >= 0:
                p = pred[a]
                hlen += math.hypot((p % cols - a % cols) * dx, (p // cols - a // cols) * dy)
                a, n = p, n + 1
                drop = z.flat[a] - z.flat[q]
                if drop > max_drop:
                    break
                mean = drop / hlen
                if drop < min_drop or mean < min_mean or mean > max_mean:
                    continue
                score = 0.5 * (drop - min_drop) / (max_drop - min_drop) + 0.5 * (
                    1.0 - abs(mean - target) / half_band
                )
                if score > best_score:
                    best_score, best_steps = score, n
            if best_steps > 0:
                finishes.append(q)
                steps.append(best_steps)
                scores.append(best_score)
    return np.array(finishes, dtype=np.int64), np.array(steps, dtype=np.int64), np.array(scores)


@numba.njit(cache=True)
def chains(pred: np.ndarray, finishes: np.ndarray, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells of each candidate, start to finish, as one flat array and its offsets (CSR)."""
    offsets = np.zeros(finishes.shape[0] + 1, dtype=np.int64)
    for i in range(finishes.shape[0]):
        offsets[i + 1] = offsets[i] + steps[i] + 1
    cells = np.empty(offsets[-1], dtype=np.int64)
    for i in range(finishes.shape[0]):
        a = finishes[i]
        for j in range(offsets[i + 1] - 1, offsets[i] - 1, -1):
            cells[j] = a
            a = pred[a]
    return cells, offsets


@numba.njit(cache=True)
def suppress(
    cells: np.ndarray,
    offsets: np.ndarray,
    ranking: np.ndarray,
    rows: int,
    cols: int,
    near_offsets: np.ndarray,
    max_share: float,
) -> np.ndarray:
    """Greedy non-maximum suppression; returns the indices of the kept candidates in ranking order.

    Candidates are visited best first (``ranking``). One is dropped when more than ``max_share`` of its
    cells lie near (``near_offsets``) a course already kept; otherwise it is kept and its neighbourhood
    is marked.
    """
    near = np.zeros(rows * cols, dtype=np.bool_)
    kept = []
    for i in ranking:
        n = offsets[i + 1] - offsets[i]
        shared = 0
        for j in range(offsets[i], offsets[i + 1]):
            if near[cells[j]]:
                shared += 1
        if shared > max_share * n:
            continue
        kept.append(i)
        for j in range(offsets[i], offsets[i + 1]):
            r, c = cells[j] // cols, cells[j] % cols
            for k in range(near_offsets.shape[0]):
                rr, cc = r + near_offsets[k, 0], c + near_offsets[k, 1]
                if 0 <= rr < rows and 0 <= cc < cols:
                    near[rr * cols + cc] = True
    return np.array(kept, dtype=np.int64)


@numba.njit(cache=True)
def presuppress(
    cells: np.ndarray,
    offsets: np.ndarray,
    ranking: np.ndarray,
    decidable: np.ndarray,
    rows: int,
    cols: int,
    near_offsets: np.ndarray,
    max_share: float,
) -> np.ndarray:
    """The candidates of one tile that the global suppression will certainly drop (True = drop).

    Greedy suppression with three states, visited best first: *kept* when even every undecided better
    candidate nearby could not suppress it (only ``decidable`` candidates: those whose every possible
    rival is in the tile), *dropped* when the kept ones alone already suppress it, *undecided*
    otherwise. A dropped candidate is dropped by the global pass too and never marks anything there,
    so leaving it out changes nothing; the tile sends only the others.
    """
    near_kept = np.zeros(rows * cols, dtype=np.bool_)
    near_any = np.zeros(rows * cols, dtype=np.bool_)  # near a kept or an undecided candidate
    dropped = np.zeros(offsets.shape[0] - 1, dtype=np.bool_)
    for i in ranking:
        n = offsets[i + 1] - offsets[i]
        by_kept, by_any = 0, 0
        for j in range(offsets[i], offsets[i + 1]):
            by_kept += near_kept[cells[j]]
            by_any += near_any[cells[j]]
        if by_kept > max_share * n:
            dropped[i] = True
            continue
        kept = decidable[i] and by_any <= max_share * n
        for j in range(offsets[i], offsets[i + 1]):
            r, c = cells[j] // cols, cells[j] % cols
            for k in range(near_offsets.shape[0]):
                rr, cc = r + near_offsets[k, 0], c + near_offsets[k, 1]
                if 0 <= rr < rows and 0 <= cc < cols:
                    near_any[rr * cols + cc] = True
                    if kept:
                        near_kept[rr * cols + cc] = True
    return dropped


@numba.njit(cache=True)
def release_share(
    z: np.ndarray,
    slope_deg: np.ndarray,
    line: np.ndarray,
    band: np.ndarray,
    stamp: np.ndarray,
    mark: int,
    min_deg: float,
    max_deg: float,
) -> float:
    """Share of release terrain among the cells above a course.

    The cells above the course are those within the ``band`` offsets of a course cell and higher than
    that course cell, each counted once (``stamp`` holds ``mark`` once a cell is counted; pass a new mark
    per course). Release terrain: slope within [min_deg, max_deg]. 0 when no cell lies above.
    """
    rows, cols = z.shape
    total, release = 0, 0
    for j in range(line.shape[0]):
        r, c = line[j, 0], line[j, 1]
        for k in range(band.shape[0]):
            rr, cc = r + band[k, 0], c + band[k, 1]
            if rr < 0 or rr >= rows or cc < 0 or cc >= cols or stamp[rr, cc] == mark:
                continue
            if not z[rr, cc] > z[r, c] or math.isnan(slope_deg[rr, cc]):
                continue
            stamp[rr, cc] = mark
            total += 1
            if min_deg <= slope_deg[rr, cc] <= max_deg:
                release += 1
    return release / total if total > 0 else 0.0


#: Columns of :func:`survey`'s result.
SURVEY_COLUMNS = (
    "corridor_ok",
    "vertical_drop_m",
    "length_m",
    "horizontal_m",
    "max_gradient",
    "uphill",
    "downhill_east",
    "downhill_north",
    "avalanche_exposure",
)


@numba.njit(cache=True)
def _steepest(z: np.ndarray, along: np.ndarray, step: float) -> float:
    """Steepest chunk of a profile sampled every ``step`` along it (and at its end), linear in between."""
    total = along[-1]
    steepest = -np.inf
    prev_t, prev_z, seg = 0.0, z[0], 0
    k = 1
    while True:
        t = k * step
        if t >= total:
            t = total
        while seg < along.shape[0] - 2 and along[seg + 1] < t:
            seg += 1
        frac = (t - along[seg]) / (along[seg + 1] - along[seg])
        zt = z[seg] + (z[seg + 1] - z[seg]) * min(max(frac, 0.0), 1.0)
        steepest = max(steepest, (prev_z - zt) / (t - prev_t))
        if t >= total:
            return steepest
        prev_t, prev_z, k = t, zt, k + 1


@numba.njit(cache=True)
def survey(
    z: np.ndarray,
    gx: np.ndarray,
    gy: np.ndarray,
    ok: np.ndarray,
    slope_deg: np.ndarray,
    cells: np.ndarray,
    offsets: np.ndarray,
    kept: np.ndarray,
    params: np.ndarray,
    band: np.ndarray,
    stamp: np.ndarray,
    first_mark: int,
) -> np.ndarray:
    """Measure the kept candidates on the whole grid; one row per candidate (:data:`SURVEY_COLUMNS`).

    ``params`` = (dx, dy, sample step m, max cross-slope fraction, avalanche min deg, max deg).
    The same definitions as :func:`alatau.terrain.courses.measure`, in one pass without Python objects.
    """
    cols = z.shape[1]
    dx, dy, step, max_cross = params[0], params[1], params[2], params[3]
    out = np.zeros((kept.shape[0], 9))  # len(SURVEY_COLUMNS)
    for n in range(kept.shape[0]):
        a, b = offsets[kept[n]], offsets[kept[n] + 1]
        m = b - a
        line = np.empty((m, 2), dtype=np.int64)
        zl, along = np.empty(m), np.zeros(m)
        good, uphill, length, east, north = True, False, 0.0, 0.0, 0.0
        for j in range(m):
            q = cells[a + j]
            line[j, 0], line[j, 1] = q // cols, q % cols
            zl[j] = z.flat[q]
            good = good and ok.flat[q]
            east -= gx.flat[q]
            north -= gy.flat[q]
            if j == 0:
                continue
            ex, ey = (line[j, 1] - line[j - 1, 1]) * dx, -(line[j, 0] - line[j - 1, 0]) * dy
            run = math.hypot(ex, ey)
            along[j] = along[j - 1] + run
            length += math.hypot(run, zl[j] - zl[j - 1])
            uphill = uphill or zl[j] >= zl[j - 1]
            p = cells[a + j - 1]
            cross = max(abs(gx.flat[p] * ey - gy.flat[p] * ex), abs(gx.flat[q] * ey - gy.flat[q] * ex)) / run
            good = good and cross <= max_cross + 1e-9
        out[n, 0] = 1.0 if good else 0.0
        out[n, 1], out[n, 2], out[n, 3] = zl[0] - zl[-1], length, along[-1]
        out[n, 4] = _steepest(zl, along, step)
        out[n, 5] = 1.0 if uphill else 0.0
        out[n, 6], out[n, 7] = east, north
        out[n, 8] = release_share(z, slope_deg, line, band, stamp, first_mark + n, params[4], params[5])
    return out
