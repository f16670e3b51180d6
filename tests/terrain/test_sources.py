"""Copernicus tiles over HTTP: download, cache, retries, sea tiles, offline, corrupt downloads.

A local ``http.server`` on 127.0.0.1 serves a folder with the bucket's layout; nothing here
touches the internet.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from click.testing import CliRunner

from alatau.cli import main
from alatau.errors import InputError
from alatau.terrain import sources
from alatau.terrain.dem import load_dem

STEP = 0.01  # a coarse stand-in for GLO-30's 1 arc-second
FOUR = (76.5, 42.5, 77.5, 43.5)  # touches the four tiles of 76–77 E, 42–43 N


class Traffic:
    """What the server saw: requests waiting for their answer now, and the most at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.waiting = 0
        self.most = 0

    def arrive(self) -> None:
        with self.lock:
            self.waiting += 1
            self.most = max(self.most, self.waiting)

    def leave(self) -> None:
        with self.lock:
            self.waiting -= 1


class Mirror(SimpleHTTPRequestHandler):
    """Serves the folder; can answer 503 a given number of times or garbage for some paths.

    ``meet``: a barrier every tile request waits at before its answer, so a test passes only if
    that many requests are in flight together (overlap proven without measuring time).
    ``pieces``: send each tile's body in that many pieces, ``piece_delay_s`` apart, calling
    ``after_first_piece`` after the first (a slow download that a test can act in the middle of).
    """

    failures: dict[str, int]
    garbage: set[str]
    requests: list[str]
    traffic: Traffic
    meet: threading.Barrier | None
    pieces: int
    piece_delay_s: float
    after_first_piece: Callable[[], None] | None

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.traffic.arrive()
        try:
            if self.meet is not None:
                self.meet.wait()
        except threading.BrokenBarrierError:
            self.traffic.leave()
            self.send_error(500, "the requests did not overlap")
            return
        # Counted out before answering: a client can only send its next request after this one.
        self.traffic.leave()
        self.answer()

    def answer(self) -> None:
        if self.failures.get(self.path, 0) > 0:
            self.failures[self.path] -= 1
            self.send_error(503, "slow down")
            return
        if self.path in self.garbage:
            self.send_body(b"II*\x00" + b"\x00" * 200)
            return
        file = Path(self.translate_path(self.path))
        if self.pieces > 1 and file.is_file():
            self.send_body(file.read_bytes())
            return
        super().do_GET()

    def send_body(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        size = -(-len(body) // max(self.pieces, 1))
        with suppress(BrokenPipeError, ConnectionResetError):  # a client that gave up mid-tile
            for start in range(0, len(body), size):
                if start:
                    time.sleep(self.piece_delay_s)
                self.wfile.write(body[start : start + size])
                self.wfile.flush()
                if start == 0 and self.after_first_piece is not None:
                    self.after_first_piece()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


def write_tile(root: Path, lon: int, lat: int) -> str:
    """A 1° GeoTIFF tile like Copernicus's (sample centres on the grid, corner half a cell out)."""
    name = sources.tile_name("copernicus-30", lon, lat)
    (root / name).mkdir(parents=True)
    side = round(1 / STEP) + 1
    transform = Affine(STEP, 0, lon - STEP / 2, 0, -STEP, lat + 1 + STEP / 2)
    rows, cols = np.mgrid[0:side, 0:side]
    values = (1500 + 10 * (lon - 76) * 100 + cols * 10 - rows * 5).astype(np.float32)
    profile = {
        "driver": "GTiff",
        "height": side,
        "width": side,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:4326",
        "transform": transform,
        "tiled": True,
        "blockxsize": 64,
        "blockysize": 64,
    }
    with rasterio.open(root / name / f"{name}.tif", "w", **profile) as dst:
        dst.write(values, 1)
    return name


def serve(root: Path) -> Iterator[tuple[str, type[Mirror], ThreadingHTTPServer]]:
    handler: type[Mirror] = type(  # a subclass per server: the class attributes are its state
        "TestMirror",
        (Mirror,),
        {
            "failures": {},
            "garbage": set(),
            "requests": [],
            "traffic": Traffic(),
            "meet": None,
            "pieces": 1,
            "piece_delay_s": 0.0,
            "after_first_piece": None,
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", handler, server
    if handler.meet is not None:
        handler.meet.abort()  # free any handler still waiting, so shutdown cannot hang
    server.shutdown()
    server.server_close()


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[tuple[str, type[Mirror], ThreadingHTTPServer]]:
    root = tmp_path / "bucket"
    root.mkdir()
    write_tile(root, 76, 43)
    write_tile(root, 77, 43)  # no N42 tiles: the "sea"
    yield from serve(root)


@pytest.fixture
def four_tiles(tmp_path: Path) -> Iterator[tuple[str, type[Mirror], ThreadingHTTPServer]]:
    """A bucket with the four land tiles of FOUR."""
    root = tmp_path / "bucket"
    root.mkdir()
    for lon, lat in sources.tile_corners(FOUR):
        write_tile(root, lon, lat)
    yield from serve(root)


def leftovers(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.name.endswith(".part")]


def test_tile_names_and_corners() -> None:
    assert sources.tile_name("copernicus-30", 77, 43) == "Copernicus_DSM_COG_10_N43_00_E077_00_DEM"
    assert sources.tile_name("copernicus-90", -71, -33) == "Copernicus_DSM_COG_30_S33_00_W071_00_DEM"
    assert sources.tile_corners((76.6, 42.95, 77.6, 43.45)) == [(76, 42), (77, 42), (76, 43), (77, 43)]
    assert sources.tile_corners((77.0, 43.0, 78.0, 44.0)) == [(77, 43)]  # shared edges do not count
    with pytest.raises(InputError, match="unknown elevation source"):
        sources.tile_name("srtm-1", 0, 0)


def test_download_then_cache_hit_with_the_server_gone(mirror: tuple, tmp_path: Path) -> None:
    url, _, server = mirror
    cache = tmp_path / "cache"
    first = sources.fetch_tiles((76.5, 43.2, 77.5, 43.8), "copernicus-30", cache_dir=cache, base_url=url)
    assert [p.name for p in first.paths] == [
        "Copernicus_DSM_COG_10_N43_00_E076_00_DEM.tif",
        "Copernicus_DSM_COG_10_N43_00_E077_00_DEM.tif",
    ]
    assert len(first.downloaded) == 2 and not first.missing and not leftovers(cache)
    server.shutdown()
    again = sources.fetch_tiles((76.5, 43.2, 77.5, 43.8), "copernicus-30", cache_dir=cache, base_url=url)
    assert again.paths == first.paths and not again.downloaded
    offline = sources.fetch_tiles((76.5, 43.2, 77.5, 43.8), "copernicus-30", cache_dir=cache, offline=True)
    assert offline.paths == first.paths


def test_retry_after_a_503(mirror: tuple, tmp_path: Path) -> None:
    url, handler, _ = mirror
    name = sources.tile_name("copernicus-30", 77, 43)
    handler.failures[f"/{name}/{name}.tif"] = 2
    got = sources.fetch_tiles(
        (77.2, 43.2, 77.3, 43.3), "copernicus-30", cache_dir=tmp_path, base_url=url, backoff_s=0
    )
    assert len(got.paths) == 1 and got.paths[0].exists()
    assert handler.requests.count(f"/{name}/{name}.tif") == 3


def test_server_errors_that_persist_give_up(mirror: tuple, tmp_path: Path) -> None:
    url, handler, _ = mirror
    name = sources.tile_name("copernicus-30", 77, 43)
    handler.failures[f"/{name}/{name}.tif"] = 99
    with pytest.raises(InputError, match="after 3 tries"):
        sources.fetch_tiles(
            (77.2, 43.2, 77.3, 43.3),
            "copernicus-30",
            cache_dir=tmp_path / "cache",
            base_url=url,
            retries=2,
            backoff_s=0,
        )
    assert not list((tmp_path / "cache").rglob("*.tif")) and not leftovers(tmp_path / "cache")


def test_sea_tiles_are_skipped_and_remembered(mirror: tuple, tmp_path: Path) -> None:
    url, _, server = mirror
    got = sources.fetch_tiles((76.5, 42.5, 77.5, 43.5), "copernicus-30", cache_dir=tmp_path, base_url=url)
    assert len(got.paths) == 2
    assert got.missing == [
        sources.tile_name("copernicus-30", 76, 42),
        sources.tile_name("copernicus-30", 77, 42),
    ]
    server.shutdown()
    offline = sources.fetch_tiles((76.5, 42.5, 77.5, 43.5), "copernicus-30", cache_dir=tmp_path, offline=True)
    assert offline.missing == got.missing and offline.paths == got.paths


def test_offline_miss(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not in the cache"):
        sources.fetch_tiles((77.2, 43.2, 77.3, 43.3), "copernicus-90", cache_dir=tmp_path, offline=True)


def test_corrupt_download_is_not_kept(mirror: tuple, tmp_path: Path) -> None:
    url, handler, _ = mirror
    name = sources.tile_name("copernicus-30", 77, 43)
    handler.garbage.add(f"/{name}/{name}.tif")
    with pytest.raises(InputError, match="corrupt download"):
        sources.fetch_tiles(
            (77.2, 43.2, 77.3, 43.3),
            "copernicus-30",
            cache_dir=tmp_path / "cache",
            base_url=url,
            retries=1,
            backoff_s=0,
        )
    assert not list((tmp_path / "cache").rglob("*.tif")) and not leftovers(tmp_path / "cache")


def test_load_dem_from_a_source(mirror: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, _, _ = mirror
    monkeypatch.setenv("ALATAU_COPERNICUS_URL", url)
    monkeypatch.setenv("ALATAU_CACHE_DIR", str(tmp_path / "cache"))
    dem = load_dem((76.8, 43.3, 77.2, 43.5), source="copernicus-30", resolution=500)
    assert dem.crs == "EPSG:32643" and np.isfinite(dem.elevation).all()
    assert (tmp_path / "cache" / "dem" / "copernicus-30").is_dir()
    with pytest.raises(InputError, match="no tile"):
        load_dem((76.2, 42.2, 76.4, 42.4), source="copernicus-30")  # all sea


# --- concurrent downloads --------------------------------------------------------------------


def names_of(bbox: tuple[float, float, float, float]) -> list[str]:
    return [sources.tile_name("copernicus-30", lon, lat) for lon, lat in sources.tile_corners(bbox)]


def fetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("alatau-fetch")]


def test_four_tiles_download_at_once_in_a_stable_order(four_tiles: tuple, tmp_path: Path) -> None:
    """All four requests wait at the server until all four have arrived: they overlap, or fail."""
    url, handler, _ = four_tiles
    handler.meet = threading.Barrier(4, timeout=10)
    calls: list[tuple[int, int, threading.Thread]] = []
    got = sources.fetch_tiles(
        FOUR,
        "copernicus-30",
        cache_dir=tmp_path / "cache",
        base_url=url,
        retries=0,
        connections=4,
        progress=lambda done, total: calls.append((done, total, threading.current_thread())),
    )
    assert handler.traffic.most == 4
    names = names_of(FOUR)
    assert got.downloaded == names and [p.stem for p in got.paths] == names and not got.missing
    assert [(done, total) for done, total, _ in calls] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert {thread for _, _, thread in calls} == {threading.current_thread()}
    for path in got.paths:
        assert path.read_bytes() == (tmp_path / "bucket" / path.stem / path.name).read_bytes()
    assert not leftovers(tmp_path / "cache") and not fetch_threads()


@pytest.mark.parametrize("connections", [1, 2])
def test_no_more_requests_at_once_than_connections(
    four_tiles: tuple, tmp_path: Path, connections: int
) -> None:
    url, handler, _ = four_tiles
    # With 2 connections the tiles go in two pairs that must meet; with 1 they go one by one.
    handler.meet = threading.Barrier(connections, timeout=10) if connections > 1 else None
    got = sources.fetch_tiles(
        FOUR, "copernicus-30", cache_dir=tmp_path, base_url=url, retries=0, connections=connections
    )
    assert handler.traffic.most == connections
    assert got.downloaded == names_of(FOUR)


def test_connections_from_the_environment(
    four_tiles: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, handler, _ = four_tiles
    monkeypatch.delenv("ALATAU_DOWNLOAD_CONNECTIONS", raising=False)
    assert sources.download_connections() == sources.CONNECTIONS == 4
    monkeypatch.setenv("ALATAU_DOWNLOAD_CONNECTIONS", " 3 ")
    assert sources.download_connections() == 3
    assert sources.download_connections(5) == 5  # the argument wins
    for bad in ("0", "-2", "four", "2.5"):
        monkeypatch.setenv("ALATAU_DOWNLOAD_CONNECTIONS", bad)
        with pytest.raises(InputError, match="ALATAU_DOWNLOAD_CONNECTIONS must be a whole number"):
            sources.download_connections()
    with pytest.raises(InputError, match="at least 1"):
        sources.download_connections(0)
    monkeypatch.setenv("ALATAU_DOWNLOAD_CONNECTIONS", "2")
    handler.meet = threading.Barrier(2, timeout=10)
    sources.fetch_tiles(FOUR, "copernicus-30", cache_dir=tmp_path, base_url=url, retries=0)
    assert handler.traffic.most == 2


def test_sea_and_land_tiles_at_once_keep_their_order(mirror: tuple, tmp_path: Path) -> None:
    """Two 404s (sea) and two tiles in flight together: markers and paths in corner order."""
    url, handler, _ = mirror
    handler.meet = threading.Barrier(4, timeout=10)
    got = sources.fetch_tiles(FOUR, "copernicus-30", cache_dir=tmp_path, base_url=url, retries=0)
    names = names_of(FOUR)
    assert got.missing == names[:2] and got.downloaded == names[2:]
    assert [p.stem for p in got.paths] == names[2:]
    folder = tmp_path / "dem" / "copernicus-30"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{n}.missing" for n in names[:2]] + [f"{n}.tif" for n in names[2:]]
    )


def test_the_first_failure_is_raised_and_nothing_half_written_is_left(
    four_tiles: tuple, tmp_path: Path
) -> None:
    url, handler, _ = four_tiles
    broken = sources.tile_name("copernicus-30", 77, 43)
    handler.failures[f"/{broken}/{broken}.tif"] = 99
    handler.pieces, handler.piece_delay_s = 8, 0.02  # the others are still streaming when it fails
    cache = tmp_path / "cache"
    with pytest.raises(InputError, match=re.escape(f"{broken}.tif after 2 tries: HTTP 503")):
        sources.fetch_tiles(FOUR, "copernicus-30", cache_dir=cache, base_url=url, retries=1, backoff_s=0)
    assert not leftovers(cache) and not fetch_threads()
    for path in cache.rglob("*.tif"):  # tiles that finished before the failure are whole
        assert path.read_bytes() == (tmp_path / "bucket" / path.stem / path.name).read_bytes()
    assert not (cache / "dem" / "copernicus-30" / f"{broken}.tif").exists()


def test_a_cancelled_download_stops_mid_tile_and_leaves_nothing(
    mirror: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server raises the cancel flag after the first piece of the body: the client cannot
    read past that piece without seeing it, so it stops mid-tile, deterministically."""
    url, handler, _ = mirror
    monkeypatch.setattr(sources, "_CHUNK", 1024)
    cancel = threading.Event()
    handler.pieces, handler.after_first_piece = 4, cancel.set
    name = sources.tile_name("copernicus-30", 77, 43)
    target = tmp_path / f"{name}.tif"
    with pytest.raises(sources._Cancelled):
        sources._download(f"{url}/{name}/{name}.tif", target, 3, 0.0, cancel)
    assert list(tmp_path.iterdir()) == [tmp_path / "bucket"]  # no tile, no temporary file
    assert handler.requests == [f"/{name}/{name}.tif"]  # and no retry


def test_two_fetchers_racing_on_one_tile_never_expose_half_a_file(mirror: tuple, tmp_path: Path) -> None:
    """Two fetches of the same tile into one cache (as two processes would), both downloading at
    once (they meet at the server) and slowly; a watcher reading the tile meanwhile only ever
    finds the whole file."""
    url, handler, _ = mirror
    handler.meet = threading.Barrier(2, timeout=10)
    handler.pieces, handler.piece_delay_s = 8, 0.02
    name = sources.tile_name("copernicus-30", 77, 43)
    original = (tmp_path / "bucket" / name / f"{name}.tif").read_bytes()
    cache = tmp_path / "cache"
    target = cache / "dem" / "copernicus-30" / f"{name}.tif"
    box = (77.2, 43.2, 77.3, 43.3)
    results: list[sources.Fetched] = []
    seen: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            with suppress(FileNotFoundError):
                seen.append(target.read_bytes() == original)

    def fetch() -> None:
        results.append(sources.fetch_tiles(box, "copernicus-30", cache_dir=cache, base_url=url, retries=0))

    watcher = threading.Thread(target=watch)
    fetchers = [threading.Thread(target=fetch) for _ in range(2)]
    watcher.start()
    for thread in fetchers:
        thread.start()
    for thread in fetchers:
        thread.join()
    stop.set()
    watcher.join()
    seen.append(target.read_bytes() == original)
    assert handler.traffic.most == 2 and handler.requests.count(f"/{name}/{name}.tif") == 2
    assert all(seen)
    assert [r.downloaded for r in results] == [[name], [name]] and results[0].paths == results[1].paths
    assert not leftovers(cache)


def test_cli_fetch_connections(four_tiles: tuple, tmp_path: Path) -> None:
    url, handler, _ = four_tiles
    handler.meet = threading.Barrier(2, timeout=10)
    args = ["terrain", "fetch", "--source", "copernicus-30", "--bbox", "76.5,42.5,77.5,43.5"]
    env = {"ALATAU_COPERNICUS_URL": url, "ALATAU_CACHE_DIR": str(tmp_path / "cache")}
    result = CliRunner().invoke(main, [*args, "--connections", "2"], env=env)
    assert result.exit_code == 0, result.output
    assert "4 tile(s) in" in result.stdout and "4 downloaded" in result.stdout
    assert handler.traffic.most == 2
    result = CliRunner().invoke(main, [*args, "--connections", "0"], env=env)
    assert result.exit_code == 2 and "--connections" in result.stderr
