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
from pathlib import Path
from typing import Any

import click

from alatau.errors import InputError

_FLOAT_NODATA = -9999.0
#: Rows per strip: one row of the output's 512 × 512 tiles, so each strip completes its tiles.
_STRIP_ROWS = 512
_CACHE_MB = 64
#: Strips read ahead: enough to keep reading while the kernel's machine code loads.
_READ_AHEAD = 4
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
def fetch(source: str, bbox: str, offline: bool, cache_dir: Path | None) -> None:
    """Download the elevation tiles covering BBOX into the cache (for later --offline runs)."""
    from alatau.terrain import sources

    box = parse_bbox(bbox)
    got = sources.fetch_tiles(box, source, offline=offline, cache_dir=cache_dir)
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
    """Stream SOURCE to TARGET in strips of rows, each read with a one-row halo above and below.

    Memory stays at a few strips whatever the raster's size (as gdaldem's does), and every
    buffer is reused rather than freshly page-faulted, which on a busy machine costs more than
    the arithmetic itself.
    """
    import threading

    # Transparent huge pages make NumPy's large buffers stall in kernel compaction on a busy
    # machine (4× the kernel's own time measured here); strips do not need them.
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    # Loading the cached machine code takes a few tenths of a second: do it while GDAL opens.
    warm = threading.Thread(target=_warm_up, args=(kind, params), daemon=True)
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
    import rasterio

    from alatau.terrain._atomic import atomic_output

    # A small block cache: strips pass through once, and reused cache memory is not faulted in anew.
    with rasterio.Env(GDAL_CACHEMAX=_CACHE_MB), _open(source) as src, _open(source) as reader:
        size = _cell_size(source, src)
        fill = 0.0 if byte else _float_nodata(src.nodata, valid)
        options = _creation_options(src, compress, fill, byte)
        with atomic_output(target) as temporary, rasterio.open(temporary, "w", **options) as dst:

            def compute(block: Any, rows: tuple[int, int]) -> Any:
                return _compute_strip(block, rows, kind, size, fill, byte, params, src.nodata)

            _pipeline(reader, dst, compute, warm, source)


def _pipeline(reader: Any, dst: Any, compute: Any, warm: Any, source: Path) -> None:
    """Read ahead in one thread, compute here (the kernel itself on all cores), write in another.

    GDAL releases the GIL while it copies and writes, so on two cores the input and output
    overlap the computation; each GDAL handle is only ever used by one thread at a time.
    """
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    from rasterio.windows import Window

    strips = list(_strips(reader.height))
    with ThreadPoolExecutor(1) as reads, ThreadPoolExecutor(1) as writes:
        ahead = deque(reads.submit(_read_strip, reader, rows, source) for rows in strips[:_READ_AHEAD])
        written: deque[Any] = deque()
        for index, rows in enumerate(strips):
            block = ahead.popleft().result()
            if index + _READ_AHEAD < len(strips):
                ahead.append(reads.submit(_read_strip, reader, strips[index + _READ_AHEAD], source))
            warm.join()  # the first strips were read while the machine code loaded
            window = Window(0, rows[0], dst.width, rows[1] - rows[0])
            written.append(writes.submit(dst.write, compute(block, rows), 1, window=window))
            while len(written) > 2:
                written.popleft().result()
        for job in written:
            job.result()


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


def _read_strip(src: Any, rows: tuple[int, int], source: Path) -> Any:
    """Rows [r0, r1) with the halo rows above and below (where the raster has them)."""
    from rasterio.errors import RasterioError
    from rasterio.windows import Window

    top, bottom = max(rows[0] - 1, 0), min(rows[1] + 1, src.height)
    try:
        return src.read(1, window=Window(0, top, src.width, bottom - top), out_dtype="float32")
    except RasterioError as error:
        raise InputError(f"{source}: unreadable rows {rows[0]}–{rows[1]} ({_first_line(error)})") from error


def _compute_strip(
    block: Any,
    rows: tuple[int, int],
    kind: str,
    size: Any,
    fill: float,
    byte: bool,
    params: dict[str, Any],
    nodata: float | None,
) -> Any:
    """The output rows [r0, r1) from their input block (which has the halo rows)."""
    import numpy as np

    from alatau.terrain import derivatives

    r0, r1 = rows
    top = max(r0 - 1, 0)
    dx = size[0][top : top + block.shape[0]] if np.ndim(size[0]) else size[0]
    # The halo rows come out as border (fill) and are dropped; at the raster's own top and
    # bottom there is no halo, so the edge row stays fill, as in gdaldem.
    result = derivatives.derive(kind, block, (dx, size[1]), nodata=nodata, fill=fill, **params)  # type: ignore[arg-type]
    keep = result[r0 - top : r0 - top + (r1 - r0)]
    return np.rint(keep).astype(np.uint8) if byte else keep


def _warm_up(kind: str, params: dict[str, Any]) -> None:
    import numpy as np

    from alatau.terrain import derivatives

    tiny = np.zeros((3, 3), dtype=np.float32)
    derivatives.derive(kind, tiny, (1.0, 1.0), nodata=-9999.0, fill=-9999.0, **params)  # type: ignore[arg-type]


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
