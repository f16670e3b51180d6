"""Loading elevation: .hgt / .hgt.zip / GeoTIFF tiles, mosaic, void fill, UTM grid, bad input."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from scipy import ndimage

from alatau.errors import InputError
from alatau.terrain import dem as dem_module
from alatau.terrain._tiles import open_tile
from alatau.terrain.dem import check_bbox, dem_from_array, load_dem, utm_crs

SIDE = 1201
STEP = 1.0 / (SIDE - 1)


def plane(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """A tilted plane in degrees: 1 m per sample eastwards, 2 m per sample northwards."""
    return 1000.0 + (lon - 76.0) / STEP + 2.0 * (lat - 42.0) / STEP


def write_hgt(
    folder: Path, lon0: int, lat0: int, *, zipped: bool = False, voids: tuple[slice, slice] | None = None
) -> Path:
    """An SRTM3 tile of :func:`plane`, optionally with a block of voids (-32768)."""
    lat = lat0 + 1 - np.arange(SIDE) * STEP
    lon = lon0 + np.arange(SIDE) * STEP
    values = np.rint(plane(lon[None, :], lat[:, None])).astype(">i2")
    if voids is not None:
        values[voids] = -32768
    name = f"N{lat0:02d}E{lon0:03d}.hgt"
    if not zipped:
        path = folder / name
        path.write_bytes(values.tobytes())
        return path
    path = folder / f"{name}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, values.tobytes())
    return path


def expected_at_cells(dem: object) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = np.mgrid[0 : dem.shape[0], 0 : dem.shape[1]]  # type: ignore[attr-defined]
    lon, lat = dem.lonlat(rows.ravel(), cols.ravel())  # type: ignore[attr-defined]
    return plane(lon, lat).reshape(dem.shape), dem.elevation  # type: ignore[attr-defined]


@pytest.mark.parametrize("zipped", [False, True])
def test_hgt_tile_is_placed_by_its_name(tmp_path: Path, zipped: bool) -> None:
    write_hgt(tmp_path, 76, 42, zipped=zipped)
    dem = load_dem((76.2, 42.2, 76.5, 42.4), dem_dir=tmp_path, resolution=200)
    assert dem.crs == "EPSG:32643" and dem.cell_size == (200.0, 200.0)
    assert dem.filled_cells == 0 and dem.filled is not None and not dem.filled.any()
    expected, got = expected_at_cells(dem)
    assert np.isfinite(got).all()
    assert np.max(np.abs(got - expected)) < 0.6  # bilinear on a plane: exact up to the int16 rounding


def test_mosaic_has_no_seam_across_tiles(tmp_path: Path) -> None:
    for lon0, lat0 in [(76, 42), (77, 42), (76, 43), (77, 43)]:
        write_hgt(tmp_path, lon0, lat0, zipped=True)
    dem = load_dem((76.9, 42.9, 77.1, 43.1), dem_dir=tmp_path, resolution=150)
    expected, got = expected_at_cells(dem)
    assert np.isfinite(got).all()
    assert np.max(np.abs(got - expected)) < 0.6


def test_only_tiles_touching_the_bbox_are_read(tmp_path: Path) -> None:
    write_hgt(tmp_path, 76, 42)
    (tmp_path / "N10E010.hgt").write_bytes(b"not read: it is far from the box")
    (tmp_path / "README.md").write_text("tiles of the Ile Alatau")
    (tmp_path / "checksums.txt").write_text("x")
    dem = load_dem((76.2, 42.2, 76.3, 42.3), dem_dir=tmp_path)
    assert np.isfinite(dem.elevation).all()


def test_default_cell_is_the_geometric_mean_of_the_source_cells(tmp_path: Path) -> None:
    write_hgt(tmp_path, 76, 42)
    dem = load_dem((76.2, 42.4, 76.3, 42.5), dem_dir=tmp_path)
    # 3" at 42.45° N: ≈ 68.5 m east–west × 92.6 m north–south → √(68.5 · 92.6) ≈ 80 m
    assert dem.cell_size[0] == dem.cell_size[1] == pytest.approx(80, abs=1)


def test_voids_are_filled_within_their_surroundings(tmp_path: Path) -> None:
    write_hgt(tmp_path, 76, 42, voids=(slice(500, 520), slice(600, 630)))
    dem = load_dem((76.4, 42.5, 76.6, 42.65), dem_dir=tmp_path)
    assert dem.filled_cells == 22 * 32  # the hole and its one-sample rim of unreliable heights
    assert dem.filled is not None and dem.filled.shape == dem.shape
    # the hole is 20 × 30 samples of ≈ 68 × 93 m; on 80 m cells it marks ≈ 600 cells plus a rim
    assert 500 < dem.filled.sum() < 1000
    lon, lat = dem.lonlat(*np.nonzero(dem.filled))
    # ... and only around the hole (rows 500–519, columns 600–629; GDAL's bilinear widens its
    # kernel when it shrinks, hence a margin of two samples)
    assert lat.min() > 43 - 522 * STEP and lat.max() < 43 - 498 * STEP
    assert lon.min() > 76 + 598 * STEP and lon.max() < 76 + 632 * STEP
    expected, got = expected_at_cells(dem)
    assert np.isfinite(got).all()
    # A plane's hole filled with the harmonic surface is the plane again (a plane is harmonic).
    assert np.max(np.abs(got - expected)) < 1


def test_real_voids_are_filled_without_spikes(shared: type) -> None:
    tile = open_tile(shared("dem/N42E077.hgt.zip"))
    values = tile.read().copy()
    voids = np.isnan(values)
    assert voids.sum() == 6483  # as the data's README says
    eight = np.ones((3, 3), dtype=bool)
    filled = dem_module._fill_voids(values, np.ones_like(voids))
    # The voids and their rim (the real cells touching them) are made up, nothing else.
    assert np.array_equal(filled, ndimage.binary_dilation(voids, structure=eight))
    assert np.isfinite(values).all()
    labels, count = ndimage.label(filled, structure=eight)
    for index, hole in enumerate(ndimage.find_objects(labels), start=1):
        region = (
            slice(max(hole[0].start - 1, 0), hole[0].stop + 1),
            slice(max(hole[1].start - 1, 0), hole[1].stop + 1),
        )
        inside = labels[region] == index
        ring = ndimage.binary_dilation(inside, structure=eight) & ~filled[region]
        around = tile.read()[region][ring]
        # The harmonic fill stays within the real heights around the made-up cells.
        assert around.min() - 0.01 <= values[region][inside].min()
        assert values[region][inside].max() <= around.max() + 0.01
    assert count > 10


def test_real_almaty_tiles(shared: type) -> None:
    folder = shared("dem/N43E077.hgt.zip").parent
    dem = load_dem((76.85, 43.05, 77.15, 43.3), dem_dir=folder)
    assert dem.crs == "EPSG:32643"
    assert np.isfinite(dem.elevation).all()
    assert dem.filled_cells > 0
    # Almaty ≈ 800 m at the foot; the Ile Alatau ridge south of it rises past 4,000 m.
    assert 500 < np.nanmin(dem.elevation) < 1000 and 3800 < np.nanmax(dem.elevation) < 5000
    lon, lat = dem.lonlat(np.array([0]), np.array([0]))
    assert lon[0] == pytest.approx(76.85, abs=0.03) and lat[0] == pytest.approx(43.3, abs=0.03)


def test_geotiff_in_another_crs(tmp_path: Path) -> None:
    """A GeoTIFF in Web Mercator is resampled into the local UTM zone."""
    from pyproj import Transformer

    transform = Affine(100.0, 0, 8_480_000, 0, -100.0, 5_300_000)
    cols = np.mgrid[0:200, 0:200][1]
    x = transform.c + (cols + 0.5) * 100
    values = (2000 + (x - 8_480_000) * 0.01).astype(np.float32)
    profile = {
        "driver": "GTiff",
        "height": 200,
        "width": 200,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:3857",
        "transform": transform,
        "nodata": -9999,
    }
    with rasterio.open(tmp_path / "merc.tif", "w", **profile) as dst:
        dst.write(values, 1)
    to_lonlat = Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)
    west, north = to_lonlat.transform(8_485_000, 5_295_000)
    east, south = to_lonlat.transform(8_495_000, 5_285_000)
    dem = load_dem((west, south, east, north), dem_dir=tmp_path, resolution=100)
    rows_, cols_ = np.mgrid[0 : dem.shape[0], 0 : dem.shape[1]]
    lon, lat = dem.lonlat(rows_.ravel(), cols_.ravel())
    mx, _ = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(lon, lat)
    expected = 2000 + (mx - 8_480_000) * 0.01
    got = dem.elevation.ravel()
    assert np.isfinite(got).all()
    assert np.max(np.abs(got - expected)) < 0.2  # GDAL approximates the transformation to 1/8 cell


def test_dem_from_array() -> None:
    dem = dem_from_array(np.ones((3, 4), dtype=np.int16), Affine(30, 0, 500_000, 0, -30, 4_800_000), 32643)
    assert dem.elevation.dtype == np.float32 and dem.crs == "EPSG:32643" and dem.shape == (3, 4)
    with pytest.raises(InputError):
        dem_from_array(np.ones(3), Affine(30, 0, 0, 0, -30, 0), "EPSG:32643")
    with pytest.raises(InputError):
        dem_from_array(np.ones((2, 2)), Affine(30, 0, 0, 0, 30, 0), "EPSG:32643")


def test_utm_zone() -> None:
    assert utm_crs(76.9, 43.2) == "EPSG:32643"
    assert utm_crs(-70.0, -33.0) == "EPSG:32719"
    assert utm_crs(180.0, 10.0) == "EPSG:32660"


@pytest.mark.parametrize(
    ("bbox", "message"),
    [
        ((179.5, 40, -179.5, 41), "antimeridian"),
        ((77, 43, 77, 44), "empty"),
        ((77, 44, 78, 43), "empty"),
        ((77, 43, 78, 95), "outside"),
        ((77, "x", 78, 44), "four numbers"),
        ((77, 43, 78), "four numbers"),
        ((77, float("nan"), 78, 44), "not a number"),
    ],
)
def test_bad_bbox(bbox: tuple, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_bbox(bbox)


def test_bbox_outside_the_data(tmp_path: Path) -> None:
    write_hgt(tmp_path, 76, 42)
    with pytest.raises(InputError, match="outside the data"):
        load_dem((10.0, 10.0, 11.0, 11.0), dem_dir=tmp_path)


def test_folder_without_tiles(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing here")
    with pytest.raises(InputError, match="no elevation tiles"):
        load_dem((76.2, 42.2, 76.3, 42.3), dem_dir=tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        load_dem((76.2, 42.2, 76.3, 42.3), dem_dir=tmp_path / "missing")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("N42E076.hgt.zip", b"PK\x03\x04 this is not a zip archive"),
        ("N42E076.hgt", b"\x00\x01" * 1000),
        ("N42E076.tif", b"II*\x00 truncated GeoTIFF"),
    ],
)
def test_corrupt_tile_is_named(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError, match=name.replace(".", r"\.")):
        load_dem((76.2, 42.2, 76.3, 42.3), dem_dir=tmp_path)


def test_zip_without_hgt(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "N42E076.hgt.zip", "w") as archive:
        archive.writestr("readme.txt", "empty")
    with pytest.raises(InputError, match=r"no \.hgt"):
        load_dem((76.2, 42.2, 76.3, 42.3), dem_dir=tmp_path)


def test_all_void_area(tmp_path: Path) -> None:
    write_hgt(tmp_path, 76, 42, voids=(slice(None), slice(None)))
    with pytest.raises(InputError, match="void"):
        load_dem((76.2, 42.2, 76.3, 42.3), dem_dir=tmp_path)


def test_too_many_cells_is_refused_before_reading(tmp_path: Path) -> None:
    write_hgt(tmp_path, 76, 42)
    with pytest.raises(InputError, match="too many"):
        load_dem((76.0, 42.0, 77.0, 43.0), dem_dir=tmp_path, resolution=0.5)


def test_needs_exactly_one_source(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="exactly one"):
        load_dem((76.2, 42.2, 76.3, 42.3))
    with pytest.raises(InputError, match="resolution"):
        load_dem((76.2, 42.2, 76.3, 42.3), dem_dir=tmp_path, resolution=-5)


def test_real_tile_copy_loads_from_any_folder(shared: type, tmp_path: Path) -> None:
    shutil.copy(shared("dem/N43E076.hgt.zip"), tmp_path)
    dem = load_dem((76.85, 43.2, 76.95, 43.3), dem_dir=tmp_path)
    assert dem.filled_cells == 0 or dem.filled_cells <= 45
    assert np.nanmin(dem.elevation) > 600 and np.nanmax(dem.elevation) < 4000
