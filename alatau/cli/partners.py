"""``alatau partners who-can TRADE [--country FR]``: who can do it, from the published partner directory.

A thin face over :func:`alatau.partners.services.who_can`; an unknown trade or country is one line on
stderr (the group's error handling) and exit code 2.
"""

import click


@click.group()
def partners() -> None:
    """The partner network: who can do what, and where."""


@partners.command("who-can")
@click.argument("trade")
@click.option("--country", default="", metavar="ISO2", help="Only partners of this country (e.g. FR, KZ).")
def who_can(trade: str, country: str) -> None:
    """List the published partners offering TRADE (lifts, snowmaking, timing, …), one a line."""
    from alatau.cli.web import setup_django

    setup_django()
    from alatau.partners.services import who_can as find

    for partner in find(trade.strip().lower(), country.strip().upper()):
        website = f"\t{partner.website}" if partner.website else ""
        click.echo(f"{partner.slug}\t{partner.name}\t{partner.country}{website}")


@partners.command("trades")
def trades() -> None:
    """The fixed list of trades (code and English name)."""
    from alatau.cli.web import setup_django

    setup_django()
    from alatau.partners.models import Trade

    for code, label in Trade.choices:
        click.echo(f"{code}\t{label}")
