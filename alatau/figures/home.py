"""The home page's key figures of practice: the season's licences against the last, where skiing grows."""

from typing import Any

from alatau.figures.services import Breakdown, Line, practice_figures
from alatau.licences.services import season_label

TOP = 3


def _top(breakdown: Breakdown) -> list[Line]:
    return [line for line in breakdown.lines if line.current][:TOP]


def figures_block() -> dict[str, Any]:
    """The season, its licence total with the change since the season before, the leading disciplines
    and regions, and how many regions have licensed skiers."""
    figures = practice_figures()
    by_key = {breakdown.key: breakdown for breakdown in figures.breakdowns}
    regions = [line for line in by_key["region"].lines if line.current]
    return {
        "season": season_label(figures.season),
        "previous": season_label(figures.season - 1),
        "total": figures.total,
        "disciplines": _top(by_key["discipline"]),
        "regions": regions[:TOP],
        "region_count": len(regions),
    }
