"""``alatau terrain …`` commands."""

import click


@click.group()
def terrain() -> None:
    """terrain commands."""
