"""Reading member files and checking their rows: pure functions over bytes and tables."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from alatau.errors import InputError
from alatau.imports.members import clean_rows, guess_mapping, parse_date, parse_gender, transliterate
from alatau.imports.parsing import Table, read_table

TODAY = dt.date(2025, 11, 1)


def test_csv_with_semicolons_in_windows_1251_is_read() -> None:
    text = "Фамилия;Имя;Дата рождения;Пол\nЖакупов;Айдар;14.03.2006;М\n"
    table = read_table(text.encode("cp1251"), "members.csv")
    assert table.headers == ["Фамилия", "Имя", "Дата рождения", "Пол"]
    assert table.rows == [["Жакупов", "Айдар", "14.03.2006", "М"]]


def test_csv_with_bom_tabs_and_blank_lines_is_read() -> None:
    text = "\ufefflast_name\tfirst_name\n\nAbenov\tErlan\n"
    table = read_table(text.encode("utf-8"), "members.txt")
    assert table.headers == ["last_name", "first_name"]
    assert table.rows == [["Abenov", "Erlan"]]


def test_short_rows_are_padded_to_the_header() -> None:
    table = read_table(b"a,b,c\n1\n", "x.csv")
    assert table.rows == [["1", "", ""]]


def test_xlsx_dates_become_iso_dates() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nom", "Prénom", "Date de naissance", "Sexe", "Code FIS", None])
    sheet.append(["Martin", "Léa", dt.datetime(2008, 5, 2), "F", 6190001.0, None])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "membres.xlsx")
    assert table.headers == ["Nom", "Prénom", "Date de naissance", "Sexe", "Code FIS"]
    assert table.rows == [["Martin", "Léa", "2008-05-02", "F", "6190001"]]


@pytest.mark.parametrize("data", [b"", b"  \n", b"PK\x03\x04broken"])
def test_empty_or_broken_files_are_input_errors(data: bytes) -> None:
    with pytest.raises(InputError):
        read_table(data, "x.xlsx" if data.startswith(b"PK") else "x.csv")


def test_mapping_is_guessed_from_headers_in_four_languages_and_the_script_of_names() -> None:
    headers = [
        "Тегі",
        "Аты",
        "Last name",
        "Prénom",
        "Туған күні",
        "Пол",
        "Код FIS",
        "E-mail",
        "Телефон",
        "Note",
    ]
    rows = [["Жақыпов", "Айдар", "Zhakupov", "Aidar", "2006-03-14", "М", "6190123", "a@b.kz", "+7", ""]]
    mapping = guess_mapping(Table(headers, rows))
    assert mapping == {
        "last_name_cyrillic": 0,
        "first_name_cyrillic": 1,
        "last_name": 2,
        "first_name": 3,
        "birth_date": 4,
        "gender": 5,
        "nationality": None,
        "fis_code": 6,
        "email": 7,
        "phone": 8,
    }


def test_own_export_headers_map_one_to_one() -> None:
    headers = ["last_name", "first_name", "last_name_cyrillic", "birth_date", "gender", "fis_code"]
    mapping = guess_mapping(Table(headers, []))
    assert [mapping[h] for h in headers] == list(range(6))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2006-03-14", dt.date(2006, 3, 14)),
        ("14.03.2006", dt.date(2006, 3, 14)),
        ("14/03/2006", dt.date(2006, 3, 14)),
    ],
)
def test_dates_in_several_formats(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31.02.2006", "2006-14-03", "yesterday", "01.01.2030", "01.01.1850"])
def test_bad_or_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text, TODAY)


def test_genders_in_four_languages() -> None:
    assert [parse_gender(g) for g in ["M", "f", "Ж", "муж.", "Femme", "әйел", "W"]] == list("MWWMWWW")
    with pytest.raises(ValueError):
        parse_gender("X")


def test_transliteration_of_kazakh_and_russian_names() -> None:
    assert transliterate("Жақыпов") == "Zhakypov"
    assert transliterate("Щукина Юлия") == "Shchukina Yuliya"


def test_rows_are_checked_and_duplicates_inside_the_file_found() -> None:
    headers = ["last_name", "first_name", "birth_date", "gender", "fis_code"]
    rows = [
        ["Abenov", "Erlan", "2001-02-03", "M", "6190001"],
        ["", "Dana", "2002-13-01", "Z", "61A"],
        ["ABENOV", "erlan", "03.02.2001", "M", ""],
        ["Other", "Person", "2003-01-01", "W", "6190001"],
    ]
    table = Table(headers, rows)
    checked = clean_rows(table, guess_mapping(table), TODAY)
    assert [m.row for m in checked.members] == [2, 4, 5]
    problems = {(p.row, p.field) for p in checked.problems}
    assert problems == {
        (3, "last_name"),
        (3, "birth_date"),
        (3, "gender"),
        (3, "fis_code"),
        (4, "duplicate"),
        (5, "duplicate"),
    }


def test_cyrillic_only_names_get_latin_transliteration() -> None:
    table = Table(["Фамилия", "Имя", "Дата рождения", "Пол"], [["Ким", "Олжас", "01.01.2000", "м"]])
    checked = clean_rows(table, guess_mapping(table), TODAY)
    member = checked.members[0]
    assert (member.last_name, member.first_name, member.last_name_cyrillic) == ("Kim", "Olzhas", "Ким")
    assert member.nationality == "KAZ" and member.fis_code is None


def test_too_long_values_are_row_problems() -> None:
    table = Table(["last_name", "first_name", "birth_date", "gender"], [["X" * 101, "A", "2000-01-01", "M"]])
    checked = clean_rows(table, guess_mapping(table), TODAY)
    assert [(p.row, p.field) for p in checked.problems] == [(2, "last_name")]
