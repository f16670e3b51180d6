"""Course search on synthetic terrain whose answer is known: planes, a cone, a cliff, a lake, a traverse."""

import math
from pathlib import Path

import numpy as np
import pytest
from affine import Affine

from alatau.errors import InputError
from alatau.terrain import courses as course_module
from alatau.terrain.courses import Candidates, difficulty, distinct, find_courses, measure, violations
from alatau.terrain.criteria import Criteria, load_criteria
from alatau.terrain.model import Course, Dem

CELL = 10.0  # metres
UTM_43N = "EPSG:32643"  # the Almaty zone


def make_dem(z: np.ndarray, filled: np.ndarray | None = None) -> Dem:
    transform = Affine(CELL, 0.0, 500_000.0, 0.0, -CELL, 4_780_000.0)
    return Dem(np.asarray(z, dtype=np.float32), transform, UTM_43N, filled=filled)


def plane(rows: int, cols: int, gradient: float, top: float = 2000.0) -> np.ndarray:
    """Elevation falling to the south (down the rows) with the given gradient (a fraction)."""
    r = np.arange(rows, dtype=np.float64)[:, None]
    return np.repeat(top - r * CELL * gradient, cols, axis=1)


def small_criteria(tmp_path: Path) -> Criteria:
    """Short slaloms (40–60 m drop) so that tests stay on small grids."""
    path = tmp_path / "small.toml"
    path.write_text(
        "[courses.SL.M.FIS]\nmin_drop_m = 40.0\nmax_drop_m = 60.0\n"
        "[courses.SL]\nmin_step_gradient_pct = 20.0\nmin_mean_gradient_pct = 25.0\n",
        encoding="utf-8",
    )
    return load_criteria(path)


def near_share(a: Course, b: Course, radius_cells: float) -> float:
    """Share of a's cells within radius (in cells) of one of b's cells."""
    d = np.hypot(*(a.cells[:, None, :] - b.cells[None, :, :]).transpose(2, 0, 1))
    return float(np.mean(d.min(axis=1) <= radius_cells))


# --- planes ------------------------------------------------------------------------------------------------


def test_a_plane_of_slalom_gradient_gives_slaloms_down_the_fall_line() -> None:
    found = find_courses(make_dem(plane(90, 40, 0.35)), disciplines=["SL"])
    assert found
    for course in found:
        assert course.discipline == "SL" and course.gender == "M" and course.level == "FIS"
        assert 140 <= course.vertical_drop_m <= 220
        assert course.mean_gradient_pct == pytest.approx(35.0, abs=0.01)
        assert course.max_gradient_pct == pytest.approx(35.0, abs=0.01)
        horizontal = course.vertical_drop_m / 0.35
        assert course.length_m == pytest.approx(math.hypot(horizontal, course.vertical_drop_m), rel=1e-6)
        assert course.start_elevation_m - course.finish_elevation_m == pytest.approx(course.vertical_drop_m)
        assert course.aspect_deg == pytest.approx(180.0, abs=0.01)  # the plane faces south
        assert course.difficulty == "red"  # 35 % steepest: red (25–40 %)
        assert course.avalanche_exposure == 0.0  # 19° everywhere: no release terrain
        assert course.site_id is None
        assert len(course.line) == len(course.cells)
        assert course.line[0][1] > course.line[-1][1]  # start north of finish
        assert np.all(np.diff(course.cells[:, 1]) == 0)  # straight down a column


def test_lines_are_lon_lat_of_the_cell_centres() -> None:
    dem = make_dem(plane(90, 40, 0.35))
    course = find_courses(dem, disciplines=["SL"])[0]
    lon, lat = dem.lonlat(course.cells[:, 0], course.cells[:, 1])
    assert course.line == list(zip(lon.tolist(), lat.tolist(), strict=True))
    assert 74.9 < course.line[0][0] < 75.1 and 43.1 < course.line[0][1] < 43.2  # UTM 43N near 500 km E


def test_too_gentle_a_plane_gives_no_course() -> None:
    assert find_courses(make_dem(plane(200, 30, 0.10))) == []


def test_a_cliff_gives_no_course() -> None:
    # 120 % (50°) is steeper than any discipline's steepest section and cannot be traversed within the
    # cross-slope limit.
    assert find_courses(make_dem(plane(120, 40, 1.20))) == []


def test_a_cliff_band_cuts_the_slope() -> None:
    z = plane(130, 30, 0.35)
    z[60:, :] -= 40.0  # a 40 m step across the whole slope between rows 59 and 60
    found = find_courses(make_dem(z), disciplines=["SL"])
    assert found
    for course in found:
        rows = course.cells[:, 0]
        assert rows.max() < 60 or rows.min() >= 60, "no course crosses the cliff"


def test_the_drop_range_is_enforced_for_downhill_and_giant_slalom() -> None:
    found = find_courses(make_dem(plane(420, 20, 0.30)), disciplines=["GS", "DH"])
    gs = [c for c in found if c.discipline == "GS"]
    dh = [c for c in found if c.discipline == "DH"]
    assert gs and dh
    assert all(250 <= c.vertical_drop_m <= 450 for c in gs)
    assert all(450 <= c.vertical_drop_m <= 1100 for c in dh)


def test_womens_and_world_cup_ranges_are_used() -> None:
    dem = make_dem(plane(90, 20, 0.35))
    wc = find_courses(dem, disciplines=["SL"], level="WC")
    assert wc and all(180 <= c.vertical_drop_m <= 220 and c.level == "WC" for c in wc)
    women = find_courses(dem, disciplines=["sl"], gender="w")
    assert women and all(c.gender == "W" for c in women)


# --- shapes ------------------------------------------------------------------------------------------------


def test_a_cone_gives_courses_on_every_side() -> None:
    r, c = np.mgrid[0:121, 0:121].astype(np.float64)
    z = 3000.0 - 0.38 * CELL * np.hypot(r - 60, c - 60)
    found = find_courses(make_dem(z), disciplines=["SL"])
    assert len(found) >= 8
    quadrants = {int(((course.aspect_deg + 45) % 360) // 90) for course in found}
    assert quadrants == {0, 1, 2, 3}  # north, east, south and west faces
    for course in found:
        # Every course runs away from the summit: the finish is further from it than the start.
        start, finish = course.cells[0] - 60, course.cells[-1] - 60
        assert np.hypot(*finish) > np.hypot(*start)


def test_a_slope_too_steep_for_the_fall_line_is_skied_across() -> None:
    # 50 %: straight down is steeper than the slalom's mean band (33–45 %), and the D8 diagonal has a
    # cross-slope of 35 % (> 30 %). A knight move (26.6° off the fall line: 44.7 % along, 22.4 % across)
    # fits, so the lines must traverse: a D8 fall-line search would find nothing here.
    found = find_courses(make_dem(plane(100, 100, 0.50)), disciplines=["SL"])
    assert found
    for course in found:
        assert 33.0 <= course.mean_gradient_pct <= 45.0
        steps = np.diff(course.cells, axis=0)
        run = np.hypot(*steps.T)
        knight = np.abs(steps[:, 0] * steps[:, 1]) == 2
        assert run[knight].sum() >= 0.8 * run.sum(), "knight moves carry the line (traverses, zig-zags)"
        assert not np.any((np.abs(steps[:, 0]) == 1) & (np.abs(steps[:, 1]) == 1)), "no D8 diagonal"


def test_a_lake_at_the_foot_of_the_slope_holds_no_course() -> None:
    z = plane(100, 40, 0.35)
    lake = z[70, 0]
    z[70:, :] = lake  # flat water: no cell there has a downhill direction
    found = find_courses(make_dem(z), disciplines=["SL"])
    assert found
    for course in found:
        elevations = z[course.cells[:, 0], course.cells[:, 1]]
        assert np.all(elevations[:-1] > lake), "only the finish may touch the shore"


def test_no_data_and_filled_cells_are_avoided() -> None:
    z = plane(90, 60, 0.35)
    z[30:40, 10:20] = np.nan
    filled = np.zeros(z.shape, dtype=bool)
    filled[:, 35:45] = True
    found = find_courses(make_dem(z, filled), disciplines=["SL"])
    assert found
    for course in found:
        rows, cols = course.cells[:, 0], course.cells[:, 1]
        assert not filled[rows, cols].any()
        # Horn's window: a cell next to a NaN has no gradient, so no course comes within one cell.
        assert not ((rows >= 29) & (rows <= 40) & (cols >= 9) & (cols <= 20)).any()


def test_release_terrain_above_a_course_raises_its_avalanche_exposure() -> None:
    # Rows 0–39: a 40° face (84 %); below it a 35 % slope. Courses just below the face are exposed.
    rows = 200
    r = np.arange(rows, dtype=np.float64)
    gradient = np.where(r < 40, math.tan(math.radians(40)), 0.35)
    profile = 3000.0 - np.concatenate([[0.0], np.cumsum(gradient[:-1] * CELL)])
    z = np.repeat(profile[:, None], 30, axis=1)
    found = find_courses(make_dem(z), disciplines=["SL"])
    exposed = [c for c in found if c.cells[0, 0] < 60]
    sheltered = [c for c in found if c.cells[0, 0] > 40 + 30 + 2]  # start > 300 m below the face
    assert exposed and sheltered
    assert all(c.avalanche_exposure > 0.1 for c in exposed)
    assert all(c.avalanche_exposure == 0.0 for c in sheltered)


# --- distinct courses -----------------------------------------------------------------------------------


def test_kept_courses_do_not_share_most_of_their_length() -> None:
    found = find_courses(make_dem(plane(90, 60, 0.35)), disciplines=["SL"])
    assert len(found) >= 5
    radius = 40.0 / CELL  # one slalom width, in cells
    for i, later in enumerate(found):
        for earlier in found[:i]:
            assert near_share(later, earlier, radius) <= 0.5


def test_suppression_keeps_the_better_of_two_overlapping_candidates() -> None:
    dem = make_dem(plane(50, 50, 0.35))
    cols = dem.shape[1]
    line = np.arange(10, 30) * cols + 20  # column 20, rows 10–29
    beside = line + 2  # two columns (20 m) away: within one width
    far = line + 15  # 150 m away
    cells = np.concatenate([line, beside, far])
    offsets = np.array([0, 20, 40, 60])
    candidates = Candidates(
        np.array([0.5, 0.9, 0.7]), np.array([line[-1], beside[-1], far[-1]]), cells, offsets
    )
    rule = load_criteria().courses.get("SL")
    kept = distinct(candidates, dem, rule, load_criteria().courses.search)
    assert kept.tolist() == [1, 2]  # best first; the worse of the overlapping pair is dropped


# --- measuring --------------------------------------------------------------------------------------------


def test_steepest_section_is_measured_over_25_m_chunks() -> None:
    # A row of cells 12.5 m apart: 10 % everywhere except 40 % from 25 to 50 m along the line.
    steps = np.array([1.25, 1.25, 5.0, 5.0, 1.25, 1.25, 1.25, 1.25])
    elevation = np.concatenate([[100.0], 100.0 - np.cumsum(steps)])[None, :]
    cells = np.stack([np.zeros(9, dtype=int), np.arange(9)], axis=1)
    profile = measure(cells, elevation, (12.5, 12.5), 25.0)
    assert profile.vertical_drop_m == pytest.approx(17.5)
    assert profile.horizontal_m == pytest.approx(100.0)
    assert profile.mean_gradient_pct == pytest.approx(17.5)
    assert profile.max_gradient_pct == pytest.approx(40.0)
    assert profile.length_m == pytest.approx(float(np.hypot(12.5, steps).sum()))
    assert not profile.uphill
    # Sampled every 50 m instead, the steep part is averaged with a gentle one.
    assert measure(cells, elevation, (12.5, 12.5), 50.0).max_gradient_pct == pytest.approx(25.0)


def test_violations_name_each_broken_criterion() -> None:
    rule = load_criteria().courses.get("SL")
    elevation = np.array([[300.0, 250.0, 260.0, 100.0]])
    cells = np.stack([np.zeros(4, dtype=int), np.arange(4)], axis=1)
    broken = violations(measure(cells, elevation, (100.0, 100.0), 25.0), rule)
    assert any("climbs" in b for b in broken)
    assert any("steepest" in b for b in broken)
    assert any("mean gradient" in b for b in broken)
    good = np.array([[300.0, 220.0, 140.0]])  # 160 m over 400 m: 40 %
    assert violations(measure(cells[:3], good, (200.0, 200.0), 25.0), rule) == []


def test_difficulty_follows_the_european_colours() -> None:
    search = load_criteria().courses.search
    colours = [difficulty(g, search) for g in (12.0, 25.0, 25.1, 40.0, 40.1)]
    assert colours == ["blue", "blue", "red", "red", "black"]


# --- the function's contract ----------------------------------------------------------------------------


def test_results_come_grouped_by_discipline_in_the_order_asked() -> None:
    found = find_courses(make_dem(plane(200, 30, 0.33)), disciplines="SL,GS")
    names = [c.discipline for c in found]
    assert names == sorted(names, key=["SL", "GS"].index) and set(names) == {"SL", "GS"}


def test_progress_is_reported_per_tile(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    find_courses(
        make_dem(plane(100, 100, 0.35)),
        disciplines=["SL"],
        criteria=small_criteria(tmp_path),
        tile_cells=50,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(i, 4) for i in range(1, 5)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"disciplines": ["SL", "XC"]}, "XC"),
        ({"disciplines": []}, "no discipline"),
        ({"gender": "X"}, "unknown discipline/gender/level"),
        ({"level": "EC"}, "unknown discipline/gender/level"),
        ({"workers": 0}, "at least 1"),
        ({"workers": 1, "scheduler": "tcp://127.0.0.1:1"}, "not both"),
    ],
)
def test_bad_arguments_are_input_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError, match=message):
        find_courses(make_dem(plane(20, 20, 0.35)), **kwargs)


def test_the_module_imports_nothing_from_django() -> None:
    source = Path(course_module.__file__).read_text(encoding="utf-8")
    assert "django" not in source.lower()


def test_reported_metrics_are_those_measured_on_the_line() -> None:
    # Rugged terrain so that lines bend, traverse and change pitch.
    r, c = np.mgrid[0:140, 0:140].astype(np.float64)
    z = 2500.0 - 0.34 * CELL * np.hypot(r - 70, c - 70) + 9.0 * np.sin(c / 6.0) * np.cos(r / 9.0)
    dem = make_dem(z)
    search = load_criteria().courses.search
    found = find_courses(dem, disciplines=["SL"])
    assert len(found) > 10
    for course in found:
        profile = measure(course.cells, dem.elevation, dem.cell_size, search.sample_step_m)
        assert course.vertical_drop_m == pytest.approx(profile.vertical_drop_m, rel=1e-9)
        assert course.length_m == pytest.approx(profile.length_m, rel=1e-9)
        assert course.mean_gradient_pct == pytest.approx(profile.mean_gradient_pct, rel=1e-9)
        assert course.max_gradient_pct == pytest.approx(profile.max_gradient_pct, rel=1e-9)
        assert course.max_gradient_pct <= 60.0 + 1e-9
        assert not profile.uphill and violations(profile, load_criteria().courses.get("SL")) == []
        assert course.difficulty == difficulty(profile.max_gradient_pct, search)


def test_no_course_cell_lies_outside_the_usable_elevation_band(tmp_path: Path) -> None:
    dem = make_dem(plane(90, 40, 0.35))  # 2,000 m down to ≈ 1,690 m
    path = tmp_path / "band.toml"
    path.write_text(
        "[courses.search]\nmin_elevation_m = 1700.0\nmax_elevation_m = 1900.0\n", encoding="utf-8"
    )
    banded = find_courses(dem, disciplines=["SL"], criteria=load_criteria(path))
    assert banded
    for course in banded:
        heights = dem.elevation[course.cells[:, 0], course.cells[:, 1]]
        assert heights.min() >= 1700.0 and heights.max() <= 1900.0
    # The default band (up to 3,500 m) leaves the whole plane usable: courses start higher.
    free = find_courses(dem, disciplines=["SL"])
    assert max(c.start_elevation_m for c in free) > max(c.start_elevation_m for c in banded)
