"""Find FIS course lines in a DEM: every place a downhill, super-G, giant slalom or slalom fits.

How a course is found (the kernels are in :mod:`alatau.terrain._course_kernels`):

1. *Corridor.* Horn's gradient of every cell; a cell is skiable when it has data, lies in the usable
   elevation band (``min_elevation_m``–``max_elevation_m``: no piste on bare rock and glaciers), was not
   made up by void filling, and is no steeper than ``hypot(max_steepest, max_cross_slope)``; it may
   carry a course when every cell within half the course width is skiable (on 30–90 m data that is
   the cell itself for a 30–40 m course).
2. *Search.* One top-down pass over the cells in order of elevation (terrain digest §7) with 16
   moves (8 neighbours and 8 knight moves, so lines traverse, not just follow D8 fall lines). A step is
   usable when it descends with a gradient in [min_step, max_steepest] and the cross-slope at both
   ends stays within the limit. Each cell keeps one predecessor: the one from which the highest start
   is reachable (capped at one maximum drop above the cell), ties to the gradient nearest the middle
   of the discipline's band.
3. *Candidates.* Every cell whose chain of predecessors rises by the minimum drop ends a candidate;
   its start is the point up the chain with the drop in range and the mean gradient in band that
   scores best (``½ · drop fit + ½ · gradient fit``).
4. *Distinct courses.* Greedy non-maximum suppression, best score first: a candidate is dropped when
   more than ``max_shared_length`` of its cells lie near a course already kept: within one course width
   or ``separation_cells`` cell diagonals, whichever is wider (a line is placed to about a cell, so two
   lines two cells apart may be the same line on the ground). Each tile already drops the candidates the
   global pass will certainly drop (it sees every rival of its own candidates), so only ~1/10 of the
   candidates travel back from the workers, and the result is exactly that of one global pass.
5. *Measure and check.* Each kept line is measured exactly on the DEM (vertical drop, inclined
   length, mean gradient, steepest section sampled every 25 m along the line, aspect, difficulty,
   avalanche exposure) and checked against every criterion again; a line failing one is dropped.

Definitions: ``aspect_deg`` is the direction of the mean downhill terrain gradient over the course's
cells (the way the slope faces, which is what snow cares about, not the direction the line travels),
degrees clockwise from grid north. ``difficulty`` is the European colour of the steepest sampled
section (a run is rated by its hardest part). ``avalanche_exposure`` is the share of cells with a
slope of 30–50° among the cells above the course: those within ``avalanche_band_m`` horizontally of a
course cell and higher than it.

The raster is processed in tiles with halos (:mod:`alatau.terrain.tiling`), in-process or on Dask.
A tile's halo is the search reach (:attr:`CourseCriteria.search_reach_m`) plus the reach of the rivals
of its candidates (:func:`rivals_reach_m`), so the courses never depend on the tiling: the same with
one tile, many tiles, in-process or on any number of workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from alatau.errors import InputError
from alatau.terrain import _course_kernels as kernels
from alatau.terrain.criteria import DISCIPLINES, CourseCriteria, Criteria, SearchSettings, load_criteria
from alatau.terrain.model import Course, Dem
from alatau.terrain.tiling import DEFAULT_TILE_CELLS, Progress, halo_cells, plan_tiles, run_tasks


@dataclass(frozen=True)
class Candidates:
    """Candidate lines of one tile (or merged): flat global cell indices in CSR form, start to finish."""

    scores: np.ndarray  # (n,) float64
    finishes: np.ndarray  # (n,) int64 flat index of the finish cell
    cells: np.ndarray  # (m,) int64 flat indices
    offsets: np.ndarray  # (n + 1,) int64: candidate i is cells[offsets[i]:offsets[i + 1]]


def find_courses(
    dem: Dem,
    *,
    disciplines: Iterable[str] = DISCIPLINES,
    gender: str = "M",
    level: str = "FIS",
    criteria: Criteria | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    tile_cells: int = DEFAULT_TILE_CELLS,
) -> list[Course]:
    """Find the distinct FIS course lines of the given disciplines in a DEM.

    Parameters
    ----------
    dem : Dem
        Elevation on a metric grid. No course touches a NaN cell or its neighbours (no gradient there),
        nor a cell that ``dem.filled`` marks as made up by void filling.
    disciplines : iterable of str
        Any of DH, SG, GS, SL (case-insensitive).
    gender, level : str
        M or W; FIS or WC (selects the vertical-drop range).
    criteria : Criteria, optional
        From :func:`alatau.terrain.criteria.load_criteria`; the packaged defaults when omitted.
    workers, scheduler : optional
        Run the tiles on a local Dask cluster of ``workers`` processes, or on the cluster at
        ``scheduler``; in this process when both are omitted. The result does not depend on it.
    progress : callable(done, total), optional
        Called after each tile of each discipline.
    tile_cells : int
        Core size of a tile in cells per side.

    Returns
    -------
    list of Course
        Grouped by discipline in the order given, best first within a discipline; ``site_id`` None.

    Raises
    ------
    InputError
        Unknown discipline, gender or level; bad worker settings; unreachable scheduler.
    """
    table = (criteria or load_criteria()).courses
    wanted = [table.get(d, gender, level) for d in _unique(disciplines)]
    elevation = np.asarray(dem.elevation, dtype=np.float64)
    jobs, owners = [], []
    for rule in wanted:
        reach = rule.search_reach_m + rivals_reach_m(rule, dem.cell_size, table.search.separation_cells)
        halo = halo_cells(reach, dem.cell_size)
        for tile in plan_tiles(dem.shape, halo, tile_cells):
            rows, cols = slice(*tile.rows), slice(*tile.cols)
            filled = None if dem.filled is None else dem.filled[rows, cols]
            origin = (tile.rows[0], tile.cols[0])
            settings = (rule, table.search)
            jobs.append(
                (elevation[rows, cols], dem.cell_size, settings, tile.core, origin, dem.shape[1], filled)
            )
            owners.append(rule.discipline)
    results = run_tasks(search_tile, jobs, workers=workers, scheduler=scheduler, progress=progress)
    surveyor = _Surveyor(dem, elevation, table.search)
    courses: list[Course] = []
    for rule in wanted:
        merged = merge_candidates([r for r, d in zip(results, owners, strict=True) if d == rule.discipline])
        courses.extend(surveyor.courses(merged, distinct(merged, dem, rule, table.search), rule))
    return courses


def _unique(disciplines: Iterable[str]) -> list[str]:
    if isinstance(disciplines, str):
        disciplines = disciplines.split(",")
    names = [d.strip().upper() for d in disciplines if d.strip()]
    if not names:
        raise InputError("no discipline given (choose from DH, SG, GS, SL)")
    return list(dict.fromkeys(names))


def rivals_reach_m(rule: CourseCriteria, cell_size: tuple[float, float], separation_cells: float) -> float:
    """How far from a candidate's finish another candidate that could suppress it may finish.

    Both lines reach at most ``max_horizontal_length_m`` from their finishes and come within one
    suppression radius of each other.
    """
    return 2.0 * rule.max_horizontal_length_m + near_radius_m(rule, cell_size, separation_cells)


def near_radius_m(rule: CourseCriteria, cell_size: tuple[float, float], separation_cells: float) -> float:
    """Two lines closer than this are the same course: one course width, or ``separation_cells`` cell
    diagonals when wider (a line on a grid is placed to about one cell, so two lines up to a cell off
    on each side may be one line on the ground)."""
    return max(rule.width_m, separation_cells * math.hypot(*cell_size))


def search_tile(
    window: np.ndarray,
    cell_size: tuple[float, float],
    settings: tuple[CourseCriteria, SearchSettings],
    core: tuple[int, int, int, int],
    origin: tuple[int, int],
    raster_cols: int,
    filled: np.ndarray | None = None,
) -> Candidates:
    """Search one tile window; return the candidates finishing in its core, in raster indices.

    ``settings`` = (the discipline's criteria, the shared search settings). ``filled`` marks cells whose
    elevation was made up by void filling: they count as unskiable, as do cells outside the usable
    elevation band. Candidates that the global
    suppression will certainly drop are left out (:func:`kernels.presuppress`): to know, the tile also
    finds the candidates finishing within :func:`rivals_reach_m` around its core.
    A pure function of its arguments, so that Dask workers can run it anywhere.
    """
    rule, search = settings
    z = np.asarray(window, dtype=np.float64)
    pred, top = _search(z, cell_size, rule, unusable(z, filled, search))
    box = _grow(core, rivals_reach_m(rule, cell_size, search.separation_cells), cell_size, z.shape)
    local = _candidates(z, pred, top, box, cell_size, rule)
    to_raster = _to_raster(z.shape[1], origin, raster_cols)
    finishes = to_raster(local.finishes)
    rows, cols = local.finishes // z.shape[1], local.finishes % z.shape[1]
    decidable = (rows >= core[0]) & (rows < core[1]) & (cols >= core[2]) & (cols < core[3])
    ranking = np.lexsort((finishes, -local.scores))
    near = kernels.ellipse_offsets(near_radius_m(rule, cell_size, search.separation_cells), *cell_size)
    height, width = z.shape
    dropped = kernels.presuppress(
        local.cells, local.offsets, ranking, decidable, height, width, near, search.max_shared_length
    )
    found = Candidates(local.scores, finishes, to_raster(local.cells), local.offsets)
    return select(found, decidable & ~dropped)


def unusable(z: np.ndarray, filled: np.ndarray | None, search: SearchSettings) -> np.ndarray:
    """Cells no course may use: made up by void filling, or outside the usable elevation band."""
    with np.errstate(invalid="ignore"):
        outside = (z < search.min_elevation_m) | (z > search.max_elevation_m)
    return outside if filled is None else outside | np.asarray(filled, dtype=bool)


def _search(
    z: np.ndarray, cell_size: tuple[float, float], rule: CourseCriteria, excluded: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The top-down pass over a window: predecessor pointers and highest reachable starts."""
    gx, gy = _gradient(z, cell_size, excluded)
    corridor = kernels.ellipse_offsets(rule.width_m / 2.0, *cell_size)
    ok = kernels.corridor_mask(gx, gy, rule.max_skiable_slope_pct / 100.0, corridor)
    # Highest first; NaN last; equal elevations in index order, so the pass is deterministic.
    order = np.argsort(-np.nan_to_num(z.ravel(), nan=-np.inf), kind="stable")
    step_band = [rule.min_step_gradient_pct, rule.max_steepest_pct, rule.max_cross_slope_pct]
    params = np.array([*(v / 100.0 for v in step_band), rule.target_gradient_pct / 100.0, rule.max_drop_m])
    return kernels.search(z, gx, gy, ok, order, *cell_size, params)


def _grow(
    core: tuple[int, int, int, int], metres: float, cell_size: tuple[float, float], shape: tuple[int, ...]
) -> np.ndarray:
    """The core box widened by ``metres`` on every side, clipped to the window."""
    dr, dc = math.ceil(metres / cell_size[1]), math.ceil(metres / cell_size[0])
    r0, r1, c0, c1 = core
    return np.array([max(0, r0 - dr), min(shape[0], r1 + dr), max(0, c0 - dc), min(shape[1], c1 + dc)])


def _candidates(
    z: np.ndarray,
    pred: np.ndarray,
    top: np.ndarray,
    box: np.ndarray,
    cell_size: tuple[float, float],
    rule: CourseCriteria,
) -> Candidates:
    """The best candidate finishing at each cell of ``box``, in window indices."""
    mean_band = [rule.min_mean_gradient_pct / 100.0, rule.max_mean_gradient_pct / 100.0]
    limits = np.array([rule.min_drop_m, rule.max_drop_m, *mean_band])
    finishes, steps, scores = kernels.best_starts(z, pred, top, box.astype(np.int64), *cell_size, limits)
    cells, offsets = kernels.chains(pred, finishes, steps)
    return Candidates(scores, finishes, cells, offsets)


def select(candidates: Candidates, keep: np.ndarray) -> Candidates:
    """The candidates where ``keep`` is True, in their order."""
    lengths = np.diff(candidates.offsets)[keep]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    spans = np.repeat(keep, np.diff(candidates.offsets))
    return Candidates(candidates.scores[keep], candidates.finishes[keep], candidates.cells[spans], offsets)


def _gradient(
    z: np.ndarray, cell_size: tuple[float, float], excluded: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Horn's gradient, NaN (so unskiable) on the ``excluded`` cells."""
    gx, gy = kernels.horn_gradient(z, *cell_size)
    if excluded is not None:
        made_up = np.asarray(excluded, dtype=bool)
        gx[made_up], gy[made_up] = np.nan, np.nan
    return gx, gy


def _to_raster(
    window_cols: int, origin: tuple[int, int], raster_cols: int
) -> Callable[[np.ndarray], np.ndarray]:
    """Window flat indices → raster flat indices."""

    def convert(flat: np.ndarray) -> np.ndarray:
        return (flat // window_cols + origin[0]) * raster_cols + flat % window_cols + origin[1]

    return convert


def merge_candidates(parts: list[Candidates]) -> Candidates:
    """Concatenate the candidates of several tiles."""
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(np.zeros(0), empty, empty, np.zeros(1, dtype=np.int64))
    starts = np.cumsum([0] + [len(p.cells) for p in parts[:-1]])
    offsets = np.concatenate(
        [parts[0].offsets[:1]] + [p.offsets[1:] + s for p, s in zip(parts, starts, strict=True)]
    )
    return Candidates(
        np.concatenate([p.scores for p in parts]),
        np.concatenate([p.finishes for p in parts]),
        np.concatenate([p.cells for p in parts]),
        offsets,
    )


def distinct(candidates: Candidates, dem: Dem, rule: CourseCriteria, search: SearchSettings) -> np.ndarray:
    """Indices of the distinct candidates, best first (greedy non-maximum suppression).

    Best = highest score, ties to the lower finish index (so the order never depends on the tiling).
    "Near" = within :func:`near_radius_m`.
    """
    ranking = np.lexsort((candidates.finishes, -candidates.scores))
    radius = near_radius_m(rule, dem.cell_size, search.separation_cells)
    near = kernels.ellipse_offsets(radius, *dem.cell_size)
    rows, cols = dem.shape
    return kernels.suppress(
        candidates.cells, candidates.offsets, ranking, rows, cols, near, search.max_shared_length
    )


@dataclass(frozen=True)
class Profile:
    """The measured long profile of a line."""

    vertical_drop_m: float
    length_m: float
    horizontal_m: float
    mean_gradient_pct: float
    max_gradient_pct: float
    uphill: bool


def measure(
    cells: np.ndarray, elevation: np.ndarray, cell_size: tuple[float, float], step_m: float
) -> Profile:
    """Measure a line of cells (start to finish) on the elevation grid.

    The line runs straight between cell centres, its elevation linear along each segment; the steepest
    section is the steepest of the chunks obtained by sampling it every ``step_m`` metres of horizontal
    distance from the start (the last chunk may be shorter), as OpenSkiMap does. This is the reference
    definition; :func:`find_courses` computes the same in a Numba kernel.

    Parameters
    ----------
    cells : numpy.ndarray
        (n, 2) int (row, col), n ≥ 2, consecutive cells distinct.
    elevation : numpy.ndarray
        The grid, metres.
    cell_size : (dx, dy)
        Metres.
    step_m : float
        Sampling step for the steepest section.

    Returns
    -------
    Profile
        Drop, inclined and horizontal length, mean and steepest gradient (percent), and whether any
        step climbs or runs flat.
    """
    dx, dy = cell_size
    z = elevation[cells[:, 0], cells[:, 1]].astype(np.float64)
    run = np.hypot(np.diff(cells[:, 1]) * dx, np.diff(cells[:, 0]) * dy)
    along = np.concatenate([[0.0], np.cumsum(run)])
    samples = np.append(np.arange(0.0, along[-1], step_m), along[-1])
    sampled = np.interp(samples, along, z)
    drop = float(z[0] - z[-1])
    return Profile(
        vertical_drop_m=drop,
        length_m=float(np.hypot(run, np.diff(z)).sum()),
        horizontal_m=float(along[-1]),
        mean_gradient_pct=100.0 * drop / float(along[-1]),
        max_gradient_pct=float(100.0 * np.max(-np.diff(sampled) / np.diff(samples))),
        uphill=bool(np.any(np.diff(z) >= 0.0)),
    )


def violations(profile: Profile, rule: CourseCriteria) -> list[str]:
    """The criteria a measured profile breaks (empty when it is a valid course line)."""
    broken = []
    if profile.uphill:
        broken.append("climbs or runs flat")
    if not rule.min_drop_m <= profile.vertical_drop_m <= rule.max_drop_m:
        drop, low, high = profile.vertical_drop_m, rule.min_drop_m, rule.max_drop_m
        broken.append(f"vertical drop {drop:.0f} m outside {low:.0f}–{high:.0f} m")
    if not rule.min_mean_gradient_pct <= profile.mean_gradient_pct <= rule.max_mean_gradient_pct:
        broken.append(f"mean gradient {profile.mean_gradient_pct:.1f} % outside the band")
    if profile.max_gradient_pct > rule.max_steepest_pct + 1e-6:
        broken.append(
            f"steepest section {profile.max_gradient_pct:.1f} % above {rule.max_steepest_pct:.0f} %"
        )
    return broken


def difficulty(steepest_pct: float, search: SearchSettings) -> str:
    """European colour of a course rated by its steepest section (blue, red or black)."""
    if steepest_pct <= search.blue_max_pct:
        return "blue"
    return "red" if steepest_pct <= search.red_max_pct else "black"


class _Surveyor:
    """Measures kept candidates on the whole DEM and turns the valid ones into :class:`Course` objects."""

    def __init__(self, dem: Dem, elevation: np.ndarray, search: SearchSettings) -> None:
        self.dem, self.z, self.search = dem, elevation, search
        self.gx, self.gy = _gradient(elevation, dem.cell_size, dem.filled)
        # Release terrain above the usable band still counts for the avalanche exposure.
        self.slope_deg = np.degrees(np.arctan(np.hypot(self.gx, self.gy)))
        self.usable = _gradient(elevation, dem.cell_size, unusable(elevation, dem.filled, search))
        self.band = kernels.ellipse_offsets(search.avalanche_band_m, *dem.cell_size)
        self.stamp = np.zeros(dem.shape, dtype=np.int64)
        self.marks = 0

    def courses(self, candidates: Candidates, kept: np.ndarray, rule: CourseCriteria) -> list[Course]:
        """The valid courses among the kept candidates, in the order kept."""
        survey = self._survey(candidates, kept, rule)
        cols = self.dem.shape[1]
        chosen, profiles = [], []
        for i, row in zip(kept, survey, strict=True):
            profile = Profile(
                vertical_drop_m=float(row[1]),
                length_m=float(row[2]),
                horizontal_m=float(row[3]),
                mean_gradient_pct=100.0 * float(row[1]) / float(row[3]),
                max_gradient_pct=100.0 * float(row[4]),
                uphill=bool(row[5]),
            )
            if row[0] and not violations(profile, rule):
                chosen.append((i, row))
                profiles.append(profile)
        lines = [candidates.cells[candidates.offsets[i] : candidates.offsets[i + 1]] for i, _ in chosen]
        lines_rc = [np.stack([flat // cols, flat % cols], axis=1) for flat in lines]
        lonlats = self._lonlat(lines_rc)
        return [
            self._course(rc, p, row, line, rule)
            for rc, p, (_, row), line in zip(lines_rc, profiles, chosen, lonlats, strict=True)
        ]

    def _survey(self, candidates: Candidates, kept: np.ndarray, rule: CourseCriteria) -> np.ndarray:
        """One row of :data:`kernels.SURVEY_COLUMNS` per kept candidate."""
        dx, dy = self.dem.cell_size
        corridor = kernels.ellipse_offsets(rule.width_m / 2.0, dx, dy)
        ok = kernels.corridor_mask(*self.usable, rule.max_skiable_slope_pct / 100.0, corridor)
        s = self.search
        params = np.array(
            [
                dx,
                dy,
                s.sample_step_m,
                rule.max_cross_slope_pct / 100.0,
                s.avalanche_min_deg,
                s.avalanche_max_deg,
            ]
        )
        first_mark = self.marks + 1
        self.marks += len(kept)  # each course counts the cells above it once: a fresh stamp mark each
        return kernels.survey(
            self.z, self.gx, self.gy, ok, self.slope_deg, candidates.cells, candidates.offsets,
            np.asarray(kept, dtype=np.int64), params, self.band, self.stamp, first_mark,
        )  # fmt: skip

    def _lonlat(self, lines: list[np.ndarray]) -> list[list[tuple[float, float]]]:
        """All lines' cells to lon/lat in one transformation (a transformer per line would be slow)."""
        if not lines:
            return []
        every = np.concatenate(lines)
        lon, lat = self.dem.lonlat(every[:, 0], every[:, 1])
        ends = np.cumsum([len(rc) for rc in lines])[:-1]
        pairs = zip(np.split(lon, ends), np.split(lat, ends), strict=True)
        return [list(zip(x.tolist(), y.tolist(), strict=True)) for x, y in pairs]

    def _course(
        self,
        rc: np.ndarray,
        p: Profile,
        row: np.ndarray,
        line: list[tuple[float, float]],
        rule: CourseCriteria,
    ) -> Course:
        z = self.z[rc[:, 0], rc[:, 1]]
        return Course(
            discipline=rule.discipline,
            gender=rule.gender,
            level=rule.level,
            line=line,
            cells=rc.astype(np.int64),
            vertical_drop_m=p.vertical_drop_m,
            length_m=p.length_m,
            mean_gradient_pct=p.mean_gradient_pct,
            max_gradient_pct=p.max_gradient_pct,
            start_elevation_m=float(z[0]),
            finish_elevation_m=float(z[-1]),
            # The mean downhill gradient vector over the course's cells, degrees from grid north.
            aspect_deg=math.degrees(math.atan2(float(row[6]), float(row[7]))) % 360.0,
            difficulty=difficulty(p.max_gradient_pct, self.search),
            avalanche_exposure=float(row[8]),
        )
