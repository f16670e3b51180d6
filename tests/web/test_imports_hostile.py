"""Hostile and mis-encoded member files: detected encodings with a choice, and bombs refused cheaply."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from alatau.core.models import User
from alatau.errors import InputError
from alatau.imports.models import Upload
from alatau.imports.parsing import MAX_CELL, MAX_COLUMNS, MAX_ROWS, read_table
from alatau.registry.models import Club
from tests.web.conftest import login

LATIN = "Nom,Prénom,Ville\nMüller,Zoé,Genève\nGarçon,Hélène,Besançon\n"
CYRILLIC = "Фамилия,Имя\nЖакупов,Айдар\nИванова,Пётр\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(LATIN, "iso8859-1"), (LATIN, "cp1252"), (CYRILLIC, "cp1251"), (CYRILLIC, "koi8-r")],
)
def test_an_8_bit_file_is_read_in_its_own_encoding(text: str, encoding: str) -> None:
    table = read_table(text.encode(encoding), "members.csv")
    assert [table.headers, *table.rows] == [line.split(",") for line in text.splitlines()]
    assert table.encoding_detected and table.encoding is not None


def test_utf8_is_certain_and_a_chosen_encoding_is_used_as_chosen() -> None:
    assert read_table(LATIN.encode("utf-8"), "m.csv").encoding_detected is False
    chosen = read_table(LATIN.encode("cp1252"), "m.csv", "cp1251")
    assert chosen.rows[0][0] == "Mьller" and not chosen.encoding_detected  # what the user asked for
    with pytest.raises(InputError, match="not UTF-8"):
        read_table(LATIN.encode("cp1252"), "m.csv", "utf-8")
    with pytest.raises(InputError, match="Unknown encoding"):
        read_table(b"a,b\n1,2\n", "m.csv", "ebcdic")


def test_the_mapping_step_shows_the_encoding_and_reads_again_in_another(
    client: Client, carol_manager: User, club_shymbulak: Club
) -> None:
    login(client, carol_manager)
    file = SimpleUploadedFile("members.csv", LATIN.encode("cp1252"), content_type="text/csv")
    response = client.post("/en/imports/", {"club": club_shymbulak.pk, "file": file})
    stored = Upload.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "is not UTF-8" in page and "Müller" in page and 'id="encoding-select"' in page
    again = client.post(f"/en/imports/{stored.pk}/encoding/", {"encoding": "cp1251"}, follow=True)
    assert "Mьller" in again.content.decode()
    stored.refresh_from_db()
    assert stored.encoding == "cp1251"
    assert client.post(f"/en/imports/{stored.pk}/encoding/", {"encoding": "nope"}).status_code == 400


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_spreadsheet_expanding_to_hundreds_of_megabytes_is_refused_before_parsing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>" + "A" * 200_000_000 + "</t></si></sst>")
    data = buffer.getvalue()
    assert len(data) < 1_000_000  # a small file…
    with pytest.raises(InputError, match="expands to"):  # …whose content is huge
        read_table(data, "bomb.xlsx")


def test_a_too_long_cell_is_refused_in_xlsx_as_in_csv() -> None:
    with pytest.raises(InputError, match="column 2 holds more than"):
        read_table(xlsx([["last_name", "first_name"], ["Abenov", "x" * (MAX_CELL + 1)]]), "m.xlsx")
    with pytest.raises(InputError, match="column 2 holds more than"):
        read_table(("last_name,first_name\nAbenov," + "x" * (MAX_CELL + 1)).encode(), "m.csv")


def test_too_many_columns_are_refused_but_empty_trailing_ones_are_not() -> None:
    wide = [f"c{i}" for i in range(MAX_COLUMNS + 5)]
    with pytest.raises(InputError, match="more than 200 columns"):
        read_table(xlsx([wide, wide]), "wide.xlsx")
    with pytest.raises(InputError, match="more than 200 columns"):
        read_table((",".join(wide) + "\n").encode(), "wide.csv")
    padded = read_table(xlsx([["a", "b", *[None] * (MAX_COLUMNS + 10)], ["1", "2"]]), "padded.xlsx")
    assert padded.headers == ["a", "b"]


def test_reading_stops_at_the_row_limit() -> None:
    text = "a\n" + "x\n" * (MAX_ROWS + 1)
    with pytest.raises(InputError, match="more than 50000 rows"):
        read_table(text.encode(), "long.csv")
    assert len(read_table(("a\n" + "x\n" * MAX_ROWS).encode(), "ok.csv").rows) == MAX_ROWS


def test_the_mapping_page_stays_small_whatever_the_cells() -> None:
    long_cell = "y" * (MAX_CELL - 1)
    table = read_table(xlsx([["last_name", "first_name"], ["Abenov", long_cell]]), "m.xlsx")
    assert table.rows[0][1] == long_cell  # kept whole for the checks, cut only in the preview
