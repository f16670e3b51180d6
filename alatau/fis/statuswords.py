"""Status words as FIS lists and timing exports write them, in English, Kazakh, Russian and French.

``Did not start 1st run``, ``DNF``, ``Disqualified (2nd run)``, ``Не финишировал, 2-я попытка``,
``Abandon 1re manche``, ``DQ`` … become the codes of :mod:`alatau.fis.results` (``DNS1``, ``DNF2`` …).
A word without a run is resolved by :func:`resolve_run`: run 1 in a one-run race, otherwise the first
run without a time (the run the competitor stopped in).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

# Base phrases (lower case, ё → е, punctuation removed) → status family.
_WORDS: dict[str, str] = {
    # English and the codes
    "dns": "DNS",
    "dnf": "DNF",
    "dsq": "DSQ",
    "dq": "DSQ",
    "dnq": "DNQ",
    "nps": "NPS",
    "did not start": "DNS",
    "did not finish": "DNF",
    "disqualified": "DSQ",
    "did not qualify": "DNQ",
    "not qualified": "DNQ",
    "not permitted to start": "NPS",
    # French
    "non partant": "DNS",
    "non partante": "DNS",
    "na pas pris le depart": "DNS",
    "pas parti": "DNS",
    "abandon": "DNF",
    "na pas termine": "DNF",
    "na pas fini": "DNF",
    "disqualifie": "DSQ",
    "disqualifiee": "DSQ",
    "non qualifie": "DNQ",
    "non qualifiee": "DNQ",
    "non autorise a prendre le depart": "NPS",
    # Russian
    "не стартовал": "DNS",
    "не стартовала": "DNS",
    "не финишировал": "DNF",
    "не финишировала": "DNF",
    "сошел": "DNF",
    "сошла": "DNF",
    "дисквалифицирован": "DSQ",
    "дисквалифицирована": "DSQ",
    "не квалифицировался": "DNQ",
    "не квалифицировалась": "DNQ",
    "не прошел квалификацию": "DNQ",
    "не прошла квалификацию": "DNQ",
    "не допущен к старту": "NPS",
    "не допущена к старту": "NPS",
    # Kazakh
    "старттамады": "DNS",
    "стартқа шықпады": "DNS",
    "мәреге жетпеді": "DNF",
    "мәреге жеткен жоқ": "DNF",
    "дисквалификацияланды": "DSQ",
    "іріктеуден өтпеді": "DNQ",
    "стартқа жіберілмеді": "NPS",
}
_RUN_NOUN = r"run|manche|попытк[аеиу]|заезд[ае]?|спуск[ае]?|жүріс(?:те)?|әрекет(?:те)?|тур[ае]?"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|re|er|ere|e|eme|nde|я|й|ой|ая|ом|ші|шы)?"
_NUMBERED = re.compile(rf"\b([1-3])\s*-?\s*{_ORDINAL_SUFFIX}\s*(?:{_RUN_NOUN})\b")
_RUN_FIRST = re.compile(rf"\b(?:{_RUN_NOUN})\s*(?:no\s*|n\s*|№\s*)?([1-3])\b")
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "premiere": 1,
    "deuxieme": 2,
    "seconde": 2,
    "troisieme": 3,
    "первая": 1,
    "первой": 1,
    "первом": 1,
    "вторая": 2,
    "второй": 2,
    "втором": 2,
    "третья": 3,
    "третьей": 3,
    "бірінші": 1,
    "екінші": 2,
    "үшінші": 3,
}
_WORD_RUN = re.compile(rf"\b({'|'.join(_ORDINAL_WORDS)})\s+(?:{_RUN_NOUN})\b")
_ACCENTS = str.maketrans("éèêëàâîïôûùç", "eeeeaaiiouuc")


def _normalise(text: str) -> str:
    lowered = text.strip().lower().replace("ё", "е").translate(_ACCENTS)
    lowered = re.sub(r"[’'`]", "", lowered)
    lowered = re.sub(r"[()\[\],.:;/_]", " ", lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def status_word(text: str) -> tuple[str, int | None] | None:
    """Return (family, run) for a status word (``DNF``, 2), run None when the word names none.

    None when ``text`` is not a known status word.
    """
    norm = _normalise(text)
    run: int | None = None
    for pattern in (_NUMBERED, _RUN_FIRST, _WORD_RUN):
        match = pattern.search(norm)
        if match:
            value = match.group(1)
            run = _ORDINAL_WORDS[value] if value in _ORDINAL_WORDS else int(value)
            norm = (norm[: match.start()] + " " + norm[match.end() :]).strip()
            break
    norm = re.sub(r"\s+", " ", re.sub(r"\s-\s|^-|-$", " ", norm)).strip()
    family = _WORDS.get(norm)
    return None if family is None else (family, run)


def resolve_run(runs: Sequence[Decimal | None]) -> int:
    """Return the run a status without a run refers to.

    Parameters
    ----------
    runs
        The competitor's run times (None: no time); an empty or one-element sequence is a one-run race.

    Returns
    -------
    int
        1 for a one-run race, else the first run without a time (the last run if all have one).
    """
    if len(runs) <= 1:
        return 1
    missing = [index for index, time in enumerate(runs, start=1) if time is None]
    return missing[0] if missing else len(runs)
