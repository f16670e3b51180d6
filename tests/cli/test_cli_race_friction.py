"""``alatau race``: a file without a status column is warned about; start lists keep the file's bibs."""

from __future__ import annotations

import json

from click.testing import CliRunner

from alatau.cli import main
from tests.fis.race_support import write_csv

NO_STATUS = "bib,fis_code,name,nation,run1,run2,fis_points\n" + "".join(
    f"{bib},65300{bib:02d},RACER{bib} A,KAZ,5{bib}.00,5{bib}.50,{10 * bib}\n" for bib in range(1, 7)
)
PLAIN = ["fis_code,name,nation,fis_points\n", *(f"65310{n:02d},SKIER{n} B,KAZ,{10 + n}\n" for n in range(20))]
ENTRIES = "bib," + PLAIN[0] + "".join(f"{100 + n},{row}" for n, row in enumerate(PLAIN[1:]))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_race_file_without_status_is_scored_with_one_warning_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "race.csv", NO_STATUS)
    code, out, err = run("race", "score", str(path), "--discipline", "SL", "--category", "FIS", "--json")
    assert code == 0
    assert err.count("\n") == 1 and err.startswith("alatau: warning: race.csv has no status column")
    assert "QLF" in err
    assert [r["status"] for r in json.loads(out)["results"]] == ["QLF"] * 6


def test_run2_start_list_from_a_file_without_status_warns_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "run1.csv", NO_STATUS)
    code, out, err = run("race", "startlist", str(path), "--discipline", "SL", "--run", "2", "--json")
    assert code == 0 and "no status column" in err
    assert [p["bib"] for p in json.loads(out)["start_list"]] == [6, 5, 4, 3, 2, 1]


def test_a_file_with_a_status_column_gives_no_warning(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = NO_STATUS.replace("nation,", "nation,status,").replace("KAZ,", "KAZ,QLF,")
    path = write_csv(tmp_path / "race.csv", text)
    code, _, err = run("race", "score", str(path), "--discipline", "SL", "--category", "FIS")
    assert (code, err) == (0, "")


def test_run1_start_list_keeps_the_files_own_bibs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "entries.csv", ENTRIES)
    code, out, err = run("race", "startlist", str(path), "--discipline", "GS", "--seed", "5", "--json")
    assert (code, err) == (0, "")
    listed = json.loads(out)["start_list"]
    own = {f"65310{n:02d}": 100 + n for n in range(20)}
    assert all(p["bib"] == own[p["fis_code"]] for p in listed)
    assert [p["order"] for p in listed] == list(range(1, 21))
    # The draw itself is the same as without bibs: only the bib column differs.
    plain = write_csv(tmp_path / "plain.csv", "".join(PLAIN))
    _, plain_out, _ = run("race", "startlist", str(plain), "--discipline", "GS", "--seed", "5", "--json")
    assert [p["fis_code"] for p in json.loads(plain_out)["start_list"]] == [p["fis_code"] for p in listed]


def test_renumber_gives_bibs_in_start_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "entries.csv", ENTRIES)
    code, out, _ = run(
        "race", "startlist", str(path), "--discipline", "GS", "--seed", "5", "--renumber", "--json"
    )
    assert code == 0
    listed = json.loads(out)["start_list"]
    assert [p["bib"] for p in listed] == [p["order"] for p in listed] == list(range(1, 21))
    code, text, _ = run("race", "startlist", str(path), "--discipline", "GS", "--seed", "5")
    first = next(line.split() for line in text.splitlines() if line.strip().startswith("1 "))
    assert code == 0 and 100 <= int(first[1]) < 120  # the readable list shows the file's bib


def test_bad_bibs_in_an_entry_list_are_one_line_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    twice = write_csv(tmp_path / "twice.csv", ENTRIES.replace("101,", "100,"))
    code, _, err = run("race", "startlist", str(twice), "--discipline", "GS")
    assert code == 2 and "duplicate bib 100" in err and err.count("\n") == 1
    empty = write_csv(tmp_path / "empty.csv", ENTRIES.replace("101,", ","))
    code, _, err = run("race", "startlist", str(empty), "--discipline", "GS")
    assert code == 2 and "malformed bib" in err
    code, _, err = run("race", "startlist", str(twice), "--discipline", "GS", "--run", "2", "--renumber")
    assert code == 2 and "--renumber applies to the run-1 draw only" in err
