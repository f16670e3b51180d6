"""Status words as FIS and timing exports write them (issue 9), in every UI language and English."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from alatau.cli import main
from alatau.errors import InputError
from alatau.fis.results import parse_status

TWO_RUNS_NONE = (None, None)
RUN2_MISSING = (D("50.00"), None)


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Did not start", "DNS1"),
        ("did not start 1st run", "DNS1"),
        ("Did not start (1st run)", "DNS1"),
        ("DID NOT START 2nd RUN", "DNS2"),
        ("Did not finish", "DNF1"),
        ("Did not finish 1st run", "DNF1"),
        ("Did not finish 2nd run", "DNF2"),
        ("Disqualified", "DSQ1"),
        ("Disqualified 1st run", "DSQ1"),
        ("Disqualified (2nd run)", "DSQ2"),
        ("Did not qualify", "DNQ1"),
        ("DNS", "DNS1"),
        ("dnf", "DNF1"),
        ("DSQ", "DSQ1"),
        ("DNQ", "DNQ1"),
        ("DQ", "DSQ1"),
        ("Disqualified, run 2", "DSQ2"),
        ("Non partant", "DNS1"),
        ("Abandon 2e manche", "DNF2"),
        ("Disqualifié (1re manche)", "DSQ1"),
        ("Disqualifiée deuxième manche", "DSQ2"),
        ("Non qualifié", "DNQ1"),
        ("Не стартовал", "DNS1"),
        ("Не финишировал, 2-я попытка", "DNF2"),
        ("Сошёл", "DNF1"),
        ("Дисквалифицирована (1-я попытка)", "DSQ1"),
        ("Не квалифицировался", "DNQ1"),
        ("Старттамады", "DNS1"),
        ("Мәреге жетпеді 2-жүріс", "DNF2"),
        ("Дисквалификацияланды", "DSQ1"),
        ("Іріктеуден өтпеді", "DNQ1"),
        ("DNF2", "DNF2"),
        ("nps", "NPS"),
    ],
)
def test_status_words_in_a_one_run_race(word: str, code: str) -> None:
    assert parse_status(word, (None,)) == code


def test_a_word_without_a_run_takes_the_run_with_no_time() -> None:
    assert parse_status("Did not finish", RUN2_MISSING) == "DNF2"
    assert parse_status("DSQ", TWO_RUNS_NONE) == "DSQ1"  # no time in run 1 → run 1
    assert parse_status("Disqualified", (D("50.00"), D("51.00"))) == "DSQ2"  # both timed: the last run
    assert parse_status("Did not finish 1st run", RUN2_MISSING) == "DNF1"  # an explicit run wins


@pytest.mark.parametrize("word", ["Did not ski", "DNX", "Finished", "Did not finish 7th run"])
def test_unknown_words_are_refused(word: str) -> None:
    with pytest.raises(InputError, match="unknown status"):
        parse_status(word, (None,))


def test_cli_scores_a_file_with_status_words(tmp_path: Path) -> None:
    rows = ["bib,fis_code,name,nation,status,run1,run2,fis_points"]
    rows += [f"{b},10{b},RACER{b} Test,KAZ,,{50 + b}.00,{51 + b}.00,{10 * b}" for b in range(1, 6)]
    rows += ["6,106,RACER6 Test,KAZ,Did not finish,52.00,,30"]
    rows += ["7,107,RACER7 Test,KAZ,Disqualified (1st run),,,40"]
    rows += ["8,108,RACER8 Test,KAZ,Did not start,,,50"]
    path = tmp_path / "race.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ["race", "score", str(path), "--discipline", "SL", "--category", "FIS", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert '"status": "DNF2"' in result.output and '"status": "DSQ1"' in result.output
    assert '"status": "DNS1"' in result.output


def test_cli_unknown_status_word_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "race.csv"
    path.write_text("bib,fis_code,name,nation,status,total,fis_points\n1,101,A Test,KAZ,Gone skiing,,\n")
    result = CliRunner().invoke(main, ["race", "score", str(path), "--discipline", "SL", "--category", "FIS"])
    assert result.exit_code == 2
    assert "row 2" in result.output and "Gone skiing" in result.output


def test_cli_scores_a_season_without_a_table_provisionally(tmp_path: Path) -> None:
    rows = ["bib,fis_code,name,nation,status,total,fis_points"]
    rows += [f"{b},10{b},RACER{b} Test,KAZ,,{50 + b}.00,{10 * b}" for b in range(1, 6)]
    path = tmp_path / "race.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ["race", "score", str(path), "--discipline", "SL", "--category", "FIS", "--season", "2023-24"]
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0, text.output
    assert "season 2023-24" in text.output
    assert "note: provisional — season: season 2023-24 has no rule table of its own" in text.output
    as_json = json.loads(CliRunner().invoke(main, [*args, "--json"]).output)
    assert as_json["season"] == "2023-24" and "2021-22 table is used" in as_json["provisional"][0]
    refused = CliRunner().invoke(main, [*args[:-1], "2019-20"])
    assert refused.exit_code == 2 and "known: 2021-22, 2025-26" in refused.output
