"""The capacity engine on hand-worked plans, the difficulty classes at their boundaries, and properties."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alatau.errors import InputError
from alatau.planning import LIFT_TYPES, Lift, Piste, Plan, check, difficulty_from_gradient, load_plan

KOK_ZHAILAU = Path(__file__).parents[2] / "alatau" / "planning" / "data" / "kok-zhailau-2014.yaml"


def test_hand_worked_plan() -> None:
    # Lifts: 2,400 × 500 + 1,200 × 200 = 1,440,000 m/h; × 6.5 × 0.8 / 3,500 = 2,139.43 skiers a day.
    # Trails: 2 km × 40 m = 8 ha beginner (35/ha = 280) + 1 km × 30 m = 3 ha expert (5/ha = 15)
    # → 295 / ⅓ = 885.
    plan = Plan(
        name="Hand",
        beds=1000,
        lifts=[Lift("A", "chair-4d", 500), Lift("B", "chair-2", 200)],
        pistes=[Piste("P", 2000, 40, "beginner"), Piste("Q", 1000, 30, "expert")],
    )
    report = check(plan)
    assert report.vtf_per_hour == 1_440_000
    assert report.ccc_lifts == pytest.approx(1_440_000 * 6.5 * 0.8 / 3500)
    assert report.ccc_lifts == pytest.approx(2139.4286, abs=1e-3)
    assert report.ccc_trails == pytest.approx(885)
    assert report.ccc == pytest.approx(885)
    assert report.limiting == "trails"
    # Beds: 1,000 × 0.8 × 0.85 = 680 skiers; 205 day visitors fill the rest.
    assert report.skiers_from_beds == pytest.approx(680)
    assert report.day_visitors == pytest.approx(205)
    assert report.beds_per_ccc == pytest.approx(1000 / 885)
    assert report.ratios["km_per_lift"]["value"] == 1.5
    # Costs: detachable chair €4–7 M + fixed chair €1.5–3 M.
    assert report.costs == {"low": Decimal(5_500_000), "mid": Decimal(7_750_000), "high": Decimal(10_000_000)}
    assert report.verdict[0] == "trail-limited: lifts could carry 142 % more"
    assert "beds cover 77 % of the capacity: relies on day visitors (205 a day)" in report.verdict


def test_overridden_parameters() -> None:
    plan = Plan(
        name="Own",
        lifts=[Lift("A", "drag", 100, capacity_pph=1000)],
        pistes=[Piste("P", 1000, 10, "novice")],
        operating_hours=7,
        lift_efficiency=0.9,
        vertical_demand_m=3000,
        on_slope_share=0.5,
        densities={"novice": 60},
    )
    report = check(plan)
    assert report.ccc_lifts == pytest.approx(1000 * 100 * 7 * 0.9 / 3000)  # 210
    assert report.ccc_trails == pytest.approx(1 * 60 / 0.5)  # 120
    assert report.limiting == "trails"
    assert report.verdict[1].startswith("no beds: the whole capacity relies on day visitors (120 a day)")


def test_lift_limited_and_type_defaults() -> None:
    plan = Plan(name="L", lifts=[Lift("A", "chair-8d", 300)], pistes=[Piste("P", 5000, 60, "beginner")])
    report = check(plan)
    assert plan.lifts[0].capacity_pph == LIFT_TYPES["chair-8d"].capacity_pph
    assert report.limiting == "lifts"
    trails = 30 * 35 * 3
    assert (
        report.verdict[0]
        == f"lift-limited: trails could carry {round((trails / report.ccc_lifts - 1) * 100)} % more"
    )


def test_lift_length_and_ride_time() -> None:
    lift = Lift("A", "gondola", 350)
    assert lift.length_m == pytest.approx((1000**2 + 350**2) ** 0.5)
    assert lift.ride_min == pytest.approx(lift.length_m / 6.0 / 60)
    placed = Lift("B", "chair-4", 100, bottom=(77.0, 43.0), top=(77.0, 43.01))
    assert placed.length_m == pytest.approx((1111.95**2 + 100**2) ** 0.5, rel=1e-3)


def test_lift_type_ids() -> None:
    expected = {f"chair-{n}" for n in range(2, 9)} | {"drag", "chair-4d", "chair-6d", "chair-8d"}
    assert expected | {"gondola", "cable-car", "carpet"} == set(LIFT_TYPES)
    assert LIFT_TYPES["chair-4"].capacity_pph == 2400 and LIFT_TYPES["chair-2"].capacity_pph == 1200
    assert LIFT_TYPES["chair-4d"].speed_ms == 5.0


@pytest.mark.parametrize(
    ("pct", "difficulty"),
    [
        (0, "beginner"),
        (15, "beginner"),
        (15.01, "novice"),
        (25, "novice"),
        (25.01, "intermediate"),
        (35, "intermediate"),
        (35.01, "advanced-intermediate"),
        (45, "advanced-intermediate"),
        (45.01, "expert"),
        (120, "expert"),
    ],
)
def test_difficulty_classes_at_their_boundaries(pct: float, difficulty: str) -> None:
    assert difficulty_from_gradient(pct) == difficulty
    assert Piste("P", 100, 20, mean_gradient_pct=pct).difficulty == difficulty


@pytest.mark.parametrize("pct", [-1, float("nan"), float("inf")])
def test_difficulty_of_a_bad_gradient(pct: float) -> None:
    with pytest.raises(InputError):
        difficulty_from_gradient(pct)


def test_kok_zhailau_reference_plan() -> None:
    plan = load_plan(KOK_ZHAILAU)
    report = check(plan)
    assert (plan.beds, len(plan.lifts), len(plan.pistes)) == (7000, 16, 60)
    assert plan.piste_km == pytest.approx(50)
    # The region's ratios (terrain reference §5): ≈ 3 km of piste per lift, ≈ 140 beds per km.
    assert report.ratios["km_per_lift"]["value"] == pytest.approx(3.125, abs=0.01)
    assert report.ratios["beds_per_km"]["value"] == 140
    # The 2025 plan expects > 10,000 skiers a day; 7,000 beds bring 4,760 of them.
    assert report.ccc > 10_000
    assert report.skiers_from_beds == pytest.approx(4760)
    assert report.day_visitors == pytest.approx(report.ccc - 4760)
    assert report.size_class == "large"
    assert sum(len(year["lifts"]) for year in report.phasing) == 16
    assert report.phasing[-1]["ccc_lifts"] == pytest.approx(report.ccc_lifts, abs=0.1)
    assert sum(year["cost"]["mid"] for year in report.phasing) == report.costs["mid"]


_LIFTS = st.builds(
    Lift,
    name=st.just("L"),
    type=st.sampled_from(sorted(LIFT_TYPES)),
    vertical_m=st.floats(1, 1500),
    capacity_pph=st.integers(0, 6000),
)
_PISTES = st.lists(
    st.builds(
        Piste,
        name=st.just("P"),
        length_m=st.floats(10, 5000),
        width_m=st.floats(5, 80),
        difficulty=st.just("novice"),
    ),
    max_size=5,
)


@given(st.lists(_LIFTS, max_size=6), st.lists(_LIFTS, min_size=1, max_size=3), _PISTES)
def test_more_lifts_never_lower_ccc_lifts(lifts: list[Lift], more: list[Lift], pistes: list[Piste]) -> None:
    before = check(Plan(name="A", lifts=lifts, pistes=pistes))
    after = check(Plan(name="B", lifts=lifts + more, pistes=pistes))
    assert after.ccc_lifts >= before.ccc_lifts
    assert after.ccc >= before.ccc
    assert after.costs["low"] > before.costs["low"]


@given(_PISTES, st.integers(0, 50_000))
def test_ccc_is_the_smaller_side(pistes: list[Piste], beds: int) -> None:
    report = check(Plan(name="A", beds=beds, lifts=[Lift("L", "chair-4d", 400)], pistes=pistes))
    assert report.ccc == min(report.ccc_lifts, report.ccc_trails)
    assert report.limiting == ("lifts" if report.ccc_lifts <= report.ccc_trails else "trails")
    assert report.day_visitors >= 0
