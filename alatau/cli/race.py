"""``alatau race …`` commands: score a race and make start lists (thin faces over ``alatau.fis``)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from alatau.errors import InputError

_DISCIPLINES = "[DH|SG|GS|SL|AC]"


@click.group()
def race() -> None:
    """Score FIS alpine races and make their start lists."""


def _discipline(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    from alatau.fis.seasons import parse_discipline

    try:
        return parse_discipline(value)
    except InputError as error:
        raise click.BadParameter(str(error)) from None


def _penalty(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        penalty = Decimal(value)
    except InvalidOperation:
        raise click.BadParameter(f"{value!r} is not a number") from None
    if not penalty.is_finite() or penalty < 0:
        raise click.BadParameter(f"{value!r} is not a penalty (a number of 0 or more)")
    return penalty


def _reverse(_ctx: click.Context, _param: click.Parameter, value: str) -> int | None:
    if value.strip().lower() == "all":
        return None
    if not value.strip().isdigit():
        raise click.BadParameter(f"{value!r} (expected 0, 15, 30, another count or 'all')")
    return int(value)


def _echo(payload: dict[str, Any] | list[str], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(payload))


@race.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--discipline", required=True, metavar=_DISCIPLINES, callback=_discipline)
@click.option("--category", required=True, help="Race category, e.g. FIS, NC, NJR, ENL, EC, WC.")
@click.option("--gender", type=click.Choice(["M", "W"], case_sensitive=False), help="Shown in the heading.")
@click.option("--season", default=None, help="Rule table, e.g. 2021-22 (default: the latest).")
@click.option(
    "--penalty", callback=_penalty, help="Force the applied penalty (fixed-penalty races, what-ifs)."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of the readable list.")
def score(
    file: str,
    discipline: str,
    category: str,
    gender: str | None,
    season: str | None,
    penalty: Decimal | None,
    as_json: bool,
) -> None:
    """Score the race in FILE: ranks, race points, the penalty with its working, FIS points.

    FILE is CSV with a header: bib, fis_code, name, nation, status, then run1, run2[, run3] or total,
    then fis_points (empty: no points in that discipline).

    \b
    The status column takes a code (the digit is the run):
      QLF (or empty)    classified
      DNS1 DNS2 DNS3    did not start
      DNF1 DNF2 DNF3    did not finish
      DSQ1 DSQ2 DSQ3    disqualified
      DNQ1 DNQ2 DNQ3    did not qualify
      NPS               not permitted to start
      DQO               disqualified otherwise (not in a run)

    Or a word as timing exports write it, in English, Kazakh, Russian or French: DNF, DQ, "Did not
    finish 2nd run", "Disqualified (1st run)", "Abandon 2e manche", "Не стартовал"; a word without a
    run means the first run without a time. A file without a status column is read as all QLF (with
    a warning).
    """
    from alatau.fis import report
    from alatau.fis.resultfile import read_result_file
    from alatau.fis.results import score_race
    from alatau.fis.seasons import get_season

    rules = get_season(season)
    entries = read_result_file(file)
    warn_without_status(file)
    result = score_race(entries, discipline, category, rules, penalty)
    notes = rules.provisional_notes(result.category)
    if as_json:
        _echo(report.result_dict(result, notes), True)
    else:
        _echo(report.result_text(result, gender.upper() if gender else None, notes), False)


@race.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--discipline", required=True, metavar=_DISCIPLINES, callback=_discipline)
@click.option("--run", "run", type=click.IntRange(1, 2), default=1, show_default=True)
@click.option(
    "--seed", type=click.IntRange(min=0), help="Seed of the run-1 draw (default: a fresh one, printed)."
)
@click.option(
    "--reverse",
    default="30",
    show_default=True,
    callback=_reverse,
    help="Run 2: how many reverse (0, 15, 30, all).",
)
@click.option(
    "--renumber",
    is_flag=True,
    help="Run 1: give bibs 1, 2, … in start order, replacing the bibs of the file's bib column.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of the readable list.")
def startlist(
    file: str,
    discipline: str,
    run: int,
    seed: int | None,
    reverse: int | None,
    renumber: bool,
    as_json: bool,
) -> None:
    """Make the start list of run 1 (draw, ICR 621) or run 2 (from run-1 results).

    Run 1 reads fis_code, name, nation, fis_points and an optional bib column: the file's own bibs
    are kept (only the start order is drawn) unless --renumber; without a bib column bibs follow the
    start order. Run 2 reads a run-1 result file as `race score` does and keeps its bibs.
    """
    from alatau.fis import report
    from alatau.fis.resultfile import read_entry_list, read_result_file
    from alatau.fis.startlist import draw_run1, order_run2

    if run == 1:
        made = draw_run1(read_entry_list(file), seed, renumber=renumber)
    elif seed is not None or renumber:
        flag = "--seed" if seed is not None else "--renumber"
        raise InputError(f"{flag} applies to the run-1 draw only; run 2 follows the run-1 results")
    else:
        made = order_run2(read_result_file(file), reverse)
        warn_without_status(file)
    payload: Any
    if as_json:
        payload = report.start_list_dict(made) | {"draw": _draw_record(made.seed)}
    else:
        payload = report.start_list_text(made, discipline.upper())
        record = _draw_record(made.seed)
        if record is not None:
            payload.insert(1, f"drawn by {record['drawn_by']} at {record['drawn_at']}")
    _echo(payload, as_json)


def warn_without_status(file: str | Path) -> None:
    """One line on stderr when a race file has no status column: everyone is then taken as QLF."""
    from alatau.fis.resultfile import result_file_columns

    if "status" not in result_file_columns(file):
        name = Path(file).name
        click.echo(
            f"alatau: warning: {name} has no status column: every competitor is read as classified "
            "(QLF); add one for DNS, DNF, DSQ … (see alatau race score --help)",
            err=True,
        )


def _draw_record(seed: int | None) -> dict[str, Any] | None:
    """Who drew and when, beside the seed: ICR 621 wants a draw reproducible *and* audited."""
    if seed is None:
        return None
    import datetime as dt
    import getpass

    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        who = "unknown"
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return {"seed": seed, "drawn_by": who, "drawn_at": when}
