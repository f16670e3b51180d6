"""The licence card: a credit-card-sized PDF (85.6 × 54 mm) with a QR code to the public verification page."""

import io
from functools import lru_cache
from pathlib import Path

import segno
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from alatau.licences.models import Licence

CARD = (85.6 * mm, 54 * mm)
BRAND = HexColor("#0b5cab")
# Names are in Cyrillic too: the card needs a TrueType font with Cyrillic glyphs.
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when installed, else Helvetica (Latin only)."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("AlatauSans", str(regular)))
            pdfmetrics.registerFont(TTFont("AlatauSans-Bold", str(bold)))
            return "AlatauSans", "AlatauSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of ``url`` as vector squares, ``size`` wide, lower-left corner at (x, y)."""
    qr = segno.make(url, error="m")
    rows = [list(row) for row in qr.matrix]
    border = 2  # modules of quiet zone on each side
    module = size / (len(rows) + 2 * border)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(
                    x + (c + border) * module,
                    y + size - (r + 1 + border) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )


def licence_card_pdf(licence: Licence, verify_url: str, labels: dict[str, str]) -> bytes:
    """The PDF of one licence card.

    Parameters
    ----------
    licence
        The licence, with its person and club loaded.
    verify_url
        The absolute URL of its public verification page, which the QR code encodes.
    labels
        The card's captions in the active language: ``title``, ``season``, ``number``, ``club``,
        ``valid``, ``born``, ``kind`` (the kind's name).
    """
    regular, bold = fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=CARD)
    canvas.setTitle(f"{labels['title']} {licence.number}")
    width, height = CARD
    _header(canvas, labels, bold, width, height)
    _body(canvas, licence, labels, regular, bold, height)
    draw_qr(canvas, verify_url, width - 27 * mm, 4 * mm, 24 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _header(canvas: Canvas, labels: dict[str, str], bold: str, width: float, height: float) -> None:
    canvas.setFillColor(BRAND)
    canvas.rect(0, height - 11 * mm, width, 11 * mm, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(bold, 8)
    canvas.drawString(4 * mm, height - 5 * mm, labels["federation"])
    canvas.setFont(bold, 7)
    canvas.drawString(4 * mm, height - 9 * mm, f"{labels['title']} · {labels['kind']}")


def _body(
    canvas: Canvas, licence: Licence, labels: dict[str, str], regular: str, bold: str, height: float
) -> None:
    person = licence.person
    canvas.setFillColorRGB(0.08, 0.13, 0.17)
    canvas.setFont(bold, 10)
    canvas.drawString(4 * mm, height - 17 * mm, f"{person.last_name.upper()} {person.first_name}"[:32])
    canvas.setFont(regular, 8)
    cyrillic = f"{person.last_name_cyrillic} {person.first_name_cyrillic}".strip()
    if cyrillic:
        canvas.drawString(4 * mm, height - 21 * mm, cyrillic[:36])
    lines = [
        f"{labels['born']}: {person.birth_date:%d.%m.%Y}",
        f"{labels['club']}: {licence.club.name}"[:40],
        f"{labels['season']}: {licence.season_label}",
        f"{labels['valid']}: {licence.valid_from:%d.%m.%Y} – {licence.valid_until:%d.%m.%Y}",
    ]
    canvas.setFont(regular, 6.5)
    for i, line in enumerate(lines):
        canvas.drawString(4 * mm, height - (26 + 4 * i) * mm, line)
    canvas.setFont(bold, 9)
    canvas.drawString(4 * mm, 4 * mm, f"{labels['number']} {licence.number}")
