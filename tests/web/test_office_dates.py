"""Item 2 of issue 13: one day-first date format per language, 24-hour times, everywhere."""

import datetime as dt
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from alatau.core.models import User
from alatau.licences.services import request_licence, season_of, today
from alatau.registry.models import Club, Membership, Person
from tests.web.conftest import login

MONTH_FIRST = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\.? \d{1,2}\b|\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\. \d{1,2}\b"
)
TWELVE_HOUR = re.compile(r"\b(a\.m\.|p\.m\.|AM|PM|noon|midnight)\b")


@pytest.fixture
def born_on_the_14th(club_shymbulak: Club) -> Person:
    person = Person.objects.create(
        last_name="Dates", first_name="Dana", birth_date=dt.date(2010, 3, 14), gender="W"
    )
    Membership.objects.create(person=person, club=club_shymbulak, start_date=dt.date(2020, 12, 25))
    return person


@pytest.mark.parametrize("language", ["en", "fr", "ru", "kk"])
def test_formats_are_day_first_and_24_hour(language: str) -> None:
    moment = dt.datetime(2008, 12, 25, 0, 58)
    with translation.override(language):
        shown = [
            formats.date_format(moment, name)
            for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT")
        ]
        time = formats.date_format(moment, "TIME_FORMAT")
    assert all("25" in text and "12/25" not in text for text in shown)
    assert time in ("00:58", "0:58") and not any(TWELVE_HOUR.search(text) for text in shown)
    assert all(not MONTH_FIRST.search(text) for text in shown)


def test_english_reads_day_first_input() -> None:
    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("03/04/2008") == dt.date(2008, 4, 3)
        assert field.clean("2008-04-03") == dt.date(2008, 4, 3)
        with pytest.raises(forms.ValidationError):
            field.clean("12/25/2008")  # month first is not a date here


def test_english_pages_never_show_month_first_or_am_pm(
    client: Client, alice_admin: User, carol_manager: User, born_on_the_14th: Person, club_shymbulak: Club
) -> None:
    licence = request_licence(
        born_on_the_14th, club_shymbulak, "competitor", season_of(today()), user=carol_manager
    )
    login(client, alice_admin)
    pages = [
        reverse("registry:person-detail", args=[born_on_the_14th.pk]),
        reverse("registry:person-list"),
        reverse("registry:club-detail", args=[club_shymbulak.pk]),
        reverse("licences:licence-detail", args=[licence.pk]),
        reverse("licences:licence-list"),
    ]
    for url in pages:
        assert url.startswith("/en/")
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        assert not MONTH_FIRST.search(text), url
        assert not TWELVE_HOUR.search(text), url
        assert "03/14/2010" not in text and "12/25/2020" not in text, url
    person = client.get(pages[0]).content.decode()
    assert "14 March 2010" in person and "25/12/2020" in person  # day first, long and short
    assert "2010-03-14" not in re.sub(r'value="[^"]*"', "", person)
