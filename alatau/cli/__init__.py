"""The ``alatau`` command: one console script whose groups are thin faces over the engines and services.

Sub-command modules import their heavy dependencies (Django, NumPy, Numba) inside the
commands, so that ``alatau --help`` and each command start fast.
"""

import gc
import sys
from typing import Any

import click

from alatau.errors import AlatauError


class AlatauGroup(click.Group):
    """Turns domain errors and usage errors into one line on stderr and exit code 2."""

    #: True while the console script runs its one command, after which the process ends; not
    #: when a test runs commands through ``main`` (click's CliRunner). Such a command may, for
    #: one, turn the cycle collector off: see :func:`ends_with_command`.
    one_shot = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The console script: this process ends with its one command (tests call ``main``)."""
        collecting = gc.isenabled()  # a command may turn the cycle collector off (see above)
        self.one_shot = True
        try:
            return self.main(*args, **kwargs)
        finally:
            self.one_shot = False
            # What the command made lives until the exit, where the cycle collector would walk
            # it all once more: ~0.1 s once NumPy, Numba or Django is loaded. Frozen, it is out
            # of the collector's sight, which may then be on again without a walk either.
            gc.freeze()
            if collecting:
                gc.enable()

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


def ends_with_command() -> bool:
    """Whether the process ends when the running command does (the console script's process).

    A command may then leave to the exit what a longer-lived process would have to tidy up.
    """
    context = click.get_current_context(silent=True)
    return context is not None and getattr(context.find_root().command, "one_shot", False) is True


@click.group(cls=AlatauGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="alatau")
def main() -> None:
    """Alatau: the Kazakh Ski Federation's registry, FIS competitions and terrain analysis."""


def _register() -> None:
    from alatau.cli import fis, partners, plan, race, race_xml, sites, terrain, timing, web

    for command in (
        web.serve,
        web.demo,
        web.manage,
        race.race,
        fis.fis,
        terrain.terrain,
        sites.sites,
        timing.timing,
        plan.plan,
        partners.partners,
    ):
        main.add_command(command)
    race.race.add_command(race_xml.xml)
    from alatau.cli.examples import add_examples

    add_examples(main)


_register()
