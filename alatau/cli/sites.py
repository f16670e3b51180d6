"""``alatau sites …`` commands."""

import click


@click.group()
def sites() -> None:
    """sites commands."""
