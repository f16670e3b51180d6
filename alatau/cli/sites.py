"""``alatau sites …``: find FIS courses in elevation data and rank candidate resort sites.

A thin face over :func:`alatau.terrain.sites.search_sites`: it checks every input before the long part
(so a typo fails in a second, not after the search), shows a progress bar on stderr, writes the GeoJSON
(and the map) atomically and prints the ranked sites on stdout.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from alatau.cli.sites_output import FORMATS, fitted_table, sites_csv, sites_json, table_width
from alatau.errors import InputError

ALMATY = "76.89,43.24"
_STAGES = {"elevation": "Loading elevation", "courses": "Searching courses", "sites": "Grouping sites"}


def _one_of(*choices: str) -> Callable[[click.Context, click.Parameter, str], str]:
    """A case-insensitive choice shown and returned in upper case (click shows its own in lower case)."""

    def check(context: click.Context, parameter: click.Parameter, value: str) -> str:
        if value.upper() not in choices:
            raise click.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
        return value.upper()

    return check


@click.group()
def sites() -> None:
    """Candidate ski-resort sites: where FIS courses fit, grouped and ranked."""


@sites.command("find")
@click.option(
    "--dem-dir", type=click.Path(file_okay=False, path_type=Path), help="Folder of .hgt/.hgt.zip/.tif."
)
@click.option(
    "--source", type=click.Choice(["copernicus-30", "copernicus-90"]), help="Fetch Copernicus DEM tiles."
)
@click.option("--offline", is_flag=True, help="With --source: use the tile cache only.")
@click.option("--bbox", required=True, metavar="W,S,E,N", help="Area in degrees: west,south,east,north.")
@click.option(
    "--gender",
    default="M",
    show_default=True,
    metavar="M|W",
    callback=_one_of("M", "W"),
    help="Whose courses: M (men) or W (women); picks the FIS vertical-drop range of each discipline "
    "(e.g. DH 450–1,100 m for men at FIS level).",
)
@click.option(
    "--level",
    default="FIS",
    show_default=True,
    metavar="FIS|WC",
    callback=_one_of("FIS", "WC"),
    help="FIS: FIS and continental-cup races; WC: Olympic, World Championship and World Cup races, "
    "whose longer minimum drops (men's DH 800 m) find fewer courses.",
)
@click.option("--disciplines", default="DH,SG,GS,SL", show_default=True, help="Comma-separated.")
@click.option(
    "--criteria",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A TOML file overriding the packaged criteria key by key: [courses.*] gradients, widths and "
    "drops, [sites.*] grouping, base land and score weights (copy the tables to change from "
    "alatau/terrain/data/course_criteria.toml and site_criteria.toml).",
)
@click.option("--workers", type=int, help="Run on a local Dask cluster of N worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on an existing Dask cluster (tcp://host:8786).")
@click.option("--resolution", type=float, metavar="M", help="Cell size in metres (default: the data's own).")
@click.option(
    "--reference",
    default=ALMATY,
    show_default=True,
    metavar="LON,LAT",
    help="The point (longitude,latitude: Almaty's centre by default) each site's distance_km is measured "
    "from; nearer sites score higher on access (0 at 100 km or more).",
)
@click.option("--roads", type=click.Path(dir_okay=False, path_type=Path), help="GeoJSON of road lines.")
@click.option(
    "--exclude",
    type=click.Path(dir_okay=False, path_type=Path),
    help="GeoJSON of areas where no course may run.",
)
@click.option(
    "--access", multiple=True, metavar="LON,LAT", help="An access point (repeatable); sites get access_km."
)
@click.option(
    "--country",
    default="KAZ",
    show_default=True,
    metavar="ISO3|any",
    help="Keep courses inside this country.",
)
@click.option("--distinct", is_flag=True, help="Write only the distinct best courses (one per slope face).")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="GeoJSON to write."
)
@click.option("--map", "map_path", type=click.Path(dir_okay=False, path_type=Path), help="PNG map to write.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Sites in the table.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="How stdout gives the ranked sites: a table fitted to the terminal's width, or every site as "
    "JSON or CSV (the summary then goes to stderr).",
)
def find(**options: Any) -> None:
    """Find FIS courses in an area, group them into candidate resort sites and rank the sites."""
    from alatau.terrain.criteria import load_criteria
    from alatau.terrain.sites import check_disciplines, read_roads, site_parameters

    _check_choices(options)
    bbox = _bbox(options["bbox"])
    reference = _reference(options["reference"])
    disciplines = check_disciplines(options["disciplines"].split(","))
    outputs = [p for p in (options["out"], options["map_path"]) if p is not None]
    for path in outputs:
        if not path.parent.is_dir():
            raise InputError(f"output folder does not exist: {path.parent}")
    criteria = load_criteria(options["criteria"])
    site_parameters(criteria)
    roads = read_roads(options["roads"]) if options["roads"] else None
    options["constraints"] = _constraints(options)
    search = _run_search(options, bbox, disciplines, criteria, reference, roads)
    _write(search, options, outputs, bbox, disciplines, reference)
    _print_table(search, options, disciplines)


def _check_choices(options: dict[str, Any]) -> None:
    if (options["dem_dir"] is None) == (options["source"] is None):
        raise click.UsageError("give exactly one of --dem-dir DIR or --source copernicus-30|copernicus-90")
    if options["offline"] and options["source"] is None:
        raise click.UsageError("--offline goes with --source (the tile cache)")
    if options["workers"] is not None and options["scheduler"] is not None:
        raise click.UsageError("give --workers N or --scheduler ADDRESS, not both")
    if options["workers"] is not None and options["workers"] < 1:
        raise click.BadParameter("must be at least 1", param_hint="--workers")
    if options["resolution"] is not None and not (
        math.isfinite(options["resolution"]) and options["resolution"] > 0
    ):
        raise click.BadParameter("must be a positive number of metres", param_hint="--resolution")


def _constraints(options: dict[str, Any]) -> dict[str, Any]:
    """Excluded areas, the country's boundary and the access points, read before the long part."""
    from alatau.terrain.constraints import load_country, parse_access, read_areas

    return {
        "exclude": read_areas(options["exclude"]) if options["exclude"] else None,
        "country": load_country(options["country"]),
        "access_points": parse_access(options["access"]) or None,
    }


def _numbers(text: str, count: int, option: str, shape: str) -> tuple[float, ...]:
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) != count or not all(math.isfinite(v) for v in values):
        raise click.BadParameter(f"expected {count} numbers {shape}, got {text!r}", param_hint=option)
    return values


def _bbox(text: str) -> tuple[float, ...]:
    """The box, with west and east (or south and north) given the wrong way round said as such."""
    west, south, east, north = _numbers(text, 4, "--bbox", "W,S,E,N")
    if south > north:
        raise click.BadParameter(
            f"south {south:g} is north of north {north:g}: south and north look swapped "
            f"(did you mean {west:g},{north:g},{east:g},{south:g}?)",
            param_hint="--bbox",
        )
    # Across the antimeridian, a box from west to east spans 360 − (west − east) degrees; under
    # 180 degrees apart the far likelier reading is a box whose west and east were swapped.
    if west > east and west - east < 180:
        raise click.BadParameter(
            f"west {west:g} is east of east {east:g}: west and east look swapped "
            f"(did you mean {east:g},{south:g},{west:g},{north:g}?)",
            param_hint="--bbox",
        )
    return (west, south, east, north)


def _reference(text: str) -> tuple[float, float]:
    lon, lat = _numbers(text, 2, "--reference", "LON,LAT")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise click.BadParameter(f"{text!r} is not a longitude,latitude", param_hint="--reference")
    return (lon, lat)


def _run_search(
    options: dict[str, Any],
    bbox: tuple[float, ...],
    disciplines: tuple[str, ...],
    criteria: Any,
    reference: tuple[float, float],
    roads: Any,
) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from alatau.terrain.sites import search_sites

    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    console = Console(stderr=True)
    # A bar is for a person at a terminal; in logs and pipes stderr keeps only what went wrong.
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        return search_sites(
            bbox,
            dem_dir=options["dem_dir"],
            source=options["source"],
            offline=options["offline"],
            resolution=options["resolution"],
            disciplines=disciplines,
            gender=options["gender"],
            level=options["level"],
            criteria=criteria,
            workers=options["workers"],
            scheduler=options["scheduler"],
            reference_point=reference,
            roads=roads,
            progress=_progress_bar(bar),
            **options["constraints"],
        )


def _progress_bar(bar: Any) -> Callable[[str, int, int], None]:
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return update


def _write(
    search: Any,
    options: dict[str, Any],
    outputs: list[Path],
    bbox: tuple[float, ...],
    disciplines: tuple[str, ...],
    reference: tuple[float, float],
) -> None:
    """Write the GeoJSON, then the map; if the map fails, take the GeoJSON back: all or nothing."""
    from alatau.terrain.geojson import write_geojson
    from alatau.terrain.mapping import draw_map

    metadata = {
        "bbox": list(bbox),
        "gender": options["gender"],
        "level": options["level"],
        "disciplines": list(disciplines),
        "reference_point": list(reference),
        "crs": search.dem.crs,
        "cell_size_m": list(search.dem.cell_size),
        "filled_void_cells": search.dem.filled_cells,
        "criteria": str(options["criteria"]) if options["criteria"] else "packaged defaults",
        "country": options["country"].upper(),
        "exclude": str(options["exclude"]) if options["exclude"] else None,
        "access_points": [list(point) for point in options["constraints"]["access_points"] or []],
    }
    courses = [c for c in search.courses if c.distinct] if options["distinct"] else search.courses
    write_geojson(options["out"], courses, search.sites, metadata)
    if options["map_path"] is None:
        return
    try:
        draw_map(search.dem, search.courses, search.sites, options["map_path"])
    except BaseException:
        options["out"].unlink(missing_ok=True)
        raise


def _print_table(search: Any, options: dict[str, Any], disciplines: tuple[str, ...]) -> None:
    from rich.console import Console

    output_format = options["output_format"]
    width = table_width()
    summary = Console(stderr=output_format != "table", width=width or 140)
    found = {d: sum(1 for c in search.courses if c.discipline == d) for d in disciplines}
    dem = search.dem
    wrote = " and ".join(str(p) for p in (options["out"], options["map_path"]) if p is not None)
    summary.print(
        f"{len(search.courses)} courses ({', '.join(f'{d} {n}' for d, n in found.items())}) in "
        f"{len(search.sites)} candidate sites; {dem.shape[0]}×{dem.shape[1]} cells of "
        f"{dem.cell_size[0]:.0f} m, {dem.filled_cells} source cells filled (voids and their rim). "
        f"Wrote {wrote}.",
        soft_wrap=True,
    )
    distinct = sum(1 for c in search.courses if c.distinct)
    summary.print(f"{distinct} distinct best courses (one per slope face).")
    if output_format == "json":
        click.echo(sites_json(search.sites, disciplines))
    elif output_format == "csv":
        click.echo(sites_csv(search.sites, disciplines), nl=False)
    elif search.sites:
        _print_fitted(search.sites, options, disciplines, width)


def _print_fitted(
    sites: list[Any], options: dict[str, Any], disciplines: tuple[str, ...], width: int | None
) -> None:
    from rich.console import Console

    shown = sites[: options["top"]]
    roads, access = options["roads"] is not None, bool(options["access"])
    table, left_out = fitted_table(shown, disciplines, width, roads=roads, access=access)
    console = Console(width=width or 10_000)
    console.print(table)
    if left_out:
        console.print(
            f"Left out at {width} columns: {', '.join(left_out)} (a wider terminal shows them; "
            "--format csv or json gives every measure).",
            soft_wrap=True,
        )
    if len(sites) > options["top"]:
        console.print(f"… and {len(sites) - options['top']} more sites in {options['out']}.")
