"""Constraint layers of ``alatau sites find``: excluded areas, access points, distinct courses, borders."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
import shapely.geometry

from alatau.errors import InputError
from alatau.terrain.constraints import (
    distinct_best,
    drop_excluded,
    keep_inside,
    load_country,
    parse_access,
    read_areas,
)
from alatau.terrain.geojson import features_of_kind, read_geojson
from alatau.terrain.model import Course
from tests.terrain.test_cli_sites import cone_dir, on_cone, run  # noqa: F401  (cone_dir is a fixture)

# West half of the synthetic cone (76.985–77.045 E): every course there must go.
WEST = [[76.98, 43.06], [77.014, 43.06], [77.014, 43.12], [76.98, 43.12], [76.98, 43.06]]
SOUTH_OF_ISSYK_KUL = "77.40,42.02,77.55,42.15"  # Terskey Alatau foothills, Kyrgyzstan


def _course(
    line: list[tuple[float, float]], *, site: int | None = 1, aspect: float = 0.0, drop: float = 300.0
):
    return Course(
        "GS",
        "M",
        "FIS",
        line,
        np.zeros((len(line), 2), dtype=np.int64),
        drop,
        900.0,
        30.0,
        40.0,
        2500.0,
        2500.0 - drop,
        aspect,
        "red",
        0.0,
        site,
    )


def _polygon_file(tmp_path: Path, ring: list[list[float]]) -> Path:
    path = tmp_path / "areas.geojson"
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def test_a_course_inside_an_excluded_polygon_never_appears(tmp_path: Path, cone_dir) -> None:  # noqa: F811
    everything, kept = tmp_path / "all.geojson", tmp_path / "kept.geojson"
    assert on_cone(cone_dir, "--out", str(everything)).exit_code == 0
    result = on_cone(cone_dir, "--out", str(kept), "--exclude", str(_polygon_file(tmp_path, WEST)))
    assert result.exit_code == 0, result.stderr
    area = shapely.geometry.Polygon(WEST)
    before = features_of_kind(read_geojson(everything), "course")
    after = features_of_kind(read_geojson(kept), "course")
    assert any(shapely.geometry.shape(c["geometry"]).intersects(area) for c in before)
    assert after and len(after) < len(before)
    assert not any(shapely.geometry.shape(c["geometry"]).intersects(area) for c in after)
    assert read_geojson(kept)["alatau"]["exclude"].endswith("areas.geojson")


def test_access_points_give_access_km_and_score(tmp_path: Path, cone_dir) -> None:  # noqa: F811
    near, far = tmp_path / "near.geojson", tmp_path / "far.geojson"
    assert on_cone(cone_dir, "--out", str(far), "--access", "70,45").exit_code == 0
    result = on_cone(cone_dir, "--out", str(near), "--access", "70,45", "--access", "77.0,43.1")
    assert result.exit_code == 0 and "access km" in result.stdout
    near_sites = features_of_kind(read_geojson(near), "site")
    far_sites = features_of_kind(read_geojson(far), "site")
    assert all(s["properties"]["access_km"] < 10 for s in near_sites)
    assert all(s["properties"]["access_km"] > 500 for s in far_sites)
    assert near_sites[0]["properties"]["score_components"]["access"] > 0.9
    assert far_sites[0]["properties"]["score_components"]["access"] == 0
    assert near_sites[0]["properties"]["score"] > far_sites[0]["properties"]["score"]
    plain = tmp_path / "plain.geojson"
    assert on_cone(cone_dir, "--out", str(plain)).exit_code == 0
    assert all(s["properties"]["access_km"] is None for s in features_of_kind(read_geojson(plain), "site"))


def test_distinct_writes_one_course_per_slope_face(tmp_path: Path, cone_dir) -> None:  # noqa: F811
    every, distinct = tmp_path / "every.geojson", tmp_path / "distinct.geojson"
    assert on_cone(cone_dir, "--out", str(every)).exit_code == 0
    assert on_cone(cone_dir, "--out", str(distinct), "--distinct").exit_code == 0
    all_courses = features_of_kind(read_geojson(every), "course")
    best = features_of_kind(read_geojson(distinct), "course")
    assert best and len(best) < len(all_courses)
    assert all(c["properties"]["distinct"] for c in best)
    assert sum(c["properties"]["distinct"] for c in all_courses) == len(best)


def test_distinct_best_keeps_the_biggest_of_a_face() -> None:
    a = _course([(77.0, 43.0), (77.0, 43.01)], drop=300)
    b = _course([(77.001, 43.0), (77.001, 43.01)], drop=350)  # same face, bigger
    c = _course([(77.0, 43.0), (77.01, 43.0)], aspect=90)  # same place, another face
    d = _course([(77.1, 43.0), (77.1, 43.01)])  # far away
    e = _course([(77.001, 43.0), (77.001, 43.01)], site=2)  # another site
    assert distinct_best([a, b, c, d, e]) == [1, 2, 3, 4]


def test_drop_excluded_and_keep_inside() -> None:
    inside = _course([(77.0, 43.0), (77.0, 43.01)])
    crossing = _course([(76.99, 43.0), (77.02, 43.0)])
    outside = _course([(78.0, 43.0), (78.0, 43.01)])
    area = shapely.geometry.box(76.995, 42.99, 77.01, 43.02)
    assert drop_excluded([inside, crossing, outside], [area]) == [outside]
    assert keep_inside([inside, crossing, outside], area) == [inside]
    assert keep_inside([inside, outside], None) == [inside, outside]


def test_the_kazakh_border() -> None:
    kazakhstan = load_country("kaz")
    for lon, lat in [(76.89, 43.24), (77.08, 43.13), (71.43, 51.13)]:  # Almaty, Shymbulak, Astana
        assert kazakhstan.contains(shapely.geometry.Point(lon, lat))
    for lon, lat in [(77.5, 42.1), (77.08, 42.65), (74.6, 42.87)]:  # Terskey, Cholpon-Ata, Bishkek
        assert not kazakhstan.contains(shapely.geometry.Point(lon, lat))
    assert load_country("any") is None
    with pytest.raises(InputError, match="no boundary shipped for country 'FRA'"):
        load_country("FRA")


@pytest.mark.slow
def test_a_site_south_of_issyk_kul_is_dropped_by_default(tmp_path: Path, shared) -> None:
    dem_dir = str(shared("dem/N42E077.hgt.zip").parent)
    anywhere, kazakh = tmp_path / "any.geojson", tmp_path / "kaz.geojson"
    args = ["--dem-dir", dem_dir, "--bbox", SOUTH_OF_ISSYK_KUL, "--disciplines", "GS"]
    assert run(*args, "--country", "any", "--out", str(anywhere)).exit_code == 0
    result = run(*args, "--out", str(kazakh))
    assert result.exit_code == 0, result.stderr
    assert features_of_kind(read_geojson(anywhere), "site")
    assert features_of_kind(read_geojson(kazakh), "site") == []
    assert features_of_kind(read_geojson(kazakh), "course") == []
    assert read_geojson(kazakh)["alatau"]["country"] == "KAZ"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--access", "77"], "--access must be LON,LAT in degrees, not '77'"),
        (["--access", "200,43"], "--access must be LON,LAT in degrees"),
        (["--country", "XYZ"], "no boundary shipped for country 'XYZ'"),
        (["--exclude", "missing.geojson"], "cannot read areas file missing.geojson"),
    ],
)
def test_bad_constraints_are_one_line_exit_2(tmp_path: Path, cone_dir, extra, message) -> None:  # noqa: F811
    out = tmp_path / "out.geojson"
    result = on_cone(cone_dir, "--out", str(out), *extra)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()


def test_an_areas_file_without_polygons(tmp_path: Path) -> None:
    path = tmp_path / "lines.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": [[77, 43], [77.1, 43]]}))
    with pytest.raises(InputError, match="has no Polygon geometry"):
        read_areas(path)
    assert parse_access(["76.89,43.24"]) == [(76.89, 43.24)]
