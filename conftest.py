"""Project-wide test fixtures: where the shared reference data lies.

Tests read ``../shared`` in place. Outside CI a missing file skips the test that needs it;
with CI=true it is a failure, as CI always has the data.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED_DIR = Path(os.environ.get("ALATAU_SHARED_DIR", Path(__file__).resolve().parent.parent / "shared"))


def shared_path(relative: str) -> Path:
    """Return a file of ../shared, failing under CI and skipping elsewhere when it is missing."""
    path = SHARED_DIR / relative
    if not path.exists():
        message = f"shared data missing: {path}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def shared() -> type:
    """``shared("dem/N43E077.hgt.zip")`` → the path of that shared file."""
    return shared_path  # type: ignore[return-value]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing() -> Iterator[object]:
    """Test users hash their passwords with MD5: PBKDF2 would cost ~0.5 s per persona."""
    try:
        from django.test.utils import override_settings
    except ImportError:  # the pure-engine suites can run without Django
        yield None
        return
    override = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    override.enable()
    yield override
    override.disable()
