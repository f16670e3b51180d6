"""Number words 0–100 in kk, ru, en, fr, answer parsing and question drawing (pure, no database)."""

import random

import pytest
from num2words import num2words

from alatau.news.captcha import (
    LANGS,
    MINUS,
    TIMES,
    Question,
    draw_question,
    french_spellings,
    number_words,
    parse_answer,
)

NUM2WORDS_LANG = {"kk": "kz", "ru": "ru", "en": "en", "fr": "fr"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_matches_num2words(lang: str) -> None:
    for n in range(101):
        assert number_words(n, lang) == num2words(n, lang=NUM2WORDS_LANG[lang]), n


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_reads_back(lang: str) -> None:
    for n in range(101):
        assert parse_answer(number_words(n, lang)) == n
        assert parse_answer(str(n)) == n


@pytest.mark.parametrize(
    ("n", "lang", "words"),
    [
        (71, "fr", "soixante et onze"),
        (80, "fr", "quatre-vingts"),
        (81, "fr", "quatre-vingt-un"),
        (91, "fr", "quatre-vingt-onze"),
        (21, "fr", "vingt et un"),
        (77, "fr", "soixante-dix-sept"),
        (40, "kk", "қырық"),
        (90, "kk", "тоқсан"),
        (13, "kk", "он үш"),
        (40, "ru", "сорок"),
        (90, "ru", "девяносто"),
        (13, "ru", "тринадцать"),
        (13, "en", "thirteen"),
    ],
)
def test_tricky_numbers_by_hand(n: int, lang: str, words: str) -> None:
    assert number_words(n, lang) == words


def test_both_french_spellings_accepted() -> None:
    assert french_spellings(71) == ("soixante et onze", "soixante-et-onze")
    assert french_spellings(21) == ("vingt et un", "vingt-et-un")
    for answer in ["soixante-et-onze", "Soixante et onze", " SOIXANTE  ET-ONZE "]:
        assert parse_answer(answer) == 71
    assert parse_answer("quatre vingt dix sept") == 97
    assert parse_answer("Quatre-Vingt-Dix-Sept") == 97


def test_answers_normalised_and_loose_input_refused() -> None:
    assert parse_answer(" 5 ") == 5
    assert parse_answer("Twenty One") == 21
    assert parse_answer("он-үш") == 13
    assert parse_answer("5abc") is None
    assert parse_answer("") is None
    assert parse_answer("vingt un") is None


def test_out_of_range_words_refused() -> None:
    with pytest.raises(ValueError):
        number_words(101, "fr")
    with pytest.raises(ValueError):
        number_words(5, "de")


def test_questions_stay_in_range() -> None:
    rng = random.Random(7)
    ops = set()
    for _ in range(2000):
        q = draw_question(rng)  # type: ignore[arg-type]
        ops.add(q.op)
        assert 0 <= q.left <= 20 and 0 <= q.right <= 20
        assert 0 <= q.answer <= 100
    assert ops == {"+", MINUS, TIMES}


def test_question_text_in_each_language() -> None:
    q = Question(13, MINUS, 8)
    assert q.text("fr") == "treize − huit ="
    assert q.text("kk") == "он үш − сегіз ="
    assert q.text("ru") == "тринадцать − восемь ="
    assert q.text("en") == "thirteen − eight ="
    assert q.answer == 5
