"""Spreadsheet cells that are safe to open: no live formulas, no characters a workbook refuses.

Every CSV and XLSX export writes its text cells through :func:`export_cell`; every import reads
its cells through :func:`import_cell`, so that a value exported and imported again is unchanged.
Pure Python (no Django): the rule is OWASP's for CSV injection.
"""

import re
from typing import Any

#: A cell starting with one of these is read as a formula (or a DDE call) by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What marks a neutralised cell: spreadsheets show it as text and hide nothing after it.
QUOTE = "'"
#: Characters an XLSX file cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): C0 controls but tab and newlines.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


def export_text(text: str) -> str:
    """A text cell ready for a spreadsheet: a leading formula character quoted, illegal ones replaced."""
    text = ILLEGAL.sub(REPLACEMENT, text)
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def export_cell(value: Any) -> Any:
    """Text through :func:`export_text`; numbers, dates and empty cells unchanged."""
    return export_text(value) if isinstance(value, str) else value


def import_cell(text: str) -> str:
    """A cell as it was before :func:`export_text` quoted it (other text unchanged)."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
