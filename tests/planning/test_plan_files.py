"""Plan files (JSON and YAML), their errors, and the verdict in four languages."""

import json
from pathlib import Path

import pytest

from alatau.errors import InputError
from alatau.planning import LANGUAGES, check, load_plan, verdict

PLAN = {
    "name": "Test",
    "beds": 2000,
    "operating_hours": 7,
    "lifts": [
        {
            "name": "Main",
            "type": "chair-6d",
            "vertical_m": 450,
            "bottom": [77.0, 43.0],
            "top": [77.01, 43.01],
        },
        {"name": "Kids", "type": "carpet", "vertical_m": 10, "capacity_pph": 800, "phase": 1},
    ],
    "pistes": [
        {"name": "Blue", "length_m": 1800, "width_m": 35, "mean_gradient_pct": 22},
        {"name": "Red", "length_m": 1500, "width_m": 30, "difficulty": "red"},
    ],
}


def test_json_and_yaml_read_the_same(tmp_path: Path) -> None:
    import yaml

    (tmp_path / "p.json").write_text(json.dumps(PLAN))
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(PLAN))
    plans = [load_plan(tmp_path / "p.json"), load_plan(str(tmp_path / "p.yaml")), load_plan(json.dumps(PLAN))]
    plans.append(load_plan(yaml.safe_dump(PLAN)))
    reports = [check(plan).to_dict() for plan in plans]
    assert all(report == reports[0] for report in reports)
    plan = plans[0]
    assert plan.operating_hours == 7
    assert [p.difficulty for p in plan.pistes] == ["novice", "intermediate"]
    assert plan.lifts[1].capacity_pph == 800 and plan.lifts[0].capacity_pph == 3300


def test_plan_round_trips_through_its_dict() -> None:
    plan = load_plan(PLAN)
    again = load_plan(json.loads(json.dumps(plan.to_dict())))
    assert check(again).to_dict() == check(plan).to_dict()


def test_report_json_has_the_relied_on_keys() -> None:
    data = json.loads(check(load_plan(PLAN)).to_json())
    for key in (
        "vtf_per_hour",
        "ccc_lifts",
        "ccc_trails",
        "ccc",
        "skiers_from_beds",
        "beds_per_ccc",
    ):
        assert isinstance(data[key], int | float)
    assert data["limiting"] in ("lifts", "trails")
    assert set(data["costs"]) == {"low", "mid", "high"}
    assert all(isinstance(line, str) for line in data["verdict"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "plan: name is required"),
        ({"beds": "many"}, "plan: beds must be a number"),
        ({"lifts": [{"name": "X", "type": "chair-9", "vertical_m": 100}]}, "unknown type 'chair-9'"),
        ({"lifts": [{"name": "X", "type": "drag"}]}, "lifts[0] (X): type and vertical_m are required"),
        ({"lifts": [{"name": "X", "type": "drag", "vertical_m": -5}]}, "vertical_m must be positive"),
        ({"lifts": [{"type": "drag", "vertical_m": 5, "bottom": [1]}]}, "bottom must be [lon, lat]"),
        (
            {"pistes": [{"name": "P", "length_m": 100, "width_m": 20}]},
            "give a difficulty or a mean_gradient_pct",
        ),
        (
            {"pistes": [{"name": "P", "length_m": 100, "width_m": 20, "difficulty": "pink"}]},
            "unknown difficulty",
        ),
        ({"pistes": [{"name": "P", "length_m": 100, "width": 20}]}, "unknown field 'width'"),
        ({"occupancy": 1.5}, "occupancy must lie between 0 and 1"),
        ({"densities": {"yellow": 3}}, "unknown difficulty in densities: yellow"),
    ],
)
def test_bad_plans_say_what_is_wrong(change: dict, message: str) -> None:
    with pytest.raises(InputError, match=None) as error:
        load_plan({**PLAN, **change})
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="plan file not found"):
        load_plan(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{ nope")
    with pytest.raises(InputError, match="not valid JSON"):
        load_plan(tmp_path / "bad.json")
    (tmp_path / "bad.yaml").write_text("name: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_plan(tmp_path / "bad.yaml")
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n")
    with pytest.raises(InputError, match="must hold an object"):
        load_plan(tmp_path / "list.yaml")


def test_verdict_in_four_languages() -> None:
    report = check(load_plan(PLAN))
    texts = {lang: verdict(report, lang) for lang in LANGUAGES}
    assert all(len(lines) == len(report.reasons) for lines in texts.values())
    assert len({lines[0] for lines in texts.values()}) == 4
    assert texts["en"] == report.verdict
    assert verdict(report, "ru-RU") == texts["ru"]
    with pytest.raises(InputError, match="verdict language"):
        verdict(report, "de")


def test_verdict_words() -> None:
    half = {**PLAN, "beds": 0, "lifts": [], "pistes": []}
    assert check(load_plan(half)).verdict == ["no lifts: the plan carries nobody up"]
    # Lifts 1,000 × 100 × 6.5 × 0.8 / 3,500 = 148.6; trails 1 ha × 49.5 × 3 = 148.5; 218 beds bring 148.2.
    balanced = {
        "name": "B",
        "beds": 218,
        "lifts": [{"name": "T", "type": "drag", "vertical_m": 100, "capacity_pph": 1000}],
        "pistes": [{"name": "P", "length_m": 1000, "width_m": 10, "difficulty": "novice"}],
        "densities": {"novice": 49.5},
    }
    report = check(load_plan(balanced))
    assert report.verdict[:2] == [
        "balanced: lifts and trails carry about the same (0 % apart)",
        "beds balance the capacity (100 %)",
    ]
    assert verdict(report, "fr")[1] == "les lits équilibrent la capacité (100 %)"
    crowded = check(load_plan({**balanced, "beds": 436}))
    assert crowded.verdict[1] == "beds bring 100 % more skiers than the slopes carry comfortably: crowding"
    few = check(load_plan({**balanced, "lifts": balanced["lifts"] * 2}))
    assert "few pistes per lift: 0.5 km a lift against about 3 km in the region" in few.verdict
    assert "бір көтергішке трасса аз: көтергішке 0,5 км, өңірде шамамен 3 км" in verdict(few, "kk")


@pytest.mark.parametrize("key", ["beds", "lifts", "pistes"])
def test_a_plan_without_a_required_key_is_refused(key: str) -> None:
    """``beds``, ``lifts`` and ``pistes`` have no ``?`` in the spec: a missing one is no silent zero."""
    partial = {k: v for k, v in PLAN.items() if k != key}
    with pytest.raises(InputError, match=f"plan: {key} is required"):
        load_plan(partial)
