"""FIS alpine rule tables, one per season, kept as package data (``alatau/fis/data/seasons/*.json``).

Every season-dependent number — F-values, maximum values, category → race level, minimum/maximum
penalty per category and the race-level adders — lives in the JSON tables, never in code. Values the
digest marks provisional are listed under ``provisional`` in the table and reported by
:meth:`SeasonRules.provisional_notes`. A points list's own header values override a table through
:meth:`SeasonRules.with_overrides`.

Public interface (used by the points-list and XML modules, the CLI and the web apps)::

    rules = get_season("2021-22")          # or get_season(None) for the latest season
    rules.f_value("SL"), rules.max_value("SL"), rules.double_max("SL")
    rules.category("FIS")                  # CategoryRule(code, level, min_penalty, max_penalty, adder)
    rules.with_overrides(category_limits={"CIT": ("40", "999")})
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from alatau.errors import InputError

DISCIPLINES: tuple[str, ...] = ("DH", "SG", "GS", "SL", "AC")
_SEASON_PACKAGE = "alatau.fis.data.seasons"
_SEASON_NAME = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")

DecimalLike = Decimal | str | int


@dataclass(frozen=True)
class CategoryRule:
    """A race category (``FIS``, ``NC``, ``WC`` …): its race level, penalty limits and level adder."""

    code: str
    level: int
    min_penalty: Decimal
    max_penalty: Decimal
    adder: Decimal


@dataclass(frozen=True)
class SeasonRules:
    """The rule table of one season. Immutable; build variants with :meth:`with_overrides`."""

    name: str
    f_values: Mapping[str, Decimal]
    max_values: Mapping[str, Decimal]
    level_adders: Mapping[int, Decimal]
    categories: Mapping[str, CategoryRule]
    provisional: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    table: str = ""

    @property
    def borrowed(self) -> bool:
        """True when the season has no table of its own and uses an earlier season's (:attr:`table`)."""
        return bool(self.table) and self.table != self.name

    def f_value(self, discipline: str) -> Decimal:
        """Return the F-value of ``discipline`` (``DH``, ``SG``, ``GS``, ``SL``, ``AC``)."""
        return self.f_values[parse_discipline(discipline)]

    def max_value(self, discipline: str) -> Decimal:
        """Return the maximum value of ``discipline`` used to cap and pad the penalty sums."""
        return self.max_values[parse_discipline(discipline)]

    def double_max(self, discipline: str) -> Decimal:
        """Return twice the maximum value: the penalty of the double-maximum rule (art. 4.4.4)."""
        return 2 * self.max_value(discipline)

    def category(self, code: str) -> CategoryRule:
        """Return the rule of category ``code`` (case-insensitive); :class:`InputError` if unknown."""
        key = code.strip().upper()
        if key not in self.categories:
            known = ", ".join(sorted(self.categories))
            raise InputError(f"unknown category {code!r} for season {self.name} (known: {known})")
        return self.categories[key]

    def provisional_notes(self, category: str | None = None) -> list[str]:
        """Return the notes on provisional values that matter for a race of ``category``."""
        prefix = f"categories.{category.strip().upper()}." if category else None
        return [
            f"{key}: {note}"
            for key, note in self.provisional.items()
            if "." not in key or (prefix is not None and key.startswith(prefix))
        ]

    def with_overrides(
        self,
        *,
        f_values: Mapping[str, DecimalLike] | None = None,
        max_values: Mapping[str, DecimalLike] | None = None,
        level_adders: Mapping[int, DecimalLike] | None = None,
        category_limits: Mapping[str, tuple[DecimalLike, DecimalLike]] | None = None,
        category_adders: Mapping[str, DecimalLike] | None = None,
        source: str = "points list header",
    ) -> SeasonRules:
        """Return a copy with values taken from a points list header (art. 4.5: published on its 1st page).

        Parameters
        ----------
        f_values, max_values
            Per discipline code.
        level_adders
            Per race level; re-derives the adder of every category of that level.
        category_limits
            ``{category: (min_penalty, max_penalty)}``; an unknown category is added at level 3.
        category_adders
            ``{category: adder}``, applied after ``level_adders``.
        source
            Recorded in :attr:`source`; overridden values stop being provisional.
        """
        adders = {**self.level_adders, **_decimals(level_adders or {}, int)}
        categories = {
            code: replace(rule, adder=adders.get(rule.level, rule.adder))
            for code, rule in self.categories.items()
        }
        for code, (low, high) in (category_limits or {}).items():
            key = code.strip().upper()
            base = categories.get(key) or CategoryRule(
                key, 3, Decimal(0), Decimal(999), adders.get(3, Decimal(0))
            )
            categories[key] = replace(base, min_penalty=_decimal(low, key), max_penalty=_decimal(high, key))
        for code, adder in (category_adders or {}).items():
            key = code.strip().upper()
            categories[key] = replace(self.category(key), adder=_decimal(adder, key))
        return replace(
            self,
            f_values=_frozen({**self.f_values, **_decimals(f_values or {}, parse_discipline)}),
            max_values=_frozen({**self.max_values, **_decimals(max_values or {}, parse_discipline)}),
            level_adders=_frozen(adders),
            categories=_frozen(categories),
            provisional=_frozen(_still_provisional(self.provisional, f_values, max_values, category_limits)),
            source=f"{self.source}; overridden by {source}" if self.source else source,
        )


def parse_discipline(text: str) -> str:
    """Return the discipline code of ``text`` (case-insensitive); :class:`InputError` if unknown."""
    code = str(text).strip().upper()
    if code not in DISCIPLINES:
        raise InputError(f"unknown discipline {text!r} (expected one of {', '.join(DISCIPLINES)})")
    return code


def season_names() -> list[str]:
    """Return the seasons with a rule table, oldest first (``["2021-22", "2025-26"]``)."""
    files = resources.files(_SEASON_PACKAGE).iterdir()
    return sorted(f.name.removesuffix(".json") for f in files if f.name.endswith(".json"))


def normalise_season(name: str) -> str:
    """Return ``2021-22`` for ``2021-22``, ``2021/22``, ``2021-2022`` or ``2021/2022``."""
    match = _SEASON_NAME.match(name.strip())
    if not match:
        raise InputError(f"malformed season {name!r} (expected e.g. 2021-22)")
    return f"{match[1]}-{match[2][-2:]}"


def get_season(name: str | None = None) -> SeasonRules:
    """Return the rule table of season ``name``, or of the latest season when ``name`` is None.

    A season without its own table (2022-23 to 2024-25 today) uses the latest earlier table, marked
    provisional: its notes (:meth:`SeasonRules.provisional_notes`) say which table stands in, so past
    races can be entered and scored.

    Raises
    ------
    InputError
        When the season is malformed or before the first table (the message lists the known seasons).
    """
    known = season_names()
    key = known[-1] if name is None else normalise_season(name)
    if key in known:
        return _load(key)
    earlier = [season for season in known if season < key]
    if not earlier:
        raise InputError(
            f"no rule table for season {name!r}: it is before the first one (known: {', '.join(known)})"
        )
    return _borrowed(key, earlier[-1])


@cache
def _borrowed(key: str, base: str) -> SeasonRules:
    rules = _load(base)
    note = f"season {key} has no rule table of its own; the {base} table is used"
    return replace(
        rules,
        name=key,
        provisional=_frozen({"season": note, **rules.provisional}),
        source=f"{rules.source} (table of {base}, provisional for {key})".strip(),
        table=base,
    )


@cache
def _load(key: str) -> SeasonRules:
    text = resources.files(_SEASON_PACKAGE).joinpath(f"{key}.json").read_text(encoding="utf-8")
    return _from_table(json.loads(text))


def _from_table(table: dict[str, Any]) -> SeasonRules:
    adders = _decimals(table["level_adders"], int)
    categories: dict[str, CategoryRule] = {}
    for group in table["categories"]:
        level = int(group["level"])
        for code in group["codes"]:
            low, high = _decimal(group["min"], code), _decimal(group["max"], code)
            categories[code] = CategoryRule(code, level, low, high, adders[level])
    return SeasonRules(
        name=table["season"],
        f_values=_frozen(_decimals(table["f_values"], parse_discipline)),
        max_values=_frozen(_decimals(table["max_values"], parse_discipline)),
        level_adders=_frozen(adders),
        categories=_frozen(categories),
        provisional=_frozen(dict(table.get("provisional", {}))),
        source=table.get("source", ""),
        table=table["season"],
    )


def _still_provisional(
    provisional: Mapping[str, str],
    f_values: Mapping[str, Any] | None,
    max_values: Mapping[str, Any] | None,
    category_limits: Mapping[str, Any] | None,
) -> dict[str, str]:
    # A value read from a published points list is no longer provisional.
    confirmed = {"f_values"} if f_values else set()
    confirmed |= {"max_values"} if max_values else set()
    confirmed |= {f"categories.{c.strip().upper()}.min" for c in category_limits or {}}
    return {key: note for key, note in provisional.items() if key not in confirmed}


def _decimal(value: DecimalLike, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"malformed number {value!r} for {what}") from None
    if not number.is_finite():
        raise InputError(f"malformed number {value!r} for {what}")
    return number


def _decimals(values: Mapping[Any, DecimalLike], key: Any) -> dict[Any, Decimal]:
    return {key(k): _decimal(v, str(k)) for k, v in values.items()}


def _frozen(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(mapping)
