"""``alatau terrain …``: slope, aspect and hillshade of a GeoTIFF, and filling the elevation tile cache.

The derivative commands are ``gdaldem``'s counterparts on the same formulas (Horn's method,
see :mod:`alatau.terrain.derivatives`): the output GeoTIFF has the input's size, CRS and
transform; input nodata and the outermost ring of cells are nodata in the output. Slope and
aspect are float32 with nodata -9999 (gdaldem's; a flat cell has no aspect and is -9999 too),
or the input's own nodata value when it cannot be mistaken for a result; hillshade is bytes
1–255 with nodata 0, as gdaldem writes them.

A geographic input (degrees) needs no ``-s 111120`` scale as gdaldem does: the true east–west
width of the cells is computed for each row on the WGS 84 ellipsoid.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from alatau.errors import InputError

_FLOAT_NODATA = -9999.0
#: Rows per strip: one row of the output's 512 × 512 tiles, so each strip completes its tiles,
#: and a whole number of the input's blocks when they are 512 rows high or less (a power of 2).
_STRIP_ROWS = 512
_CACHE_MB = 64
#: Strips read ahead (at least 1: the halo below a strip is the first row of the next).
_READ_AHEAD = 2
#: Strips computed while earlier ones are still being written.
_WRITE_BEHIND = 1
#: Creation profiles: "none" writes plain tiles (fastest, as gdaldem's default stripes);
#: the compressed ones run on all cores.
_COMPRESSION = {
    "none": {},
    "zstd": {"compress": "zstd", "zstd_level": 1, "predictor": 3, "num_threads": "all_cpus"},
    "deflate": {"compress": "deflate", "zlevel": 1, "predictor": 3, "num_threads": "all_cpus"},
    "lzw": {"compress": "lzw", "predictor": 3, "num_threads": "all_cpus"},
}

_in = click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
_out = click.argument("target", type=click.Path(dir_okay=False, writable=True, path_type=Path))
_compress = click.option(
    "--compress",
    type=click.Choice(sorted(_COMPRESSION)),
    default="none",
    show_default=True,
    help="Compression of the output GeoTIFF (tiled 512×512 in all cases).",
)


@click.group()
def terrain() -> None:
    """Terrain: slope, aspect and hillshade of elevation rasters; elevation tile cache."""


@terrain.command()
@_in
@_out
@click.option("--unit", type=click.Choice(["percent", "degrees"]), default="percent", show_default=True)
@_compress
def slope(source: Path, target: Path, unit: str, compress: str) -> None:
    """Slope of SOURCE (an elevation GeoTIFF) into TARGET, in percent or degrees (Horn, like gdaldem)."""
    _derive(source, target, compress, "slope", valid=(0.0, float("inf")), unit=unit)


@terrain.command()
@_in
@_out
@_compress
def aspect(source: Path, target: Path, compress: str) -> None:
    """Aspect of SOURCE into TARGET: degrees clockwise from north the ground faces; flat = nodata."""
    _derive(source, target, compress, "aspect", valid=(0.0, 360.0))


@terrain.command()
@_in
@_out
@click.option(
    "--azimuth", type=float, default=315.0, show_default=True, help="Light from, degrees from north."
)
@click.option(
    "--altitude", type=float, default=45.0, show_default=True, help="Light above the horizon, degrees."
)
@_compress
def hillshade(source: Path, target: Path, azimuth: float, altitude: float, compress: str) -> None:
    """Shaded relief of SOURCE into TARGET (bytes 1–255, 0 = nodata, like gdaldem hillshade)."""
    _derive(source, target, compress, "hillshade", byte=True, azimuth=azimuth, altitude=altitude)


@terrain.command()
@click.option("--source", "source", type=click.Choice(["copernicus-30", "copernicus-90"]), required=True)
@click.option("--bbox", required=True, help="west,south,east,north in degrees.")
@click.option("--offline", is_flag=True, help="Only check the cache; download nothing.")
@click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Default: $ALATAU_CACHE_DIR."
)
@click.option(
    "--connections",
    type=click.IntRange(min=1),
    help="Tiles downloaded at once. Default: $ALATAU_DOWNLOAD_CONNECTIONS, else 4.",
)
def fetch(source: str, bbox: str, offline: bool, cache_dir: Path | None, connections: int | None) -> None:
    """Download the elevation tiles covering BBOX into the cache (for later --offline runs)."""
    from alatau.terrain import sources

    box = parse_bbox(bbox)
    got = sources.fetch_tiles(box, source, offline=offline, cache_dir=cache_dir, connections=connections)
    folder = sources.cache_root(cache_dir) / "dem" / source
    click.echo(f"{len(got.paths)} tile(s) in {folder} ({len(got.downloaded)} downloaded now)")
    if got.missing:
        click.echo(
            f"{len(got.missing)} tile(s) not in {source} (sea or no coverage): {', '.join(got.missing)}"
        )


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``"W,S,E,N"`` → a checked (west, south, east, north) box; InputError otherwise."""
    from alatau.terrain.dem import check_bbox

    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--bbox must be west,south,east,north in degrees, got {text!r}") from None
    return check_bbox(values)


# --- the shared pipeline: read, compute, write atomically --------------------------------------


def _derive(
    source: Path,
    target: Path,
    compress: str,
    kind: str,
    *,
    valid: Any = None,
    byte: bool = False,
    **params: Any,
) -> None:
    """Stream SOURCE to TARGET in strips of rows, each with a one-row halo above and below.

    Memory stays at a few strips whatever the raster's size (as gdaldem's does), and every
    buffer is reused rather than freshly page-faulted, which on a busy machine costs more than
    the arithmetic itself.
    """
    import gc
    import threading

    from alatau.cli import ends_with_command

    one_shot = ends_with_command()
    if one_shot:
        # All this command makes lives until the exit: the cycle collector's walks over the
        # ~10⁵ objects that importing Numba and rasterio makes would be wasted (~0.05 s). The
        # console entry (alatau.cli.AlatauGroup) freezes them and turns it on again.
        gc.disable()
    # NumPy's OpenBLAS starts a thread per core that spins for a while, waiting for work that
    # never comes here, on the cores the kernel needs (0.04–0.06 s of CPU); only an import of
    # NumPy that comes after this sees it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Loading the kernels' cached machine code takes a few tenths of a second, most of this
    # command's time on a raster of 40 M cells: do it while GDAL opens and reads, and without
    # SciPy (see _refused) in the console's own process, where nothing else will want it.
    refuse = ("scipy", "scipy.linalg") if one_shot else ()
    warm = threading.Thread(target=_warm_up, args=(kind, params, refuse), daemon=True)
    warm.start()
    try:
        _stream(source, target, compress, kind, warm, valid=valid, byte=byte, params=params)
    finally:
        warm.join()


def _stream(
    source: Path,
    target: Path,
    compress: str,
    kind: str,
    warm: Any,
    *,
    valid: Any,
    byte: bool,
    params: dict[str, Any],
) -> None:
    import numpy as np
    import rasterio

    from alatau.files import atomic_output

    # A small block cache: strips pass through once, and reused cache memory is not faulted in anew.
    with rasterio.Env(GDAL_CACHEMAX=_CACHE_MB), _open(source) as src, _open(source) as reader:
        size = _cell_size(source, src)
        fill = 0.0 if byte else _float_nodata(src.nodata, valid)
        options = _creation_options(src, compress, fill, byte)
        with atomic_output(target) as temporary, rasterio.open(temporary, "w", **options) as dst:

            def compute(block: Any, first_row: int, out: Any) -> Any:
                from alatau.terrain.compiled import derive  # without Numba when compiled (make install)

                rows = slice(first_row, first_row + block.shape[0])
                dx = size[0][rows] if np.ndim(size[0]) else size[0]
                return derive(kind, block, (dx, size[1]), nodata=src.nodata, fill=fill, out=out, **params)  # type: ignore[arg-type]

            _pipeline(_StripReader(reader, source), dst, compute, warm, byte)


def _pipeline(strips: _StripReader, dst: Any, compute: Any, warm: Any, byte: bool) -> None:
    """Compute strip after strip here (the kernel itself on all cores) and write in a thread.

    GDAL releases the GIL while it reads and writes, so on two cores the input (read ahead by
    ``strips``) and the output overlap the computation; each GDAL handle is only ever used by
    one thread at a time. Results go to a ring of buffers, each reused once its write is done.
    """
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    from rasterio.windows import Window

    results = np.empty((_WRITE_BEHIND + 1, _STRIP_ROWS + 2, dst.width), dtype=np.float32)
    written: deque[Any] = deque()
    with strips, ThreadPoolExecutor(1) as writes:
        for index, (r0, r1) in enumerate(strips.rows):
            block, first_row, top = strips.block(index)
            while len(written) > _WRITE_BEHIND:  # the oldest write may still use this buffer
                written.popleft().result()
            out = results[index % len(results)]
            warm.join()  # the first strips were read while the machine code loaded
            compute(block, first_row, out[top : top + block.shape[0]])
            values = np.rint(out[1 : 1 + r1 - r0]).astype(np.uint8) if byte else out[1 : 1 + r1 - r0]
            written.append(writes.submit(dst.write, values, 1, window=Window(0, r0, dst.width, r1 - r0)))
        for job in written:
            job.result()


class _StripReader:
    """Strips of ``_STRIP_ROWS`` rows read ahead in a thread, each with its halo rows.

    A strip is read into rows 1… of a buffer from a ring; row 0 and the row after the strip
    receive the last row of the strip above and the first row of the strip below (copied,
    not read again). Reading whole strips matters: rows aligned on the input's blocks go
    straight into the buffer, while a window with halo rows goes through GDAL's block cache,
    2.5× slower on a tiled raster.
    """

    def __init__(self, src: Any, source: Path) -> None:
        from concurrent.futures import ThreadPoolExecutor

        import numpy as np

        self.src, self.source = src, source
        self.rows = list(_strips(src.height))
        self.ahead = max(_READ_AHEAD, 1)  # the strip below is needed for the halo
        # Strip i + ahead goes into the buffer of strip i - 1, whose rows are all used by then.
        self.ring = np.empty((self.ahead + 1, _STRIP_ROWS + 2, src.width), dtype=np.float32)
        self.pool = ThreadPoolExecutor(1)
        self.pending = {i: self._submit(i) for i in range(min(self.ahead, len(self.rows)))}

    def __enter__(self) -> _StripReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(cancel_futures=True)

    def block(self, index: int) -> tuple[Any, int, int]:
        """Strip ``index`` with the halo rows the raster has: (rows, raster row of the first row,
        buffer row of the first row)."""
        if index + self.ahead < len(self.rows):
            self.pending[index + self.ahead] = self._submit(index + self.ahead)
        here, count = self._wait(index), self.rows[index][1] - self.rows[index][0]
        if index + 1 < len(self.rows):
            below = self._wait(index + 1)
            here[count + 1], below[0] = below[1], here[count]
        top = 0 if index else 1  # the raster's first and last rows have nothing beyond them
        bottom = count + 2 if index + 1 < len(self.rows) else count + 1
        return here[top:bottom], self.rows[index][0] - 1 + top, top

    def _submit(self, index: int) -> Any:
        return self.pool.submit(self._read, index)

    def _wait(self, index: int) -> Any:
        job = self.pending.pop(index, None)
        if job is not None:
            job.result()
        return self.ring[index % len(self.ring)]

    def _read(self, index: int) -> None:
        from rasterio.errors import RasterioError
        from rasterio.windows import Window

        r0, r1 = self.rows[index]
        buffer = self.ring[index % len(self.ring)]
        try:
            self.src.read(1, window=Window(0, r0, self.src.width, r1 - r0), out=buffer[1 : 1 + r1 - r0])
        except RasterioError as error:
            why = _first_line(error.__cause__ or error)  # rasterio's own says "see previous exception"
            raise InputError(f"{self.source}: unreadable rows {r0}–{r1} ({why})") from error


def _open(source: Path) -> Any:
    import rasterio
    from rasterio.errors import RasterioError

    try:
        return rasterio.open(source)
    except RasterioError as error:
        raise InputError(f"{source}: not a readable raster ({_first_line(error)})") from error


def _strips(height: int) -> Any:
    for start in range(0, height, _STRIP_ROWS):
        yield start, min(start + _STRIP_ROWS, height)


def _warm_up(kind: str, params: dict[str, Any], refuse: tuple[str, ...]) -> None:
    import numpy as np

    with _refused(*refuse):
        from alatau.terrain import compiled

        tiny = np.zeros((3, 3), dtype=np.float32)
        compiled.derive(kind, tiny, (1.0, 1.0), nodata=-9999.0, fill=-9999.0, out=tiny.copy(), **params)  # type: ignore[arg-type]


@contextmanager
def _refused(*modules: str) -> Iterator[None]:
    """Make ``import`` of each of ``modules`` fail within the block, unless it is imported already.

    Numba imports SciPy to check its version, and probes for a BLAS by importing scipy.linalg
    the first time it loads any machine code: 0.15–0.25 s here, though these kernels need
    neither. Refused, it notes that it has no BLAS: ``np.dot`` compiled later in the process
    still finds SciPy (that probe is made at each compilation), but ``np.convolve`` and
    ``np.correlate`` would use Numba's own loop.
    """
    import sys

    refused = [name for name in modules if name not in sys.modules]
    for name in refused:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in refused:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def _cell_size(source: Path, src: Any) -> Any:
    """(dx, dy) in metres: per row for a geographic raster, scaled by the CRS's unit otherwise."""
    import numpy as np

    transform, crs = src.transform, src.crs
    if transform.b or transform.d:
        raise InputError(f"{source}: rotated rasters are not supported; warp it north-up first")
    dx, dy = abs(transform.a), abs(transform.e)
    if crs is not None and crs.is_geographic:
        from alatau.terrain.derivatives import geographic_cell_sizes

        latitudes = transform.f + (np.arange(src.height) + 0.5) * transform.e
        return geographic_cell_sizes(latitudes, dx, dy)
    factor = crs.linear_units_factor[1] if crs is not None and crs.is_projected else 1.0
    return (dx * factor, dy * factor)


def _creation_options(src: Any, compress: str, nodata: float, byte: bool) -> dict[str, Any]:
    options = {
        "driver": "GTiff",
        "height": src.height,
        "width": src.width,
        "count": 1,
        "dtype": "uint8" if byte else "float32",
        "crs": src.crs,
        "transform": src.transform,
        "nodata": nodata,
        "tiled": True,
        "blockxsize": 512,
        "blockysize": 512,
        "bigtiff": "if_safer",
        **_COMPRESSION[compress],
    }
    if byte and "predictor" in options:
        options["predictor"] = 2  # the floating-point predictor is for float bands only
    return options


def _float_nodata(source_nodata: float | None, valid: Any) -> float:
    """The input's nodata value when no result can take it (slope ≥ 0; aspect in [0, 360)), else -9999."""
    import math

    low, high = valid if valid is not None else (0.0, math.inf)
    if source_nodata is not None and math.isfinite(source_nodata) and not low <= source_nodata < high:
        return float(source_nodata)
    return _FLOAT_NODATA


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
