"""What the platform's PDFs share: the look of a data table (bold header, rule, banded rows)."""

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle


def data_table(rows: list[list[Any]], regular: str, bold: str, *, align: str = "CENTER") -> Table:
    """A table whose first row is its header, repeated on every page, in 8-point ``regular``/``bold``."""
    table = Table(rows, repeatRows=1, hAlign=align)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), regular, 8),
        ("FONT", (0, 0), (-1, 0), bold, 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f8")]),
    ]))  # fmt: skip
    return table
