"""The live document is reused between polls only while nothing it shows has changed, in any worker."""

from typing import Any

import pytest
from django.db.models import F

from alatau.competitions import live
from alatau.competitions.models import RunTime
from tests.competitions.world import extend


@pytest.fixture
def race(db: None) -> Any:
    world: dict[str, Any] = {}
    extend(world)
    return world["race"]


def test_a_poll_reuses_the_document_until_a_time_changes_even_in_another_worker(race: Any) -> None:
    first = live.live_body_reused(race)
    assert live.live_body_reused(race) is first  # nothing changed: the same text, not recomputed
    # Another worker's write sends no signal to this process: the marker (one query) still sees it.
    RunTime.objects.filter(entry__race=race, entry__bib=1, run=2).update(version=F("version") + 1)
    row = RunTime.objects.get(entry__race=race, entry__bib=1, run=2)
    RunTime.objects.filter(pk=row.pk).update(net_time=row.net_time - 1)
    again = live.live_body_reused(race)
    assert again != first and again == live.live_body(race)


def test_a_save_in_this_process_drops_the_copy_at_once(race: Any) -> None:
    first = live.live_body_reused(race)
    row = RunTime.objects.filter(entry__race=race, run=2).order_by("entry__bib").last()
    assert row is not None
    row.status = "DNF"
    row.save()
    assert race.pk not in live._computed
    assert live.live_body_reused(race) == live.live_body(race) != first
