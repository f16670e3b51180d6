"""``alatau fis …`` commands."""

import click


@click.group()
def fis() -> None:
    """fis commands."""
