"""Populated places (GeoNames) for map labels: the loader's box filter, names by language, PNG labels."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from alatau.terrain.mapping import draw_map, draw_place_names
from alatau.terrain.places import load_places, places_geojson
from tests.terrain.sites_support import grid_dem, north_slope

ALMATY_BOX = (76.7, 43.1, 77.1, 43.4)


def test_almaty_is_in_the_almaty_box_and_astana_is_not() -> None:
    names = [p.name("en") for p in load_places(ALMATY_BOX)]
    assert names[0] == "Almaty"  # the biggest first
    assert "Astana" not in names
    assert all(
        ALMATY_BOX[0] <= p.lon <= ALMATY_BOX[2] and ALMATY_BOX[1] <= p.lat <= ALMATY_BOX[3]
        for p in load_places(ALMATY_BOX)
    )


def test_whole_file_covers_both_countries_with_big_and_nearby_small_places() -> None:
    places = load_places()
    assert {p.country for p in places} == {"KAZ", "KGZ"}
    assert {"Astana", "Bishkek", "Shymkent"} <= {p.name() for p in places}
    small = [p for p in places if p.population < 15000]
    assert small and all(abs(p.lon - 76.91) <= 3.01 and abs(p.lat - 43.25) <= 3.01 for p in small)
    assert all(p.population >= 15000 for p in load_places(min_population=15000))


def test_names_by_language_with_fallbacks() -> None:
    almaty = load_places(ALMATY_BOX)[0]
    assert almaty.name("ru") == "Алматы" and almaty.name("kk") == "Алматы"
    assert almaty.name("fr") == "Almaty"  # no French names: English
    karagandy = next(p for p in load_places() if p.name() == "Karagandy")
    assert karagandy.name("ru") == "Караганда" and karagandy.name("kk").startswith("Қарағанд")


def test_geojson_points_are_lon_lat_with_names() -> None:
    collection = places_geojson(load_places(ALMATY_BOX), "ru")
    first = collection["features"][0]  # type: ignore[index]
    assert first["geometry"]["coordinates"] == [76.9115, 43.25249]
    assert first["properties"]["name"] == "Алматы" and first["properties"]["population"] > 1_000_000


def _almaty_dem():
    return grid_dem(north_slope(200, 200), lon=76.85, lat=43.3)  # 6 km × 6 km over the city centre


def test_png_map_names_the_places_inside_it(tmp_path) -> None:
    dem = _almaty_dem()
    figure = Figure()
    axes = figure.add_subplot()
    assert draw_place_names(axes, dem)[0] == "Almaty"
    assert any(text.get_text().strip() == "Almaty" for text in axes.texts)
    assert draw_place_names(figure.add_subplot(), grid_dem(north_slope(50, 50), lon=60.0, lat=30.0)) == []
    path = draw_map(dem, [], [], tmp_path / "map.png", dpi=60)
    with Image.open(path) as image:
        assert image.format == "PNG"
    assert len(np.unique(np.asarray(Image.open(path).convert("L")))) > 10
