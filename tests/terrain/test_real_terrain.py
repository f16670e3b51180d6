"""Real-terrain checks on the SRTM tiles of the Ile Alatau (../shared/dem): Shymbulak, Almaty, voids."""

import dataclasses
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod, Transformer
from scipy import ndimage, sparse

from alatau.terrain.courses import find_courses
from alatau.terrain.dem import load_dem
from alatau.terrain.derivatives import slope
from alatau.terrain.model import Course, Dem

SHYMBULAK = (77.08, 43.13)  # lon, lat: FIS GS and SL courses since 1985, base ≈ 2,200 m, top ≈ 3,200 m
SHYMBULAK_BBOX = (77.0, 43.05, 77.15, 43.2)
ALMATY_AND_STEPPE_BBOX = (76.8, 43.25, 77.0, 43.45)  # the city centre (43.24 N 76.89 E) and north of it
VOIDS_BBOX = (77.2, 42.95, 77.45, 43.2)  # the Talgar massif: ~2,000 void cells of N42E077/N43E077

Shared = Callable[[str], Path]


def dem_dir(shared: Shared) -> Path:
    return shared("dem/N43E077.hgt.zip").parent


def distance_m(course: Course, lonlat: tuple[float, float]) -> float:
    lon, lat = np.array(course.line).T
    here_lon, here_lat = np.full(lon.shape, lonlat[0]), np.full(lat.shape, lonlat[1])
    _, _, metres = Geod(ellps="WGS84").inv(here_lon, here_lat, lon, lat)
    return float(np.min(metres))


def source_voids(dem: Dem, folder: Path, names: tuple[str, ...]) -> np.ndarray:
    """Mask of the DEM cells that hold a void (-32768) of the raw SRTM tiles."""
    to_grid = Transformer.from_crs("EPSG:4326", dem.crs, always_xy=True)
    mask = np.zeros(dem.shape, dtype=bool)
    for name in names:
        with zipfile.ZipFile(folder / f"{name}.hgt.zip") as archive:
            member = next(n for n in archive.namelist() if n.endswith(".hgt"))
            raw = np.frombuffer(archive.read(member), dtype=">i2").reshape(1201, 1201)
        rows, cols = np.nonzero(raw == -32768)
        lat = int(name[1:3]) + 1 - rows / 1200.0
        lon = int(name[4:7]) + cols / 1200.0
        x, y = to_grid.transform(lon, lat)
        t = dem.transform
        row, col = np.floor((y - t.f) / t.e).astype(int), np.floor((x - t.c) / t.a).astype(int)
        inside = (row >= 0) & (row < dem.shape[0]) & (col >= 0) & (col < dem.shape[1])
        mask[row[inside], col[inside]] = True
    return mask


@pytest.mark.parametrize("discipline", ["GS", "SL"])
def test_mens_courses_are_found_at_shymbulak(shared: Shared, discipline: str) -> None:
    dem = load_dem(SHYMBULAK_BBOX, dem_dir=dem_dir(shared))
    found = find_courses(dem, disciplines=[discipline], gender="M")
    at_shymbulak = [
        c
        for c in found
        if distance_m(c, SHYMBULAK) < 2000 and 2000 <= c.finish_elevation_m < c.start_elevation_m <= 3300
    ]
    assert at_shymbulak, f"no {discipline} course within 2 km of Shymbulak between 2,000 and 3,300 m"
    for course in at_shymbulak:
        assert course.discipline == discipline and course.gender == "M"


def test_almaty_and_the_steppe_north_of_it_hold_no_course(shared: Shared) -> None:
    dem = load_dem(ALMATY_AND_STEPPE_BBOX, dem_dir=dem_dir(shared))
    assert np.nanmax(dem.elevation) > np.nanmin(dem.elevation) + 300  # not empty: the city climbs south
    assert find_courses(dem) == []


def test_filled_voids_make_no_spikes_and_carry_no_course(shared: Shared) -> None:
    folder = dem_dir(shared)
    dem = load_dem(VOIDS_BBOX, dem_dir=folder)
    voids = source_voids(dem, folder, ("N42E077", "N43E077"))
    assert voids.sum() > 1000 and dem.filled_cells > 1000
    z = dem.elevation.astype(np.float64)
    assert np.isfinite(z[voids]).all(), "the voids are filled"
    # No spike: a filled cell stands no further outside the range of its 8 neighbours than real
    # terrain does anywhere in the area.
    padded = np.pad(z, 1, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, (3, 3)).reshape(*z.shape, 9)
    neighbours = np.delete(windows, 4, axis=2)
    outside = np.maximum(z - neighbours.max(axis=2), neighbours.min(axis=2) - z)
    assert outside[voids].max() <= outside[~voids].max()
    # No cliff: the filled surface is no steeper than the real terrain within 1 km of it (Horn slope;
    # GDAL's inverse-distance fill reached 199 % here, against at most 163 % on real cells).
    made_up_by_loader = np.asarray(dem.filled)
    percent = slope(dem.elevation, dem.cell_size)
    metres_away = ndimage.distance_transform_edt(~made_up_by_loader) * dem.cell_size[0]
    surroundings = (metres_away > 0) & (metres_away <= 1000)
    assert np.nanmax(percent[made_up_by_loader]) <= np.nanmax(percent[surroundings])
    # No course is laid over made-up terrain: neither the cells the loader marks nor the source voids.
    assert dem.filled is not None and dem.filled.any(), "load_dem marks the cells it made up"
    made_up = dem.filled | voids
    found = find_courses(dataclasses.replace(dem, filled=made_up), disciplines=["SL", "GS"])
    assert found, "the massif's real terrain still holds courses"
    for course in found:
        assert not made_up[course.cells[:, 0], course.cells[:, 1]].any()
        assert course.max_gradient_pct <= 65.0  # the SL/GS limits: no cliff from a fill


def test_kept_courses_at_shymbulak_are_distinct_lines(shared: Shared) -> None:
    """No two slaloms lie within two cells (one cell of placement on each line) for most of their length."""
    dem = load_dem(SHYMBULAK_BBOX, dem_dir=dem_dir(shared))
    found = find_courses(dem, disciplines=["SL"])
    assert len(found) > 20
    # The cells within two cell diagonals of a course (a 5 × 5 block around each of its cells) ...
    blocks = np.stack(np.mgrid[-2:3, -2:3], axis=-1).reshape(-1, 2)
    rows, cols = dem.shape
    flat_near, owner_near, flat_line, owner_line = [], [], [], []
    for index, course in enumerate(found):
        around = (course.cells[:, None, :] + blocks[None, :, :]).reshape(-1, 2)
        around = around[
            (around[:, 0] >= 0) & (around[:, 0] < rows) & (around[:, 1] >= 0) & (around[:, 1] < cols)
        ]
        cells = np.unique(around[:, 0] * cols + around[:, 1])
        flat_near.append(cells)
        owner_near.append(np.full(len(cells), index))
        flat_line.append(course.cells[:, 0] * cols + course.cells[:, 1])
        owner_line.append(np.full(len(course.cells), index))
    near = sparse.csr_matrix(
        (np.ones(sum(map(len, flat_near))), (np.concatenate(owner_near), np.concatenate(flat_near))),
        shape=(len(found), rows * cols),
    )
    line = sparse.csr_matrix(
        (np.ones(sum(map(len, flat_line))), (np.concatenate(owner_line), np.concatenate(flat_line))),
        shape=(len(found), rows * cols),
    )
    # ... hold at most half of the cells of any other course: shared[i, j] = cells of j near i.
    shared_cells = (near @ line.T).toarray()
    np.fill_diagonal(shared_cells, 0)
    lengths = np.array([len(course.cells) for course in found])
    later = np.triu(np.ones_like(shared_cells, dtype=bool), k=1)  # j kept after i
    assert (shared_cells[later] <= 0.5 * np.broadcast_to(lengths, shared_cells.shape)[later]).all()


def test_no_course_leaves_the_usable_elevation_band(shared: Shared) -> None:
    dem = load_dem(SHYMBULAK_BBOX, dem_dir=dem_dir(shared))
    assert np.nanmax(dem.elevation) > 4000  # the Talgar pass ridge rises above the band
    for course in find_courses(dem, disciplines=["GS", "SL"]):
        heights = dem.elevation[course.cells[:, 0], course.cells[:, 1]]
        assert heights.max() <= 3500.0  # courses.search.max_elevation_m: bare rock and glaciers above
