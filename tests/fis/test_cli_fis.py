"""``alatau fis list`` and ``alatau race xml`` through the real command line group."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alatau.cli import main
from alatau.fis.pointslist import read_points_list
from alatau.fis.resultfile import read_result_file
from alatau.fis.results import score_race
from alatau.fis.seasons import get_season
from alatau.fis.xmlresults import read_results
from conftest import shared_path

SAMPLE = "reference/fis/FIS-points-list-AL-2022-331.csv"
LIST_HEADER = "Listid,Listname,Fiscode,Lastname,Firstname,Nationcode,Gender,Birthdate,GSpoints,GSpos,GSSta"
RESULTS = """bib,fis_code,name,nation,status,run1,run2,fis_points
1,670037,ZAKURDAEV Igor,KAZ,QLF,50.12,51.00,
2,670080,KUCHIN Zakhar,KAZ,QLF,50.50,50.80,
3,670082,DANOV Sergey,KAZ,QLF,51.10,51.30,80.00
4,670099,TEREKHOV Nikita,KAZ,QLF,52.00,52.40,
5,502468,AABERG Filip,SWE,QLF,51.55,52.00,
6,422781,AAGESEN Tinius,NOR,QLF,49.90,50.209,
7,120097,A KE Zhuoli,CHN,DNF1,,,
8,507276,AABERG Linn,SWE,DSQ2,53.10,,
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1


# --- fis list --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real list's header, its first 300 rows and every Kazakh row: real data, read fast."""
    lines = shared_path(SAMPLE).read_text(encoding="utf-8").splitlines()
    kept = [lines[0], *lines[1:301], *(line for line in lines[301:] if ",KAZ," in line)]
    path = tmp_path_factory.mktemp("list") / "slice.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def test_fis_list_json(real_slice: Path) -> None:
    result = run("fis", "list", real_slice, "--json", "--nation", "kaz", "--top", "2")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    kazakhs = [e for e in read_points_list(real_slice) if e.nation == "KAZ"]
    assert summary["list_id"] == "331" and summary["season"] == 2022 and summary["nation"] == "KAZ"
    assert summary["competitors"] == len(kazakhs) > 0
    assert summary["by_gender"] == {g: sum(e.gender == g for e in kazakhs) for g in ("M", "W")}
    slalom = next(d for d in summary["disciplines"] if d["discipline"] == "SL")
    men = [e for e in kazakhs if e.gender == "M" and e.points("SL") is not None]
    best_men = sorted(men, key=lambda e: e.points("SL") or 0)
    assert [t["fiscode"] for t in slalom["top"]["M"]] == [e.fiscode for e in best_men[:2]]
    assert Decimal(slalom["best"]) == min(e.points("SL") or 0 for e in kazakhs if e.points("SL") is not None)


def test_fis_list_readable_summary(real_slice: Path) -> None:
    result = run("fis", "list", real_slice, "--top", "1")
    assert result.exit_code == 0, result.stderr
    count = len(read_points_list(real_slice))
    assert "6th FIS points list 2021/2022 (list 331)" in result.stdout
    assert f"{count} competitors" in result.stdout and "Points per discipline" in result.stdout
    assert "SL M: best 1" in result.stdout and result.stderr == ""


def test_fis_list_reports_bad_rows_and_strict_fails_on_the_first(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        f"{LIST_HEADER}\n1,L,100001,ONE,A,KAZ,M,2004-01-01,10.00,1,*\n1,L,100002,TWO,B,KAZ,M,,x,,\n"
    )
    result = run("fis", "list", path)
    assert result.exit_code == 0
    assert "1 competitors" in result.stdout
    assert "row 3: GSpoints 'x' is not a number" in result.stderr
    strict = run("fis", "list", path, "--strict")
    assert strict.exit_code == 2 and one_line(strict.stderr)
    assert strict.stderr.startswith("alatau: list.csv row 3: GSpoints 'x'")


def test_fis_list_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = run("fis", "list", tmp_path / "none.csv")
    assert missing.exit_code == 2 and one_line(missing.stderr) and "no such file" in missing.stderr
    (tmp_path / "empty.csv").write_text(f"{LIST_HEADER}\n1,L,,ONE,A,KAZ,M,,,,\n")
    empty = run("fis", "list", tmp_path / "empty.csv")
    assert empty.exit_code == 2 and one_line(empty.stderr) and "row 2: Fiscode is empty" in empty.stderr
    nation = run("fis", "list", tmp_path / "empty.csv", "--nation", "KAZAKH")
    assert nation.exit_code == 2 and one_line(nation.stderr) and "--nation" in nation.stderr


# --- race xml --------------------------------------------------------------------------------------


def write_race(tmp_path: Path) -> tuple[Path, Path]:
    results = tmp_path / "race.csv"
    results.write_text(RESULTS)
    points = tmp_path / "list.csv"
    rows = [
        "Fvalue,GS,1000",  # the list's own F-value overrides the season table
        LIST_HEADER,
        "412,Test list 2021/22,670037,ZAKURDAEV,Igor,KAZ,M,1996-04-02,74.39,10,*",
        "412,Test list 2021/22,670080,KUCHIN,Zakhar,KAZ,M,2001-05-06,71.56,9,*",
        "412,Test list 2021/22,670082,DANOV,Sergey,KAZ,M,1999-01-01,96.90,15,*",
        "412,Test list 2021/22,502468,AABERG,Filip,SWE,M,2001-10-19,91.33,12,*",
        "412,Test list 2021/22,507276,AABERG,Linn,SWE,W,2004-04-25,190.11,20,*",
    ]
    points.write_text("\n".join(rows) + "\n")
    return results, points


def test_race_xml_writes_the_scored_race(tmp_path: Path) -> None:
    results, points = write_race(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "race",
        "xml",
        results,
        "--codex",
        "77",
        "--nation",
        "kaz",
        "--discipline",
        "gs",
        "--category",
        "FIS",
        "--date",
        "2022-01-05",
        "--place",
        "Shymbulak",
        "--td",
        "IVANOV Ivan (KAZ)",
        "--td-number",
        "T42",
        "--referee",
        "OMAROV Aidos Serikuly (KAZ)",
        "--course",
        "Talgar",
        "--points-list",
        points,
        "--out-dir",
        out,
    )
    assert result.exit_code == 0, result.stderr
    written = read_results(out / "KAZ0077.xml")
    assert [p.name for p in out.iterdir()] == ["KAZ0077.xml"]

    # The same race scored directly, with the list's points filled in and its F-value.
    listed = read_points_list(points)
    entries = [
        replace(e, fis_points=e.fis_points if e.fis_points is not None else listed.points(e.fis_code, "GS"))
        for e in read_result_file(results)
    ]
    rules = get_season("2021-22").with_overrides(f_values={"GS": "1000"})
    expected = score_race(entries, "GS", "FIS", rules)

    header = written.header
    assert (header.season, header.codex, header.nation, header.discipline) == (2022, "0077", "KAZ", "GS")
    assert header.gender == "A"  # the list knows a woman among the men
    assert written.info.used_fis_list == "412" and written.info.f_value == Decimal(1000)
    assert written.info.applied_penalty == expected.penalty.applied
    assert written.info.calculated_penalty == expected.penalty.calculated
    assert [(j.function, j.lastname, j.firstname, j.nation, j.number) for j in written.info.jury] == [
        ("TechnicalDelegate", "IVANOV", "Ivan", "KAZ", "T42"),
        ("Referee", "OMAROV", "Aidos Serikuly", "KAZ", ""),
    ]
    assert [r.number for r in written.info.runs] == [1, 2]
    assert [(r.rank, r.bib, r.race_points, r.total_time) for r in written.ranked] == [
        (line.rank, line.bib, line.race_points, line.total_time) for line in expected.classified
    ]
    aagesen = next(r for r in written.ranked if r.bib == 6)
    assert aagesen.run_times == (Decimal("49.90"), Decimal("50.20"))  # truncated to 1/100 as ranked
    assert aagesen.competitor.lastname == "AAGESEN" and aagesen.competitor.year_of_birth is None
    assert next(r for r in written.ranked if r.bib == 1).competitor.year_of_birth == 1996  # from the list
    assert [(n.status, n.bib, n.run) for n in written.not_ranked] == [("DSQ2", 8, 2), ("DNF1", 7, 1)]


def test_race_xml_bad_input_writes_nothing(tmp_path: Path) -> None:
    results, _points = write_race(tmp_path)
    results.write_text(RESULTS.replace("50.50", "5o.50"))
    common = (
        "--codex",
        "77",
        "--nation",
        "KAZ",
        "--discipline",
        "GS",
        "--category",
        "FIS",
        "--out-dir",
        tmp_path,
    )
    bad_time = run("race", "xml", results, *common)
    assert bad_time.exit_code == 2 and one_line(bad_time.stderr)
    assert "race.csv row 3" in bad_time.stderr and "5o.50" in bad_time.stderr
    assert not list(tmp_path.glob("*.xml"))
    results.write_text(RESULTS)
    for args, message in (
        (("--codex", "12a"), "codex '12a'"),
        (("--nation", "KZ"), "nation 'KZ'"),
        (("--td", "(KAZ)"), "is not a name"),
        (("--date", "05.01.2022"), "is not a date"),
        (("--penalty", "many"), "--penalty"),
    ):
        failed = run("race", "xml", results, *common, *args)
        assert failed.exit_code == 2 and one_line(failed.stderr) and message in failed.stderr, failed.stderr
    assert not list(tmp_path.glob("*.xml"))
    missing = run("race", "xml", results, "--nation", "KAZ", "--discipline", "GS", "--category", "FIS")
    assert missing.exit_code == 2 and "--codex" in missing.stderr
