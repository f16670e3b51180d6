"""``alatau partners who-can``: the published partners offering a trade, and one clear line on bad input."""

from click.testing import CliRunner

from alatau.cli import main
from alatau.partners.models import Partner


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), prog_name="alatau")


def test_who_can(poma: Partner, shymbulak: Partner, hidden: Partner) -> None:
    result = run("partners", "who-can", "lifts")
    assert result.exit_code == 0
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["POMA", "Shymbulak Resort"]
    result = run("partners", "who-can", "LIFTS", "--country", "kz")
    assert result.stdout.splitlines() == [f"{shymbulak.slug}\tShymbulak Resort\tKZ"]
    assert run("partners", "who-can", "snowmaking").stdout == ""  # the unpublished one stays hidden


def test_unknown_trade_is_one_line(db: None) -> None:
    result = run("partners", "who-can", "teleportation")
    assert result.exit_code == 2
    assert (
        result.stderr.count("\n") == 1
        and "teleportation" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_trades_list(db: None) -> None:
    codes = [line.split("\t")[0] for line in run("partners", "trades").stdout.splitlines()]
    assert codes[:2] == ["lifts", "snowmaking"] and len(codes) == 10
