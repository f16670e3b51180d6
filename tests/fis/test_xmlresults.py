"""FIS results XML: writer layout, case-insensitive reader, round trip (also as a property), errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alatau.errors import InputError
from alatau.fis.xmlresults import (
    JURY_FUNCTIONS,
    RESULT_TYPES,
    Competitor,
    Course,
    Forerunner,
    JuryMember,
    NotRanked,
    Person,
    RaceHeader,
    RaceInfo,
    RaceResults,
    Ranked,
    RunInfo,
    fis_season,
    format_time,
    from_xml,
    read_results,
    to_xml,
    write_results,
)


def sample_race() -> RaceResults:
    course = Course(
        "Talgar",
        "15067/10/23",
        1198,
        42,
        40,
        2827,
        2481,
        Person("SETTER", "Sam", "KAZ"),
        (Forerunner("A", "RUNNER", "Fore", "KAZ"),),
    )
    return RaceResults(
        RaceHeader(2022, "0123", "KAZ", "GS", "FIS", date(2022, 1, 5), "Shymbulak", "W", "Cup & <Alatau>"),
        RaceInfo(
            "331",
            Decimal("23.00"),
            Decimal("18.41"),
            Decimal("1010"),
            (
                JuryMember("TechnicalDelegate", "IVANOV", "Ivan", "KAZ", "TD123"),
                JuryMember("ChiefRace", "PETROVA", "Anna", "KAZ"),
            ),
            (RunInfo(1, course, "10:00"), RunInfo(2, course, "13:15")),
            "Alatau Timing",
            "Alatau",
            "Alatau",
            "0.1",
        ),
        (
            Ranked(
                1,
                4,
                Competitor("675046", "SKUBKOVA", "Milena", "KAZ", 2002),
                (Decimal("61.23"), Decimal("62.04")),
                Decimal("123.27"),
                Decimal("0.00"),
            ),
            Ranked(
                2,
                9,
                Competitor("675055", "LATA", "Karolina", "KAZ", 2003),
                (Decimal("61.90"), Decimal("62.345")),
                Decimal("124.24"),
                Decimal("7.95"),
            ),
        ),
        (
            NotRanked(
                "DSQ2",
                7,
                Competitor("675049", "TROITSKAYA", "Alexandra", "KAZ"),
                2,
                "12",
                "straddled",
                (Decimal("63.10"),),
            ),
            NotRanked("DNF1", 3, Competitor("675035", "GRIGOROVA", "Mariya", "KAZ"), 1),
        ),
    )


def test_writer_uses_the_digest_spelling() -> None:
    data = to_xml(sample_race())
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Fisresults>')
    root = ET.fromstring(data)
    header = root.find("Raceheader")
    assert header is not None and header.attrib == {"Sector": "AL", "Gender": "W"}
    assert [child.tag for child in header] == [
        "Season",
        "Codex",
        "Nation",
        "Discipline",
        "Category",
        "Type",
        "Racedate",
        "Place",
        "Eventname",
    ]
    assert root.findtext("Raceheader/Racedate/Day") == "5"
    assert root.findtext("Raceheader/Eventname") == "Cup & <Alatau>"
    info = root.find("AL_race/AL_raceinfo")
    assert info is not None
    assert [j.get("Function") for j in info.findall("Jury")] == ["TechnicalDelegate", "ChiefRace"]
    assert info.findtext("Runinfo[@No='2']/Course/Coursesetter/Lastname") == "SETTER"
    assert info.findtext("Runinfo[@No='1']/Course/Forerunner[@Order='A']/Lastname") == "RUNNER"
    ranked = root.findall("AL_race/AL_classified/AL_ranked")
    assert [r.get("Status") for r in ranked] == ["QLF", "QLF"]
    assert ranked[1].findtext("AL_result/Timerun2") == "1:02.345"  # finer times keep their decimals
    assert ranked[1].findtext("AL_result/Totaltime") == "2:04.24"
    assert ranked[1].findtext("Competitor/Yearofbirth") == "2003"
    dsq = root.find("AL_race/AL_notclassified/AL_notranked[@Status='DSQ2']")
    assert dsq is not None and dsq.findtext("Gate") == "12" and dsq.findtext("Reason") == "straddled"


def test_round_trip_loses_nothing() -> None:
    race = sample_race()
    assert from_xml(to_xml(race)) == race


def _recase(text: str, change: str) -> str:
    """Change the case of every element and attribute name, leaving the values alone."""
    convert = str.upper if change == "upper" else str.lower

    def tag(match: re.Match[str]) -> str:
        return match.group(1) + convert(match.group(2))

    declaration, body = text.split("\n", 1)
    body = re.sub(r"(</?)([A-Za-z_][\w]*)", tag, body)
    return (
        declaration
        + "\n"
        + re.sub(r"(\s)([A-Za-z_]\w*)(?==\")", lambda m: m.group(1) + convert(m.group(2)), body)
    )


@pytest.mark.parametrize("change", ["upper", "lower"])
def test_reader_ignores_the_case_of_names(change: str) -> None:
    race = sample_race()
    text = _recase(to_xml(race).decode(), change)
    assert "<FISRESULTS>" in text or "<fisresults>" in text
    assert from_xml(text) == race


def test_reader_accepts_older_spellings() -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
    <FisResults><RaceHeader Sector="AL" Sex="L"><Season>2022</Season><Codex>45</Codex><Nation>KAZ</Nation>
      <Discipline>SL</Discipline><Category>NJR</Category><RaceDate><Day>9</Day><Month>2</Month>
      <Year>2022</Year></RaceDate></RaceHeader>
      <AL_Race><Jury Function="Referee"><Jurylastname>OLEG</Jurylastname></Jury>
        <AL_RaceInfo><AppliedPenalty>41.5</AppliedPenalty></AL_RaceInfo>
        <AL_Classified><AL_Ranked Status="QLF"><Rank>1</Rank><Bib>3</Bib>
          <Competitor><FisCode>670037</FisCode><Lastname>ZAKURDAEV</Lastname></Competitor>
          <AL_Result><TimeRun1>49.99</TimeRun1><TotalTime>49.99</TotalTime></AL_Result>
        </AL_Ranked></AL_Classified></AL_Race></FisResults>"""
    race = from_xml(text)
    assert race.header.gender == "W" and race.header.codex == "0045" and race.header.type == "Official"
    assert race.info.applied_penalty == Decimal("41.5")
    assert race.info.jury == (JuryMember("Referee", "OLEG"),)
    assert race.ranked[0].run_times == (Decimal("49.99"),) and race.ranked[0].race_points is None
    assert race.not_ranked == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("<Rank>1</Rank>", "<Rank>first</Rank>"), r"AL_ranked 1: Rank 'first' is not a whole number"),
        (("<Codex>0123</Codex>", ""), r"Raceheader: Codex is missing"),
        (("<Month>1</Month>", "<Month>13</Month>"), r"Racedate: month must be in 1\.\.12"),
        (
            ("<Timerun1>1:01.23</Timerun1>", "<Timerun1>1:75.00</Timerun1>"),
            r"AL_ranked 1: Timerun1: malformed time '1:75.00'",
        ),
        (('Status="DNF1"', 'Status="GONE"'), r"AL_notranked 2: status 'GONE'"),
        (("</Fisresults>", ""), r"malformed XML at line \d+, column \d+"),
        (("<Fisresults>", "<Results>"), r"malformed XML|root element"),
    ],
)
def test_reader_errors_name_the_element(change: tuple[str, str], message: str) -> None:
    text = to_xml(sample_race()).decode()
    assert change[0] in text
    with pytest.raises(InputError, match=message):
        from_xml(text.replace(change[0], change[1], 1))


def test_reader_refuses_document_types() -> None:
    text = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Fisresults>&a;</Fisresults>'
    with pytest.raises(InputError, match="document type"):
        from_xml(text)


def test_write_results_is_atomic_and_named_after_nation_and_codex(tmp_path: Path) -> None:
    race = sample_race()
    path = write_results(race, tmp_path)
    assert path == tmp_path / "KAZ0123.xml"
    assert read_results(path) == race
    before = path.read_bytes()
    broken = RaceResults(race.header, race.info, race.ranked, (NotRanked("LOST", 1, Competitor("1", "X")),))
    with pytest.raises(InputError, match="status 'LOST'"):
        write_results(broken, tmp_path)
    assert path.read_bytes() == before  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["KAZ0123.xml"]  # and no temporary is left


def test_write_and_read_errors(tmp_path: Path) -> None:
    race = sample_race()
    with pytest.raises(InputError, match="does not exist"):
        write_results(race, tmp_path / "nowhere")
    bad_nation = RaceResults(RaceHeader(2022, "0123", "Kz", "GS", "FIS", date(2022, 1, 5)))
    with pytest.raises(InputError, match="nation 'Kz'"):
        to_xml(bad_nation)
    control = RaceResults(RaceHeader(2022, "0123", "KAZ", "GS", "FIS", date(2022, 1, 5), place="a\x07b"))
    with pytest.raises(InputError, match="control character"):
        to_xml(control)
    with pytest.raises(InputError, match="cannot read"):
        read_results(tmp_path / "KAZ9999.xml")
    (tmp_path / "bad.xml").write_text("<Fisresults>")
    with pytest.raises(InputError, match=r"bad\.xml: malformed XML"):
        read_results(tmp_path / "bad.xml")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        ("54.82", "54.82"),
        ("62.34", "1:02.34"),
        ("3723.45", "1:02:03.45"),
        ("60", "1:00.00"),
        ("9.5", "9.50"),
        ("62.3456", "1:02.3456"),
        ("0.01", "0.01"),
    ],
)
def test_format_time(seconds: str, text: str) -> None:
    assert format_time(Decimal(seconds)) == text


def test_fis_season() -> None:
    assert fis_season(date(2021, 7, 1)) == 2022
    assert fis_season(date(2022, 6, 30)) == 2022


# --- property: any race written and read back is the same race -------------------------------------

_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), max_size=12
)
_decimal = st.decimals(min_value=0, max_value=2000, places=2)
_time = st.decimals(min_value=0, max_value=20000, places=2) | st.decimals(
    min_value=0, max_value=200, places=4
)
_times = st.lists(st.none() | _time, max_size=3).map(tuple)
_small = st.none() | st.integers(min_value=0, max_value=9000)
_competitor = st.builds(Competitor, st.from_regex(r"\d{1,8}", fullmatch=True), _text, _text, _text, _small)
_course = st.builds(
    Course,
    _text,
    _text,
    _small,
    _small,
    _small,
    _small,
    _small,
    st.none() | st.builds(Person, _text, _text, _text),
    st.lists(st.builds(Forerunner, _text, _text, _text, _text), max_size=2).map(tuple),
)
_header = st.builds(
    RaceHeader,
    st.integers(min_value=1990, max_value=2100),
    st.from_regex(r"\d{4,5}", fullmatch=True),
    st.from_regex(r"[A-Z]{3}", fullmatch=True),
    st.sampled_from(["DH", "SG", "GS", "SL", "AC"]),
    st.sampled_from(["FIS", "NJR", "WC", "CIT"]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    _text,
    st.sampled_from(["M", "W", "A"]),
    _text,
    st.sampled_from(RESULT_TYPES),
)
_info = st.builds(
    RaceInfo,
    _text,
    st.none() | _decimal,
    st.none() | _decimal,
    st.none() | _decimal,
    st.lists(
        st.builds(JuryMember, st.sampled_from(JURY_FUNCTIONS), _text, _text, _text, _text), max_size=4
    ).map(tuple),
    st.lists(st.builds(RunInfo, st.integers(1, 3), _course, _text), max_size=3).map(tuple),
    _text,
    _text,
    _text,
    _text,
)
_ranked = st.builds(
    Ranked,
    st.integers(1, 500),
    st.integers(1, 999),
    _competitor,
    _times,
    st.none() | _time,
    st.none() | _decimal,
)
_not_ranked = st.builds(
    NotRanked,
    st.from_regex(r"(DNS|DNF|DSQ|DNQ)[12]|NPS|DQO", fullmatch=True),
    st.integers(1, 999),
    _competitor,
    st.none() | st.integers(1, 3),
    st.from_regex(r"\d{0,2}", fullmatch=True),
    _text,
    _times,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=_header,
    info=_info,
    ranked=st.lists(_ranked, max_size=4).map(tuple),
    not_ranked=st.lists(_not_ranked, max_size=3).map(tuple),
)
def test_round_trip_property(
    header: RaceHeader, info: RaceInfo, ranked: tuple[Ranked, ...], not_ranked: tuple[NotRanked, ...]
) -> None:
    race = RaceResults(header, info, ranked, not_ranked)
    assert from_xml(to_xml(race)) == race


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_source: str, _target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("alatau.files.os.replace", refuse)
    with pytest.raises(InputError, match=r"cannot write .*KAZ0123\.xml: No space left on device"):
        write_results(sample_race(), tmp_path)
    assert list(tmp_path.iterdir()) == []
