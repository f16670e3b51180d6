"""``alatau fis …`` commands: FIS points lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

    from alatau.fis.pointslist import DisciplineSummary, ListSummary

_SHOWN_ERRORS = 10


@click.group()
def fis() -> None:
    """FIS points lists."""


@fis.command("list")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--nation", metavar="NAT", help="Only this nation's competitors (three-letter FIS code).")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Show the N best competitors per discipline and gender.",
)
@click.option(
    "--strict", is_flag=True, help="Stop at the first bad row (exit code 2) instead of skipping it."
)
def list_command(file: Path, as_json: bool, nation: str | None, top: int, strict: bool) -> None:
    """Summarise a FIS points list FILE (CSV or XLSX as FIS publishes it)."""
    from alatau.errors import InputError
    from alatau.fis.pointslist import read_points_list, summarise

    if nation is not None and not (len(nation.strip()) == 3 and nation.strip().isalpha()):
        raise click.BadParameter(f"{nation!r} is not a three-letter FIS nation code", param_hint="--nation")
    points_list = read_points_list(file, strict=strict)
    if not points_list.entries and points_list.errors:
        first = points_list.errors[0]
        raise InputError(f"{file.name} row {first.row}: {first.message} (no valid row in the list)")
    summary = summarise(points_list, nation=nation, top=top)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_summary(summary)


def _print_summary(summary: ListSummary) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    header = summary.header
    title = f"{header.name or Path(summary.source).name} (list {header.list_id or '?'})"
    console.print(f"[bold]{title}[/bold]")
    if header.calculation_date:
        console.print(f"Calculated {header.calculation_date.isoformat()}, season {header.season or '?'}")
    where = f" of {summary.nation}" if summary.nation else ""
    genders = ", ".join(f"{g} {n}" for g, n in summary.by_gender.items())
    console.print(f"{summary.competitors} competitors{where} ({genders}); {len(summary.by_nation)} nations")
    _print_nations(console, summary)
    _print_disciplines(console, summary)
    for discipline in summary.disciplines:
        _print_top(console, discipline)
    if summary.overrides:
        console.print(f"Season values on the list: {json.dumps(summary.overrides.as_dict())}")
    _print_errors(summary)


def _print_nations(console: Console, summary: ListSummary) -> None:
    if summary.nation:
        return
    top = list(summary.by_nation.items())[:10]
    console.print("Largest nations: " + ", ".join(f"{nation} {count}" for nation, count in top))


def _print_disciplines(console: Console, summary: ListSummary) -> None:
    from rich.table import Table

    table = Table(title="Points per discipline", title_justify="left")
    for column in ("Discipline", "With points", "Best", "Median", "Flags"):
        table.add_column(column, justify="left" if column in ("Discipline", "Flags") else "right")
    for item in summary.disciplines:
        flags = " ".join(f"{flag}:{count}" for flag, count in item.flags.items())
        table.add_row(item.discipline, str(item.with_points), _points(item.best), _points(item.median), flags)
    console.print(table)


def _print_top(console: Console, item: DisciplineSummary) -> None:
    from rich.table import Table

    for gender, entries in item.top.items():
        table = Table(title=f"{item.discipline} {gender}: best {len(entries)}", title_justify="left")
        for column in ("Pos", "FIS code", "Name", "Nation", "Points", "Flag"):
            table.add_column(column, justify="right" if column in ("Pos", "Points") else "left")
        for entry in entries:
            standing = entry.standing(item.discipline)
            position = "" if standing.position is None else str(standing.position)
            table.add_row(
                position,
                entry.fiscode,
                entry.name,
                entry.nation,
                _points(standing.points),
                standing.flag or "",
            )
        console.print(table)


def _print_errors(summary: ListSummary) -> None:
    if not summary.errors:
        return
    click.echo(f"alatau: {len(summary.errors)} row(s) skipped in {Path(summary.source).name}:", err=True)
    for error in summary.errors[:_SHOWN_ERRORS]:
        click.echo(f"  {error}", err=True)
    if len(summary.errors) > _SHOWN_ERRORS:
        click.echo(f"  … and {len(summary.errors) - _SHOWN_ERRORS} more (--json lists them all)", err=True)


def _points(value: object) -> str:
    return "" if value is None else str(value)
