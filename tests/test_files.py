"""alatau.files.atomic_output: the one atomic writer the engines and the applications share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alatau.errors import InputError
from alatau.files import atomic_output


def test_the_file_appears_whole_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    old_umask = os.umask(0o027)
    try:
        with atomic_output(target) as temporary:
            assert temporary.parent == tmp_path and temporary != target
            temporary.write_text("new")
            assert target.read_text() == "old"  # not replaced before the block ends
    finally:
        os.umask(old_umask)
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640  # 0o666 less the umask, not mkstemp's 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failure_in_the_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(ZeroDivisionError), atomic_output(target) as temporary:
        temporary.write_text("half")
        _ = 1 / 0
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "x"
    with pytest.raises(InputError, match="output folder does not exist"), atomic_output(missing):
        pass
    assert list(tmp_path.iterdir()) == []
