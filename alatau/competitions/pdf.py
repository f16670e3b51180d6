"""PDFs in the FIS layout: start lists per run and the results with the penalty block (reportlab)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from alatau.competitions import racesheet, timemarks
from alatau.competitions.models import OfficialVersion, Race
from alatau.core.pdf import data_table
from alatau.fis.penalty import Penalty
from alatau.fis.results import RaceResult
from alatau.fis.timing import format_time
from alatau.licences.card import fonts


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, str, str]:
    regular, bold = fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=13, leading=16)
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=11)
    return title, body, regular, bold


def _table(rows: list[list[Any]], regular: str, bold: str) -> Table:
    return data_table(rows, regular, bold)


def _heading(race: Race, what: str, title: ParagraphStyle, body: ParagraphStyle) -> list[Flowable]:
    event = race.event
    line = f"{event.name} — {event.place} ({event.nation}) — {race.date:%d.%m.%Y}"
    kind = f"{race.get_discipline_display()} · {race.get_gender_display()} · {race.category}"
    detail = f"{kind} · {_('Codex')} {race.codex}"
    return [Paragraph(line, title), Paragraph(detail, body), Paragraph(what, title), Spacer(1, 4 * mm)]


def _build(story: list[Flowable]) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm).build(
        story
    )
    return out.getvalue()


def start_list_pdf(race: Race, run: int, positions: list[dict[str, Any]]) -> bytes:
    """The start list of one run."""
    title, body, regular, bold = _styles()
    head = [_("Order"), _("Bib"), _("FIS code"), _("Name"), _("Nation"), _("FIS points")]
    rows: list[list[Any]] = [head]
    for position in positions:
        e = position["entry"]
        points = "" if e.fis_points is None else f"{e.fis_points:.2f}"
        rows.append([position["order"], e.bib, e.fis_code, e.name, e.nation, points])
    what = _("Start list, run %(run)s") % {"run": run}
    return _build([*_heading(race, what, title, body), _table(rows, regular, bold)])


def _penalty_rows(penalty: Penalty) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Penalty"), ""]]
    values = ((_("Sum A"), penalty.sum_a), (_("Sum B"), penalty.sum_b), (_("Sum C"), penalty.sum_c),
              (_("(A + B − C) / 10"), penalty.raw), (_("Calculated penalty"), penalty.calculated),
              (_("Applied penalty"), penalty.applied))  # fmt: skip
    for label, value in values:
        rows.append([label, f"{value:.2f}"])
    rows.append([_("Rule"), penalty.rule])
    return rows


def results_pdf(race: Race, result: RaceResult, snapshot: OfficialVersion | None) -> bytes:
    """The results: ranked lines, then those not classified, the penalty block and the jury."""
    title, body, regular, bold = _styles()
    head = [_("Rank"), _("Bib"), _("FIS code"), _("Name"), _("Nation")]
    head += [_("Run %(run)s") % {"run": n} for n in range(1, race.runs + 1)]
    rows: list[list[Any]] = [[*head, _("Total"), _("Race points")]]
    marks = timemarks.race_marks(race)
    for line in result.lines:
        e = line.entry
        runs = [_marked(t, marks.get((e.bib, n), "")) for n, t in enumerate(e.runs, start=1)]
        runs += [""] * (race.runs - len(e.runs))
        rank = line.rank if line.rank is not None else line.status
        points = "" if line.race_points is None else f"{line.race_points:.2f}"
        rows.append([rank, e.bib, e.fis_code, e.name, e.nation, *runs, format_time(line.total_time), points])
    what = _("Official results") if snapshot else _("Unofficial results")
    story = [*_heading(race, what, title, body), _table(rows, regular, bold)]
    story += [Paragraph(note, body) for note in timemarks.footnotes(marks)] + [Spacer(1, 5 * mm)]
    story.append(_table(_penalty_rows(result.penalty), regular, bold))
    story += _jury_and_course(race, regular, bold)
    if snapshot is not None:
        version = _("Version %(version)s, SHA-256 %(sha)s") % {
            "version": snapshot.version,
            "sha": snapshot.sha256,
        }
        story += [Spacer(1, 4 * mm), Paragraph(version, body)]
    return _build(story)


def _marked(time: Any, mark: str) -> str:
    text = format_time(time)
    return f"{text} {mark}" if text and mark else text


def _jury_and_course(race: Race, regular: str, bold: str) -> list[Flowable]:
    """The jury and the course data per run (:mod:`alatau.competitions.racesheet`), where stored."""
    story: list[Flowable] = []
    for rows in (racesheet.jury_rows(race), racesheet.course_rows(race)):
        if len(rows) > 1:
            story += [Spacer(1, 5 * mm), _table(rows, regular, bold)]
    return story
