"""Item 2 of issue 13: dates that read either way (03/04/2008) make the import ask once, for every row."""

import datetime as dt
import re

import pytest
from django.test import Client

from alatau.core.models import User
from alatau.imports import dates, services
from alatau.imports.members import guess_mapping
from alatau.imports.models import Upload
from alatau.imports.parsing import read_table
from alatau.registry.models import Club, Person
from tests.web.conftest import login
from tests.web.test_imports import mapping_post, upload

HEADER = "last_name,first_name,birth_date,gender\n"
AMBIGUOUS = HEADER + "Abenov,Erlan,03/04/2008,M\nKim,Dana,05/06/2007,W\n"


@pytest.mark.parametrize(
    "values,order",
    [
        (["03/04/2008", "05/06/2007"], "ambiguous"),
        (["03/04/2008", "25/12/2008"], "day"),
        (["03/04/2008", "12/25/2008"], "month"),
        (["05/05/2008", "2008-04-03"], None),
        (["03.04.2008"], None),  # dots: the day-first convention, never asked
    ],
)
def test_file_order(values: list[str], order: str | None) -> None:
    assert dates.file_order(values) == order


def test_month_first_reads_every_row_that_way(carol_manager: User, club_shymbulak: Club) -> None:
    table = read_table(AMBIGUOUS.encode(), "m.csv")
    mapping = guess_mapping(table)
    assert dates.ambiguous_example(table, mapping) == "03/04/2008"
    services.import_members(table, mapping, club_shymbulak, user=carol_manager, date_order="month")
    born = dict(Person.objects.values_list("last_name", "birth_date"))
    assert born == {"Abenov": dt.date(2008, 3, 4), "Kim": dt.date(2007, 5, 6)}


def test_day_first_is_the_default(carol_manager: User, club_shymbulak: Club) -> None:
    table = read_table(AMBIGUOUS.encode(), "m.csv")
    services.import_members(table, guess_mapping(table), club_shymbulak, user=carol_manager)
    assert Person.objects.get(last_name="Abenov").birth_date == dt.date(2008, 4, 3)


def _check(client: Client, club: Club, text: str, **answer: str) -> tuple[Upload, str]:
    response = upload(client, club, text)
    stored = Upload.objects.latest("pk")
    page = client.post(response["Location"], mapping_post(stored) | answer).content.decode()
    return stored, page


def test_the_mapping_page_asks_once_and_the_import_uses_the_answer(
    client: Client, carol_manager: User, club_shymbulak: Club
) -> None:
    login(client, carol_manager)
    response = upload(client, club_shymbulak, AMBIGUOUS)
    question = client.get(response["Location"]).content.decode()
    assert question.count('name="date_order"') == 2  # one question: two choices
    day_choice = re.search(r'<input[^>]*value="day"[^>]*>', question)
    assert day_choice and "checked" in day_choice.group(0)  # day first is the default shown
    assert "03/04/2008" in question and "every row" in question
    stored, report = _check(client, club_shymbulak, AMBIGUOUS, date_order="month")
    assert '<input type="hidden" name="date_order" value="month">' in report
    client.post(f"/en/imports/{stored.pk}/confirm/", {"date_order": "month"})
    assert Person.objects.get(last_name="Kim").birth_date == dt.date(2007, 5, 6)


@pytest.mark.parametrize(
    "text", [HEADER + "Abenov,Erlan,25/12/2008,M\nKim,Dana,03/04/2007,W\n", HEADER + "A,B,2008-04-03,M\n"]
)
def test_no_question_when_the_file_says_the_order(
    client: Client, carol_manager: User, club_shymbulak: Club, text: str
) -> None:
    login(client, carol_manager)
    response = upload(client, club_shymbulak, text)
    assert 'name="date_order"' not in client.get(response["Location"]).content.decode()


def test_the_question_speaks_russian(client: Client, carol_manager: User, club_shymbulak: Club) -> None:
    login(client, carol_manager)
    response = upload(client, club_shymbulak, AMBIGUOUS)
    page = client.get(response["Location"].replace("/en/", "/ru/")).content.decode()
    assert "Сначала день" in page and "03/04/2008" in page
