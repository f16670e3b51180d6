"""The public live results: running order, leader, times behind, who is on course, next starters.

One JSON document per race; the page and the speaker view poll it with ``If-None-Match`` and get a
304 while nothing changed.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db.models.signals import post_delete, post_save

from alatau.competitions import services
from alatau.competitions.models import Entry, Race, RunTime
from alatau.errors import AlatauError
from alatau.fis.report import number
from alatau.fis.timing import format_time, truncate

NEXT_STARTERS = 5
LAST_FINISHERS = 3


def current_run(race: Race) -> int:
    """The latest run that has any time or status (1 before the race)."""
    runs = RunTime.objects.filter(entry__race=race).values_list("run", flat=True)
    return max(runs, default=1)


def _competitor(entry: Entry) -> dict[str, Any]:
    return {"bib": entry.bib, "name": entry.name, "nation": entry.nation}


def _standings(entries: list[Entry], run: int) -> list[dict[str, Any]]:
    timed = []
    for entry in entries:
        times = {t.run: t for t in entry.times.all()}
        rows = [times.get(n) for n in range(1, run + 1)]
        if all(r is not None and r.net_time is not None and not r.status for r in rows):
            total = sum((truncate(r.net_time) for r in rows if r and r.net_time is not None), Decimal(0))
            timed.append((total, entry))
    timed.sort(key=lambda pair: (pair[0], -(pair[1].bib or 0)))
    lines, rank = [], 0
    for position, (total, entry) in enumerate(timed, start=1):
        rank = rank if position > 1 and timed[position - 2][0] == total else position
        behind = total - timed[0][0]
        line = _competitor(entry) | {"rank": rank, "time": number(total), "shown": format_time(total)}
        lines.append(
            line | {"behind": number(behind), "behind_shown": f"+{format_time(behind)}" if behind else ""}
        )
    return lines


def _next_run_starters(race: Race, run: int) -> list[Entry]:
    """Between runs: the first of the next run's start list (none while it cannot be made yet)."""
    try:
        return [s["entry"] for s in services.start_list(race, run)][:NEXT_STARTERS]
    except AlatauError:
        return []


def _in_run(row: RunTime, in_run: dict[Any, RunTime]) -> dict[str, Any]:
    """A finisher's time in this run and its rank among this run's finishers (for the speaker)."""
    mine = truncate(row.net_time or Decimal(0))
    times = [truncate(t.net_time) for t in in_run.values() if t.net_time is not None and not t.status]
    return {"run_time_shown": format_time(mine), "run_rank": 1 + sum(1 for other in times if other < mine)}


def live_payload(race: Race) -> dict[str, Any]:
    """What the live page shows now."""
    run = current_run(race)
    entries = [e for e in services.scoring.race_entries(race)]
    standings = _standings(entries, run)
    ranks = {line["bib"]: line for line in standings}
    in_run = {
        t.entry.bib: t for t in RunTime.objects.filter(entry__race=race, run=run).select_related("entry")
    }
    on_course = [_competitor(t.entry) for bib, t in in_run.items()
                 if t.start_tod is not None and t.net_time is None and not t.status]  # fmt: skip
    finished = sorted((t for t in in_run.values() if t.net_time is not None and not t.status),
                      key=lambda t: t.updated_at, reverse=True)[:LAST_FINISHERS]  # fmt: skip
    done = set(in_run)
    starters = [s["entry"] for s in services.start_list(race, run) if s["bib"] not in done][:NEXT_STARTERS]
    if not starters and run < race.runs:
        starters = _next_run_starters(race, run + 1)
    out = [_competitor(t.entry) | {"status": t.status, "run": run} for t in in_run.values() if t.status]
    return {
        "race": {"id": race.pk, "name": str(race.event.name), "discipline": race.discipline,
                 "gender": race.gender, "date": race.date.isoformat(), "runs": race.runs},
        "run": run,
        "official": race.official,
        "version": race.version,
        "leader": standings[0] if standings else None,
        "standings": standings,
        "on_course": on_course,
        "last_finishers": [ranks[t.entry.bib] | _in_run(t, in_run) for t in finished if t.entry.bib in ranks],
        "next_starters": [_competitor(e) for e in starters],
        "not_classified": sorted(out, key=lambda line: line["bib"]),
    }  # fmt: skip


def live_body(race: Race) -> tuple[str, str]:
    """The JSON text and its ETag."""
    text = json.dumps(live_payload(race), ensure_ascii=False, sort_keys=True)
    return text, '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


#: The longest a worker serves a computed live document without recomputing it, in seconds;
#: any timing write, draw, entry count or version change is seen at once (see :func:`_marker`).
LIVE_REUSE_SECONDS = 5.0
_computed: dict[int, tuple[float, tuple[Any, ...], tuple[str, str]]] = {}


def _marker(race: Race) -> tuple[Any, ...]:
    """What changes whenever the live document may: one aggregate query per poll instead of the document."""
    from django.db.models import Count, Max, Q, Sum

    times = RunTime.objects.filter(entry__race=race).aggregate(
        n=Count("pk"), last=Max("updated_at"), versions=Sum("version")
    )
    entries = Entry.objects.filter(race=race).aggregate(
        n=Count("pk"), bibs=Sum("bib"), out=Count("pk", filter=Q(withdrawn=True))
    )
    race_state = (race.version, race.official, race.runs, race.drawn_at, race.draw_seed)
    return (*race_state, *times.values(), *entries.values())


def live_body_reused(race: Race) -> tuple[str, str]:
    """:func:`live_body`, computed again only when :func:`_marker` changed or the copy is a few seconds old.

    Two hundred boards polling once a second then cost one aggregate query each, not the whole
    running order, start list and standings.
    """
    import time

    marker, now = _marker(race), time.monotonic()
    kept = _computed.get(race.pk)
    if kept is not None and kept[1] == marker and now - kept[0] < LIVE_REUSE_SECONDS:
        return kept[2]
    body = live_body(race)
    _computed[race.pk] = (now, marker, body)
    return body


def _forget(sender: type, instance: Any, **kwargs: Any) -> None:
    """A save in this process drops its race's copy at once (other workers go by the marker)."""
    race_id = getattr(instance, "race_id", None) if sender is not Race else instance.pk
    if race_id is None and sender is RunTime:
        race_id = Entry.objects.filter(pk=instance.entry_id).values_list("race_id", flat=True).first()
    if race_id is not None:
        _computed.pop(race_id, None)


for _model in (Race, Entry, RunTime):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"live-forget-{_model.__name__}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"live-forget-del-{_model.__name__}")
