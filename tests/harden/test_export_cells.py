"""Exports neutralise formulas and never fail on stored text; imports read the values back unchanged."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from alatau.core.cells import export_text, import_cell
from alatau.core.models import User
from alatau.imports.parsing import read_table
from alatau.registry.models import Person
from tests.web.conftest import login

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_is_quoted_and_read_back(text: str) -> None:
    assert export_text(text) == "'" + text
    assert import_cell(export_text(text)) == text


@pytest.mark.parametrize("text", ["Müller", "O'Brien", "'quoted", "Жакупов", ""])
def test_other_text_is_unchanged(text: str) -> None:
    assert export_text(text) == text and import_cell(text) == text


def _hostile_member(athlete: Person, last_name: str) -> None:
    Person.objects.filter(pk=athlete.pk).update(last_name=last_name, first_name="=1+1")


def test_csv_export_has_no_live_formula_and_imports_back(
    client: Client, alice_admin: User, athlete: Person
) -> None:
    _hostile_member(athlete, HOSTILE[0])
    login(client, alice_admin)
    data = b"".join(client.get("/en/imports/export/members.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][:2] == ["'" + HOSTILE[0], "'=1+1"]
    table = read_table(data, "members.csv")
    assert table.rows[0][:2] == [HOSTILE[0], "=1+1"]


def test_xlsx_export_has_no_formula_cell_and_imports_back(
    client: Client, alice_admin: User, athlete: Person
) -> None:
    _hostile_member(athlete, HOSTILE[1])
    login(client, alice_admin)
    response = client.get("/en/imports/export/members.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet.cell(2, 1).value == "'" + HOSTILE[1]
    table = read_table(response.content, "members.xlsx")
    assert table.rows[0][:2] == [HOSTILE[1], "=1+1"]


@pytest.mark.parametrize("name", ["Nul\x00l", "Vert\x0bical", "Esc\x1b[31m"])
def test_exports_never_fail_on_control_characters(
    client: Client, alice_admin: User, athlete: Person, name: str
) -> None:
    Person.objects.filter(pk=athlete.pk).update(last_name=name)
    login(client, alice_admin)
    for what in ("members", "licences"):
        response = client.get(f"/en/imports/export/{what}.xlsx")
        assert response.status_code == 200
        load_workbook(io.BytesIO(response.content))
    data = b"".join(client.get("/en/imports/export/members.csv").streaming_content).decode("utf-8-sig")
    assert "\x00" not in data and "\ufffd" in data
