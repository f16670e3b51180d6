"""Points list reading: the real 9,687-row FIS list as CSV, and as an XLSX made from it.

The digest wants the sample parsed "well under a second". Prints the best of a few runs, rows per
second, and the ratio to a bare ``csv.DictReader`` pass over the same file (the floor for any CSV
reader that looks at every cell). The XLSX is read by :mod:`alatau.fis.xlsxrows`, in two forms: as
openpyxl saves it (inline strings) and as Excel saves it (shared strings, numbers untyped); its rows are
timed both by the pattern scan and by the ``iterparse`` route it falls back to (the reader before issue
#3 was that route alone: ~0.9 s for the whole list). openpyxl's read-only mode was ~3x slower still.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from alatau.fis.pointslist import read_points_list, summarise
from alatau.fis.xlsxrows import iter_rows
from conftest import SHARED_DIR

SAMPLE = SHARED_DIR / "reference/fis/FIS-points-list-AL-2022-331.csv"
REPEATS = 3


def _best(action: Callable[[], object], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def _bare_csv() -> int:
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.DictReader(stream))


def _typed(cell: str) -> object:
    if cell.isdigit():
        return int(cell)
    try:
        return float(cell)
    except ValueError:
        return cell


def _as_xlsx(folder: Path) -> Path:
    """The list as openpyxl saves it: numbers as numbers, text as inline strings."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        for cells in csv.reader(stream):
            sheet.append([_typed(cell) for cell in cells])
    path = folder / "list.xlsx"
    book.save(path)
    return path


def _as_excel(folder: Path) -> Path:
    """The list as Excel saves it: text in the shared strings, numbers without a type."""
    from tests.fis.test_pointslist_xlsx import excel_like

    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        rows = [[_typed(cell) if cell else None for cell in cells] for cells in csv.reader(stream)]
    return excel_like(folder / "excel.xlsx", rows)


def _xlsx_figures(xlsx: Path, label: str, listed: list[object], rows: int, csv_time: float) -> None:
    scan = _best(lambda: sum(1 for _ in iter_rows(str(xlsx))))
    tree = _best(lambda: sum(1 for _ in iter_rows(str(xlsx), scan=False)))
    whole = _best(lambda: read_points_list(xlsx))
    same = [e.disciplines for e in read_points_list(xlsx)] == listed
    print(f"{label} read:  {whole * 1000:7.1f} ms  {rows / whole:10,.0f} rows/s  (same as CSV: {same})")
    print(f"  rows only: scan {scan * 1000:6.1f} ms, iterparse {tree * 1000:6.1f} ms ({tree / scan:.1f}x)")
    print(f"  {label} / CSV: {whole / csv_time:.1f}x; under 0.4 s: {whole < 0.4}")


def main() -> None:
    if not SAMPLE.exists():
        print(f"skipped: {SAMPLE} is missing")
        return
    rows = len(read_points_list(SAMPLE))
    floor = _best(_bare_csv)
    csv_time = _best(lambda: read_points_list(SAMPLE))
    listed = read_points_list(SAMPLE)
    summary_time = _best(lambda: summarise(listed, top=10))
    print(f"rows: {rows}")
    print(f"CSV read:        {csv_time * 1000:7.1f} ms  {rows / csv_time:10,.0f} rows/s")
    print(f"bare DictReader: {floor * 1000:7.1f} ms  (read / bare = {csv_time / floor:.1f}x)")
    print(f"summary (top 10): {summary_time * 1000:6.1f} ms")
    disciplines: list[object] = [e.disciplines for e in listed]
    with tempfile.TemporaryDirectory() as folder:
        _xlsx_figures(_as_xlsx(Path(folder)), "XLSX (openpyxl)", disciplines, rows, csv_time)
        _xlsx_figures(_as_excel(Path(folder)), "XLSX (Excel)", disciplines, rows, csv_time)
    print(f"CSV under one second: {csv_time < 1.0} (budget used {csv_time:.0%})")


if __name__ == "__main__":
    main()
