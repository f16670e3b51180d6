"""The figures of practice: licences by season, region, discipline, age group, gender and kind.

Counted licences are those the federation issued: approved, active or expired (not requests still
waiting, nor refused or revoked ones). Everything comes from ONE grouped query over the licences
(season × region × discipline × gender × kind × birth year), plus one query each for the region and
discipline names; the breakdowns are sums over its few hundred rows, so the page stays fast at any size.

Age groups follow the FIS convention: a competitor's age for a season is the calendar year in which the
season ends minus the year of birth (for 2025/26: 2026 − birth year), whatever the birthday. U10 is
ages up to 9, U12 10–11, U14 12–13, U16 14–15, U18 16–17, U21 18–20, seniors 21–29, masters 30 and over.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import CharField, Count, IntegerField
from django.db.models.functions import Cast, ExtractYear, Substr
from django.utils.translation import gettext_lazy as _

from alatau.licences.models import Licence
from alatau.registry.models import Discipline, Gender, Region

COUNTED = (Licence.Status.APPROVED, Licence.Status.ACTIVE, Licence.Status.EXPIRED)

#: (code, label, oldest age in the group); a group holds the ages above the previous group's oldest.
AGE_GROUPS: list[tuple[str, Any, int]] = [
    ("U10", "U10", 9),
    ("U12", "U12", 11),
    ("U14", "U14", 13),
    ("U16", "U16", 15),
    ("U18", "U18", 17),
    ("U21", "U21", 20),
    ("seniors", _("Seniors (21–29)"), 29),
    ("masters", _("Masters (30+)"), 200),
]


def age_group(season: int, birth_year: int) -> str:
    """The FIS age group of someone born in ``birth_year`` during the season starting in ``season``.

    >>> age_group(2025, 2012)   # 2026 - 2012 = 14
    'U16'
    """
    age = season + 1 - birth_year
    return next(code for code, _label, oldest in AGE_GROUPS if age <= oldest)


@dataclass
class Line:
    """One category of a breakdown: its count this season and the previous one."""

    key: str
    label: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        """Growth in per cent; ``None`` when there was nothing the season before."""
        return None if not self.previous else 100.0 * self.change / self.previous


@dataclass
class Breakdown:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Figures:
    season: int
    seasons: list[int]
    by_season: dict[int, int]
    total: Line
    breakdowns: list[Breakdown]


BREAKDOWNS = ("region", "discipline", "age", "gender", "kind")


def _birth_year() -> Any:
    """The year of birth in SQL. SQLite keeps dates as ISO text, and Django's ExtractYear calls a Python
    function for every row there: cutting the text is twice as fast over 50,000 licences."""
    if connection.vendor == "sqlite":
        return Cast(Substr(Cast("person__birth_date", CharField()), 1, 4), IntegerField())
    return ExtractYear("person__birth_date")


def licence_counts() -> list[dict[str, Any]]:
    """The one grouped query: counted licences by season, region, discipline, gender, kind and birth year."""
    rows = (
        Licence.objects.filter(status__in=COUNTED)
        .values("season", "club__region_id", "discipline_id", "person__gender", "kind")
        .annotate(birth_year=_birth_year(), n=Count("id"))
        .order_by()  # no default ordering: it would join the people into the GROUP BY
    )
    return list(rows)


def practice_figures(season: int | None = None, *, rows: list[dict[str, Any]] | None = None) -> Figures:
    """Every figure of the dashboard for ``season`` (default: the latest with licences) and the one before.

    Parameters
    ----------
    season : int, optional
        The season, named by the year it starts.
    rows : list of dict, optional
        The result of :func:`licence_counts` (queried when not given).
    """
    rows = licence_counts() if rows is None else rows
    by_season = Counter[int]()
    for row in rows:
        by_season[row["season"]] += row["n"]
    seasons = sorted(by_season)
    chosen = season if season is not None else (seasons[-1] if seasons else _current_season())
    labels = _labels(rows)
    breakdowns = [_breakdown(key, rows, chosen, labels) for key in BREAKDOWNS]
    total = Line("total", str(_("All licences")), by_season.get(chosen, 0), by_season.get(chosen - 1, 0))
    return Figures(chosen, seasons, dict(by_season), total, breakdowns)


def _current_season() -> int:
    from django.utils import timezone

    from alatau.licences.services import season_of

    return season_of(timezone.localdate())


def _keyers() -> dict[str, Callable[[dict[str, Any]], str]]:
    return {
        "region": lambda row: str(row["club__region_id"]),
        "discipline": lambda row: str(row["discipline_id"] or ""),
        "age": lambda row: age_group(row["season"], row["birth_year"]),
        "gender": lambda row: str(row["person__gender"]),
        "kind": lambda row: str(row["kind"]),
    }


TITLES = {
    "region": _("Licences by region"),
    "discipline": _("Licences by discipline"),
    "age": _("Licences by age group"),
    "gender": _("Licences by gender"),
    "kind": _("Licences by kind"),
}


def _breakdown(
    key: str, rows: list[dict[str, Any]], season: int, labels: dict[str, dict[str, str]]
) -> Breakdown:
    keyer = _keyers()[key]
    counts = {season: Counter[str](), season - 1: Counter[str]()}
    for row in rows:
        if row["season"] in counts:
            counts[row["season"]][keyer(row)] += row["n"]
    names = labels[key]
    order = (
        list(names)
        if key in ("age", "gender", "kind")
        else sorted(
            set(counts[season]) | set(counts[season - 1]), key=lambda k: (-counts[season][k], names.get(k, k))
        )
    )
    lines = [Line(k, names.get(k, k), counts[season][k], counts[season - 1][k]) for k in order]
    return Breakdown(key, str(TITLES[key]), lines)


def _labels(rows: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Names in the active language for each breakdown's keys (two small queries)."""
    regions = {
        str(r.pk): r.name for r in Region.objects.filter(pk__in={row["club__region_id"] for row in rows})
    }
    disciplines = {str(d.pk): d.name for d in Discipline.objects.all()}
    disciplines[""] = str(_("Not specified"))
    return {
        "region": regions,
        "discipline": disciplines,
        "age": {code: str(label) for code, label, _oldest in AGE_GROUPS},
        "gender": {code: str(label) for code, label in Gender.choices},
        "kind": {code: str(label) for code, label in Licence.Kind.choices},
    }
