"""Atomic output files: write to a temporary file in the same folder, then ``os.replace`` it into place.

Shared by the engines and the applications (pure Python, no Django). A reader never sees a
half-written file, and a failure leaves no file (and no temporary) behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from alatau.errors import InputError


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it onto ``path`` when the block succeeds.

    Raises
    ------
    InputError
        The output folder does not exist.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(f"output folder does not exist: {target.parent}")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        # mkstemp creates the file for its owner only; give it the usual permissions of a new file.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
