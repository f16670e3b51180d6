"""The word captcha: arithmetic questions whose numbers are written in words, in kk, ru, en and fr.

Pure module (no Django): number words 0–100 from the rules of each language, the accepted spellings
of an answer (both French spellings: traditional and the 1990 "all hyphens" rectification), answer
parsing (digits or words, case, spaces and hyphens normalised) and question drawing.
"""

import itertools
import re
import secrets
from dataclasses import dataclass

LANGS = ("kk", "ru", "en", "fr")
MINUS = "\u2212"
TIMES = "\u00d7"
MAX_OPERAND = 20
MAX_ANSWER = 100

_KK_UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
_KK_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]

_RU_UNITS = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
_RU_TEENS = [
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
_RU_TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]

_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

_FR_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
_FR_TEENS = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_FR_TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"]


def _check(n: int) -> None:
    if not 0 <= n <= MAX_ANSWER:
        raise ValueError(f"number words cover 0 to {MAX_ANSWER}, not {n}")


def _kk(n: int) -> str:
    if n == 100:
        return "жүз"
    if n < 10:
        return _KK_UNITS[n]
    tens, unit = divmod(n, 10)
    return _KK_TENS[tens] + (f" {_KK_UNITS[unit]}" if unit else "")


def _ru(n: int) -> str:
    if n == 100:
        return "сто"
    if n < 10:
        return _RU_UNITS[n]
    if n < 20:
        return _RU_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _RU_TENS[tens] + (f" {_RU_UNITS[unit]}" if unit else "")


def _en(n: int) -> str:
    if n == 100:
        return "one hundred"
    if n < 10:
        return _EN_UNITS[n]
    if n < 20:
        return _EN_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")


def _fr_parts(n: int) -> list[str]:
    """French words below 100 as parts; "et" is a part of its own (vingt et un, soixante et onze)."""
    if n < 10:
        return [_FR_UNITS[n]]
    if n < 17:
        return [_FR_TEENS[n - 10]]
    if n < 20:
        return ["dix", _FR_UNITS[n - 10]]
    if n >= 80:
        rest = n - 80
        if rest == 0:
            return ["quatre", "vingts"]
        return ["quatre", "vingt", *_fr_parts(rest)]
    base, rest = (60, n - 60) if n >= 60 else (n - n % 10, n % 10)
    head = _FR_TENS[base // 10]
    if rest == 0:
        return [head]
    if rest in (1, 11):
        return [head, "et", *_fr_parts(rest)]
    return [head, *_fr_parts(rest)]


def french_spellings(n: int) -> tuple[str, str]:
    """(traditional, 1990) spellings: "vingt et un" / "vingt-et-un"; equal where no "et" occurs."""
    _check(n)
    if n == 100:
        return ("cent", "cent")
    if n == 0:
        return ("zéro", "zéro")
    parts = _fr_parts(n)
    traditional = parts[0]
    for before, part in itertools.pairwise(parts):
        traditional += (" " if "et" in (before, part) else "-") + part
    return (traditional, "-".join(parts))


def number_words(n: int, lang: str) -> str:
    """The number ``n`` (0–100) in words in ``lang`` (kk, ru, en, fr; French in its traditional spelling).

    Parameters
    ----------
    n : int
        A number from 0 to 100.
    lang : str
        One of :data:`LANGS`.

    Returns
    -------
    str
        The cardinal number as written in that language.
    """
    _check(n)
    if lang == "kk":
        return _kk(n)
    if lang == "ru":
        return _ru(n)
    if lang == "en":
        return _en(n)
    if lang == "fr":
        return french_spellings(n)[0]
    raise ValueError(f"no number words for language {lang!r}")


def spellings(n: int, lang: str) -> set[str]:
    """Every spelling of ``n`` accepted as an answer in ``lang`` (before normalisation)."""
    if lang == "fr":
        return set(french_spellings(n))
    found = {number_words(n, lang)}
    if lang == "en" and n == 100:
        found |= {"a hundred", "hundred"}
    return found


def normalise(text: str) -> str:
    """Lower case, hyphens/dashes as spaces, one space between words, ё as е, no trailing "=" or dot."""
    text = text.strip().lower().replace("ё", "е")
    text = re.sub(r"[\-\u2010-\u2015_]+", " ", text)
    text = re.sub(r"[=.!,;]+", " ", text)
    return " ".join(text.split())


def _table() -> dict[str, int]:
    table: dict[str, int] = {}
    for lang in LANGS:
        for n in range(MAX_ANSWER + 1):
            for spelling in spellings(n, lang):
                table[normalise(spelling)] = n
    return table


_WORDS = _table()


def parse_answer(text: str) -> int | None:
    """The number an answer means: digits ("5", " 12 ") or words in any of the four languages; else None."""
    cleaned = normalise(text)
    if re.fullmatch(r"\d{1,3}", cleaned):
        return int(cleaned)
    return _WORDS.get(cleaned)


@dataclass(frozen=True)
class Question:
    """``left op right``; ``op`` is "+", "−" (U+2212) or "×"."""

    left: int
    op: str
    right: int

    @property
    def answer(self) -> int:
        if self.op == "+":
            return self.left + self.right
        if self.op == MINUS:
            return self.left - self.right
        return self.left * self.right

    def text(self, lang: str) -> str:
        """The question as shown, e.g. "treize − huit =" (numbers in words, the operator as a symbol)."""
        return f"{number_words(self.left, lang)} {self.op} {number_words(self.right, lang)} ="


def draw_question(rng: secrets.SystemRandom | None = None) -> Question:
    """A random question: operands 0–20, answer 0–100 and never negative (secure randomness by default)."""
    rng = rng or secrets.SystemRandom()
    op = rng.choice(["+", MINUS, TIMES])
    while True:
        left, right = rng.randint(0, MAX_OPERAND), rng.randint(0, MAX_OPERAND)
        if op == MINUS and left < right:
            left, right = right, left
        question = Question(left, op, right)
        if 0 <= question.answer <= MAX_ANSWER:
            return question
