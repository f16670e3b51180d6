"""Lakes and reservoirs found in the DEM itself: SRTM flattens water surfaces to one elevation.

A water body shows as a connected region of cells of one elevation, every cell level with all its
neighbours (zero slope), larger than a natural flat ever is on a 30 m grid. Pure numpy and scipy.ndimage.
"""

from __future__ import annotations

import numpy as np

#: Default smallest water body, in cells (200 cells of 1 arc-second ≈ 0.18 km²).
MIN_WATER_CELLS = 200


def find_water(elevation: np.ndarray, min_cells: int = MIN_WATER_CELLS, tolerance: float = 0.0) -> np.ndarray:
    """Mask of the water surfaces of a DEM: large connected regions of exactly level cells.

    Parameters
    ----------
    elevation : ndarray of shape (rows, cols)
        Elevations in metres; NaN (no data) is never water.
    min_cells : int
        Smallest region kept, in cells (its level shore cells included); smaller flats are land.
    tolerance : float
        Largest elevation difference, in metres, still counted as level: 0 on the source grid; a few
        centimetres on a bilinearly resampled grid, whose arithmetic may leave rounding on a flat.

    Returns
    -------
    ndarray of bool, same shape
        True on water cells.
    """
    from scipy import ndimage

    z = np.asarray(elevation, dtype=np.float64)
    level = _level_cells(z, tolerance)
    labels, count = ndimage.label(level)
    if count == 0:
        return np.zeros(z.shape, dtype=bool)
    # The shore ring: cells next to a flat at its elevation (a neighbour rises above them on the land side).
    grown = ndimage.grey_dilation(labels, size=(3, 3))
    surface = ndimage.mean(z, labels, index=np.arange(1, count + 1))
    lake_z = np.concatenate([[np.nan], surface])[grown]
    shore = (labels == 0) & (grown > 0) & (np.abs(z - lake_z) <= tolerance)
    labels = np.where(shore, grown, labels)
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    big = sizes >= min_cells
    big[0] = False
    return np.asarray(big[labels], dtype=bool)


def _level_cells(z: np.ndarray, tolerance: float) -> np.ndarray:
    """Cells level (within ``tolerance``) with each of their eight neighbours; the edge ring is not."""
    level = np.zeros(z.shape, dtype=bool)
    if z.shape[0] < 3 or z.shape[1] < 3:
        return level
    centre = z[1:-1, 1:-1]
    inner = np.isfinite(centre)
    rows, cols = z.shape
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr or dc:
                neighbour = z[1 + dr : rows - 1 + dr, 1 + dc : cols - 1 + dc]
                inner &= np.abs(neighbour - centre) <= tolerance
    level[1:-1, 1:-1] = inner
    return level
