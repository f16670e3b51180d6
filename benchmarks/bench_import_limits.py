"""Hostile member files (issue 8, item 6): what refusing them costs, against reading them whole.

Two files as the probe made them: a ~200 kB XLSX with one 200-million-character cell, and a ~1.5 MB XLSX
with 500,000 rows. Each is read by ``read_table`` (which measures the XLSX parts before parsing and stops
at the row limit while streaming) and, for the reference, by openpyxl's read-only mode reading every row
(what the reader did before). Prints wall time and peak Python memory (tracemalloc) for each.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
import tracemalloc
import zipfile
from collections.abc import Callable

from openpyxl import Workbook, load_workbook

from alatau.errors import InputError


def _big_cell() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>" + "A" * 200_000_000 + "</t></si></sst>")
    return buffer.getvalue()


def _many_rows(count: int = 500_000) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["last_name", "first_name"])
    for _ in range(count):
        sheet.append(["A", "B"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    with contextlib.suppress(InputError):  # refusing is the point
        action()
    return time.perf_counter() - started


def _peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    with contextlib.suppress(InputError):
        action()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def _openpyxl_rows(data: bytes, limit: int) -> None:
    book = load_workbook(io.BytesIO(data), read_only=True)
    for number, _row in enumerate(book.worksheets[0].iter_rows(values_only=True)):
        if number > limit:
            break


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.web.settings")
    django.setup()  # the messages are translatable
    from alatau.imports.parsing import read_table

    for label, data in (("500,000 rows", _many_rows()), ("one 200 M-character cell", _big_cell())):
        ours = _timed(lambda data=data: read_table(data, "hostile.xlsx"))
        peak = _peak_mb(lambda data=data: read_table(data, "hostile.xlsx"))
        print(
            f"{label} ({len(data) / 1e3:.0f} kB): refused in {ours:.2f} s, peak {peak:.0f} MB (Python heap)"
        )
        if "rows" in label:  # openpyxl on the 200 MB cell would take the whole string into memory
            # openpyxl (the reader before) is timed on its first 5,000 rows only: the whole run takes minutes.
            reference = _timed(lambda data=data: _openpyxl_rows(data, 5_000))
            print(f"  openpyxl read-only, first 5,000 rows: {reference:.2f} s ({reference / ours:.0f}x ours)")


if __name__ == "__main__":
    main()
