"""``/cups``: season standings over the API (public read), the same table as the cup page and its CSV."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from alatau.api.auth import read_auth
from alatau.api.errors import DETAIL, responses
from alatau.api.schemas import PathId
from alatau.competitions import standings
from alatau.competitions.models import Cup
from alatau.fis.report import number
from alatau.fis.standings import RaceScore, Standings

router = Router(tags=["cups"])
READ_ONE = responses(dict, DETAIL)
READ_MANY = responses(list, DETAIL)


def _cup_out(cup: Cup) -> dict[str, Any]:
    rules = standings.rules_of(cup)
    return {
        "id": cup.pk, "name": cup.name, "season": cup.season, "points_table": rules.table.text(),
        "tie_break": cup.tie_break, "drop_worst": cup.drop_worst, "best_of": cup.best_of,
        "age_classes": cup.age_classes, "rank_within_class": cup.rank_within_class,
    }  # fmt: skip


def _score_out(score: RaceScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "race": int(score.race),
        "rank": score.rank,
        "points": number(score.points),
        "counted": score.counted,
    }


def _group_out(group: Standings) -> dict[str, Any]:
    return {
        "gender": group.gender,
        "category": group.category,
        "races": [{"id": int(race.key), "label": race.label} for race in group.races],
        "standings": [
            {"place": line.place, "name": line.name, "nation": line.nation, "total": number(line.total),
             "tied": line.tied, "tie_broken": line.tie_broken, "scores": [_score_out(s) for s in line.scores]}
            for line in group.lines
        ],
    }  # fmt: skip


@router.get("/cups", auth=read_auth, response=READ_MANY, summary="Cups (season standings)")
def cups(request: HttpRequest) -> list[dict[str, Any]]:
    return [_cup_out(cup) for cup in Cup.objects.all()]


@router.get("/cups/{cup_id}/standings", auth=read_auth, response=READ_ONE, summary="A cup's standings")
def cup_standings(request: HttpRequest, cup_id: PathId) -> dict[str, Any]:
    """Official races only; ``waiting`` lists the cup's races not counted yet (not signed off)."""
    table = standings.cup_table(get_object_or_404(Cup, pk=cup_id))
    return _cup_out(table.cup) | {
        "counted": [race.pk for race in table.counted],
        "waiting": [race.pk for race in table.waiting],
        "groups": [_group_out(group) for group in table.standings],
    }
