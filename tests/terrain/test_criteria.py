"""The course criteria table: packaged defaults from the FIS digest, key-by-key overrides, validation."""

import re
from pathlib import Path

import pytest

from alatau.errors import InputError
from alatau.terrain.criteria import COURSE_DEFAULTS, DISCIPLINES, GENDERS, LEVELS, load_criteria


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "criteria.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_cover_every_discipline_gender_and_level() -> None:
    table = load_criteria().courses
    assert len(table.table) == len(DISCIPLINES) * len(GENDERS) * len(LEVELS)


@pytest.mark.parametrize(
    ("discipline", "gender", "level", "drops"),
    [
        ("DH", "M", "FIS", (450, 1100)),
        ("DH", "M", "WC", (800, 1100)),
        ("DH", "W", "FIS", (450, 800)),
        ("SG", "M", "FIS", (350, 650)),
        ("SG", "M", "WC", (400, 650)),
        ("SG", "W", "FIS", (350, 600)),
        ("GS", "M", "FIS", (250, 450)),
        ("GS", "W", "FIS", (250, 400)),
        ("SL", "M", "FIS", (140, 220)),
        ("SL", "M", "WC", (180, 220)),
        ("SL", "W", "FIS", (140, 220)),
    ],
)
def test_vertical_drops_are_those_of_the_fis_table(
    discipline: str, gender: str, level: str, drops: tuple
) -> None:
    rule = load_criteria().courses.get(discipline, gender, level)
    assert (rule.min_drop_m, rule.max_drop_m) == drops


def test_slalom_gradient_band_and_width_follow_the_digest() -> None:
    rule = load_criteria().courses.get("SL")
    assert (rule.min_mean_gradient_pct, rule.max_mean_gradient_pct) == (33.0, 45.0)
    assert rule.max_steepest_pct > 52.0  # steeper than 52 % is allowed, on short sections only
    assert rule.width_m == 40.0
    assert load_criteria().courses.get("DH").width_m == 30.0


def test_every_number_in_the_packaged_file_says_where_it_comes_from() -> None:
    for line in COURSE_DEFAULTS.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\w+ = ", line):
            assert "#" in line and line.split("#", 1)[1].strip(), line


def test_a_user_file_overrides_key_by_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[courses.SL]\nwidth_m = 50\n[courses.GS.W.FIS]\nmax_drop_m = 380.0\n")
    criteria = load_criteria(path)
    slalom = criteria.courses.get("SL")
    assert slalom.width_m == 50.0
    assert slalom.min_mean_gradient_pct == load_criteria().courses.get("SL").min_mean_gradient_pct
    women_gs = criteria.courses.get("GS", "W", "FIS")
    assert (women_gs.min_drop_m, women_gs.max_drop_m) == (250.0, 380.0)
    assert criteria.courses.get("GS", "M", "FIS").max_drop_m == 450.0


def test_the_sites_section_is_merged_and_kept_raw(tmp_path: Path) -> None:
    defaults = load_criteria().sites
    assert defaults, "the packaged site criteria are read too"
    table, key = next((t, k) for t, values in defaults.items() if isinstance(values, dict) for k in values)
    path = write(tmp_path, f"[sites.{table}]\n{key} = 12345.0\n")
    merged = load_criteria(path).sites
    assert merged[table][key] == 12345.0
    assert {k: v for k, v in merged[table].items() if k != key} == {
        k: v for k, v in defaults[table].items() if k != key
    }


def test_case_does_not_matter_when_asking_for_a_discipline() -> None:
    assert load_criteria().courses.get("sl", "w", "wc").discipline == "SL"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[courses.SL]\nwidht_m = 40\n", "courses.SL.widht_m"),
        ("[courses.SL]\nwidth_m = 'wide'\n", "courses.SL.width_m"),
        ("[courses.SL]\nwidth_m = true\n", "courses.SL.width_m"),
        ("[courses.SL]\nwidth_m = -5\n", "courses.SL.width_m"),
        ("[courses.SL]\nwidth_m = nan\n", "courses.SL.width_m"),
        ("[courses.SL.M.FIS]\nmin_drop_m = 300\n", "courses.SL.M.FIS.min_drop_m"),
        ("[courses.SL.X]\nFIS = {}\n", "courses.SL.X"),
        ("[courses.SL.M.EC]\nmin_drop_m = 100\n", "courses.SL.M.EC"),
        ("[courses.XC]\nwidth_m = 5\n", "courses.XC"),
        ("[courses.search]\nmax_shared_length = 1.5\n", "max_shared_length"),
        ("[courses.search]\nseparation_cells = 0\n", "separation_cells"),
        ("[courses.search]\nmin_elevation_m = 3600\n", "min_elevation_m"),
        ("[courses.SL]\nmin_mean_gradient_pct = 50\n", "min_mean_gradient_pct"),
        ("[courses.SL]\nmin_step_gradient_pct = 0\n", "min_step_gradient_pct"),
        ("[courses]\nSL = 3\n", "courses.SL"),
        ("[terrain]\nx = 1\n", "terrain"),
    ],
)
def test_bad_keys_and_values_are_named(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(InputError, match=re.escape(named)):
        load_criteria(write(tmp_path, text))


def test_an_unparsable_or_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not valid TOML"):
        load_criteria(write(tmp_path, "[courses.SL\n"))
    with pytest.raises(InputError, match="cannot read"):
        load_criteria(tmp_path / "missing.toml")


def test_unknown_discipline_gender_or_level_is_an_input_error() -> None:
    table = load_criteria().courses
    for args in (("XC",), ("SL", "X"), ("SL", "M", "EC")):
        with pytest.raises(InputError, match="unknown discipline/gender/level"):
            table.get(*args)


def test_derived_limits() -> None:
    rule = load_criteria().courses.get("GS")
    assert rule.target_gradient_pct == (rule.min_mean_gradient_pct + rule.max_mean_gradient_pct) / 2
    assert rule.max_skiable_slope_pct > rule.max_steepest_pct
    # A valid course is never longer (horizontally) than the maximum drop at the gentlest mean gradient,
    # and the search reach covers twice the steepest-step bound.
    assert rule.max_horizontal_length_m == pytest.approx(450 / 0.20)
    assert rule.search_reach_m > 2 * rule.max_drop_m / (rule.min_step_gradient_pct / 100)
