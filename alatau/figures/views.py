"""The public dashboard of the figures of practice, and each chart's table as CSV (aggregates only)."""

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alatau.core.cells import export_cell
from alatau.figures import svg
from alatau.figures.services import BREAKDOWNS, Breakdown, Figures, practice_figures
from alatau.licences.services import season_label


class BadSeason(ValueError):
    pass


def _season(request: HttpRequest) -> int | None:
    text = request.GET.get("season", "").strip()
    if not text:
        return None
    if not (text.isdigit() and 1990 <= int(text) <= 2100):
        raise BadSeason(_("A season is the year it starts, e.g. 2025."))
    return int(text)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{number_format(round(value, 1), 1, force_grouping=True)} %"


def _chart(figures: Figures, breakdown: Breakdown) -> str:
    labels = [line.label for line in breakdown.lines]
    series = [
        svg.Series(season_label(figures.season), [line.current for line in breakdown.lines]),
        svg.Series(season_label(figures.season - 1), [line.previous for line in breakdown.lines]),
    ]
    return svg.bar_chart(breakdown.title, labels, series, ident=f"chart-{breakdown.key}")


def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        figures = practice_figures(_season(request))
    except BadSeason as error:
        return render(request, "figures/dashboard.html", {"error": str(error)}, status=400)
    labels = [season_label(s) for s in figures.seasons]
    counts = [figures.by_season[s] for s in figures.seasons]
    by_season = [{"season": label, "count": count} for label, count in zip(labels, counts, strict=True)]
    trend = svg.line_chart(_("Licences by season"), labels, counts, ident="chart-seasons")
    sections = [
        {
            "breakdown": b,
            "chart": _chart(figures, b),
            "rows": [(line, _percent(line.percent)) for line in b.lines],
        }
        for b in figures.breakdowns
    ]
    context = {
        "figures": figures,
        "label": season_label(figures.season),
        "previous": season_label(figures.season - 1),
        "total_percent": _percent(figures.total.percent),
        "by_season": by_season,
        "trend": trend,
        "sections": sections,
        # The season asked for stays selected even when it has no licences.
        "choices": [(s, season_label(s)) for s in sorted({*figures.seasons, figures.season}, reverse=True)],
        "empty": not (figures.total.current or figures.total.previous),
    }
    return render(request, "figures/dashboard.html", context)


def table_csv(request: HttpRequest, key: str) -> HttpResponse:
    """One chart's table: the category, this season, the previous one, the change and the change in %."""
    if key not in (*BREAKDOWNS, "seasons"):
        raise Http404
    try:
        figures = practice_figures(_season(request))
    except BadSeason as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    out = io.StringIO()
    writer = csv.writer(out)
    if key == "seasons":
        writer.writerow(["season", "licences"])
        writer.writerows([season_label(s), figures.by_season[s]] for s in figures.seasons)
        name = "alatau-licences-by-season.csv"
    else:
        breakdown = next(b for b in figures.breakdowns if b.key == key)
        this, last = season_label(figures.season), season_label(figures.season - 1)
        writer.writerow([key, this, last, "change", "change_percent"])
        for line in breakdown.lines:
            percent = "" if line.percent is None else f"{line.percent:.1f}"
            writer.writerow([export_cell(str(line.label)), line.current, line.previous, line.change, percent])
        name = f"alatau-licences-by-{key}-{figures.season}.csv"
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
