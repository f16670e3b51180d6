"""Copernicus tiles over HTTP: download, cache, retries, sea tiles, offline, corrupt downloads.

A local ``http.server`` on 127.0.0.1 serves a folder with the bucket's layout; nothing here
touches the internet.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine

from alatau.errors import InputError
from alatau.terrain import sources
from alatau.terrain.dem import load_dem

STEP = 0.01  # a coarse stand-in for GLO-30's 1 arc-second


class Mirror(SimpleHTTPRequestHandler):
    """Serves the folder; can answer 503 a given number of times or garbage for some paths."""

    failures: dict[str, int]
    garbage: set[str]
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        if self.failures.get(self.path, 0) > 0:
            self.failures[self.path] -= 1
            self.send_error(503, "slow down")
            return
        if self.path in self.garbage:
            body = b"II*\x00" + b"\x00" * 200
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

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


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[tuple[str, type[Mirror], ThreadingHTTPServer]]:
    root = tmp_path / "bucket"
    root.mkdir()
    write_tile(root, 76, 43)
    write_tile(root, 77, 43)  # no N42 tiles: the "sea"
    handler = type("TestMirror", (Mirror,), {"failures": {}, "garbage": set(), "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", handler, server
    server.shutdown()
    server.server_close()


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
