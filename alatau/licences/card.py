"""The licence card: a credit-card-sized PDF (85.6 × 54 mm) with a QR code to the public verification page."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
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
    blocks = [TextBlock(f"{person.last_name.upper()} {person.first_name}", bold, 10, 6)]
    cyrillic = f"{person.last_name_cyrillic} {person.first_name_cyrillic}".strip()
    if cyrillic:
        blocks.append(TextBlock(cyrillic, regular, 8, 5.5))
    blocks[-1].gap = 1.6 * mm
    for line in [
        f"{labels['born']}: {person.birth_date:%d.%m.%Y}",
        f"{labels['club']}: {licence.club.name}",
        f"{labels['season']}: {licence.season_label}",
        f"{labels['valid']}: {licence.valid_from:%d.%m.%Y} – {licence.valid_until:%d.%m.%Y}",
    ]:
        blocks.append(TextBlock(line, regular, 6.5, 5, gap=1.25 * mm))
    canvas.setFillColorRGB(0.08, 0.13, 0.17)
    for font, size, y, text in fit_blocks(blocks, height - 17 * mm):
        canvas.setFont(font, size)
        canvas.drawString(TEXT_LEFT, y, text)
    canvas.setFont(bold, 9)
    canvas.drawString(TEXT_LEFT, 4 * mm, f"{labels['number']} {licence.number}")


# Where the card's text may go: from the left margin to the right one above the QR code, and
# beside it below its top edge; never lower than the licence number.
TEXT_LEFT = 4 * mm
FULL_WIDTH = CARD[0] - 8 * mm
BESIDE_QR = CARD[0] - 27 * mm - TEXT_LEFT - 2 * mm
QR_TOP = 28 * mm
TEXT_BOTTOM = 8 * mm
LEADING = 1.2


@dataclass
class TextBlock:
    """One piece of the card's text, in type from ``size`` down to ``smallest``, on up to ``lines`` lines."""

    text: str
    font: str
    size: float
    smallest: float
    lines: int = 2
    gap: float = 0.0


def fit_blocks(blocks: list[TextBlock], top: float) -> list[tuple[str, float, float, str]]:
    """(font, size, baseline, text) for every line: the largest type that fits, all of the text always.

    Each block takes the largest size (in half points) at which it wraps onto its ``lines``;
    when the whole falls below :data:`TEXT_BOTTOM`, everything is set smaller again, down to
    0.6 of the sizes. No text is ever cut: at the smallest size a block takes the lines it needs.
    """
    placed: list[tuple[str, float, float, str]] = []
    for scale in (1.0, 0.9, 0.8, 0.7, 0.6):
        placed, bottom = _flow(blocks, top, scale)
        if bottom >= TEXT_BOTTOM:
            break
    return placed


def _flow(
    blocks: list[TextBlock], top: float, scale: float
) -> tuple[list[tuple[str, float, float, str]], float]:
    """The lines of every block at ``scale``, and the baseline of the last one."""
    placed: list[tuple[str, float, float, str]] = []
    y = last = top
    for block in blocks:
        size, lines = _fit(block, y, scale)
        for line in lines:
            placed.append((block.font, size, y, line))
            last = y
            y -= size * LEADING
        y -= block.gap * scale
    return placed, last


def _fit(block: TextBlock, y: float, scale: float) -> tuple[float, list[str]]:
    size = round(block.size * scale * 2) / 2
    smallest = block.smallest * scale
    while True:
        lines = wrap(block.text, block.font, size, _widths_from(y, size))
        if len(lines) <= block.lines or size - 0.5 < smallest:
            return size, lines
        size -= 0.5


def _widths_from(top: float, size: float) -> Callable[[int], float]:
    """The width of each line of a block whose first baseline is ``top``."""

    def width(index: int) -> float:
        return _width_at(top - index * size * LEADING, size)

    return width


def _width_at(baseline: float, size: float) -> float:
    return FULL_WIDTH if baseline - 0.25 * size > QR_TOP + 1 * mm else BESIDE_QR


def wrap(text: str, font: str, size: float, width: Callable[[int], float]) -> list[str]:
    """Break ``text`` into lines at spaces, each within ``width(line index)``; a word too long is cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if stringWidth(trial, font, size) <= width(len(lines)):
            current = trial
            continue
        if current:
            lines.append(current)
        while len(word) > 1 and stringWidth(word, font, size) > width(len(lines)):
            cut = _longest_prefix(word, font, size, width(len(lines)))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _longest_prefix(word: str, font: str, size: float, width: float) -> int:
    """How many of the word's first characters fit in ``width`` (at least one)."""
    for count in range(len(word) - 1, 1, -1):
        if stringWidth(word[:count], font, size) <= width:
            return count
    return 1
