"""Remote elevation sources: the Copernicus DEM (GLO-30, GLO-90) from its public open-data bucket.

Tiles are 1° × 1° Cloud Optimized GeoTIFFs named after their south-west corner::

    https://copernicus-dem-30m.s3.amazonaws.com/
        Copernicus_DSM_COG_10_N43_00_E077_00_DEM/Copernicus_DSM_COG_10_N43_00_E077_00_DEM.tif

(``copernicus-dem-90m`` and ``_COG_30_`` for GLO-90). The sea has no tiles: the bucket answers
404, which is recorded in the cache as a ``.missing`` marker so that offline runs know it too.

The cache lives in ``cache_dir``, else ``$ALATAU_CACHE_DIR``, else the user's cache folder
(``platformdirs.user_cache_dir("alatau")``), under ``dem/<source>/``. A download is written to a
temporary file in the same folder, checked (it must open and read as a raster), then renamed
into place, so no half-written tile is ever used. Connection errors and 5xx answers are retried
with exponential backoff. ``$ALATAU_COPERNICUS_URL`` (or ``base_url``) replaces the bucket's
address, e.g. with a local mirror that has the same layout.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alatau.errors import InputError
from alatau.files import atomic_output

log = logging.getLogger("alatau.terrain")

#: source name → (public bucket, arc-second code in the tile names)
SOURCES = {
    "copernicus-30": ("https://copernicus-dem-30m.s3.amazonaws.com", "10"),
    "copernicus-90": ("https://copernicus-dem-90m.s3.amazonaws.com", "30"),
}
RETRIES = 4
BACKOFF_S = 0.5
_TIMEOUT_S = (10, 120)  # connect, read
_CHUNK = 1 << 20


@dataclass
class Fetched:
    """What :func:`fetch_tiles` found for a box."""

    paths: list[Path] = field(default_factory=list)  # cached tiles covering the box, ready to read
    missing: list[str] = field(default_factory=list)  # tiles the source does not have (sea)
    downloaded: list[str] = field(default_factory=list)  # tiles fetched in this call


def tile_name(source: str, lon: int, lat: int) -> str:
    """Name of the tile with south-west corner (lon, lat): ``Copernicus_DSM_COG_10_N43_00_E077_00_DEM``."""
    code = _source(source)[1]
    ns = f"{'N' if lat >= 0 else 'S'}{abs(lat):02d}"
    ew = f"{'E' if lon >= 0 else 'W'}{abs(lon):03d}"
    return f"Copernicus_DSM_COG_{code}_{ns}_00_{ew}_00_DEM"


def tile_corners(bbox: tuple[float, float, float, float]) -> list[tuple[int, int]]:
    """(lon, lat) south-west corners of the 1° tiles overlapping the box (a shared edge does not count)."""
    west, south, east, north = bbox
    lons = range(math.floor(west), max(math.ceil(east), math.floor(west) + 1))
    lats = range(math.floor(south), max(math.ceil(north), math.floor(south) + 1))
    return [(lon, lat) for lat in lats for lon in lons if -180 <= lon < 180 and -90 <= lat < 90]


def cache_root(cache_dir: str | Path | None = None) -> Path:
    """The folder that holds the tile cache."""
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get("ALATAU_CACHE_DIR"):
        return Path(os.environ["ALATAU_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("alatau"))


def fetch_tiles(
    bbox: tuple[float, float, float, float],
    source: str,
    *,
    offline: bool = False,
    cache_dir: str | Path | None = None,
    base_url: str | None = None,
    retries: int = RETRIES,
    backoff_s: float = BACKOFF_S,
    progress: Callable[[int, int], None] | None = None,
) -> Fetched:
    """Make sure the tiles of ``source`` covering ``bbox`` are in the cache; return where they are.

    Parameters
    ----------
    bbox : (west, south, east, north)
        Degrees, ``west <= east``.
    source : {"copernicus-30", "copernicus-90"}
    offline : bool
        Use the cache only; a tile neither cached nor known missing is an error.
    cache_dir : path, optional
        See :func:`cache_root`.
    base_url : str, optional
        Replaces the bucket's address (default ``$ALATAU_COPERNICUS_URL`` or the public bucket).
    retries, backoff_s :
        Attempts after the first on connection errors, 5xx answers and corrupt downloads,
        waiting ``backoff_s · 2**attempt`` seconds before each.
    progress : callable(done, total), optional
        Called after each tile.

    Returns
    -------
    Fetched
        Paths of the cached tiles, and the names of the tiles the source does not have.

    Raises
    ------
    InputError
        Unknown source, a tile not cached while offline, or a download that keeps failing.
    """
    bucket, _ = _source(source)
    base = (base_url or os.environ.get("ALATAU_COPERNICUS_URL") or bucket).rstrip("/")
    folder = cache_root(cache_dir) / "dem" / source
    corners = tile_corners(bbox)
    result = Fetched()
    for done, (lon, lat) in enumerate(corners, start=1):
        name = tile_name(source, lon, lat)
        _fetch_one(name, folder, base, offline, retries, backoff_s, result)
        if progress is not None:
            progress(done, len(corners))
    if result.missing:
        log.warning(
            "%s has no tile for %d of %d cells of 1°: %s",
            source,
            len(result.missing),
            len(corners),
            ", ".join(result.missing),
        )
    return result


def _source(source: str) -> tuple[str, str]:
    try:
        return SOURCES[source]
    except KeyError:
        raise InputError(f"unknown elevation source {source!r}: use one of {', '.join(SOURCES)}") from None


def _fetch_one(
    name: str, folder: Path, base: str, offline: bool, retries: int, backoff_s: float, result: Fetched
) -> None:
    tile, marker = folder / f"{name}.tif", folder / f"{name}.missing"
    if tile.exists():
        result.paths.append(tile)
        return
    if marker.exists():
        result.missing.append(name)
        return
    if offline:
        raise InputError(f"tile {name} is not in the cache {folder} (offline); run once online to fetch it")
    folder.mkdir(parents=True, exist_ok=True)
    if _download(f"{base}/{name}/{name}.tif", tile, retries, backoff_s):
        result.paths.append(tile)
        result.downloaded.append(name)
    else:
        marker.write_text("the source has no such tile (HTTP 404): sea or outside its coverage\n")
        result.missing.append(name)


class _Retry(Exception):
    """A failure worth another attempt."""


def _download(url: str, target: Path, retries: int, backoff_s: float) -> bool:
    """Download ``url`` into ``target`` atomically; False when the source has no such file."""
    import requests

    last: Exception | None = None
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff_s * 2 ** (attempt - 1))
        try:
            return _attempt(url, target)
        except (
            _Retry,
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
        ) as error:
            last = error
            log.info("retrying %s after: %s", url, error)
    raise InputError(f"could not download {url} after {retries + 1} tries: {last}")


def _attempt(url: str, target: Path) -> bool:
    import requests

    with requests.get(url, stream=True, timeout=_TIMEOUT_S, headers={"User-Agent": "alatau"}) as answer:
        if answer.status_code in (404, 410):
            return False
        if answer.status_code >= 500:
            raise _Retry(f"HTTP {answer.status_code}")
        if answer.status_code != 200:
            raise InputError(f"could not download {url}: HTTP {answer.status_code}")
        with atomic_output(target) as temporary:  # a failed check leaves no tile behind
            with temporary.open("wb") as out:
                for chunk in answer.iter_content(_CHUNK):
                    out.write(chunk)
            expected = answer.headers.get("Content-Length")
            if expected is not None and int(expected) != temporary.stat().st_size:
                raise _Retry(f"cut-off download from {url}")
            _check_raster(temporary, url)
    return True


def _check_raster(path: Path, url: str) -> None:
    """A tile is kept only if it opens and its whole band reads: a cut-off body fails here."""
    import rasterio
    from rasterio.errors import RasterioError

    try:
        with rasterio.open(path) as src:
            src.read(1)
    except RasterioError as error:
        raise _Retry(f"corrupt download from {url} ({error})") from error
