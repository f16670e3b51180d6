"""Every ``alatau`` command's help shows an example; the help texts the issue asked for are there."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from alatau.cli import main


def walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(main))


def help_of(*path: str) -> str:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="alatau", terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_walk_finds_every_group_and_command() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "race score", "race startlist", "race xml", "sites find", "plan draft", "manage"} <= names
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "alatau" for p in COMMANDS])
def test_every_command_help_shows_an_example_of_itself(path: tuple[str, ...]) -> None:
    text = help_of(*path)
    _head, found, examples = text.partition("Example")
    assert found, f"no example in `alatau {' '.join(path)} --help`"
    lines = [line.strip() for line in examples.splitlines()[1:] if line.strip()]
    # The example runs this very command (a group's example runs one of its commands).
    assert lines and lines[0].startswith(" ".join(("alatau", *path)).strip())


def test_race_score_help_lists_the_status_codes_and_words() -> None:
    text = help_of("race", "score")
    for code in ("QLF", "DNS1", "DNF2", "DSQ3", "DNQ1", "NPS", "DQO"):
        assert code in text
    assert "did not finish" in text and "Did not" in text and "Не стартовал" in text
    assert "without a status column" in text


def test_sites_find_help_explains_gender_level_reference_criteria() -> None:
    text = " ".join(help_of("sites", "find").split())
    assert "M (men) or W (women)" in text and "vertical-drop range" in text
    assert "World Cup" in text and "continental" in text
    assert "distance_km is measured from" in text and "Almaty" in text
    assert "overriding the packaged criteria key by key" in text and "site_criteria.toml" in text
    assert "--format [table|json|csv]" in text
