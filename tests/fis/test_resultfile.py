"""CSV readers of result files and entry lists: columns, values and row errors."""

from decimal import Decimal

import pytest

from alatau.errors import InputError
from alatau.fis.resultfile import read_entry_list, read_result_file
from tests.fis.race_support import write_csv

D = Decimal


def test_reads_a_two_run_result_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "r.csv",
        """
        bib,fis_code,name,nation,status,run1,run2,fis_points,gate,reason
        1,6530001,ALI Bek,kaz,QLF,54.82,1:00.56,23.45,,
        2,6530002,ORAZ Aida,KAZ,DSQ2,55.10,,,12,missed gate

        3,6530003,NUR Dana,KAZ,DNS1,,,,,
        """,
    )
    entries = read_result_file(path)
    assert [e.bib for e in entries] == [1, 2, 3]
    first, second, _ = entries
    assert (first.runs, first.total_time, first.fis_points, first.nation) == (
        (D("54.82"), D("60.56")), D("115.38"), D("23.45"), "KAZ"
    )  # fmt: skip
    assert (second.status, second.gate, second.reason, second.fis_points, second.row) == (
        "DSQ2", "12", "missed gate", None, 3
    )  # fmt: skip


def test_reads_total_column_semicolons_and_aliases(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "r.csv", "Bib;FIS Code;Name;Nation;Status;Time;Points\n5;1;A B;KAZ;QLF;1:02.34;12,5\n"
    )
    (only,) = read_result_file(path)
    assert (only.bib, only.total_time, only.fis_points) == (5, D("62.34"), D("12.5"))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1,1,A,KAZ,QLF,54.82,abc,10\n", r"r\.csv row 2: malformed time 'abc'.* run2"),
        ("1,1,A,KAZ,QLF,54.82,55.00,10\n1,2,B,KAZ,QLF,54.90,55.00,10\n", r"row 3: duplicate bib 1"),
        ("1,1,A,KAZ,QLF,54.82,,10\n", r"row 2: bib 1: status QLF but no time"),
        ("x,1,A,KAZ,QLF,54.82,55.00,10\n", r"row 2: malformed bib 'x'"),
        ("1,1,A,KAZ,WHAT,54.82,55.00,10\n", r"row 2: unknown status 'WHAT'"),
        ("1,1,A,KAZ,QLF,54.82,55.00,-4\n", r"row 2: malformed fis_points '-4'"),
        ("1,1,A,KAZ,QLF,54.82,55.00,10,extra\n", r"row 2: 9 values for 8 columns"),
    ],
)
def test_row_errors_name_the_row(tmp_path, body: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "r.csv", "bib,fis_code,name,nation,status,run1,run2,fis_points\n" + body)
    with pytest.raises(InputError, match=message):
        read_result_file(path)


def test_file_level_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="cannot read"):
        read_result_file(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="empty file"):
        read_result_file(write_csv(tmp_path / "e.csv", ""))
    with pytest.raises(InputError, match="run1"):
        read_result_file(write_csv(tmp_path / "n.csv", "bib,name,status,fis_points\n1,A,QLF,\n"))
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00bib")
    with pytest.raises(InputError, match="cannot read"):
        read_result_file(tmp_path / "bin.csv")


def test_total_must_match_the_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "r.csv", "bib,name,status,run1,run2,total,fis_points\n1,A,QLF,50.00,51.00,101.50,\n"
    )
    with pytest.raises(InputError, match="not the sum of the runs"):
        read_result_file(path)


def test_reads_an_entry_list(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "e.csv", "fis_code,name,nation,fis_points\n11,A B,KAZ,12.30\n12,C D,UZB,\n")
    first, second = read_entry_list(path)
    assert (first.fis_code, first.fis_points, second.nation, second.fis_points) == (
        "11",
        D("12.30"),
        "UZB",
        None,
    )
    dup = write_csv(tmp_path / "d.csv", "fis_code,name,nation,fis_points\n11,A,KAZ,1\n11,B,KAZ,2\n")
    with pytest.raises(InputError, match="row 3: duplicate FIS code 11"):
        read_entry_list(dup)
