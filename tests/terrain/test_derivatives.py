"""Slope, aspect and hillshade against ``gdaldem`` on a real SRTM tile, and NumPy = dask = xarray."""

from __future__ import annotations

import subprocess
from pathlib import Path

import dask.array as da
import numpy as np
import pytest
import rasterio
import xarray as xr
from affine import Affine
from rasterio.warp import Resampling, reproject

from alatau.terrain import derivatives

CELL = 60.0  # metres; square, so gdaldem's aspect (which ignores the cell size) is comparable


@pytest.fixture(scope="module")
def utm_tif(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 240 × 240 UTM GeoTIFF around Shymbulak made from the real N43E077 tile (with nodata)."""
    from conftest import shared_path

    tile = shared_path("dem/N43E077.hgt.zip")
    out = tmp_path_factory.mktemp("gdal") / "shymbulak_utm.tif"
    with rasterio.open(f"zip://{tile}!N43E077.hgt") as src:
        source = src.read(1)
        src_transform, src_crs = src.transform, src.crs
    # 43.13 N 77.08 E is about (669.5 km E, 4777 km N) in UTM 43N; 77° E is near 663 km E.
    transform = Affine(CELL, 0, 664_000, 0, -CELL, 4_785_000)
    grid = np.full((240, 240), -9999.0, dtype=np.float32)
    reproject(
        source.astype(np.float32),
        grid,
        src_transform=src_transform,
        src_crs=src_crs,
        src_nodata=-32768,
        dst_transform=transform,
        dst_crs="EPSG:32643",
        dst_nodata=-9999.0,
        resampling=Resampling.bilinear,
    )
    profile = {
        "driver": "GTiff",
        "height": 240,
        "width": 240,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:32643",
        "transform": transform,
        "nodata": -9999.0,
    }
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(grid, 1)
    return out


def _elevation(path: Path) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(1, masked=True).filled(np.nan).astype(np.float32)


def _gdaldem(tmp_path: Path, source: Path, *args: str) -> np.ndarray:
    out = tmp_path / "gdal.tif"
    subprocess.run(["gdaldem", *args[:1], str(source), str(out), "-q", *args[1:]], check=True)
    with rasterio.open(out) as src:
        return src.read(1, masked=True).astype(np.float64).filled(np.nan)


def _interior(grid: np.ndarray) -> np.ndarray:
    return grid[2:-2, 2:-2]


def test_slope_percent_matches_gdaldem(utm_tif: Path, tmp_path: Path) -> None:
    ours = derivatives.slope(_elevation(utm_tif), (CELL, CELL))
    theirs = _gdaldem(tmp_path, utm_tif, "slope", "-p")
    both = ~np.isnan(_interior(theirs))
    assert both.sum() > 50_000  # the tile is mostly data
    diff = np.abs(_interior(ours)[both] - _interior(theirs)[both])
    assert np.median(diff) < 0.1
    assert np.max(diff) < 0.01  # the same formula: float rounding only
    # nodata windows are nodata in both
    assert np.array_equal(np.isnan(_interior(ours)), np.isnan(_interior(theirs)))


def test_slope_degrees_matches_gdaldem(utm_tif: Path, tmp_path: Path) -> None:
    ours = derivatives.slope(_elevation(utm_tif), (CELL, CELL), unit="degrees")
    theirs = _gdaldem(tmp_path, utm_tif, "slope")
    ok = ~np.isnan(theirs)
    assert np.nanmax(np.abs(ours[ok] - theirs[ok])) < 1e-3
    assert 20 < np.nanmedian(ours) < 45  # Ile Alatau is steep


def test_aspect_matches_gdaldem(utm_tif: Path, tmp_path: Path) -> None:
    ours = derivatives.aspect(_elevation(utm_tif), (CELL, CELL))
    theirs = _gdaldem(tmp_path, utm_tif, "aspect")
    ok = ~np.isnan(theirs)
    circular = np.abs((ours[ok] - theirs[ok] + 180.0) % 360.0 - 180.0)
    assert np.max(circular) < 0.02  # gdaldem's atan2 runs in float32 on near-flat cells
    assert np.nanmin(ours) >= 0 and np.nanmax(ours) < 360


def test_hillshade_matches_gdaldem(utm_tif: Path, tmp_path: Path) -> None:
    ours = derivatives.hillshade(_elevation(utm_tif), (CELL, CELL), azimuth=300, altitude=40)
    theirs = _gdaldem(tmp_path, utm_tif, "hillshade", "-az", "300", "-alt", "40")
    ok = ~np.isnan(_interior(theirs)) & (_interior(theirs) > 0)
    diff = np.abs(np.round(_interior(ours)[ok]) - _interior(theirs)[ok])
    assert np.max(diff) <= 1  # byte rounding


def test_planes_give_the_exact_slope_and_aspect() -> None:
    rows, cols = np.mgrid[0:20, 0:30].astype(np.float64)
    # Rises 3 m per 10 m eastwards and 4 m per 20 m northwards (rows run south): faces south-west.
    z = 3.0 * cols - 4.0 * rows
    s = derivatives.slope(z, (10.0, 20.0))
    expected = 100 * np.hypot(0.3, 0.2)
    assert np.allclose(s[1:-1, 1:-1], expected, atol=1e-4)
    a = derivatives.aspect(z, (10.0, 20.0))
    downhill = np.degrees(np.arctan2(-0.3, -0.2)) % 360  # downhill: east component -0.3, north -0.2
    assert np.allclose(a[1:-1, 1:-1], downhill, atol=1e-4)
    assert np.isnan(s[0]).all() and np.isnan(s[:, -1]).all()


@pytest.mark.parametrize(("z", "facing"), [("north", 0.0), ("east", 90.0), ("south", 180.0), ("west", 270.0)])
def test_aspect_compass(z: str, facing: float) -> None:
    rows, cols = np.mgrid[0:5, 0:5].astype(np.float32)
    downhill_to = {"north": rows, "east": -cols, "south": -rows, "west": cols}
    a = derivatives.aspect(downhill_to[z], (30.0, 30.0))
    assert a[2, 2] == pytest.approx(facing)


def test_flat_terrain_has_no_aspect_and_zero_slope() -> None:
    z = np.full((6, 7), 1234.0, dtype=np.float32)
    assert np.isnan(derivatives.aspect(z, (30.0, 30.0))).all()
    assert np.all(derivatives.slope(z, (30.0, 30.0))[1:-1, 1:-1] == 0)
    # lit from 45° above the horizon, flat ground gets 1 + 254 sin 45°
    shade = derivatives.hillshade(z, (30.0, 30.0))[1:-1, 1:-1]
    assert np.allclose(shade, 1 + 254 * np.sin(np.radians(45)))


def test_nodata_spreads_to_the_window_only() -> None:
    z = np.add.outer(np.arange(9.0), np.arange(9.0)).astype(np.float32)
    z[4, 4] = np.nan
    s = derivatives.slope(z, (1.0, 1.0))
    assert np.isnan(s[3:6, 3:6]).all()
    assert np.isfinite(s[1:-1, 1:-1]).sum() == 7 * 7 - 9


def test_integer_input_is_accepted() -> None:
    z = (np.arange(25, dtype=np.int16).reshape(5, 5)) * 10
    s = derivatives.slope(z, (10.0, 10.0))
    assert s.dtype == np.float32 and s[2, 2] == pytest.approx(100 * np.hypot(1.0, 5.0))


@pytest.mark.parametrize("name", ["slope", "aspect", "hillshade"])
def test_dask_equals_numpy(utm_tif: Path, name: str) -> None:
    z = _elevation(utm_tif)
    function = getattr(derivatives, name)
    eager = function(z, (CELL, CELL))
    lazy = function(da.from_array(z, chunks=(70, 90)), (CELL, CELL))
    assert isinstance(lazy, da.Array)
    assert np.array_equal(eager, lazy.compute(), equal_nan=True)


def test_xarray_in_xarray_out_reads_cell_size_from_coords() -> None:
    cols = np.mgrid[0:10, 0:12][1].astype(np.float32)
    grid = xr.DataArray(
        2.0 * cols,
        dims=("y", "x"),
        coords={"y": 1000 - 25.0 * np.arange(10), "x": 50.0 * np.arange(12)},
        attrs={"crs": "EPSG:32643"},
    )
    s = derivatives.slope(grid)
    assert isinstance(s, xr.DataArray) and s.attrs["crs"] == "EPSG:32643"
    assert float(s[5, 5]) == pytest.approx(4.0)  # 2 m per 50 m
    lazy = derivatives.slope(grid.chunk({"y": 4, "x": 5}))
    assert np.array_equal(lazy.values, s.values, equal_nan=True)


def test_geographic_cell_sizes_shrink_with_latitude() -> None:
    dx, dy = derivatives.geographic_cell_sizes(np.array([0.0, 43.0, 60.0]), 3 / 3600, 3 / 3600)
    assert dx[0] == pytest.approx(92.8, abs=0.2) and dx[1] == pytest.approx(67.9, abs=0.3)
    assert dx[2] == pytest.approx(46.5, abs=0.3) and dy == pytest.approx(92.5, abs=0.3)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unit"):
        derivatives.slope(np.zeros((3, 3)), (1.0, 1.0), unit="radians")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="2-D"):
        derivatives.slope(np.zeros(9), (1.0, 1.0))
    with pytest.raises(ValueError, match="positive"):
        derivatives.aspect(np.zeros((4, 4)), (0.0, 1.0))
    with pytest.raises(ValueError, match="cell_size"):
        derivatives.hillshade(np.zeros((4, 4)))


def test_derive_reads_a_nodata_value_and_writes_fill() -> None:
    z = np.add.outer(np.arange(8.0), 2 * np.arange(9.0)).astype(np.float32) * 10
    z[3, 4] = -32768
    raw = derivatives.derive("slope", z, (10.0, 10.0), nodata=-32768, fill=-9999)
    with_nan = z.copy()
    with_nan[3, 4] = np.nan
    expected = derivatives.slope(with_nan, (10.0, 10.0))
    assert np.array_equal(raw == -9999, np.isnan(expected))
    assert np.allclose(raw[raw != -9999], expected[~np.isnan(expected)])
    degrees = derivatives.derive("slope", z, (10.0, 10.0), nodata=-32768, unit="degrees")
    assert np.nanmax(degrees) < 90 and np.isnan(degrees[3, 4])
    with pytest.raises(ValueError, match="unknown derivative"):
        derivatives.derive("curvature", z, (10.0, 10.0))  # type: ignore[arg-type]


def test_large_grids_split_between_threads_give_the_same_result() -> None:
    rng = np.random.default_rng(7)
    z = rng.normal(2000, 50, size=(1100, 1000)).astype(np.float32)  # above the threading threshold
    whole = derivatives.slope(z, (30.0, 30.0))
    halves = [derivatives.slope(z[:551], (30.0, 30.0)), derivatives.slope(z[549:], (30.0, 30.0))]
    assert np.array_equal(whole[1:550], halves[0][1:550], equal_nan=True)
    assert np.array_equal(whole[550:-1], halves[1][1:-1], equal_nan=True)


def test_derive_writes_into_a_given_buffer() -> None:
    z = np.add.outer(np.arange(6.0), 3 * np.arange(7.0)).astype(np.float32) * 10
    buffer = np.full((8, 7), 123.0, dtype=np.float32)
    got = derivatives.derive("aspect", z, (10.0, 10.0), fill=-9999, out=buffer[1:7])
    assert np.shares_memory(got, buffer)
    assert np.array_equal(got, derivatives.derive("aspect", z, (10.0, 10.0), fill=-9999))
    assert (buffer[0] == 123).all() and (buffer[7] == 123).all()  # nothing written outside
    for wrong in (np.empty((6, 6), np.float32), np.empty((6, 7)), np.empty((7, 6), np.float32).T):
        with pytest.raises(ValueError, match="out must be"):
            derivatives.derive("slope", z, (10.0, 10.0), out=wrong)
