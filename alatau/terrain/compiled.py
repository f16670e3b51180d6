"""The row kernels compiled ahead of time, so that the command line runs them without Numba.

``alatau terrain slope`` on a 40 M-cell raster spent most of its time starting: importing Numba
and loading its cached machine code (~0.35 s of ~0.9 s here), for a kernel that then runs in
40 ms. ``python -m alatau.terrain.compiled`` (run by ``make install``) compiles the float32
kernels of :mod:`alatau.terrain.derivatives` with Numba's ahead-of-time compiler into an
extension module in the cache folder; :func:`derive` uses it when it is there and built from
the current kernels, and the Numba kernels otherwise. The results are the same to the bit: the
same source through the same LLVM, checked by the tests.

The compiled module holds the GIL (one thread), where the Numba kernels use every core: the
command line reads and writes in other threads meanwhile, and on small rasters start-up is
all that counts.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import math
import os
import shutil
import sys
import sysconfig
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import numpy as np

from alatau.terrain.grid import CellSize, kernel_for, run_rows

MODULE = "alatau_terrain_kernels"
_GRID, _ROWS = "f4[:, ::1]", "f4[::1]"
SIGNATURES = {
    "slope": f"void({_GRID}, i8, i8, {_ROWS}, {_ROWS}, f4, f4, {_GRID})",
    "slope-degrees": f"void({_GRID}, i8, i8, {_ROWS}, {_ROWS}, f4, f4, {_GRID})",
    "aspect": f"void({_GRID}, i8, i8, {_ROWS}, {_ROWS}, f4, f4, {_GRID})",
    "hillshade": f"void({_GRID}, i8, i8, {_ROWS}, {_ROWS}, f8[::1], f4, f4, {_GRID})",
}
_loaded: dict[str, Any] | None = None
_looked = False


def _exported(name: str) -> str:
    return name.replace("-", "_")


def folder() -> Path:
    """Where the module for the current kernels lives: keyed by their source, Numba and Python."""
    from alatau.terrain import sources

    source = (Path(__file__).parent / "derivatives.py").read_bytes()
    key = hashlib.sha256(source + metadata.version("numba").encode() + sys.version.encode()).hexdigest()
    return sources.cache_root() / "kernels" / key[:16]


def _module_file(directory: Path) -> Path:
    return directory / f"{MODULE}{sysconfig.get_config_var('EXT_SUFFIX')}"


def kernels() -> dict[str, Any] | None:
    """The compiled kernels by name, or None when they have not been built for the current source."""
    global _loaded, _looked
    if not _looked:
        _looked = True
        path = _module_file(folder())
        if path.exists() and not os.environ.get("ALATAU_NO_COMPILED_KERNELS"):
            loader = importlib.machinery.ExtensionFileLoader(MODULE, str(path))
            spec = importlib.util.spec_from_file_location(MODULE, path, loader=loader)
            if spec is not None:
                module = importlib.util.module_from_spec(spec)
                loader.exec_module(module)
                _loaded = {name: getattr(module, _exported(name)) for name in SIGNATURES}
    return _loaded


def build(directory: Path | None = None) -> Path:
    """Compile the float32 kernels into ``directory`` (default :func:`folder`), atomically; its path.

    Imports Numba and needs a C compiler (Numba's ahead-of-time compiler links with it).
    """
    import warnings

    with warnings.catch_warnings():  # pending deprecation since Numba 0.57, still there in 0.68
        warnings.simplefilter("ignore")
        from numba.pycc import CC

    from alatau.terrain import derivatives

    target = directory or folder()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".kernels-", dir=target.parent))
    try:
        compiler = CC(MODULE)
        compiler.output_dir = str(work)
        compiler.verbose = False
        for name, signature in SIGNATURES.items():
            compiler.export(_exported(name), signature)(derivatives.KERNELS[name].py_func)
        compiler.compile()
        if target.exists():
            shutil.rmtree(target)
        work.rename(target)  # a complete module or none: a half-built one is never picked up
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _module_file(target)


def derive(
    kind: Literal["slope", "aspect", "hillshade"],
    elevation: np.ndarray,
    cell_size: CellSize,
    *,
    nodata: float | None = None,
    fill: float = math.nan,
    unit: Literal["percent", "degrees"] = "percent",
    azimuth: float = 315.0,
    altitude: float = 45.0,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """:func:`alatau.terrain.derivatives.derive`, on the compiled kernels when a float32 grid allows.

    Parameters and result as for :func:`alatau.terrain.derivatives.derive`.
    """
    found = kernels()
    grid = np.asarray(elevation)
    if found is None or grid.dtype != np.float32:
        from alatau.terrain import derivatives

        return derivatives.derive(
            kind, grid, cell_size, nodata=nodata, fill=fill, unit=unit, azimuth=azimuth, altitude=altitude,
            out=out,
        )  # fmt: skip
    name, params = kernel_for(kind, unit, azimuth, altitude)
    no = math.nan if nodata is None else nodata
    return run_rows(found[name], name, grid, cell_size, params, no, fill, out, threads=1)


if __name__ == "__main__":  # make install: python -m alatau.terrain.compiled (quiet when built)
    try:
        if not _module_file(folder()).exists():
            print(f"compiled terrain kernels: {build()}")
    except Exception as error:  # optional: the Numba kernels serve without it
        print(
            f"compiled terrain kernels not built ({error}); the Numba kernels will be used", file=sys.stderr
        )
