"""``alatau sites find``: a table that fits the terminal, JSON and CSV of the ranked sites, swapped boxes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from alatau.cli import main
from alatau.terrain.geojson import features_of_kind, read_geojson
from tests.terrain.test_cli_sites import CONE_BBOX, cone_dir  # noqa: F401 (the synthetic cone's fixture)


def find(folder, tmp_path, *args: str, columns: int | None = None):  # type: ignore[no-untyped-def]
    env = {"COLUMNS": str(columns)} if columns else {}
    out = tmp_path / "sites.geojson"
    command = ["sites", "find", "--dem-dir", str(folder), "--bbox", CONE_BBOX, "--out", str(out), *args]
    return CliRunner(env=env).invoke(main, command, prog_name="alatau"), out


@pytest.mark.parametrize("columns", [80, 60])
def test_the_table_fits_a_narrow_terminal_and_says_what_it_left_out(cone_dir, tmp_path, columns) -> None:  # noqa: F811
    result, _ = find(cone_dir, tmp_path, "--disciplines", "GS,SL", columns=columns)
    assert result.exit_code == 0, result.stderr
    table = result.stdout.split("best first", 1)[1].split("Left out at", 1)[0]
    assert all(len(line) <= columns for line in table.splitlines())
    assert "…" not in table  # folded, never cut
    for key in ("rank", "score", "GS", "SL", "vertical"):
        assert key in table
    assert f"Left out at {columns} columns:" in result.stdout and "base land ha" in result.stdout


def test_a_wide_terminal_shows_every_column(cone_dir, tmp_path) -> None:  # noqa: F811
    result, _ = find(cone_dir, tmp_path, "--disciplines", "GS,SL", columns=200)
    assert result.exit_code == 0
    assert "base land ha" in result.stdout and "piste km" in result.stdout
    assert "Left out" not in result.stdout


def test_json_gives_every_ranked_site_as_the_geojson_has_it(cone_dir, tmp_path) -> None:  # noqa: F811
    result, out = find(cone_dir, tmp_path, "--disciplines", "GS,SL", "--format", "json", "--top", "1")
    assert result.exit_code == 0, result.stderr
    sites = json.loads(result.stdout)  # stdout is the JSON alone; the summary went to stderr
    assert "candidate sites" in result.stderr
    features = features_of_kind(read_geojson(out), "site")
    assert len(sites) == len(features) >= 1  # --top is the table's: JSON has them all
    assert [s["rank"] for s in sites] == list(range(1, len(sites) + 1))
    for site, feature in zip(sites, features, strict=True):
        props = feature["properties"]
        assert site["site_id"] == props["site_id"] and site["score"] == props["score"]
        assert [site["base_lon"], site["base_lat"]] == props["base_lonlat"]
        assert site["courses_GS"] == props["courses_per_discipline"].get("GS", 0)
        assert site["score_components"] == props["score_components"]


def test_csv_has_a_header_and_one_row_per_site(cone_dir, tmp_path) -> None:  # noqa: F811
    result, out = find(cone_dir, tmp_path, "--disciplines", "SL", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    features = features_of_kind(read_geojson(out), "site")
    assert len(rows) == len(features)
    assert rows[0]["rank"] == "1" and float(rows[0]["vertical_m"]) > 0
    assert {"courses_SL", "distance_km", "access_km"} <= set(rows[0])
    assert rows[0]["access_km"] == ""  # no access points given: empty, not "None"


SWAPS = {
    "west and east": (
        "77.045,43.07,76.985,43.115",
        "west and east look swapped",
        "76.985,43.07,77.045,43.115",
    ),
    "south and north": (
        "76.985,43.115,77.045,43.07",
        "south and north look swapped",
        "76.985,43.07,77.045,43.115",
    ),
}


@pytest.mark.parametrize(("bbox", "said", "meant"), SWAPS.values(), ids=SWAPS.keys())
def test_a_swapped_box_is_called_swapped(tmp_path, bbox, said, meant) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.geojson"
    args = ["sites", "find", "--dem-dir", str(tmp_path), "--bbox", bbox, "--out", str(out)]
    result = CliRunner().invoke(main, args, prog_name="alatau")
    assert result.exit_code == 2
    assert said in result.stderr and f"did you mean {meant}?" in result.stderr
    assert "antimeridian" not in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()


def test_a_box_really_across_the_antimeridian_is_still_said_to_cross_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    args = [
        "sites",
        "find",
        "--dem-dir",
        str(tmp_path),
        "--bbox",
        "179.5,43.0,-179.5,43.2",
        "--out",
        "x.geojson",
    ]
    result = CliRunner().invoke(main, args, prog_name="alatau")
    assert result.exit_code == 2 and "antimeridian" in result.stderr and "swapped" not in result.stderr


def test_terrain_fetch_and_the_engine_say_swapped_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alatau.errors import InputError
    from alatau.terrain.dem import check_bbox

    with pytest.raises(InputError, match="west and east look swapped"):
        check_bbox((77.2, 43.0, 76.8, 43.3))
    args = ["terrain", "fetch", "--source", "copernicus-90", "--bbox", "77.2,43.0,76.8,43.3", "--offline"]
    result = CliRunner().invoke(main, [*args, "--cache-dir", str(tmp_path)], prog_name="alatau")
    assert result.exit_code == 2 and "did you mean 76.8,43,77.2,43.3?" in result.stderr
    assert "antimeridian" not in result.stderr
