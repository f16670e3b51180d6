"""``alatau plan …``: check a resort master plan's carrying capacity, or draft one on a found site."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click

from alatau.errors import InputError


@click.group()
def plan() -> None:
    """Resort master plans: comfortable carrying capacity, verdict, drafts on found sites."""


@plan.command("check")
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--lang", type=click.Choice(["kk", "ru", "en", "fr"]), default="en", show_default=True)
def check_command(plan_file: Path, as_json: bool, lang: str) -> None:
    """Check a plan file (JSON or YAML): lift and trail capacity, beds, ratios, costs and a verdict."""
    from alatau.planning import check, load_plan

    report = check(load_plan(plan_file))
    if as_json:
        click.echo(report.to_json(lang, indent=2))
        return
    click.echo(_readable(report.to_dict(lang)))


def _readable(data: dict[str, Any]) -> str:
    ratios = data["ratios"]

    def ratio(key: str) -> str:
        value = ratios[key]["value"]
        return f"{'–' if value is None else f'{value:,.1f}'} (region ≈ {ratios[key]['reference']:,.0f})"

    costs = data["costs"]
    beds_per_ccc = "–" if data["beds_per_ccc"] is None else f"{data['beds_per_ccc']:.2f}"
    lines = [
        f"{data['name']}: {data['lifts']} lifts, {data['pistes']} pistes ({data['piste_km']:,.1f} km, "
        f"{data['piste_ha']:,.1f} ha), {data['beds']:,} beds",
        f"  vertical transport   {data['vtf_per_hour']:,.0f} m/h ({data['size_class']})",
        f"  capacity (CCC)       {data['ccc']:,.0f} skiers/day, limited by the {data['limiting']}",
        f"    lifts carry        {data['ccc_lifts']:,.0f}",
        f"    trails carry       {data['ccc_trails']:,.0f}",
        f"  skiers from beds     {data['skiers_from_beds']:,.0f} ({beds_per_ccc} beds per skier of capacity)",
        f"  day visitors needed  {data['day_visitors']:,.0f}",
        f"  km of piste per lift {ratio('km_per_lift')}",
        f"  beds per km          {ratio('beds_per_km')}",
        f"  skiers/day per km    {ratio('skiers_per_km')}",
        f"  lift cost (EUR)      {costs['low']:,} – {costs['high']:,} (mid {costs['mid']:,})",
    ]
    for year in data["phasing"]:
        lines.append(
            f"    year {year['year']}: {', '.join(year['lifts'])} — EUR {year['cost']['mid']:,}, "
            f"lifts then carry {year['ccc_lifts']:,.0f}"
        )
    lines.append("Verdict:")
    lines += [f"  - {line}" for line in data["verdict"]]
    return "\n".join(lines)


@plan.command("draft")
@click.option(
    "--sites",
    "sites_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="GeoJSON written by `alatau sites find`.",
)
@click.option("--site", "site_id", required=True, type=int, help="The site's id (site_id) in that file.")
@click.option(
    "--dem-dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of tiles."
)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Plan to write.")
@click.option(
    "--target-skiers", type=float, help="Skiers a day to size the lifts for (default: the trails')."
)
def draft_command(
    sites_file: Path, site_id: int, dem_dir: Path, out: Path, target_skiers: float | None
) -> None:
    """Draft a master plan on a found site: lifts on the DEM, pistes from its courses, beds to balance."""
    from alatau.files import atomic_output
    from alatau.planning import check
    from alatau.planning.draft import draft_plan, site_and_courses
    from alatau.terrain.dem import load_dem
    from alatau.terrain.geojson import read_geojson

    if not out.parent.is_dir():
        raise InputError(f"output folder does not exist: {out.parent}")
    if not dem_dir.is_dir():
        raise InputError(f"DEM folder not found: {dem_dir}")
    if not sites_file.is_file():
        raise InputError(f"sites file not found: {sites_file}")
    collection = read_geojson(sites_file)
    _, lines = site_and_courses(collection, site_id)
    dem = load_dem(_bbox([p for line in lines for p in line.coordinates]), dem_dir=dem_dir)
    drafted = draft_plan(collection, site_id, dem, target_skiers=target_skiers)
    data = drafted.to_dict()
    data["site"] = {"sites_file": str(sites_file), "site_id": site_id}
    with atomic_output(out) as temporary:
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    report = check(drafted)
    click.echo(
        f"Wrote {out}: {len(drafted.lifts)} lifts, {len(drafted.pistes)} pistes ({drafted.piste_km:.1f} km), "
        f"{drafted.beds:,} beds; capacity {report.ccc:,.0f} skiers/day ({report.limiting}-limited)."
    )


def _bbox(points: list[tuple[float, float]], margin_deg: float = 0.01) -> tuple[float, float, float, float]:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    box = (min(lons) - margin_deg, min(lats) - margin_deg, max(lons) + margin_deg, max(lats) + margin_deg)
    if not all(math.isfinite(v) for v in box):
        raise InputError("the site's courses have no usable coordinates")
    return box
