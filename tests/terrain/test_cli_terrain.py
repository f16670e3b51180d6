"""``alatau terrain slope|aspect|hillshade|fetch`` through click's CliRunner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from click.testing import CliRunner

from alatau.cli import main
from alatau.terrain import derivatives


def write_raster(
    path: Path,
    values: np.ndarray,
    *,
    crs: str = "EPSG:32643",
    transform: Affine | None = None,
    nodata: float | None = -32768,
    **options: object,
) -> Path:
    """A one-band GeoTIFF of ``values``; ``options`` are further creation options (tiling, compression)."""
    profile = {
        "driver": "GTiff",
        "height": values.shape[0],
        "width": values.shape[1],
        "count": 1,
        "dtype": values.dtype.name,
        "crs": crs,
        "nodata": nodata,
        "transform": transform or Affine(30.0, 0, 600_000, 0, -30.0, 4_800_000),
        **options,
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return path


@pytest.fixture
def terrain(tmp_path: Path) -> Path:
    """Smooth hills with a nodata hole, int16 like SRTM."""
    rows, cols = np.mgrid[0:120, 0:140]
    z = 2000 + 300 * np.sin(rows / 15.0) * np.cos(cols / 20.0) + 2.0 * cols
    values = z.astype(np.int16)
    values[50:53, 60:64] = -32768
    return write_raster(tmp_path / "dem.tif", values)


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def read(path: Path) -> tuple[np.ndarray, dict]:
    with rasterio.open(path) as src:
        return src.read(1), {
            "crs": src.crs,
            "transform": src.transform,
            "nodata": src.nodata,
            "dtype": src.dtypes[0],
        }


def test_slope_keeps_georeferencing_and_marks_nodata(terrain: Path, tmp_path: Path) -> None:
    out = tmp_path / "slope.tif"
    result = run("terrain", "slope", str(terrain), str(out))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    values, meta = read(out)
    _, source = read(terrain)
    assert meta["crs"] == source["crs"] and meta["transform"] == source["transform"]
    assert meta["dtype"] == "float32" and meta["nodata"] == -32768  # the input's: no slope is negative
    elevation = read(terrain)[0].astype(np.float32)
    elevation[elevation == -32768] = np.nan
    expected = derivatives.slope(elevation, (30.0, 30.0))
    nodata = values == -32768
    assert np.array_equal(nodata, np.isnan(expected))
    assert nodata[0].all() and nodata[51, 62] and nodata[49, 59] and not nodata[47, 58]
    assert np.allclose(values[~nodata], expected[~nodata])
    assert not list(tmp_path.glob("*.part"))


def test_slope_in_degrees_matches_gdaldem(terrain: Path, tmp_path: Path) -> None:
    out, reference = tmp_path / "deg.tif", tmp_path / "gdal.tif"
    assert run("terrain", "slope", "--unit", "degrees", str(terrain), str(out)).exit_code == 0  # type: ignore[attr-defined]
    subprocess.run(["gdaldem", "slope", "-q", str(terrain), str(reference)], check=True)
    ours, theirs = read(out)[0], read(reference)[0]
    ok = theirs != -9999
    assert np.array_equal(ok, ours != -32768)
    assert np.max(np.abs(ours[ok] - theirs[ok])) < 1e-3


def test_aspect_flat_is_nodata(tmp_path: Path) -> None:
    flat = write_raster(tmp_path / "flat.tif", np.full((10, 10), 500.0, dtype=np.float32), nodata=None)
    out = tmp_path / "aspect.tif"
    assert run("terrain", "aspect", str(flat), str(out)).exit_code == 0  # type: ignore[attr-defined]
    values, meta = read(out)
    assert meta["nodata"] == -9999 and (values == -9999).all()


def test_aspect_does_not_reuse_a_nodata_that_is_a_valid_direction(tmp_path: Path) -> None:
    rows = np.mgrid[0:10, 0:10][0].astype(np.float32)
    source = write_raster(tmp_path / "tilt.tif", rows * 5, nodata=0.0)  # 0 is a real azimuth (north)
    out = tmp_path / "aspect.tif"
    assert run("terrain", "aspect", str(source), str(out)).exit_code == 0  # type: ignore[attr-defined]
    values, meta = read(out)
    assert meta["nodata"] == -9999
    assert values[5, 5] == pytest.approx(0.0)  # rises southwards: faces north


def test_hillshade_is_bytes_like_gdaldem(terrain: Path, tmp_path: Path) -> None:
    out, reference = tmp_path / "hs.tif", tmp_path / "gdal.tif"
    result = run(
        "terrain",
        "hillshade",
        "--azimuth",
        "200",
        "--altitude",
        "30",
        "--compress",
        "zstd",
        str(terrain),
        str(out),
    )
    assert result.exit_code == 0  # type: ignore[attr-defined]
    subprocess.run(
        ["gdaldem", "hillshade", "-q", "-az", "200", "-alt", "30", str(terrain), str(reference)], check=True
    )
    ours, meta = read(out)
    theirs = read(reference)[0]
    assert meta["dtype"] == "uint8" and meta["nodata"] == 0
    assert np.array_equal(ours == 0, theirs == 0)
    assert np.max(np.abs(ours.astype(int) - theirs.astype(int))) <= 1


def test_geographic_input_uses_metric_cells(tmp_path: Path) -> None:
    """A lon/lat raster: the slope is right without gdaldem's -s 111120 scale."""
    step = 1 / 1200
    transform = Affine(step, 0, 77.0, 0, -step, 43.5)
    lat = 43.5 - (np.mgrid[0:60, 0:60][0] + 0.5) * step
    dy_m = derivatives.geographic_cell_sizes(np.array([43.47]), step, step)[1]
    z = ((43.5 - lat) / step * dy_m * -0.25).astype(np.float32)  # falls 25 m per 100 m southwards
    source = write_raster(tmp_path / "geo.tif", z, crs="EPSG:4326", transform=transform, nodata=None)
    out = tmp_path / "slope.tif"
    assert run("terrain", "slope", str(source), str(out)).exit_code == 0  # type: ignore[attr-defined]
    values = read(out)[0]
    assert np.allclose(values[1:-1, 1:-1], 25.0, atol=0.05)


def test_missing_input_is_one_line_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [".venv/bin/alatau", "terrain", "slope", str(tmp_path / "nope.tif"), str(tmp_path / "out.tif")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "nope.tif" in result.stderr
    assert not (tmp_path / "out.tif").exists()


def test_not_a_raster(tmp_path: Path) -> None:
    bad = tmp_path / "notes.tif"
    bad.write_text("these are notes, not elevations")
    out = tmp_path / "out.tif"
    result = CliRunner().invoke(main, ["terrain", "aspect", str(bad), str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("alatau: ") and "not a readable raster" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_output_folder_missing(terrain: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["terrain", "slope", str(terrain), str(tmp_path / "no" / "out.tif")])
    assert result.exit_code != 0


def test_fetch_offline_reports_what_is_missing(tmp_path: Path) -> None:
    from alatau.cli import terrain as terrain_cli

    result = CliRunner().invoke(
        terrain_cli.terrain,
        [
            "fetch",
            "--source",
            "copernicus-30",
            "--bbox",
            "77.1,43.1,77.2,43.2",
            "--offline",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code != 0 and "not in the cache" in str(result.exception)


def test_fetch_bad_bbox_exit_2(tmp_path: Path) -> None:
    args = [
        "terrain",
        "fetch",
        "--source",
        "copernicus-90",
        "--bbox",
        "179,10,-179,11",
        "--cache-dir",
        str(tmp_path),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "antimeridian" in result.stderr
    result = CliRunner().invoke(main, [*args[:4], "--bbox", "77,43,78"])
    assert result.exit_code == 2 and "west,south,east,north" in result.stderr


def test_fetch_offline_counts_cached_and_sea_tiles(tmp_path: Path) -> None:
    from alatau.terrain import sources

    folder = tmp_path / "dem" / "copernicus-90"
    folder.mkdir(parents=True)
    land = sources.tile_name("copernicus-90", 77, 43)
    write_raster(
        folder / f"{land}.tif",
        np.ones((4, 4), dtype=np.float32),
        crs="EPSG:4326",
        transform=Affine(0.25, 0, 77, 0, -0.25, 44),
    )
    sea = sources.tile_name("copernicus-90", 77, 42)
    (folder / f"{sea}.missing").write_text("404")
    args = ["terrain", "fetch", "--source", "copernicus-90", "--bbox", "77.2,42.5,77.8,43.5", "--offline"]
    result = CliRunner().invoke(main, [*args, "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 tile(s) in" in result.stdout and "0 downloaded" in result.stdout and sea in result.stdout


@pytest.mark.parametrize("kind", ["slope", "aspect", "hillshade"])
@pytest.mark.parametrize(("ahead", "behind"), [(1, 0), (3, 2)])
def test_strips_join_without_seams(
    terrain: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, ahead: int, behind: int
) -> None:
    """Streaming in strips of 7 rows gives exactly the one-strip result (the halo rows are right),
    however many strips are read ahead and written behind (the rings of buffers wrap many times)."""
    from alatau.cli import terrain as terrain_cli

    whole, strips = tmp_path / "whole.tif", tmp_path / "strips.tif"
    assert run("terrain", kind, str(terrain), str(whole)).exit_code == 0  # type: ignore[attr-defined]
    monkeypatch.setattr(terrain_cli, "_STRIP_ROWS", 7)  # 120 rows: 17 strips and a last one of 1 row
    monkeypatch.setattr(terrain_cli, "_READ_AHEAD", ahead)
    monkeypatch.setattr(terrain_cli, "_WRITE_BEHIND", behind)
    assert run("terrain", kind, str(terrain), str(strips)).exit_code == 0  # type: ignore[attr-defined]
    assert np.array_equal(read(whole)[0], read(strips)[0])


def test_strips_aligned_on_tiled_input_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tiled input read in strips of whole block rows gives the NumPy result for the whole grid."""
    from alatau.cli import terrain as terrain_cli

    rows, cols = np.mgrid[0:80, 0:70]
    z = (1500 + 200 * np.sin(rows / 9.0) + 3.0 * cols).astype(np.float32)
    source = write_raster(tmp_path / "tiled.tif", z, nodata=-9999.0, tiled=True, blockxsize=16, blockysize=16)
    monkeypatch.setattr(terrain_cli, "_STRIP_ROWS", 16)
    out = tmp_path / "slope.tif"
    assert run("terrain", "slope", str(source), str(out)).exit_code == 0  # type: ignore[attr-defined]
    expected = derivatives.slope(z, (30.0, 30.0))
    got = read(out)[0]
    assert np.array_equal(got == -9999, np.isnan(expected))
    assert np.array_equal(got[1:-1, 1:-1], expected[1:-1, 1:-1])


def test_corrupt_block_is_one_line_and_no_output(tmp_path: Path) -> None:
    """A block that cannot be decoded, met while streaming: exit 2, GDAL's reason, no file left."""
    z = np.add.outer(np.arange(64.0), np.arange(48.0)).astype(np.float32)
    source = write_raster(
        tmp_path / "corrupt.tif", z, nodata=None, tiled=True, blockxsize=16, blockysize=16, compress="deflate"
    )
    with rasterio.open(source) as src:
        offset = int(src.get_tag_item("BLOCK_OFFSET_0_3", "TIFF", bidx=1))
    data = bytearray(source.read_bytes())
    data[offset : offset + 40] = b"\xff" * 40  # the deflate stream of the last row of blocks
    source.write_bytes(bytes(data))
    out = tmp_path / "slope.tif"
    result = CliRunner().invoke(main, ["terrain", "slope", str(source), str(out)])
    assert result.exit_code == 2, result.output
    assert "unreadable rows" in result.stderr and "IReadBlock failed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_slope_process_imports_neither_scipy_nor_xarray(terrain: Path, tmp_path: Path) -> None:
    """The command's start-up path: SciPy (which Numba would probe), xarray and dask stay unloaded.

    They cost a few tenths of a second of a command that gdaldem does in about one second.
    """
    script = (
        "import sys\n"
        "from alatau.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    loaded = {m.split('.')[0] for m in sys.modules}\n"
        "    print(' '.join(sorted(loaded & {'scipy', 'xarray', 'dask', 'django'})))\n"
    )
    out = tmp_path / "slope.tif"
    result = subprocess.run(
        [sys.executable, "-c", script, "terrain", "slope", str(terrain), str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "" and out.exists()


def test_refused_imports_come_back_after_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from alatau.cli.terrain import _refused

    monkeypatch.delitem(sys.modules, "colorsys", raising=False)  # a small module nothing here needs
    with _refused("colorsys", "json"):
        with pytest.raises(ImportError):
            importlib.import_module("colorsys")
        assert importlib.import_module("json").dumps([1]) == "[1]"  # imported already: not refused
    assert importlib.import_module("colorsys").rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)


def test_only_the_console_entry_turns_the_collector_off(
    terrain: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console script (``main()``) runs the command with the cycle collector off and leaves it
    on again; through CliRunner (a longer-lived process) the collector is never touched."""
    import gc

    from alatau.cli import ends_with_command
    from alatau.cli import terrain as terrain_cli

    seen: list[tuple[bool, bool]] = []
    stream = terrain_cli._stream

    def spy(*args: object, **kwargs: object) -> None:
        seen.append((ends_with_command(), gc.isenabled()))
        stream(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(terrain_cli, "_stream", spy)
    assert run("terrain", "slope", str(terrain), str(tmp_path / "a.tif")).exit_code == 0  # type: ignore[attr-defined]
    try:
        main(["terrain", "slope", str(terrain), str(tmp_path / "b.tif")])
    finally:
        gc.unfreeze()  # the console entry freezes everything for a cheap exit; this process goes on
    assert seen == [(False, True), (True, False)]
    assert gc.isenabled() and not ends_with_command() and (tmp_path / "b.tif").exists()
