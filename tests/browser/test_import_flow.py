"""In Chromium: a club manager imports a CSV with one bad row, sees the report by row and finds nothing
imported, then fixes the file, imports it and finds the members in the registry."""

from pathlib import Path
from typing import Any

import pytest

from alatau.core.models import User
from alatau.registry.models import Person
from tests.web.conftest import PASSWORD

# The live server needs committed data.
pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "Фамилия;Имя;Last name;First name;Дата рождения;Пол;Код FIS\n"
GOOD_ROWS = "Абенов;Ерлан;Abenov;Erlan;03.02.2001;М;6190001\nКим;Дана;Kim;Dana;2004-05-06;Ж;\n"
BAD_ROW = "Нуров;Арман;Nurov;Arman;31.02.2005;М;\n"
FIXED_ROW = "Нуров;Арман;Nurov;Arman;28.02.2005;М;\n"


def upload_and_check(page: Any, path: Path) -> None:
    page.goto("/en/imports/")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=Upload and continue")
    page.wait_for_selector("text=Which column holds each field?")
    page.click("button[name=check]")
    page.wait_for_selector("#report")


def test_manager_imports_a_file_after_fixing_its_bad_row(
    page: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # The personas are imported fixtures: asking for them by name keeps the imports from being shadowed.
    manager: User = request.getfixturevalue("carol_manager")
    request.getfixturevalue("club_shymbulak")
    page.goto("/en/accounts/login/")
    page.fill("input[name=username]", manager.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector(f"text={manager.username}")

    bad = tmp_path / "members.csv"
    bad.write_text(HEADER + GOOD_ROWS + BAD_ROW, encoding="cp1251")
    upload_and_check(page, bad)
    report = page.inner_text("#report")
    assert "1 row has problems" in report and "Nothing has been imported" in report
    assert page.inner_text("table.report tbody tr td:first-child") == "4"  # the bad line of the file
    assert "31.02.2005" in page.inner_text("table.report")
    assert page.locator("button[name=confirm]").count() == 0
    assert not Person.objects.exists()

    page.click("text=Upload a corrected file")
    fixed = tmp_path / "members-fixed.csv"
    fixed.write_text(HEADER + GOOD_ROWS + FIXED_ROW, encoding="cp1251")
    upload_and_check(page, fixed)
    assert "All 3 rows are ready to import" in page.inner_text("#report")
    page.click("button[name=confirm]")
    page.wait_for_selector("#imported")
    assert "3 members imported into Shymbulak Ski Club" in page.inner_text("#imported")
    assert sorted(Person.objects.values_list("last_name", flat=True)) == ["Abenov", "Kim", "Nurov"]
    assert Person.objects.get(last_name="Nurov").last_name_cyrillic == "Нуров"
