"""A resort project's PDF report (reportlab): the verdict, the capacity figures, the map, the course profiles
and the tables of lifts and pistes."""

from __future__ import annotations

import io
import math
from typing import Any

from django.utils.translation import gettext as _
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from alatau.core.pdf import data_table
from alatau.licences.card import fonts
from alatau.sites.exports import project_features
from alatau.sites.models import Project

#: Course colours by discipline, as on the study map; lifts are drawn black.
DISCIPLINE_COLOURS = {"DH": "#c0392b", "SG": "#e67e22", "GS": "#2471a3", "SL": "#229954"}
MAP_SIZE = (180 * mm, 110 * mm)
#: Profiles drawn at most (the site's longest courses first).
PROFILES = 4


def _table(rows: list[list[Any]], regular: str, bold: str) -> Table:
    return data_table(rows, regular, bold, align="LEFT")


def _colour(properties: dict[str, Any]) -> str:
    return DISCIPLINE_COLOURS.get(str(properties.get("discipline")), "#555555")


def _lines(features: list[dict[str, Any]]) -> list[tuple[list[list[float]], str, float]]:
    """(points, colour, width) of each feature to draw: the site's outline, its courses, the lift lines."""
    drawn = []
    for feature in features:
        geometry, properties = feature.get("geometry") or {}, feature.get("properties") or {}
        if geometry.get("type") == "Polygon" and geometry.get("coordinates"):
            drawn.append((geometry["coordinates"][0], "#7f8c8d", 0.8))
        elif geometry.get("type") == "LineString" and properties.get("kind") == "lift":
            drawn.append((geometry["coordinates"], "#000000", 1.6))
        elif geometry.get("type") == "LineString":
            drawn.append(
                (
                    geometry["coordinates"],
                    _colour(properties),
                    0.7,
                )
            )
    return drawn


def map_drawing(features: list[dict[str, Any]], regular: str) -> Drawing | None:
    """The site, its courses and the lift lines (equirectangular); None with nothing to draw."""
    drawn = _lines(features)
    points = [p for line, _colour, _width in drawn for p in line]
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    width, height = MAP_SIZE
    scale = min(width / max((east - west) * squeeze, 1e-9), height / max(north - south, 1e-9))
    drawing = Drawing(width, height)

    def xy(point: list[float]) -> list[float]:
        return [(point[0] - west) * squeeze * scale, (point[1] - south) * scale]

    for line, colour, stroke in drawn:
        flat = [v for p in line for v in xy(p)]
        shape = Polygon if line[0] == line[-1] and len(line) > 3 else PolyLine
        drawing.add(shape(flat, strokeColor=colors.HexColor(colour), strokeWidth=stroke, fillColor=None))
    drawing.add(String(2, height - 9, _("Map"), fontName=regular, fontSize=8))
    return drawing


def profile_drawing(course: dict[str, Any], regular: str) -> Drawing:
    """One course's elevation against distance."""
    properties = course["properties"]
    drawing = Drawing(85 * mm, 45 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 12 * mm, 8 * mm, 68 * mm, 30 * mm
    plot.data = [[(float(d), float(z)) for d, z in properties["profile"]]]
    plot.lines[0].strokeColor = colors.HexColor(_colour(properties))
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = regular
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 6
    drawing.add(plot)
    title = f"{properties.get('discipline', '')} · {properties.get('length_m', 0):,.0f} m"
    drawing.add(String(12 * mm, 40 * mm, title, fontName=regular, fontSize=7))
    return drawing


def _profiles(features: list[dict[str, Any]], regular: str) -> list[Flowable]:
    courses = [f for f in features if (f.get("properties") or {}).get("profile")]
    courses.sort(key=lambda f: -float(f["properties"].get("length_m") or 0))
    drawings = [profile_drawing(course, regular) for course in courses[:PROFILES]]
    rows = [drawings[i : i + 2] for i in range(0, len(drawings), 2)]
    return [Table(rows, hAlign="LEFT")] if rows else []


def _plan_tables(plan: dict[str, Any], regular: str, bold: str, heading: ParagraphStyle) -> list[Flowable]:
    lifts = [[_("Name"), _("Type"), _("Vertical (m)"), _("Capacity (people/hour)"), _("Length (m)")]]
    lifts += [
        [lift.get("name", ""), lift.get("type", ""), lift.get("vertical_m", ""), lift.get("capacity_pph", ""),
         lift.get("length_m", "")]
        for lift in plan.get("lifts") or []
    ]  # fmt: skip
    pistes = [[_("Name"), _("Length (m)"), _("Width (m)"), _("Difficulty")]]
    pistes += [
        [p.get("name", ""), p.get("length_m", ""), p.get("width_m", ""), p.get("difficulty", "")]
        for p in plan.get("pistes") or []
    ]
    return [
        Paragraph(_("Lifts"), heading), _table(lifts, regular, bold), Spacer(1, 4 * mm),
        Paragraph(_("Pistes"), heading), _table(pistes, regular, bold),
    ]  # fmt: skip


def project_pdf(project: Project, figures: dict[str, Any]) -> bytes:
    """The report of ``project`` with ``figures`` as :func:`alatau.sites.project_views.figures` gives them."""
    regular, bold = fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=10, leading=14, spaceBefore=6)
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=11)
    features = project_features(project)["features"]
    story: list[Flowable] = [Paragraph(project.name, title), Paragraph(project.description or "", body)]
    if figures.get("verdict"):
        story.append(Paragraph(_("Verdict"), heading))
        story += [Paragraph(f"• {line}", body) for line in figures["verdict"]]
    if figures.get("table"):
        story += [
            Paragraph(_("Capacity"), heading),
            _table([["", ""], *map(list, figures["table"])], regular, bold),
        ]
    drawing = map_drawing(features, regular)
    if drawing is not None:
        story += [Spacer(1, 4 * mm), drawing]
    profiles = _profiles(features, regular)
    if profiles:
        story += [Paragraph(_("Profile: elevation (m) against distance (m)"), heading), *profiles]
    story += _plan_tables(project.plan, regular, bold, heading)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm).build(
        story
    )
    return out.getvalue()
