"""``alatau terrain slope`` against ``gdaldem slope -p`` on a ~40 M-cell 30 m raster of the Ile Alatau.

The raster is the four shared SRTM tiles mosaicked, void-filled and resampled to 30 m in UTM 43N
(``bench-out/almaty_30m.tif``, built once and reused). Both tools run as whole processes
(start-up, read, compute, write), in turn, best of three each, in this one run; the ratio is
gdaldem's time over ours (above 1: alatau is faster). The same on a 10 × 10 raster shows what
start-up alone costs each. Then the kernel's own throughput in this process (bytes read +
written per second, in the command's 512-row strips into a reused buffer) is set against the
machine's memory bandwidth, measured as a NumPy copy of a large array.

Where alatau's time goes (the shared 2-core machine, 42 M cells): the kernel takes ~40 ms
against ~0.35 s of arithmetic in gdaldem, so start-up dominates: Python, click, NumPy, rasterio
and Numba's import and the load of its cached machine code, ~0.4 s of CPU, of which the command
saves what it can (SciPy refused to Numba's BLAS probe, no OpenBLAS threads, no collector walk
at exit; see alatau/cli/terrain.py). The rest is I/O that overlaps the computation: whole
512-row strips read ahead in one thread straight into reused buffers, and written in another.
Since then the command runs the kernels compiled ahead of time (``alatau.terrain.compiled``, built
by ``make install``) and never imports Numba: the start-up falls by ~0.2–0.3 s, and the JIT run is
printed beside it. Set ``ALATAU_BENCH_LARGE=1`` for the 4× raster as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
RASTER = OUT / "almaty_30m.tif"
SHARED_DEM = Path(os.environ.get("ALATAU_SHARED_DIR", ROOT.parent / "shared")) / "dem"
REPEATS = 3
#: ``ALATAU_BENCH_LARGE=1`` adds a 4× raster (the 30 m mosaic repeated 2 × 2, ~170 M cells, 680 MiB).
LARGE = os.environ.get("ALATAU_BENCH_LARGE") == "1"


def build_raster() -> Path:
    """The 30 m mosaic of the four tiles, written once (float32, tiled, uncompressed, nodata -9999)."""
    if RASTER.exists():
        return RASTER
    import rasterio

    from alatau.terrain.dem import load_dem

    OUT.mkdir(exist_ok=True)
    dem = load_dem((76.0, 42.0, 78.0, 44.0), dem_dir=SHARED_DEM, resolution=30.0)
    values = np.where(np.isnan(dem.elevation), np.float32(-9999), dem.elevation)
    profile = {
        "driver": "GTiff",
        "height": dem.shape[0],
        "width": dem.shape[1],
        "count": 1,
        "dtype": "float32",
        "crs": dem.crs,
        "transform": dem.transform,
        "nodata": -9999.0,
        "tiled": True,
        "blockxsize": 512,
        "blockysize": 512,
    }
    partial = RASTER.with_suffix(".part")
    with rasterio.open(
        partial, "w", driver="GTiff", **{k: v for k, v in profile.items() if k != "driver"}
    ) as dst:
        dst.write(values, 1)
    os.replace(partial, RASTER)
    return RASTER


def build_large(raster: Path) -> Path:
    """The 30 m raster repeated 2 × 2: four times the cells, to see how both tools scale."""
    import rasterio

    large = OUT / "almaty_30m_x4.tif"
    if large.exists():
        return large
    with rasterio.open(raster) as src:
        tiled = np.tile(src.read(1), (2, 2))
        profile = {**src.profile, "height": tiled.shape[0], "width": tiled.shape[1], "BIGTIFF": "YES"}
    partial = large.with_suffix(".part")
    with rasterio.open(partial, "w", **profile) as dst:
        dst.write(tiled, 1)
    os.replace(partial, large)
    return large


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one run of a whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def memory_bandwidth_gbs() -> float:
    """GB/s of a NumPy copy of 256 MiB (read + write), best of three."""
    source = np.ones(64 * 1024 * 1024, dtype=np.float32)
    target = np.empty_like(source)
    best = min(_seconds(lambda: np.copyto(target, source)) for _ in range(3))
    return 2 * source.nbytes / best / 1e9


def _seconds(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def kernel_figures(path: Path) -> tuple[int, float]:
    """Cells and best seconds of the slope kernel over the raster in memory, in 512-row strips as the
    command runs it (into one reused output buffer, not pages faulted in anew)."""
    import rasterio

    from alatau.terrain.derivatives import derive

    with rasterio.open(path) as src:
        z = src.read(1, out_dtype="float32")
    out = np.empty((514, z.shape[1]), dtype=np.float32)
    derive("slope", z[:64, :64], (30.0, 30.0), nodata=-9999.0, fill=-9999.0)  # load the machine code

    def strips() -> None:
        for top in range(0, z.shape[0] - 2, 512):
            block = z[top : top + 514]
            derive("slope", block, (30.0, 30.0), nodata=-9999.0, fill=-9999.0, out=out[: len(block)])

    best = min(_seconds(strips) for _ in range(REPEATS))
    return z.size, best


def interleaved(commands: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    """Best wall time and worst peak memory of each command, run in turn so load hits all alike."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(REPEATS):
        for name, command in commands.items():
            runs[name].append(timed(command))
    return {name: (min(r[0] for r in rs), max(r[1] for r in rs)) for name, rs in runs.items()}


def build_tiny(raster: Path) -> Path:
    """A 10 × 10 corner of the raster: what start-up alone costs each tool."""
    import rasterio
    from rasterio.windows import Window

    tiny = OUT / "tiny_10.tif"
    if tiny.exists():
        return tiny
    with rasterio.open(raster) as src:
        window = Window(2000, 2000, 10, 10)
        values = src.read(1, window=window)
        profile = {**src.profile, "height": 10, "width": 10, "transform": src.window_transform(window)}
    partial = tiny.with_suffix(".part")
    with rasterio.open(partial, "w", **profile) as dst:
        dst.write(values, 1)
    os.replace(partial, tiny)
    return tiny


def largest_difference(ours: Path, theirs: Path) -> float:
    import rasterio

    with rasterio.open(ours) as a, rasterio.open(theirs) as b:
        x, y = a.read(1), b.read(1)
    both = (x != a.nodata) & (y != b.nodata)
    return float(np.max(np.abs(x[both] - y[both])))


def main() -> None:
    if shutil.which("gdaldem") is None:
        print("gdaldem not found: install gdal-bin to compare")
        return
    raster = build_raster()
    alatau = str(Path(sys.executable).with_name("alatau"))
    gdal_out, our_out, zstd_out = OUT / "slope_gdaldem.tif", OUT / "slope_alatau.tif", OUT / "slope_zstd.tif"
    from alatau.terrain import compiled

    # The compiled kernels (make install builds them) and the Numba cache, both warm.
    subprocess.run([sys.executable, "-m", "alatau.terrain.compiled"], check=True)
    jit = ["env", "ALATAU_NO_COMPILED_KERNELS=1", alatau, "terrain", "slope", str(raster), str(our_out)]
    subprocess.run(jit, check=True)
    figures = interleaved(
        {
            "gdaldem": ["gdaldem", "slope", "-p", "-q", str(raster), str(gdal_out)],
            "alatau": [alatau, "terrain", "slope", str(raster), str(our_out)],
            "numba": jit,
            "zstd": [alatau, "terrain", "slope", "--compress", "zstd", str(raster), str(zstd_out)],
        }
    )
    kernels = "compiled kernels" if compiled.kernels() is not None else "Numba kernels: none compiled"
    tiny = build_tiny(raster)
    start = interleaved(
        {
            "gdaldem": ["gdaldem", "slope", "-p", "-q", str(tiny), str(OUT / "tiny_gdaldem.tif")],
            "alatau": [alatau, "terrain", "slope", str(tiny), str(OUT / "tiny_alatau.tif")],
        }
    )
    cells, kernel_s = kernel_figures(raster)
    bandwidth = memory_bandwidth_gbs()
    kernel_gbs = cells * 8 / kernel_s / 1e9  # float32 in, float32 out
    (gdal_s, gdal_mb), (ours_s, ours_mb), (zstd_s, zstd_mb) = (
        figures["gdaldem"],
        figures["alatau"],
        figures["zstd"],
    )
    size_mb = raster.stat().st_size / 2**20
    load = os.getloadavg()[0]
    print(
        f"raster: {cells / 1e6:.1f} M cells at 30 m ({size_mb:.0f} MiB), {os.cpu_count()} CPUs,"
        f" load {load:.1f}"
    )
    print(f"gdaldem slope -p          : {gdal_s:6.2f} s  peak {gdal_mb:5.0f} MiB")
    print(
        f"alatau terrain slope      : {ours_s:6.2f} s  peak {ours_mb:5.0f} MiB"
        f"  (tiled, uncompressed, {kernels})"
    )
    jit_s, jit_mb = figures["numba"]
    print(
        f"alatau, Numba JIT kernels : {jit_s:6.2f} s  peak {jit_mb:5.0f} MiB  (ALATAU_NO_COMPILED_KERNELS=1)"
    )
    print(f"alatau ... --compress zstd: {zstd_s:6.2f} s  peak {zstd_mb:5.0f} MiB")
    print(f"ratio gdaldem / alatau    : {gdal_s / ours_s:6.2f}x  (above 1: alatau is faster)")
    print(
        f"alatau's share of gdaldem : {ours_s / gdal_s:6.2f}   (Numba JIT: {jit_s / gdal_s:.2f}; goal ≤ 0.5)"
    )
    (g_start, _), (a_start, a_start_mb) = start["gdaldem"], start["alatau"]
    print(
        f"start-up (10 × 10 raster) : gdaldem {g_start:.2f} s, alatau {a_start:.2f} s"
        f" (peak {a_start_mb:.0f} MiB): {a_start / ours_s:.0%} of alatau's run above"
    )
    print(f"largest |difference|      : {largest_difference(our_out, gdal_out):.2g} % slope")
    rate = cells / kernel_s / 1e6
    print(
        f"kernel in memory          : {kernel_s * 1e3:6.0f} ms = {rate:.0f} M cells/s = {kernel_gbs:.2f} GB/s"
    )
    print(f"memory bandwidth (copy)   : {bandwidth:6.2f} GB/s → kernel at {kernel_gbs / bandwidth:.0%} of it")
    if LARGE:
        large = build_large(raster)
        big = interleaved(
            {
                "gdaldem": ["gdaldem", "slope", "-p", "-q", str(large), str(gdal_out)],
                "alatau": [alatau, "terrain", "slope", str(large), str(our_out)],
            }
        )
        (g_s, g_mb), (a_s, a_mb) = big["gdaldem"], big["alatau"]
        print(f"4× raster: gdaldem {g_s:.2f} s ({g_mb:.0f} MiB), alatau {a_s:.2f} s ({a_mb:.0f} MiB)")
        print(f"4× ratio gdaldem / alatau : {g_s / a_s:6.2f}x")
