"""Search keys for names in any script.

SQLite's ``LIKE`` and ``lower()`` fold only ASCII letters, so ``icontains`` finds "Zhakupov" for
"zhakup" but misses "Жакупов" for "жакуп" there (PostgreSQL folds both). Folding in Python, once
when a person is saved and once for each search word, gives the same answer on every database.
"""

import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

#: The person fields a name search looks in (Latin and Cyrillic names, FIS code).
SEARCHED_FIELDS = ("last_name", "first_name", "last_name_cyrillic", "first_name_cyrillic", "fis_code")

#: Room for the folded fields: casefolding may lengthen a name ("ß" → "ss").
SEARCH_NAME_LENGTH = 600


def search_key(text: str) -> str:
    """Fold ``text`` for matching: NFKC-normalised, casefolded, with "ё" read as "е".

    Casefolding covers every script: Kazakh Ә Ғ Қ Ң Ө Ұ Ү Һ І fold like Latin A. NFKC makes a
    letter typed as base + combining mark equal to the precomposed one (й, ё). Russian writing
    often puts "е" for "ё", so both are stored and searched as "е".
    """
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def search_text(values: Iterable[object]) -> str:
    """The stored search name: the folded, non-empty values joined by spaces (so no word spans two)."""
    key = " ".join(search_key(str(value).strip()) for value in values if value)
    return key[:SEARCH_NAME_LENGTH]


def search_words(query: str | None) -> list[str]:
    """The folded words of a search box; each must occur in the search name."""
    return search_key(query or "").split()


#: The club fields a club search looks in (its name, short name and town).
CLUB_SEARCHED_FIELDS = ("name", "short_name", "town")


def search_filter(queryset: QuerySet[M], query: str | None, *, via: str = "") -> QuerySet[M]:
    """Rows whose search name (through ``via``, e.g. ``"club__"``) holds every word of ``query``."""
    for word in search_words(query):
        queryset = queryset.filter(**{f"{via}search_name__contains": word})
    return queryset
