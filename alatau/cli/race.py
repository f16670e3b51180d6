"""``alatau race …`` commands."""

import click


@click.group()
def race() -> None:
    """race commands."""
