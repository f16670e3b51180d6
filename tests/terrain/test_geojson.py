"""The FeatureCollection writer and reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alatau.errors import InputError
from alatau.terrain.geojson import features_of_kind, read_geojson, write_geojson
from alatau.terrain.sites import find_sites
from tests.terrain.sites_support import grid_dem, make_course, north_slope


@pytest.fixture
def result():
    dem = grid_dem(north_slope(120, 400, floor_rows=40))
    courses = [
        make_course(dem, (110, 50), (45, 50)),
        make_course(dem, (90, 60), (45, 60), discipline="SL"),
        make_course(dem, (110, 350), (45, 350), discipline="GS"),
    ]
    return courses, find_sites(courses, dem)


def test_one_collection_of_sites_then_courses(tmp_path, result):
    courses, sites = result
    path = write_geojson(tmp_path / "out.geojson", courses, sites, {"bbox": [76.9, 43.0, 77.1, 43.2]})

    collection = read_geojson(path)

    assert collection["type"] == "FeatureCollection"
    assert collection["alatau"] == {"bbox": [76.9, 43.0, 77.1, 43.2]}
    site_features = features_of_kind(collection, "site")
    course_features = features_of_kind(collection, "course")
    assert len(site_features) == len(sites) and len(course_features) == len(courses)
    assert collection["features"][: len(sites)] == site_features
    assert [f["properties"]["rank"] for f in site_features] == [1, 2]
    assert {f["geometry"]["type"] for f in site_features} == {"Polygon"}
    assert {f["geometry"]["type"] for f in course_features} == {"LineString"}


def test_site_properties_carry_rank_score_and_measures(tmp_path, result):
    courses, sites = result
    collection = read_geojson(write_geojson(tmp_path / "out.geojson", courses, sites))

    first = features_of_kind(collection, "site")[0]["properties"]
    best = sites[0]
    assert first["site_id"] == best.site_id and first["rank"] == 1
    assert first["score"] == pytest.approx(best.score)
    assert first["score_components"] == pytest.approx(best.score_components)
    assert first["courses_per_discipline"] == best.courses_per_discipline
    assert first["vertical_m"] == pytest.approx(best.vertical_m, abs=0.05)
    for key in (
        "top_elevation_m",
        "base_elevation_m",
        "north_share",
        "base_land_ha",
        "snow_reliability",
        "avalanche_exposure",
        "distance_km",
        "road_distance_km",
        "piste_km",
    ):
        assert key in first


def test_courses_keep_their_line_start_to_finish_and_site_id(tmp_path, result):
    courses, sites = result
    collection = read_geojson(write_geojson(tmp_path / "out.geojson", courses, sites))

    for feature in features_of_kind(collection, "course"):
        props = feature["properties"]
        match = [
            c
            for c in courses
            if c.discipline == props["discipline"]
            and round(c.line[0][0], 6) == feature["geometry"]["coordinates"][0][0]
        ]
        assert len(match) == 1
        assert props["site_id"] == match[0].site_id is not None
        start, finish = feature["geometry"]["coordinates"][0], feature["geometry"]["coordinates"][-1]
        assert [round(v, 6) for v in match[0].line[-1]] == finish
        assert props["start_elevation_m"] > props["finish_elevation_m"]
        assert start != finish


def test_coordinates_are_rounded_to_six_decimals_and_rings_closed(tmp_path, result):
    courses, sites = result
    text = write_geojson(tmp_path / "out.geojson", courses, sites).read_text()
    collection = json.loads(text)

    for feature in collection["features"]:
        coordinates = feature["geometry"]["coordinates"]
        points = coordinates[0] if feature["geometry"]["type"] == "Polygon" else coordinates
        assert all(value == round(value, 6) for point in points for value in point)
    ring = features_of_kind(collection, "site")[0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]


def test_nan_measures_become_null(tmp_path, result):
    courses, sites = result
    courses[0].avalanche_exposure = float("nan")

    collection = read_geojson(write_geojson(tmp_path / "out.geojson", courses, sites))

    values = [f["properties"]["avalanche_exposure"] for f in features_of_kind(collection, "course")]
    assert None in values


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path, result, monkeypatch):
    courses, sites = result
    path = tmp_path / "out.geojson"
    path.write_text("previous")
    original = Path.write_text

    def disk_full(self: Path, text: str, encoding: str | None = None) -> int:
        original(self, text[:100], encoding=encoding)  # half a file, then the disk fills up
        raise OSError("No space left on device")

    monkeypatch.setattr(Path, "write_text", disk_full)
    with pytest.raises(OSError):
        write_geojson(path, courses, sites)
    monkeypatch.undo()

    assert path.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]


def test_missing_output_folder_is_an_input_error(tmp_path, result):
    courses, sites = result
    with pytest.raises(InputError):
        write_geojson(tmp_path / "nowhere" / "out.geojson", courses, sites)


@pytest.mark.parametrize("content", ["{", '{"type": "Feature"}', "[]"])
def test_reading_something_else_is_an_input_error(tmp_path, content):
    path = tmp_path / "x.geojson"
    path.write_text(content)
    with pytest.raises(InputError):
        read_geojson(path)
