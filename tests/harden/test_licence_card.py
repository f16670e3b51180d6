"""The licence card fits long names in smaller type on two lines, and never drops a character."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from alatau.core.models import User
from alatau.licences import card
from alatau.licences.models import Licence
from alatau.licences.services import approve_licence, request_licence, season_of, today
from alatau.registry.models import Club, Person

LAST = "Nurmagambetova-Zhaksylykova"
FIRST = "Aigerim-Anastasia Bakhytzhankyzy Kairatova"  # with the last name: 70 characters
LAST_CYR = "Нұрмағамбетова-Жақсылықова"
FIRST_CYR = "Айгерім-Анастасия Бақытжанқызы Қайратқызы Сейтқали"
CLUB = "Almaty Regional Alpine Ski and Snowboard School of Olympic Reserve No. 1"


@pytest.fixture
def long_named(athlete: Person, club_shymbulak: Club, carol_manager: User, alice_admin: User) -> Licence:
    athlete.last_name, athlete.first_name = LAST, FIRST
    athlete.last_name_cyrillic, athlete.first_name_cyrillic = LAST_CYR, FIRST_CYR
    athlete.save()
    club_shymbulak.name = CLUB
    club_shymbulak.save()
    licence = request_licence(athlete, club_shymbulak, "competitor", season_of(today()), user=carol_manager)
    return approve_licence(licence, user=alice_admin)


def _text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\s]+", text)


def test_a_seventy_character_name_is_all_on_the_card(
    client: Client, alice_admin: User, long_named: Licence
) -> None:
    full = f"{LAST.upper()} {FIRST}"
    assert len(full) == 70
    client.force_login(alice_admin)
    answer = client.get(reverse("licences:licence-card", args=[long_named.pk]))
    assert answer.status_code == 200
    text = _text(answer.content)
    joined = text.replace(" ", "")
    for whole in (full, f"{LAST_CYR} {FIRST_CYR}", f"Club: {CLUB}", long_named.number):
        assert whole.replace(" ", "") in joined, whole  # every character, in order (lines joined)
    for word in _words(full) + _words(FIRST_CYR) + _words(CLUB):
        assert word in text or word.replace("-", "") in joined


def test_long_text_takes_two_lines_of_smaller_type_within_the_card(long_named: Licence) -> None:
    regular, bold = card.fonts()
    full = f"{LAST.upper()} {FIRST}"
    blocks = [card.TextBlock(full, bold, 10, 6), card.TextBlock(f"Club: {CLUB}", regular, 6.5, 5)]
    placed = card.fit_blocks(blocks, card.CARD[1] - 17 * 72 / 25.4)
    name_lines = [line for line in placed if line[0] == bold]
    assert len(name_lines) == 2 and name_lines[0][1] < 10  # smaller type, two lines
    assert " ".join(line[3] for line in name_lines) == full  # nothing dropped
    for font, size, baseline, text in placed:
        width = stringWidth(text, font, size)
        assert card.TEXT_LEFT + width <= card.CARD[0] - 4 * 72 / 25.4  # inside the right margin
        beside_qr = baseline - 0.25 * size <= card.QR_TOP + 72 / 25.4
        assert not beside_qr or width <= card.BESIDE_QR  # never over the QR code
        assert baseline >= card.TEXT_BOTTOM


def test_a_short_name_keeps_the_large_type() -> None:
    _regular, bold = card.fonts()
    placed = card.fit_blocks([card.TextBlock("ABENOV Aidar", bold, 10, 6)], 100.0)
    assert placed == [(bold, 10, 100.0, "ABENOV Aidar")]


def test_a_word_longer_than_a_line_is_cut_not_dropped() -> None:
    regular, _bold = card.fonts()
    word = "X" * 120
    lines = card.wrap(word, regular, 6, lambda index: 100.0)
    assert "".join(lines) == word and len(lines) > 1
    assert all(stringWidth(line, regular, 6) <= 100.0 for line in lines)
