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

The missing tiles are downloaded on a small thread pool (``connections``, else
``$ALATAU_DOWNLOAD_CONNECTIONS``, else 4): a 1° GLO-30 tile is tens of MB and one connection to
the bucket rarely fills the line. Each tile keeps its own retries; the first tile that fails for
good stops the others (none is left half-written) and its error is raised.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
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
CONNECTIONS = 4  # tiles downloaded at once, unless told otherwise
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


def download_connections(connections: int | None = None) -> int:
    """How many tiles to download at once: ``connections``, else ``$ALATAU_DOWNLOAD_CONNECTIONS``, else 4.

    Raises
    ------
    InputError
        A value that is not a whole number of at least 1.
    """
    if connections is None:
        text = os.environ.get("ALATAU_DOWNLOAD_CONNECTIONS", "").strip()
        if not text:
            return CONNECTIONS
        if not (text.isascii() and text.isdigit()) or int(text) < 1:
            raise InputError(
                f"ALATAU_DOWNLOAD_CONNECTIONS must be a whole number of at least 1, got {text!r}"
            )
        return int(text)
    if connections < 1:
        raise InputError(f"the number of download connections must be at least 1, got {connections}")
    return connections


def fetch_tiles(
    bbox: tuple[float, float, float, float],
    source: str,
    *,
    offline: bool = False,
    cache_dir: str | Path | None = None,
    base_url: str | None = None,
    retries: int = RETRIES,
    backoff_s: float = BACKOFF_S,
    connections: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Fetched:
    """Make sure the tiles of ``source`` covering ``bbox`` are in the cache; return where they are.

    The tiles not yet cached are downloaded concurrently, ``connections`` at a time. The result
    does not depend on that: its lists follow the order of :func:`tile_corners`.

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
        Attempts after the first on connection errors, 5xx answers and corrupt downloads (per
        tile), waiting ``backoff_s · 2**attempt`` seconds before each.
    connections : int, optional
        Downloads at once; see :func:`download_connections` for the default.
    progress : callable(done, total), optional
        Called after each tile (cached ones first, then downloads as they finish), always from
        the calling thread.

    Returns
    -------
    Fetched
        Paths of the cached tiles, and the names of the tiles the source does not have.

    Raises
    ------
    InputError
        Unknown source, a bad ``connections``, a tile not cached while offline, or a download
        that keeps failing: the first failure is raised once the other downloads have stopped
        (those in flight are abandoned, leaving neither a tile nor a temporary file).
    """
    bucket, _ = _source(source)
    base = (base_url or os.environ.get("ALATAU_COPERNICUS_URL") or bucket).rstrip("/")
    pool_size = download_connections(connections)
    folder = cache_root(cache_dir) / "dem" / source
    names = [tile_name(source, lon, lat) for lon, lat in tile_corners(bbox)]
    found = [_cached(name, folder, offline) for name in names]  # before any download: offline fails fast
    tick = _counter(progress, len(names))
    for _ in range(sum(state is not None for state in found)):
        tick()
    todo = [i for i, state in enumerate(found) if state is None]
    if todo:
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [(f"{base}/{names[i]}/{names[i]}.tif", folder / f"{names[i]}.tif") for i in todo]
        for i, ok in zip(todo, _download_all(jobs, pool_size, retries, backoff_s, tick), strict=True):
            found[i] = "downloaded" if ok else "missing"
    result = _collect(names, found, folder)
    if result.missing:
        log.warning(
            "%s has no tile for %d of %d cells of 1°: %s",
            source,
            len(result.missing),
            len(names),
            ", ".join(result.missing),
        )
    return result


def _source(source: str) -> tuple[str, str]:
    try:
        return SOURCES[source]
    except KeyError:
        raise InputError(f"unknown elevation source {source!r}: use one of {', '.join(SOURCES)}") from None


def _cached(name: str, folder: Path, offline: bool) -> str | None:
    """``"tile"`` or ``"missing"`` when the cache knows the tile, None when it must be downloaded."""
    if (folder / f"{name}.tif").exists():
        return "tile"
    if (folder / f"{name}.missing").exists():
        return "missing"
    if offline:
        raise InputError(f"tile {name} is not in the cache {folder} (offline); run once online to fetch it")
    return None


def _fetch_tile(url: str, target: Path, retries: int, backoff_s: float, cancel: threading.Event) -> bool:
    """Download one tile, or leave a ``.missing`` marker next to where it would be (at once, so a
    later failure of another tile does not lose it); whether the tile exists."""
    if _download(url, target, retries, backoff_s, cancel):
        return True
    with atomic_output(target.with_suffix(".missing")) as temporary:
        temporary.write_text("the source has no such tile (HTTP 404): sea or outside its coverage\n")
    return False


def _collect(names: list[str], found: list[str | None], folder: Path) -> Fetched:
    result = Fetched()
    for name, state in zip(names, found, strict=True):
        if state == "missing":
            result.missing.append(name)
            continue
        result.paths.append(folder / f"{name}.tif")
        if state == "downloaded":
            result.downloaded.append(name)
    return result


def _counter(progress: Callable[[int, int], None] | None, total: int) -> Callable[[], None]:
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    return tick


def _download_all(
    jobs: list[tuple[str, Path]], pool_size: int, retries: int, backoff_s: float, tick: Callable[[], None]
) -> list[bool]:
    """Download (url, target) jobs on a thread pool; whether each tile exists, in the jobs' order.

    On the first failure (or an interrupt) the queued jobs are cancelled and the running ones
    stop at their next chunk; the pool is joined before the error goes on.
    """
    found: list[bool] = [False] * len(jobs)
    cancel = threading.Event()
    with ThreadPoolExecutor(min(pool_size, len(jobs)), thread_name_prefix="alatau-fetch") as pool:
        futures = {
            pool.submit(_fetch_tile, url, target, retries, backoff_s, cancel): i
            for i, (url, target) in enumerate(jobs)
        }
        try:
            for future in as_completed(futures):
                found[futures[future]] = future.result()
                tick()
        except BaseException:
            cancel.set()
            for future in futures:
                future.cancel()
            raise
    return found


class _Retry(Exception):
    """A failure worth another attempt."""


class _Cancelled(Exception):
    """Another download failed: stop this one (its temporary file is removed on the way out)."""


def _download(url: str, target: Path, retries: int, backoff_s: float, cancel: threading.Event) -> bool:
    """Download ``url`` into ``target`` atomically; False when the source has no such file."""
    import requests

    last: Exception | None = None
    for attempt in range(retries + 1):
        # Event.wait, not sleep: a cancelled download stops waiting for its next try at once.
        if cancel.wait(backoff_s * 2 ** (attempt - 1) if attempt else 0):
            raise _Cancelled(url)
        try:
            return _attempt(url, target, cancel)
        except (
            _Retry,
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
        ) as error:
            last = error
            log.info("retrying %s after: %s", url, error)
    raise InputError(f"could not download {url} after {retries + 1} tries: {last}")


def _attempt(url: str, target: Path, cancel: threading.Event) -> bool:
    import requests

    with requests.get(url, stream=True, timeout=_TIMEOUT_S, headers={"User-Agent": "alatau"}) as answer:
        if answer.status_code in (404, 410):
            return False
        if answer.status_code >= 500:
            raise _Retry(f"HTTP {answer.status_code}")
        if answer.status_code != 200:
            raise InputError(f"could not download {url}: HTTP {answer.status_code}")
        # A temporary file of our own, renamed into place whole: another thread or process
        # fetching the same tile at the same time writes its own, and readers see one or the other.
        with atomic_output(target) as temporary:  # a failed check leaves no tile behind
            with temporary.open("wb") as out:
                for chunk in answer.iter_content(_CHUNK):
                    if cancel.is_set():
                        raise _Cancelled(url)
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
