"""The public live results: running order, leader, times behind, who is on course, next starters.

One JSON document per race; the page and the speaker view poll it with ``If-None-Match`` and get a
304 while nothing changed.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

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
