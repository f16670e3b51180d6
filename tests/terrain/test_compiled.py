"""The ahead-of-time compiled kernels: built atomically, loaded without Numba, equal to the bit."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from alatau.terrain import compiled, derivatives

CASES = [("slope", {}), ("slope", {"unit": "degrees"}), ("aspect", {}), ("hillshade", {"azimuth": 300.0})]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALATAU_CACHE_DIR", str(cache))
        compiled.build()
    return cache


@pytest.fixture
def fresh(monkeypatch: Any) -> None:
    """Forget a module looked up before, so that each test finds what its cache folder holds."""
    monkeypatch.setattr(compiled, "_looked", False)
    monkeypatch.setattr(compiled, "_loaded", None)


def terrain() -> np.ndarray:
    rng = np.random.default_rng(7)
    z = (np.cumsum(rng.normal(0, 3, (300, 420)), axis=1) + 1500).astype(np.float32)
    z[10, 10], z[40, 200], z[120:123, 5] = -9999.0, np.nan, -9999.0
    z[200:210, 300:310] = 1234.0  # flat: aspect has no direction there
    return z


@pytest.mark.parametrize(("kind", "options"), CASES)
def test_compiled_equals_numba_to_the_bit(
    built: Path, fresh: None, monkeypatch: Any, kind: str, options: dict[str, Any]
) -> None:
    monkeypatch.setenv("ALATAU_CACHE_DIR", str(built))
    assert compiled.kernels() is not None
    z = terrain()
    ours = compiled.derive(kind, z, (30.0, 28.5), nodata=-9999.0, fill=-9999.0, **options)  # type: ignore[arg-type]
    numba = derivatives.derive(kind, z, (30.0, 28.5), nodata=-9999.0, fill=-9999.0, **options)  # type: ignore[arg-type]
    assert np.array_equal(ours, numba, equal_nan=True)
    assert (ours == -9999.0).sum() > 0 and (ours != -9999.0).sum() > 100_000


def test_without_the_module_the_numba_kernels_serve(tmp_path: Path, fresh: None, monkeypatch: Any) -> None:
    monkeypatch.setenv("ALATAU_CACHE_DIR", str(tmp_path))
    assert compiled.kernels() is None
    z = terrain()
    expected = derivatives.derive("slope", z, (30.0, 30.0), nodata=-9999.0, fill=-9999.0)
    assert np.array_equal(compiled.derive("slope", z, (30.0, 30.0), nodata=-9999.0, fill=-9999.0), expected)


def test_the_module_is_for_float32_only(built: Path, fresh: None, monkeypatch: Any) -> None:
    monkeypatch.setenv("ALATAU_CACHE_DIR", str(built))
    z = terrain().astype(np.float64)
    expected = derivatives.derive("aspect", z, (30.0, 30.0), nodata=-9999.0, fill=-9999.0)
    assert np.array_equal(compiled.derive("aspect", z, (30.0, 30.0), nodata=-9999.0, fill=-9999.0), expected)


def test_the_compiled_path_never_imports_numba(built: Path) -> None:
    script = (
        "import sys, numpy as np\n"
        "from alatau.terrain import compiled\n"
        "out = compiled.derive('slope', np.ones((50, 50), np.float32), (30.0, 30.0))\n"
        "assert compiled.kernels() is not None, 'module not found'\n"
        "assert 'numba' not in sys.modules, 'numba was imported'\n"
    )
    env = {"ALATAU_CACHE_DIR": str(built), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_a_source_change_means_another_folder(built: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("ALATAU_CACHE_DIR", str(built))
    first = compiled.folder()
    monkeypatch.setattr(compiled.metadata, "version", lambda name: "0.0.0-other")
    assert compiled.folder() != first and compiled.folder().parent == first.parent
