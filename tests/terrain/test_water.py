"""Water from the DEM: large level regions (SRTM's flattened lakes) are water; small flats, slopes are not."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from alatau.terrain.mapping import WATER_COLOUR, draw_map
from alatau.terrain.water import find_water
from conftest import shared_path
from tests.terrain.sites_support import grid_dem


def _slope_with_flats() -> np.ndarray:
    rows, cols = 100, 120
    z = 2000.0 - 3.0 * np.arange(rows)[:, None] - 1.0 * np.arange(cols)[None, :]
    z = z.astype(np.float32)
    z[20:40, 20:50] = 1850.0  # a lake: 600 level cells in the slope
    z[70:78, 90:98] = 1700.0  # a small flat: 64 cells
    return z


def test_a_flat_lake_in_a_slope_is_found_and_a_small_flat_is_not() -> None:
    water = find_water(_slope_with_flats(), min_cells=200)
    assert water[20:40, 20:50].all()
    assert water.sum() == 600  # the lake, exactly: no slope cell and not the small flat
    assert not water[70:78, 90:98].any()


def test_the_threshold_is_configurable_and_nan_is_never_water() -> None:
    z = _slope_with_flats()
    assert find_water(z, min_cells=50)[70:78, 90:98].all()
    z[20:40, 20:50] = np.nan
    assert not find_water(z, min_cells=50)[20:40, 20:50].any()
    assert not find_water(np.full((2, 2), 5.0)).any()


def test_tolerance_accepts_rounding_of_a_resampled_flat() -> None:
    z = _slope_with_flats().astype(np.float64)
    z[20:40, 20:50] += np.random.default_rng(1).uniform(0, 0.001, (20, 30))
    assert not find_water(z, min_cells=200).any()
    assert find_water(z, min_cells=200, tolerance=0.01).sum() == 600


def test_png_map_draws_the_lake_in_blue(tmp_path) -> None:
    dem = grid_dem(_slope_with_flats())
    path = draw_map(dem, [], [], tmp_path / "lake.png", dpi=80)
    pixels = np.asarray(Image.open(path).convert("RGB")).reshape(-1, 3).astype(int)
    target = np.array([int(WATER_COLOUR[i : i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(pixels - target).max(axis=1) < 12).sum() > 500


@pytest.fixture(scope="module")
def dem_dir():
    return shared_path("dem")


def test_kapchagay_reservoir_is_water_on_the_real_dem(dem_dir) -> None:
    from alatau.terrain.dem import load_dem

    dem = load_dem((77.2, 43.75, 77.9, 43.99), dem_dir=dem_dir)
    water = find_water(dem.elevation)
    assert water.sum() * dem.cell_size[0] * dem.cell_size[1] > 300e6  # hundreds of km² of reservoir
    assert len(np.unique(dem.elevation[water])) == 1  # one level surface on the source grid
    assert water.mean() < 0.9  # the shore and the steppe around are land


def test_big_almaty_lake_is_found_with_a_smaller_threshold(dem_dir) -> None:
    from pyproj import Transformer

    from alatau.terrain.dem import load_dem

    dem = load_dem((76.9, 43.0, 77.0, 43.08), dem_dir=dem_dir)
    assert not find_water(dem.elevation).any()  # on the 3″ tiles only ~44 cells were flattened
    water = find_water(dem.elevation, min_cells=20)
    rows, cols = np.nonzero(water)
    x, y = dem.xy(rows, cols)
    lon, lat = Transformer.from_crs(dem.crs, "EPSG:4326", always_xy=True).transform(x, y)
    assert 76.96 < np.mean(lon) < 77.0 and 43.03 < np.mean(lat) < 43.07  # the lake: 76.985 E, 43.05 N
    assert 2450 < float(np.unique(dem.elevation[water])[0]) < 2550  # the lake lies at about 2,500 m
