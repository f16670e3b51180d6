"""Points list reading: the real 9,687-row FIS list as CSV, and as an XLSX made from it.

The digest wants the sample parsed "well under a second". Prints the best of a few runs, rows per
second, and the ratio to a bare ``csv.DictReader`` pass over the same file (the floor for any CSV
reader that looks at every cell). The XLSX is read by :mod:`alatau.fis.xlsxrows`; for scale, openpyxl's
read-only mode took about 3x longer on the same workbook when this was written.
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from alatau.fis.pointslist import read_points_list, summarise
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
    """The list as a spreadsheet program saves it: numbers as numbers, text in the shared strings."""
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
    with tempfile.TemporaryDirectory() as folder:
        xlsx = _as_xlsx(Path(folder))
        xlsx_time = _best(lambda: read_points_list(xlsx), repeats=1)
        same = [e.disciplines for e in read_points_list(xlsx)] == [e.disciplines for e in listed]
    print(f"XLSX read:       {xlsx_time * 1000:7.1f} ms  {rows / xlsx_time:10,.0f} rows/s  (same: {same})")
    print(f"XLSX / CSV: {xlsx_time / csv_time:.1f}x (a zipped XML sheet: ~32 elements per row to walk)")
    print(f"CSV under one second: {csv_time < 1.0} (budget used {csv_time:.0%})")


if __name__ == "__main__":
    main()
