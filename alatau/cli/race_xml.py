"""``alatau race xml``: the FIS results XML of a race, from a result file and the race header options."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from decimal import Decimal

    from alatau.fis.xmlresults import JuryMember

_DISCIPLINES = ("DH", "SG", "GS", "SL", "AC")


def _race_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


@click.command("xml")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--codex", required=True, help="FIS codex of the race (e.g. 0123).")
@click.option("--nation", required=True, help="NSA code of the organising nation (e.g. KAZ).")
@click.option("--discipline", required=True, type=click.Choice(_DISCIPLINES, case_sensitive=False))
@click.option("--category", required=True, help="Race category (FIS, NC, NJR, CIT …).")
@click.option(
    "--gender",
    type=click.Choice(("M", "W", "A"), case_sensitive=False),
    help="M, W or A (mixed); default: from the points list's competitors, else M.",
)
@click.option("--season", help="Rule table, e.g. 2021-22 (default: the season of --date, else the latest).")
@click.option(
    "--date", "race_date", callback=_race_date, metavar="YYYY-MM-DD", help="Race day (default: today)."
)
@click.option("--place", default="", help="Venue.")
@click.option("--event", default="", help="Event name.")
@click.option(
    "--type",
    "result_type",
    default="Official",
    show_default=True,
    type=click.Choice(("Startlist", "Partial", "Unofficial", "Official")),
)
@click.option(
    "--td", default="", metavar="'NAME (NAT)'", help="Technical Delegate, e.g. 'IVANOV Ivan (KAZ)'."
)
@click.option("--td-number", default="", help="The Technical Delegate's FIS number.")
@click.option("--chief-race", default="", metavar="'NAME (NAT)'", help="Chief of Race.")
@click.option("--referee", default="", metavar="'NAME (NAT)'", help="Referee.")
@click.option("--assistant-referee", default="", metavar="'NAME (NAT)'", help="Assistant Referee.")
@click.option("--course", default="", help="Course name (each run).")
@click.option("--homologation", default="", help="Homologation number of the course, e.g. 15067/10/23.")
@click.option("--penalty", help="Force the applied penalty (as in `race score`).")
@click.option(
    "--points-list",
    type=click.Path(path_type=Path, dir_okay=False),
    help="FIS points list: fills missing fis_points and birth years; its season values override.",
)
@click.option(
    "--out-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True
)
def xml(
    file: Path,
    codex: str,
    nation: str,
    discipline: str,
    category: str,
    gender: str | None,
    season: str | None,
    race_date: date | None,
    place: str,
    event: str,
    result_type: str,
    td: str,
    td_number: str,
    chief_race: str,
    referee: str,
    assistant_referee: str,
    course: str,
    homologation: str,
    penalty: str | None,
    points_list: Path | None,
    out_dir: Path,
) -> None:
    """Write the FIS results XML <NSA><codex>.xml of the result FILE (CSV, as for `race score`)."""
    from alatau.fis.xmlexport import RaceXmlRequest, export_race_xml
    from alatau.fis.xmlresults import Course

    request = RaceXmlRequest(
        codex=codex,
        nation=nation,
        discipline=discipline,
        category=category,
        race_date=race_date or date.today(),
        gender=gender,
        season=season,
        place=place,
        event=event,
        result_type=result_type,
        jury=_jury(td, td_number, chief_race, referee, assistant_referee),
        course=Course(name=course, homologation=homologation) if course or homologation else None,
        penalty=_forced_penalty(penalty),
    )
    export = export_race_xml(file, request, points_list=points_list, out_dir=out_dir)
    from alatau.cli.race import warn_without_status

    warn_without_status(file)
    penalty_used = export.scored.penalty
    click.echo(
        f"{export.path}: {len(export.scored.classified)} classified, "
        f"{len(export.scored.not_classified)} not classified, "
        f"applied penalty {penalty_used.applied} ({penalty_used.rule})"
    )


def _forced_penalty(text: str | None) -> Decimal | None:
    from decimal import Decimal, InvalidOperation

    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise click.BadParameter(f"{text!r} is not a number", param_hint="--penalty") from None
    if not value.is_finite() or value < 0:
        raise click.BadParameter(f"{text!r} is not a penalty", param_hint="--penalty")
    return value


def _jury(td: str, td_number: str, chief_race: str, referee: str, assistant: str) -> tuple[JuryMember, ...]:
    from alatau.fis.xmlexport import jury_member

    given = (
        ("TechnicalDelegate", td),
        ("ChiefRace", chief_race),
        ("Referee", referee),
        ("AssistantReferee", assistant),
    )
    return tuple(
        jury_member(function, text, td_number if function == "TechnicalDelegate" else "")
        for function, text in given
        if text.strip()
    )
