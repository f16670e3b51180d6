"""``alatau sites find`` on the four Almaty SRTM tiles: wall time, peak memory, growth with area.

Each run is a separate ``alatau`` process (what a user runs), timed as a whole; its peak resident memory
comes from ``os.wait4``. A first small run warms the Numba caches. Then the same centre (77.1 E, 43.2 N)
at 1×, 4× and 16× the cells (0.25°×0.125°, 0.5°×0.25°, 1°×0.5° = the issue's bbox 76.6,42.95,77.6,43.45),
the full box again with ``--map``, and the 1× box resampled to 30 m (``--resolution 30``), the figure the
country-scale estimate in docs/terrain.md uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEM_DIR = Path(os.environ.get("ALATAU_SHARED_DIR", ROOT.parent / "shared")) / "dem"
CENTRE = (77.1, 43.2)
SIZES = {"1x": (0.25, 0.125), "4x": (0.5, 0.25), "16x": (1.0, 0.5)}


def bbox(width: float, height: float) -> str:
    west, south = CENTRE[0] - width / 2, CENTRE[1] - height / 2
    return f"{west:.4f},{south:.4f},{west + width:.4f},{south + height:.4f}"


def run(box: str, out: Path, *extra: str) -> tuple[float, float, dict]:
    """Run one search; return (wall seconds, peak RSS MiB, the GeoJSON's metadata and counts)."""
    alatau = Path(sys.executable).with_name("alatau")
    command = [
        str(alatau),
        "sites",
        "find",
        "--dem-dir",
        str(DEM_DIR),
        "--bbox",
        box,
        "--out",
        str(out),
        *extra,
    ]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {error}")
    collection = json.loads(out.read_text())
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    meta = {**collection["alatau"], "courses": kinds.count("course"), "sites": kinds.count("site")}
    return seconds, usage.ru_maxrss / 1024.0, meta


def cells(meta: dict) -> int:
    """Cells of the searched grid, from the bbox and the cell size the GeoJSON records."""
    from alatau.terrain.dem import load_dem

    dem = load_dem(meta["bbox"], dem_dir=DEM_DIR, resolution=meta["cell_size_m"][0])
    return dem.shape[0] * dem.shape[1]


def main() -> None:
    if not DEM_DIR.is_dir():
        print(f"no DEM tiles at {DEM_DIR}: skipped")
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "sites.geojson"
        warm, _, _ = run(bbox(*SIZES["1x"]), out)
        print(f"warm-up (Numba caches, 1x box): {warm:.1f} s")
        print(
            f"{'area':>5} {'bbox':>34} {'cells':>10} {'courses':>8} {'sites':>6} {'wall s':>7} "
            f"{'peak MiB':>9} {'cells/s':>9} {'time ratio':>10}"
        )
        first = None
        for name, size in SIZES.items():
            seconds, peak, meta = run(bbox(*size), out)
            count = cells(meta)
            first = first or seconds
            print(
                f"{name:>5} {bbox(*size):>34} {count:>10,} {meta['courses']:>8,} {meta['sites']:>6} "
                f"{seconds:>7.1f} {peak:>9.0f} {count / seconds:>9,.0f} {seconds / first:>10.1f}"
            )
        seconds, peak, meta = run(bbox(*SIZES["16x"]), out, "--map", str(Path(folder) / "map.png"))
        print(
            f"16x with --map: {seconds:.1f} s, peak {peak:.0f} MiB "
            f"({'under' if seconds < 60 else 'OVER'} the one-minute target on this machine)"
        )
        seconds, peak, meta = run(bbox(*SIZES["1x"]), out, "--resolution", "30")
        count = cells(meta)
        print(
            f"1x at 30 m (resampled): {count:,} cells, {meta['courses']:,} courses, {seconds:.1f} s, "
            f"peak {peak:.0f} MiB, {count / seconds:,.0f} cells/s on {os.cpu_count()} cores"
        )


if __name__ == "__main__":
    main()
