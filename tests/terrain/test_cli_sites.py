"""``alatau sites find``: end to end on real and synthetic tiles, and every kind of bad input."""

from __future__ import annotations

import json
from functools import partial

import numpy as np
import pytest
import rasterio
import shapely
import shapely.geometry
from affine import Affine
from click.testing import CliRunner
from PIL import Image

from alatau.cli import main
from alatau.terrain.geojson import features_of_kind, read_geojson
from tests.terrain.sites_support import UTM_43N, utm_origin

SHYMBULAK = "77.05,43.10,77.11,43.15"
CONE_BBOX = "76.985,43.07,77.045,43.115"


@pytest.fixture(scope="module")
def cone_dir(tmp_path_factory):
    """A folder with one GeoTIFF (UTM 43N, 30 m): a 35 % cone from 2,200 to 3,000 m, and a README."""
    folder = tmp_path_factory.mktemp("cone")
    x0, y0 = utm_origin(76.98, 43.12)
    rows, cols = np.indices((200, 200))
    elevation = np.clip(3000.0 - 0.35 * 30.0 * np.hypot(rows - 100, cols - 100), 2200.0, None)
    profile = {"driver": "GTiff", "width": 200, "height": 200, "count": 1, "dtype": "float32"}
    with rasterio.open(
        folder / "cone.tif",
        "w",
        crs=UTM_43N,
        transform=Affine(30.0, 0.0, x0, 0.0, -30.0, y0),
        nodata=-9999,
        **profile,
    ) as tif:
        tif.write(elevation.astype(np.float32), 1)
    (folder / "README.md").write_text("a synthetic cone")
    return folder


def run(*args: str):
    return CliRunner().invoke(main, ["sites", "find", *args], prog_name="alatau")


def on_cone(cone_dir, *args: str):
    """``alatau sites find`` over the synthetic cone's folder and box."""
    return run("--dem-dir", str(cone_dir), "--bbox", CONE_BBOX, *args)


def _check_output(collection: dict) -> tuple[list[dict], list[dict]]:
    sites = features_of_kind(collection, "site")
    courses = features_of_kind(collection, "course")
    assert [s["properties"]["rank"] for s in sites] == list(range(1, len(sites) + 1))
    ids = {s["properties"]["site_id"] for s in sites}
    assert {c["properties"]["site_id"] for c in courses} <= ids | {None}
    return sites, courses


def test_finds_ranked_sites_on_synthetic_tiles(tmp_path, cone_dir):
    out, png = tmp_path / "sites.geojson", tmp_path / "sites.png"

    result = on_cone(
        cone_dir,
        "--disciplines",
        "gs,SL",
        "--out",
        str(out),
        "--map",
        str(png),
    )

    assert result.exit_code == 0, result.stderr
    sites, courses = _check_output(read_geojson(out))
    assert sites and courses
    assert {c["properties"]["discipline"] for c in courses} <= {"GS", "SL"}
    assert all(
        2190 <= c["properties"]["finish_elevation_m"] < c["properties"]["start_elevation_m"] <= 3000
        for c in courses
    )
    assert "Candidate resort sites" in result.stdout and f"{len(courses)} courses" in result.stdout
    # Each site's base is located in the table as a planner types it into a map.
    lon, lat = sites[0]["properties"]["base_lonlat"]
    assert f"{lat:.3f} N {lon:.3f} E" in result.stdout
    assert result.stderr == ""  # no terminal: no progress bar, nothing went wrong
    with Image.open(png) as image:
        assert image.format == "PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sites.geojson", "sites.png"]


@pytest.mark.slow
def test_one_worker_and_several_workers_give_the_same_courses_and_sites(tmp_path, cone_dir, monkeypatch):
    import alatau.terrain.courses

    # Small tiles, so that the cone is cut into several and courses cross tile edges.
    monkeypatch.setattr(
        alatau.terrain.courses, "find_courses", partial(alatau.terrain.courses.find_courses, tile_cells=64)
    )
    one, several = tmp_path / "one.geojson", tmp_path / "several.geojson"
    first = on_cone(cone_dir, "--disciplines", "GS,SL", "--workers", "1", "--out", str(one))
    result = on_cone(cone_dir, "--disciplines", "GS,SL", "--workers", "2", "--out", str(several))

    assert first.exit_code == 0, first.stderr
    assert result.exit_code == 0, result.stderr
    features = read_geojson(one)["features"]
    assert features and features == read_geojson(several)["features"]


@pytest.mark.slow
def test_around_shymbulak_the_real_tiles_give_gs_and_sl_sites(tmp_path, shared):
    dem_dir = shared("dem/N43E077.hgt.zip").parent
    out = tmp_path / "shymbulak.geojson"

    result = run("--dem-dir", str(dem_dir), "--bbox", SHYMBULAK, "--disciplines", "GS,SL", "--out", str(out))

    assert result.exit_code == 0, result.stderr
    collection = read_geojson(out)
    sites, courses = _check_output(collection)
    assert sites and courses
    best = sites[0]["properties"]
    assert best["courses_per_discipline"]["GS"] + best["courses_per_discipline"]["SL"] > 0
    # No course above the usable band (bare rock and glaciers from ~3,500 m, course_criteria.toml).
    assert 1500 < best["base_elevation_m"] < best["top_elevation_m"] <= 3500
    assert collection["alatau"]["filled_void_cells"] >= 0
    # Site outlines do not overlap (make_valid: 6-decimal coordinates may pinch a ring).
    outlines = [shapely.make_valid(shapely.geometry.shape(site["geometry"])) for site in sites]
    for index, outline in enumerate(outlines):
        for other in outlines[index + 1 :]:
            assert outline.intersection(other).area <= 1e-4 * min(outline.area, other.area)
    assert collection["alatau"]["bbox"] == [77.05, 43.10, 77.11, 43.15]


def test_almaty_city_and_the_steppe_give_an_empty_collection_not_an_error(tmp_path, shared):
    dem_dir = shared("dem/N43E077.hgt.zip").parent
    out, png = tmp_path / "city.geojson", tmp_path / "city.png"

    result = run(
        "--dem-dir", str(dem_dir), "--bbox", "76.85,43.25,76.95,43.35", "--out", str(out), "--map", str(png)
    )

    assert result.exit_code == 0, result.stderr
    assert read_geojson(out)["features"] == []
    assert result.stdout.startswith("0 courses") and "Candidate resort sites" not in result.stdout
    assert png.exists()


def test_a_custom_criteria_file_changes_the_ranking_weights(tmp_path, cone_dir):
    criteria = tmp_path / "access-only.toml"
    weights = {
        "snow": 0,
        "vertical": 0,
        "disciplines": 0,
        "piste_km": 0,
        "north_share": 0,
        "base_land": 0,
        "avalanche_safety": 0,
        "access": 1,
    }
    criteria.write_text("[sites.weights]\n" + "".join(f"{k} = {v}\n" for k, v in weights.items()))
    out = tmp_path / "out.geojson"

    result = on_cone(
        cone_dir,
        "--disciplines",
        "SL",
        "--criteria",
        str(criteria),
        "--reference",
        "77.0,43.2",
        "--gender",
        "w",
        "--out",
        str(out),
    )

    assert result.exit_code == 0, result.stderr
    collection = read_geojson(out)
    assert collection["alatau"]["gender"] == "W"
    sites, _ = _check_output(collection)
    distances = [s["properties"]["distance_km"] for s in sites]
    assert distances == sorted(distances)  # access alone: nearest first
    assert all(s["properties"]["score"] == s["properties"]["score_components"]["access"] for s in sites)


def test_roads_add_a_road_distance_column(tmp_path, cone_dir):
    roads = tmp_path / "roads.geojson"
    line = {"type": "LineString", "coordinates": [[76.9, 43.09], [77.1, 43.09]]}
    roads.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": line}))
    out = tmp_path / "out.geojson"

    result = on_cone(
        cone_dir,
        "--disciplines",
        "SL",
        "--roads",
        str(roads),
        "--out",
        str(out),
    )

    assert result.exit_code == 0, result.stderr
    assert "road km" in result.stdout
    sites, _ = _check_output(read_geojson(out))
    assert all(0 <= s["properties"]["road_distance_km"] < 5 for s in sites)


def _corrupt_dir(tmp_path):
    folder = tmp_path / "corrupt"
    folder.mkdir()
    (folder / "N43E077.hgt.zip").write_bytes(b"PK\x03\x04 this is not a zip file at all")
    return folder


def _void_dir(tmp_path):
    folder = tmp_path / "void"
    folder.mkdir()
    profile = {"driver": "GTiff", "width": 120, "height": 120, "count": 1, "dtype": "int16", "nodata": -32768}
    with rasterio.open(
        folder / "void.tif",
        "w",
        crs="EPSG:4326",
        transform=Affine(0.001, 0.0, 77.0, 0.0, -0.001, 43.2),
        **profile,
    ) as tif:
        tif.write(np.full((120, 120), -32768, dtype=np.int16), 1)
    return folder


BAD_INPUT = {
    "unknown discipline": ["--disciplines", "GS,XX"],
    "unknown gender": ["--gender", "X"],
    "unknown level": ["--level", "olympic"],
    "bbox not four numbers": ["--bbox", "77,43,78"],
    "bbox with text": ["--bbox", "a,b,c,d"],
    "bbox across the antimeridian": ["--bbox", "179.5,43.0,-179.5,43.2"],
    "bbox outside the data": ["--bbox", "10.0,45.0,10.1,45.1"],
    "both workers and scheduler": ["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"],
    "zero workers": ["--workers", "0"],
    "missing criteria file": ["--criteria", "/nonexistent/criteria.toml"],
    "bad reference": ["--reference", "north"],
    "bad resolution": ["--resolution", "-30"],
    "offline without source": ["--offline"],
}


@pytest.mark.parametrize("extra", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_one_line_exit_2_and_no_file(tmp_path, shared, extra):
    out = tmp_path / "out.geojson"
    dem_dir = shared("dem/N43E077.hgt.zip").parent
    base = {
        "--dem-dir": str(dem_dir),
        "--bbox": SHYMBULAK,
        "--out": str(out),
        "--map": str(tmp_path / "m.png"),
    }
    for flag, value in zip(extra[::2], extra[1::2], strict=False):
        base[flag] = value
    args = [item for pair in base.items() for item in pair]
    if len(extra) % 2:
        args.append(extra[-1])

    _assert_refused(run(*args), tmp_path)


def _assert_refused(result, folder):
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alatau"), result.stderr
    assert "Traceback" not in result.stderr
    assert not [p for p in folder.rglob("*") if p.suffix in (".geojson", ".png", ".part")]


@pytest.mark.parametrize("make", [_corrupt_dir, _void_dir], ids=["corrupt tile", "all-void area"])
def test_bad_tiles_are_refused(tmp_path, make):
    folder = make(tmp_path)

    result = run(
        "--dem-dir", str(folder), "--bbox", "77.01,43.09,77.1,43.19", "--out", str(tmp_path / "o.geojson")
    )

    _assert_refused(result, tmp_path)


@pytest.mark.parametrize(
    "content",
    ["[sites.weights]\nbeauty = 1\n", "[sites.weights\n", "[sites.base_land]\nmax_slope_pct = -3\n"],
    ids=["unknown component", "not TOML", "negative threshold"],
)
def test_bad_criteria_files_are_refused_before_the_search(tmp_path, cone_dir, content):
    criteria = tmp_path / "c.toml"
    criteria.write_text(content)

    result = on_cone(
        cone_dir,
        "--criteria",
        str(criteria),
        "--out",
        str(tmp_path / "o.geojson"),
    )

    _assert_refused(result, tmp_path)


def test_neither_dem_dir_nor_source_is_a_usage_error(tmp_path):
    _assert_refused(run("--bbox", SHYMBULAK, "--out", str(tmp_path / "o.geojson")), tmp_path)


def test_missing_output_folder_is_refused_before_the_search(tmp_path, cone_dir):
    result = on_cone(cone_dir, "--out", str(tmp_path / "no" / "o.geojson"))
    _assert_refused(result, tmp_path)


def test_a_failing_map_takes_the_geojson_back(tmp_path, cone_dir, monkeypatch):
    import alatau.terrain.mapping

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(alatau.terrain.mapping, "draw_map", broken)
    out = tmp_path / "o.geojson"

    result = on_cone(
        cone_dir,
        "--disciplines",
        "SL",
        "--out",
        str(out),
        "--map",
        str(tmp_path / "m.png"),
    )

    assert result.exit_code != 0
    assert not out.exists()
