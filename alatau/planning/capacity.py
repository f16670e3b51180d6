"""Comfortable carrying capacity (CCC) of a plan: lifts against trails against beds, ratios, costs, phasing.

The formulas are those of issue 12 (``terrain-and-planning.md`` §5):

- lift side ``ccc_lifts = Σ(capacity_pph × vertical_m) × operating_hours × lift_efficiency
  / vertical_demand_m``;
- trail side ``ccc_trails = Σ(area_ha × density) / on_slope_share``;
- ``ccc = min(ccc_lifts, ccc_trails)``, limited by the smaller side;
- ``skiers_from_beds = beds × occupancy × skiing_share`` and
  ``day_visitors = max(0, ccc − skiers_from_beds)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from alatau.planning.model import Plan

#: Regional ratios (terrain reference §5): km of piste per lift, beds per km of piste, and skiers a day per
#: km of piste (Kok Zhailau 2025: > 10,000 skiers a day on 60 km).
REFERENCE_RATIOS = {"km_per_lift": 3.0, "beds_per_km": 140.0, "skiers_per_km": 10_000 / 60}

#: Size classes by vertical transport per hour in vertical feet (terrain reference §5).
SIZE_CLASSES = ((3e6, "very-small"), (6e6, "small-mid"), (12e6, "large-mid"), (float("inf"), "large"))

FEET_PER_METRE = 1 / 0.3048

#: Within this share the two sides (lifts and trails, beds and capacity) count as balanced.
BALANCE = 0.10


@dataclass
class Reason:
    """One finding of the verdict: a code and its figures, worded per language by :func:`verdict`."""

    code: str
    values: dict[str, float] = field(default_factory=dict)


@dataclass
class CapacityReport:
    """What :func:`check` finds for a plan.

    Attributes
    ----------
    vtf_per_hour : float
        Vertical transport in metres per hour (Σ capacity × vertical).
    ccc_lifts, ccc_trails, ccc : float
        Skiers a day the lifts carry, the trails carry, and the smaller of the two.
    limiting : str
        ``"lifts"`` or ``"trails"``.
    skiers_from_beds, beds_per_ccc, day_visitors : float
        Skiers the beds bring, beds per skier of capacity, and the day visitors needed to fill it.
    size_class : str
        By vertical feet per hour: very-small, small-mid, large-mid or large.
    ratios : dict
        ``{name: {"value", "reference"}}`` for km per lift, beds per km, skiers per km.
    costs : dict
        Lift investment in euros, ``{"low", "mid", "high"}`` as Decimal.
    phasing : list of dict
        Per year: the lifts built, their cost and the cumulative lift capacity.
    reasons : list of Reason
        The verdict's findings; :attr:`verdict` words them in English, :func:`verdict` in other languages.
    """

    name: str
    vtf_per_hour: float
    ccc_lifts: float
    ccc_trails: float
    ccc: float
    limiting: str
    beds: int
    skiers_from_beds: float
    beds_per_ccc: float | None
    day_visitors: float
    lifts: int
    pistes: int
    piste_km: float
    piste_ha: float
    size_class: str
    ratios: dict[str, dict[str, float | None]]
    costs: dict[str, Decimal]
    phasing: list[dict[str, Any]]
    reasons: list[Reason]

    @property
    def verdict(self) -> list[str]:
        """The verdict in English (see :func:`alatau.planning.verdict` for kk, ru and fr)."""
        from alatau.planning.verdict import verdict

        return verdict(self, "en")

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The report as JSON-ready data (Decimal costs as whole euros), its verdict in ``lang``."""
        from alatau.planning.verdict import verdict

        def euros(value: Decimal) -> int:
            return int(value.quantize(Decimal(1), ROUND_HALF_UP))

        return {
            "name": self.name,
            "vtf_per_hour": round(self.vtf_per_hour, 1),
            "ccc_lifts": round(self.ccc_lifts, 1),
            "ccc_trails": round(self.ccc_trails, 1),
            "ccc": round(self.ccc, 1),
            "limiting": self.limiting,
            "beds": self.beds,
            "skiers_from_beds": round(self.skiers_from_beds, 1),
            "beds_per_ccc": None if self.beds_per_ccc is None else round(self.beds_per_ccc, 3),
            "day_visitors": round(self.day_visitors, 1),
            "lifts": self.lifts,
            "pistes": self.pistes,
            "piste_km": round(self.piste_km, 3),
            "piste_ha": round(self.piste_ha, 2),
            "size_class": self.size_class,
            "ratios": self.ratios,
            "costs": {k: euros(v) for k, v in self.costs.items()},
            "currency": "EUR",
            "phasing": [{**p, "cost": {k: euros(v) for k, v in p["cost"].items()}} for p in self.phasing],
            "verdict": verdict(self, lang),
            "reasons": [{"code": r.code, **r.values} for r in self.reasons],
        }

    def to_json(self, lang: str = "en", indent: int | None = None) -> str:
        """The report as a JSON text (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=indent)


def lift_capacity(plan: Plan) -> tuple[float, float]:
    """Vertical transport per hour and the lift side of the CCC.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    tuple of float
        ``(vtf_per_hour, ccc_lifts)``: Σ capacity × vertical in metres an hour, and that times the operating
        hours and the lift efficiency over the vertical demand per skier-day.
    """
    vtf = sum(lift.vtf_per_hour for lift in plan.lifts)
    return vtf, vtf * plan.operating_hours * plan.lift_efficiency / plan.vertical_demand_m


def trail_capacity(plan: Plan) -> float:
    """The trail side of the CCC: Σ(area_ha × density) / on_slope_share, in skiers a day.

    Parameters
    ----------
    plan : Plan
        The plan (its densities by difficulty).

    Returns
    -------
    float
        Skiers a day the pistes carry comfortably.
    """
    on_slope = sum(p.area_ha * plan.densities[p.difficulty] for p in plan.pistes)
    return on_slope / plan.on_slope_share


def _ratio(value: float | None, key: str) -> dict[str, float | None]:
    return {"value": None if value is None else round(value, 2), "reference": round(REFERENCE_RATIOS[key], 2)}


def _costs(lifts: list[Any]) -> dict[str, Decimal]:
    low = sum((lift.kind.cost_eur[0] for lift in lifts), Decimal(0))
    high = sum((lift.kind.cost_eur[1] for lift in lifts), Decimal(0))
    return {"low": low, "mid": (low + high) / 2, "high": high}


def phasing(plan: Plan) -> list[dict[str, Any]]:
    """The lifts built year by year, their cost and the lift capacity reached.

    Parameters
    ----------
    plan : Plan
        Lifts with a ``phase`` keep it; the others follow in the file's order, ``lifts_per_year`` a year,
        after the last given phase's lifts of year 1 onwards.

    Returns
    -------
    list of dict
        ``{"year", "lifts": [names], "cost": {low, mid, high}, "ccc_lifts"}`` with ``ccc_lifts`` cumulative.
    """
    years: dict[int, list[Any]] = {}
    unassigned = [lift for lift in plan.lifts if lift.phase is None]
    for lift in plan.lifts:
        if lift.phase is not None:
            years.setdefault(lift.phase, []).append(lift)
    for index, lift in enumerate(unassigned):
        years.setdefault(1 + index // plan.lifts_per_year, []).append(lift)
    out, vtf = [], 0.0
    for year in sorted(years):
        vtf += sum(lift.vtf_per_hour for lift in years[year])
        ccc = vtf * plan.operating_hours * plan.lift_efficiency / plan.vertical_demand_m
        names = [lift.name for lift in years[year]]
        out.append({"year": year, "lifts": names, "cost": _costs(years[year]), "ccc_lifts": round(ccc, 1)})
    return out


def _reasons(report: CapacityReport) -> list[Reason]:
    if not report.lifts or not report.pistes:
        return [Reason("no-lifts" if not report.lifts else "no-pistes")]
    reasons = []
    big, small = max(report.ccc_lifts, report.ccc_trails), report.ccc
    spare = (big / small - 1) * 100 if small > 0 else 0.0
    if small > 0 and big <= small * (1 + BALANCE):
        reasons.append(Reason("balanced", {"pct": round(spare)}))
    else:
        reasons.append(Reason(f"{report.limiting}-limited", {"pct": round(spare)}))
    if report.ccc > 0:
        cover = report.skiers_from_beds / report.ccc
        if cover < 1 - BALANCE:
            code = "no-beds" if report.beds == 0 else "beds-short"
            reasons.append(Reason(code, {"pct": round(cover * 100), "visitors": round(report.day_visitors)}))
        elif cover > 1 + BALANCE:
            reasons.append(Reason("beds-over", {"pct": round((cover - 1) * 100)}))
        else:
            reasons.append(Reason("beds-balanced", {"pct": round(cover * 100)}))
    km_per_lift = report.ratios["km_per_lift"]["value"] or 0.0
    if km_per_lift < REFERENCE_RATIOS["km_per_lift"] / 1.5:
        reasons.append(Reason("few-pistes", {"km": km_per_lift, "ref": REFERENCE_RATIOS["km_per_lift"]}))
    elif km_per_lift > REFERENCE_RATIOS["km_per_lift"] * 1.5:
        reasons.append(Reason("many-pistes", {"km": km_per_lift, "ref": REFERENCE_RATIOS["km_per_lift"]}))
    reasons.append(
        Reason(f"size-{report.size_class}", {"mft": round(report.vtf_per_hour * FEET_PER_METRE / 1e6, 1)})
    )
    return reasons


def check(plan: Plan) -> CapacityReport:
    """The comfortable carrying capacity of a plan and its verdict.

    Parameters
    ----------
    plan : Plan
        A plan from :func:`alatau.planning.load_plan` or built directly.

    Returns
    -------
    CapacityReport
        Lift and trail capacities, the limiting side, what the beds bring, ratios against the region,
        lift costs (low/mid/high), a phasing by year and the verdict's reasons.

    Examples
    --------
    One detachable quad of 2,400 pph over 500 m carries 2,400 × 500 × 6.5 × 0.8 / 3,500 ≈ 1,783 skiers a day.
    """
    vtf, ccc_lifts = lift_capacity(plan)
    ccc_trails = trail_capacity(plan)
    ccc = min(ccc_lifts, ccc_trails)
    from_beds = plan.beds * plan.occupancy * plan.skiing_share
    km = plan.piste_km
    lifts = len(plan.lifts)
    vtf_ft = vtf * FEET_PER_METRE
    report = CapacityReport(
        name=plan.name,
        vtf_per_hour=vtf,
        ccc_lifts=ccc_lifts,
        ccc_trails=ccc_trails,
        ccc=ccc,
        limiting="lifts" if ccc_lifts <= ccc_trails else "trails",
        beds=plan.beds,
        skiers_from_beds=from_beds,
        beds_per_ccc=plan.beds / ccc if ccc > 0 else None,
        day_visitors=max(0.0, ccc - from_beds),
        lifts=lifts,
        pistes=len(plan.pistes),
        piste_km=km,
        piste_ha=sum(p.area_ha for p in plan.pistes),
        size_class=next(name for bound, name in SIZE_CLASSES if vtf_ft < bound),
        ratios={
            "km_per_lift": _ratio(km / lifts if lifts else None, "km_per_lift"),
            "beds_per_km": _ratio(plan.beds / km if km else None, "beds_per_km"),
            "skiers_per_km": _ratio(ccc / km if km else None, "skiers_per_km"),
        },
        costs=_costs(plan.lifts),
        phasing=phasing(plan),
        reasons=[],
    )
    report.reasons = _reasons(report)
    return report
