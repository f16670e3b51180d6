"""The ``alatau`` command: one console script whose groups are thin faces over the engines and services.

Sub-command modules import their heavy dependencies (Django, NumPy, Numba) inside the
commands, so that ``alatau --help`` and each command start fast.
"""

import sys
from typing import Any

import click

from alatau.errors import AlatauError


class AlatauGroup(click.Group):
    """Turns domain errors and usage errors into one line on stderr and exit code 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as stop:
            sys.exit(stop.exit_code)
        except click.exceptions.Abort:
            click.echo("alatau: aborted", err=True)
            sys.exit(1)
        except click.UsageError as error:
            where = f"{error.ctx.command_path}: " if error.ctx else "alatau: "
            click.echo(f"{where}{error.format_message()}", err=True)
            sys.exit(2)
        except click.ClickException as error:
            click.echo(f"alatau: {error.format_message()}", err=True)
            sys.exit(2)
        except AlatauError as error:
            click.echo(f"alatau: {error}", err=True)
            sys.exit(2)


@click.group(cls=AlatauGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="alatau")
def main() -> None:
    """Alatau: the Kazakh Ski Federation's registry, FIS competitions and terrain analysis."""


def _register() -> None:
    from alatau.cli import fis, race, race_xml, sites, terrain, web

    for command in (web.serve, web.demo, web.manage, race.race, fis.fis, terrain.terrain, sites.sites):
        main.add_command(command)
    race.race.add_command(race_xml.xml)


_register()
