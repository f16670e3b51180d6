"""The PNG map: hillshade, courses by discipline, sites by rank; written atomically."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from alatau.errors import InputError
from alatau.terrain.mapping import DISCIPLINE_COLOURS, draw_map, shaded_relief
from alatau.terrain.sites import find_sites
from tests.terrain.sites_support import grid_dem, make_course, north_slope


@pytest.fixture
def search():
    elevation = north_slope(120, 200, floor_rows=40)
    elevation[60:70, 150:160] = np.nan  # a void: drawn as "no data", not as black
    dem = grid_dem(elevation)
    courses = [
        make_course(dem, (110, 40), (45, 40), discipline="GS"),
        make_course(dem, (80, 60), (45, 60), discipline="SL"),
    ]
    return dem, courses, find_sites(courses, dem)


def _rgb(path):
    return np.asarray(Image.open(path).convert("RGB")).reshape(-1, 3)


def _has_colour(pixels: np.ndarray, colour: str, tolerance: int = 40) -> bool:
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(pixels.astype(int) - target).max(axis=1) < tolerance).any())


def test_map_shows_courses_in_their_discipline_colours(tmp_path, search):
    dem, courses, sites = search

    path = draw_map(dem, courses, sites, tmp_path / "map.png", dpi=80)

    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width == 800 and image.height > 400
    pixels = _rgb(path)
    assert _has_colour(pixels, DISCIPLINE_COLOURS["GS"]) and _has_colour(pixels, DISCIPLINE_COLOURS["SL"])
    assert not _has_colour(pixels, DISCIPLINE_COLOURS["DH"], tolerance=20)


def test_map_of_nothing_found_is_still_a_map(tmp_path, search):
    dem, _, _ = search
    path = draw_map(dem, [], [], tmp_path / "empty.png", title="nothing", dpi=80)
    assert len(np.unique(_rgb(path), axis=0)) > 10  # the relief, not a blank page


def test_relief_lights_slopes_facing_the_sun_more(search):
    dem, _, _ = search
    shade = shaded_relief(dem)
    # The sun is in the north-west (315°, 45° high): a north-facing slope is lit more than a south-facing one.
    flipped = grid_dem(np.nan_to_num(dem.elevation[::-1].copy(), nan=1500.0))
    assert np.nanmean(shade[80:100, 20:100]) > np.nanmean(shaded_relief(flipped)[20:40, 20:100])
    assert np.isnan(shade[64, 155])


def test_missing_folder_is_an_input_error_and_leaves_nothing(tmp_path, search):
    dem, courses, sites = search
    with pytest.raises(InputError):
        draw_map(dem, courses, sites, tmp_path / "no" / "map.png")
    assert list(tmp_path.iterdir()) == []
