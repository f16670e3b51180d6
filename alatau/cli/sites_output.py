"""What ``alatau sites find`` prints: the ranked sites as a table that fits the terminal, JSON or CSV.

The table keeps its key columns (rank, score, where the base is, courses per discipline, vertical,
distance) and leaves out the others, least useful first, until it fits the terminal's width; it says
which it left out. JSON and CSV always carry every site and every measure (``--top`` is the table's).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "json", "csv")
# Left out first when the table is too wide for the terminal (the key columns are never left out);
# with access points, access km stands for the distance from the reference point.
_OPTIONAL_COLUMNS = ("base land ha", "top m", "base m", "piste km", "road km")


def table_width() -> int | None:
    """The width the table must fit: the terminal's (or ``COLUMNS``); None for a pipe or a file."""
    from rich.console import Console

    probe = Console()
    if probe.is_terminal or os.environ.get("COLUMNS", "").isdigit():
        return probe.width
    return None


def site_rows(sites: Sequence[Any], disciplines: Sequence[str]) -> list[dict[str, Any]]:
    """One flat record per ranked site (the CSV's rows; JSON adds the score components)."""
    rows = []
    for site in sites:
        lon, lat = site.base_lonlat if site.base_lonlat is not None else (None, None)
        row: dict[str, Any] = {"rank": site.rank, "site_id": site.site_id, "score": round(site.score, 4)}
        row |= {"base_lat": _round(lat, 6), "base_lon": _round(lon, 6)}
        row |= {f"courses_{d}": site.courses_per_discipline.get(d, 0) for d in disciplines}
        row |= {
            "top_elevation_m": round(site.top_elevation_m, 1),
            "base_elevation_m": round(site.base_elevation_m, 1),
            "vertical_m": round(site.vertical_m, 1),
            "piste_km": round(site.piste_km, 2),
            "base_land_ha": round(site.base_land_ha, 1),
            "north_share": round(site.north_share, 3),
            "snow_reliability": round(site.snow_reliability, 3),
            "avalanche_exposure": round(site.avalanche_exposure, 3),
            "distance_km": round(site.distance_km, 2),
            "road_distance_km": _round(site.road_distance_km, 2),
            "access_km": _round(site.access_km, 2),
        }
        rows.append(row)
    return rows


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def sites_json(sites: Sequence[Any], disciplines: Sequence[str]) -> str:
    """The ranked sites as a JSON array, best first, each with its score components."""
    rows = site_rows(sites, disciplines)
    for row, site in zip(rows, sites, strict=True):
        row["score_components"] = {k: round(v, 4) for k, v in site.score_components.items()}
    return json.dumps(rows, ensure_ascii=False, indent=2)


def sites_csv(sites: Sequence[Any], disciplines: Sequence[str]) -> str:
    """The ranked sites as CSV with a header, best first (empty cells where a measure is absent)."""
    rows = site_rows(sites, disciplines)
    buffer = io.StringIO()
    columns = list(rows[0]) if rows else _csv_header(disciplines)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _csv_header(disciplines: Sequence[str]) -> list[str]:
    head = ["rank", "site_id", "score", "base_lat", "base_lon", *(f"courses_{d}" for d in disciplines)]
    measures = "top_elevation_m base_elevation_m vertical_m piste_km base_land_ha north_share"
    measures += " snow_reliability avalanche_exposure distance_km road_distance_km access_km"
    return head + measures.split()


def fitted_table(
    sites: Sequence[Any], disciplines: Sequence[str], width: int | None, *, roads: bool, access: bool
) -> tuple[Any, list[str]]:
    """The table of ``sites`` with as many columns as ``width`` allows, and the columns left out."""
    from rich.console import Console
    from rich.measure import Measurement

    columns = _columns(disciplines, roads=roads, access=access)
    left_out: list[str] = []
    table = _table(sites, columns, disciplines)
    if width is None:
        return table, left_out
    console = Console(width=10_000)
    for column in (*_OPTIONAL_COLUMNS, "distance km") if access else _OPTIONAL_COLUMNS:
        if Measurement.get(console, console.options, table).maximum <= width:
            break
        if column in columns:
            columns = [c for c in columns if c != column]
            left_out.append(column)
            table = _table(sites, columns, disciplines)
    return table, left_out


def _columns(disciplines: Sequence[str], *, roads: bool, access: bool) -> list[str]:
    columns = ["rank", "score", "base at", *disciplines, "top m", "base m", "vertical m", "piste km"]
    columns += ["base land ha", "distance km"]
    columns += ["road km"] if roads else []
    columns += ["access km"] if access else []
    return columns


def _table(sites: Sequence[Any], columns: list[str], disciplines: Sequence[str]) -> Any:
    from rich.table import Table

    table = Table(title="Candidate resort sites, best first")
    for header in columns:
        # Folded, never cut: a value that does not fit its column goes on to the next line.
        table.add_column(header, justify="right", overflow="fold")
    for site in sites:
        table.add_row(*(_cell(site, column, disciplines) for column in columns))
    return table


def _cell(site: Any, column: str, disciplines: Sequence[str]) -> str:
    if column in disciplines:
        return str(site.courses_per_discipline.get(column, 0))
    values: dict[str, Any] = {
        "rank": lambda: str(site.rank),
        "score": lambda: f"{site.score:.3f}",
        "base at": lambda: where(site.base_lonlat),
        "top m": lambda: f"{site.top_elevation_m:.0f}",
        "base m": lambda: f"{site.base_elevation_m:.0f}",
        "vertical m": lambda: f"{site.vertical_m:.0f}",
        "piste km": lambda: f"{site.piste_km:.1f}",
        "base land ha": lambda: f"{site.base_land_ha:.1f}",
        "distance km": lambda: f"{site.distance_km:.1f}",
        "road km": lambda: _km(site.road_distance_km),
        "access km": lambda: _km(site.access_km),
    }
    return str(values[column]())


def _km(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def where(lonlat: tuple[float, float] | None) -> str:
    """A base's position as a planner types it into a map: "43.140 N 77.069 E"."""
    if lonlat is None:
        return "–"
    lon, lat = lonlat
    return f"{abs(lat):.3f} {'N' if lat >= 0 else 'S'} {abs(lon):.3f} {'E' if lon >= 0 else 'W'}"
