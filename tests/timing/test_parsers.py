"""Device parsers: sample streams written from ../shared/reference/timing-formats.md §1."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from alatau.errors import InputError
from alatau.timing import Impulse, TimingError, net_time, parse, parse_line, parse_line_impulses

DATA = Path(__file__).parent / "data"


def sample(name: str) -> str:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return handle.read()


def summary(impulses: list[Impulse]) -> list[tuple[str, int | None, D, bool]]:
    return [(i.channel, i.bib, i.time_of_day, i.cleared) for i in impulses]


def test_alge_live_stream_reads_every_kind_of_record() -> None:
    impulses = parse(sample("alge_live.txt"), "alge")
    assert summary(impulses) == [
        ("start", 12, D("36903.2471"), False),
        ("start", 13, D("36970.51"), False),
        ("intermediate", 12, D("36934.1180"), False),
        ("finish", 12, D("36965.9083"), False),
        ("run", 12, D("62.66"), False),
        ("finish", None, D("37064.1029"), False),  # "?" impulse: no valid bib
        ("start", 13, D("36970.5100"), True),  # cleared with CLEAR
        ("start", 13, D("36971.0032"), False),
        ("finish", 14, D("37082.0046"), True),  # cleared by disqualification
        ("finish", 13, D("37035.7781"), False),
        ("finish", 15, D("37140.12"), False),
    ]
    manual = [(i.bib, i.line_no) for i in impulses if i.manual]
    assert manual == [(13, 3), (15, 12)]  # C0M keyed start, "i" input
    assert impulses[2].point == 1 and impulses[0].raw == " 0012 C0  10:15:03.2471 00"
    assert all(i.system == "A" for i in impulses)


def test_net_time_from_alge_tods_truncates_to_hundredths() -> None:
    start, finish = parse(sample("alge_live.txt"), "alge")[0::3][:2]
    assert net_time(start.time_of_day, finish.time_of_day) == D("62.66")  # 62.6612 → 62.66
    assert net_time(D("36903.2471"), D("36965.9170")) == D("62.66")  # 62.6699 is not rounded up
    assert net_time(D("86399.5000"), D("0.7500")) == D("1.25")  # across midnight


def test_alge_classement_gives_ranked_run_times() -> None:
    impulses = parse(sample("alge_classement.txt"), "alge", system="B")
    assert [(i.bib, i.time_of_day, i.rank, i.channel) for i in impulses] == [
        (1, D("58.12"), 1, "run"),
        (4, D("58.39"), 2, "run"),
        (2, D("61.07"), 3, "run"),
    ]
    assert {i.system for i in impulses} == {"B"}


def test_alge_total_record_in_a_run_time_classement_is_refused() -> None:
    text = "CLASSEMENT:\nALL\nRUN TIME\n 0001 TT  00:01:58.12   00 0001\n"
    with pytest.raises(TimingError, match="line 4: total record in a RUN TIME classement"):
        parse(text, "alge")


def test_alge_memory_time_classement_is_refused() -> None:
    text = "CLASSEMENT:\nALL\nMEMORY TIME\n 0001 RT  00:00:58.12   00 0001\n"
    with pytest.raises(TimingError, match="MEMORY TIME"):
        parse(text, "alge")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (" 0012 C0  10:15:03.2471", "without the group field"),
        (" 0012 X7  10:15:03.2471 00", "unknown ALGE channel"),
        (" 0012 C0  10:75:03.2471 00", "malformed ALGE time"),
        ("hello timer", "not an ALGE record"),
    ],
)
def test_malformed_alge_lines_name_the_line(line: str, message: str) -> None:
    with pytest.raises(TimingError, match=f"line 3: .*{message}") as caught:
        parse("n0001\n\n" + line + "\n", "alge")
    assert isinstance(caught.value, InputError) and caught.value.line_no == 3


def test_alge_lines_without_time() -> None:
    assert parse_line("n0012", "alge") is None
    assert parse_line("p0012 C1  10:15:03.2471 00", "alge") is None
    assert parse_line(" 0012 DTR 00:00:00.42   00", "alge") is None
    assert parse_line("10:19:01.3", "alge") is None  # Timy running time


def test_alge_parallel_blue_course_maps_c3_c4() -> None:
    impulse = parse_line(" 0022bC3  14:02:11.3310 03", "alge")
    assert impulse is not None and (impulse.channel, impulse.bib) == ("start", 22)


def test_microgate_rei2_extended_and_reduced_records() -> None:
    impulses = parse(sample("microgate_rei2.txt"), "microgate")
    assert summary(impulses) == [
        ("start", 12, D("36903.2471"), False),
        ("finish", 12, D("36965.9083"), False),
        ("finish", None, D("37064.1029"), False),
        ("start", 13, D("36971.0032"), False),
        ("start", 13, D("36971.0032"), True),  # flag a: time removed
        ("intermediate", 13, D("37000.1234"), False),
        ("finish", 14, D("36990.5500"), False),  # reduced record; the lap record is ignored
    ]
    assert impulses[5].point == 17 and impulses[0].raw.startswith("\x10R")


def test_microgate_racetime2_online_and_classement() -> None:
    impulses = parse(sample("microgate_racetime2.txt"), "microgate")
    assert summary(impulses) == [
        ("start", 12, D("36903.247"), False),
        ("finish", 12, D("36965.908"), False),
        ("finish", None, D("37064.102"), False),
        ("finish", 14, D("37082.004"), True),  # flag P
        ("start", 12, D("36903.247"), False),  # classement block between STX and ETX
        ("finish", 12, D("36965.908"), False),
    ]
    assert [i.line_no for i in impulses] == [1, 2, 3, 4, 7, 8]


def test_microgate_garbage_names_the_line() -> None:
    with pytest.raises(TimingError, match="line 2: not a Microgate record"):
        parse("0120 00010:15:03.247  \nnonsense\n", "microgate")
    with pytest.raises(TimingError, match="line 1: short REI2 record"):
        parse("\x10R0000", "microgate")


def test_csv_net_times_and_tods() -> None:
    assert summary(parse(sample("timing_net.csv"), "csv")) == [
        ("run", 12, D("62.66"), False),
        ("run", 13, D("59.41"), False),
        ("run", None, D("58.00"), False),
    ]
    assert summary(parse(sample("timing_tod.csv"), "csv")) == [
        ("start", 12, D("36903.2471"), False),
        ("finish", 12, D("36965.9083"), False),
        ("start", 13, D("36971.0032"), False),
        ("finish", None, D("37064.1029"), False),
    ]


def test_csv_errors_and_rows() -> None:
    with pytest.raises(TimingError, match="line 2: malformed bib"):
        parse("bib,time\nX,54.82\n", "csv")
    with pytest.raises(TimingError, match=r"line 3: .*malformed time"):
        parse("bib,time\n1,54.82\n2,fast\n", "csv")
    with pytest.raises(TimingError, match="line 1: unknown header"):
        parse("bib,when\n", "csv")
    assert len(parse_line_impulses("12,10:15:03.2471,10:16:05.9083", "csv")) == 2
    with pytest.raises(TimingError, match="parse_line_impulses"):
        parse_line("12,10:15:03.2471,10:16:05.9083", "csv")
    single = parse_line("12,54.829", "csv")
    assert single is not None and single.time_of_day == D("54.829")


def test_unknown_device_and_system() -> None:
    with pytest.raises(TimingError, match="unknown timing device"):
        parse("", "tagheuer")
    with pytest.raises(TimingError, match="unknown timing system"):
        parse("", "alge", system="C")
