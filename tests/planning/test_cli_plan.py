"""``alatau plan check`` and ``alatau plan draft``: on the real tiles of ../shared/dem, and bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from pyproj import Transformer

from alatau.cli import main
from alatau.planning import check, load_plan
from alatau.terrain.dem import load_dem

SHYMBULAK = "77.05,43.10,77.11,43.15"
SHYMBULAK_BOX = (77.05, 43.10, 77.11, 43.15)
KOK_ZHAILAU = Path(__file__).parents[2] / "alatau" / "planning" / "data" / "kok-zhailau-2014.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="alatau")


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> Path:
    """The sites ``alatau sites find`` finds around Shymbulak on the real tiles."""
    from conftest import shared_path

    dem_dir = shared_path("dem/N43E077.hgt.zip").parent
    out = tmp_path_factory.mktemp("sites") / "sites.geojson"
    result = run(
        "sites",
        "find",
        "--dem-dir",
        str(dem_dir),
        "--bbox",
        SHYMBULAK,
        "--disciplines",
        "GS,SL",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    return out


def test_check_prints_a_readable_report() -> None:
    result = run("plan", "check", str(KOK_ZHAILAU))
    assert result.exit_code == 0, result.stderr
    assert "Kok Zhailau (2014 plan): 16 lifts, 60 pistes (50.0 km" in result.stdout
    assert "limited by the trails" in result.stdout
    assert "beds per km          140.0 (region ≈ 140)" in result.stdout
    assert "  - beds cover 43 % of the capacity: relies on day visitors" in result.stdout


def test_check_json_and_languages() -> None:
    result = run("plan", "check", str(KOK_ZHAILAU), "--json")
    data = json.loads(result.stdout)
    assert data["ccc"] == min(data["ccc_lifts"], data["ccc_trails"])
    assert (
        data["limiting"] == "trails" and data["costs"]["low"] < data["costs"]["mid"] < data["costs"]["high"]
    )
    assert data["verdict"] == check(load_plan(KOK_ZHAILAU)).verdict
    russian = json.loads(run("plan", "check", str(KOK_ZHAILAU), "--json", "--lang", "ru").stdout)
    assert russian["verdict"][0].startswith("ограничено трассами")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ nope", "alatau: plan: not valid JSON"),
        (
            '{"name": "X", "beds": 0, "pistes": [], "lifts": [{"type": "chair-9", "vertical_m": 3}]}',
            "unknown type 'chair-9'",
        ),
        ('{"name": "X", "beds": -1, "lifts": [], "pistes": []}', "beds and densities must not be negative"),
        ('{"name": "X", "lifts": [], "pistes": []}', "plan: beds is required"),
        (
            '{"name": "X", "beds": 0, "lifts": [], '
            '"pistes": [{"name": "P", "length_m": 0, "width_m": 3, "difficulty": "red"}]}',
            "length_m must be positive",
        ),
    ],
)
def test_bad_plans_are_one_line_and_exit_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(content)
    result = run("plan", "check", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_missing_plan_is_one_line(tmp_path: Path) -> None:
    result = run("plan", "check", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"alatau: plan file not found: {tmp_path / 'none.yaml'}\n"


@pytest.mark.slow
def test_draft_on_a_found_site_lifts_follow_the_dem(tmp_path: Path, found: Path, shared) -> None:
    dem_dir = shared("dem/N43E077.hgt.zip").parent
    out = tmp_path / "draft.json"
    result = run(
        "plan", "draft", "--sites", str(found), "--site", "1", "--dem-dir", str(dem_dir), "--out", str(out)
    )
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)
    report = check(plan)
    lifts = [lift for lift in plan.lifts if lift.bottom is not None]
    assert lifts and plan.pistes and plan.beds > 0
    # An independent reading of the DEM: the nearest cells to each station and their 3×3 neighbourhood.
    dem = load_dem(SHYMBULAK_BOX, dem_dir=dem_dir)
    to_grid = Transformer.from_crs("EPSG:4326", dem.crs, always_xy=True)

    def around(point: tuple[float, float]) -> tuple[float, float]:
        x, y = to_grid.transform(*point)
        col = int((x - dem.transform.c) / dem.transform.a)
        row = int((y - dem.transform.f) / dem.transform.e)
        block = dem.elevation[row - 1 : row + 2, col - 1 : col + 2]
        return float(np.nanmin(block)), float(np.nanmax(block))

    for lift in lifts:
        assert lift.bottom is not None and lift.top is not None
        low_bottom, high_bottom = around(lift.bottom)
        low_top, high_top = around(lift.top)
        # The vertical equals the DEM's difference within a cell's error at either station.
        assert low_top - high_bottom <= lift.vertical_m <= high_top - low_bottom
        assert lift.vertical_m > 0 and lift.length_m > lift.vertical_m
    # Default target: what the trails carry; the lifts are sized to it and the beds balance it.
    assert report.ccc_lifts >= report.ccc_trails * 0.98
    assert report.skiers_from_beds == pytest.approx(report.ccc_trails, rel=0.02)
    assert [p.difficulty for p in plan.pistes][-1] == "beginner"


@pytest.mark.slow
def test_draft_to_a_target(tmp_path: Path, found: Path, shared) -> None:
    dem_dir = shared("dem/N43E077.hgt.zip").parent
    out = tmp_path / "draft.json"
    args = [
        "plan",
        "draft",
        "--sites",
        str(found),
        "--site",
        "1",
        "--dem-dir",
        str(dem_dir),
        "--out",
        str(out),
    ]
    assert run(*args, "--target-skiers", "3000").exit_code == 0
    report = check(load_plan(out))
    assert 3000 <= report.ccc_lifts <= 3000 * 1.3
    assert math.isclose(report.skiers_from_beds, 3000, rel_tol=0.01)


def test_draft_errors(tmp_path: Path, found: Path, shared) -> None:
    dem_dir = str(shared("dem/N43E077.hgt.zip").parent)
    base = ["plan", "draft", "--sites", str(found), "--dem-dir", dem_dir, "--out", str(tmp_path / "d.json")]
    cases = [
        ([*base, "--site", "999"], "alatau: no site 999 in the sites file"),
        ([*base, "--site", "1", "--target-skiers", "-5"], "target skiers must be a positive number"),
        ([*base[:-1], str(tmp_path / "no" / "d.json"), "--site", "1"], "output folder does not exist"),
        (
            [
                "plan",
                "draft",
                "--sites",
                str(tmp_path / "x.geojson"),
                "--site",
                "1",
                "--dem-dir",
                dem_dir,
                "--out",
                "d.json",
            ],
            "sites file not found",
        ),
        ([*base, "--site", "one"], "Invalid value for '--site'"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2, args
        assert message in result.stderr and result.stderr.count("\n") == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(
        "plan",
        "draft",
        "--sites",
        str(found),
        "--site",
        "1",
        "--dem-dir",
        str(empty),
        "--out",
        str(tmp_path / "d.json"),
    )
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert not (tmp_path / "d.json").exists()
