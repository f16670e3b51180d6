"""Plain renderings of scored races and start lists: JSON-ready dicts and readable text lines.

The CLI prints them; the web and API may reuse them. Numbers in the dicts are floats rounded to
2 decimals (JSON numbers), computed from the exact Decimals only at this last step.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from alatau.fis.penalty import Penalty, Slot
from alatau.fis.results import RaceResult, ResultLine
from alatau.fis.startlist import StartList, StartPosition
from alatau.fis.timing import format_time


def _pts(value: Decimal | None) -> str:
    # Points shown with two decimals, whatever precision the source gave.
    return "" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def number(value: Decimal | None) -> float | None:
    """Return ``value`` rounded half-up to 2 decimals as a JSON number (None stays None)."""
    if value is None:
        return None
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def result_dict(result: RaceResult, provisional: list[str] | None = None) -> dict[str, Any]:
    """Return ``{"penalty": {...}, "results": [...]}`` (plus ``season`` and ``provisional`` notes)."""
    return {
        "penalty": penalty_dict(result.penalty),
        "results": [_line_dict(line) for line in result.lines],
        "season": result.season,
        "provisional": list(provisional or []),
    }


def penalty_dict(penalty: Penalty) -> dict[str, Any]:
    """Return the penalty's sums, raw (unrounded), calculated and applied values and deciding rule."""
    return {
        "sum_a": number(penalty.sum_a),
        "sum_b": number(penalty.sum_b),
        "sum_c": number(penalty.sum_c),
        "raw": number(penalty.raw),
        "calculated": number(penalty.calculated),
        "applied": number(penalty.applied),
        "rule": penalty.rule,
    }


def _line_dict(line: ResultLine) -> dict[str, Any]:
    return {
        "bib": line.bib,
        "rank": line.rank,
        "status": line.status,
        "total_time": number(line.total_time),
        "race_points": number(line.race_points),
        "fis_points": number(line.fis_points),
    }


def result_text(
    result: RaceResult, gender: str | None = None, provisional: list[str] | None = None
) -> list[str]:
    """Return the result list and the penalty working as readable lines."""
    title = f"{result.discipline} {result.category}{' ' + gender if gender else ''}"
    lines = [f"{title} — season {result.season}, F = {result.f_value}", ""]
    runs = max((len(line.entry.runs) for line in result.lines), default=0)
    head = " ".join(f"{'Run ' + str(n):>8}" for n in range(1, runs + 1))
    who = f"{'Rank':>4} {'Bib':>4} {'FIS code':<9} {'Name':<26} {'Nat':<3}"
    lines.append(f"{who} {head} {'Total':>9} {'Race':>7} {'FIS':>7}")
    lines += [_classified_text(line) for line in result.classified]
    if result.not_classified:
        lines += ["", "Not classified"] + [_not_classified_text(line) for line in result.not_classified]
    lines += ["", *penalty_text(result.penalty)]
    return lines + [f"note: provisional — {note}" for note in provisional or []]


def _classified_text(line: ResultLine) -> str:
    e = line.entry
    runs = " ".join(f"{format_time(run):>8}" for run in e.runs)
    return (
        f"{line.rank:>4} {e.bib:>4} {e.fis_code:<9} {e.name[:26]:<26} {e.nation:<3} {runs} "
        f"{format_time(line.total_time):>9} {line.race_points:>7} {line.fis_points:>7}"
    )


def _not_classified_text(line: ResultLine) -> str:
    e = line.entry
    detail = " ".join(part for part in (f"gate {e.gate}" if e.gate else "", e.reason) if part)
    return f"{e.status:>4} {e.bib:>4} {e.fis_code:<9} {e.name[:26]:<26} {e.nation:<3} {detail}".rstrip()


def penalty_text(penalty: Penalty) -> list[str]:
    """Return the penalty working: who made A, B and C, capped values, rounding and the deciding rule."""
    cap = penalty.max_value
    lines = [
        f"Penalty ({penalty.discipline} {penalty.category}, season {penalty.season}, maximum value {cap})"
    ]
    lines.append("  Sum A and C — best 5 list points among the top 10 classified:")
    lines += [_slot_text(slot, with_race=True) for slot in penalty.a]
    lines.append(f"    A = {_pts(penalty.sum_a)}   C = {_pts(penalty.sum_c)}")
    lines.append("  Sum B — best 5 list points among the starters (DNS1/NPS excluded):")
    lines += [_slot_text(slot, with_race=False) for slot in penalty.b]
    lines.append(f"    B = {_pts(penalty.sum_b)}")
    lines.append(f"  (A + B − C) / 10 = {penalty.raw} → {penalty.rounded} (half-up to 1/100)")
    lines.append(f"  + race-level adder {_pts(penalty.adder)} = calculated {_pts(penalty.calculated)}")
    lines.append(f"  category limits {_pts(penalty.min_penalty)}–{_pts(penalty.max_penalty)}")
    lines.append(f"  applied penalty {_pts(penalty.applied)} [{penalty.rule}]: {penalty.reason}")
    return lines


def _slot_text(slot: Slot, *, with_race: bool) -> str:
    if slot.padded:
        who = "(empty slot: maximum value)"
        race = "   race — (adds nothing to C)" if with_race else ""
        return f"    {who:<40} list {_pts(slot.points_used):>7}{race}"
    listed = "none" if slot.fis_points is None else _pts(slot.fis_points)
    text = f"    bib {slot.bib:>3} {slot.name[:32]:<32} list {listed:>7} → {_pts(slot.points_used):>7}"
    if with_race:
        text += f"   race {_pts(slot.race_points)} → {_pts(slot.race_points_used)}"
    return text


def start_list_dict(start_list: StartList) -> dict[str, Any]:
    """Return ``{"seed": …, "start_list": [{"order", "bib", "fis_code", "name", …}]}``."""
    return {"seed": start_list.seed, "start_list": [_position_dict(p) for p in start_list.positions]}


def _position_dict(position: StartPosition) -> dict[str, Any]:
    item: dict[str, Any] = {
        "order": position.order,
        "bib": position.bib,
        "fis_code": position.fis_code,
        "name": position.name,
        "nation": position.nation,
        "fis_points": number(position.fis_points),
        "group": position.group,
    }
    if position.run1_time is not None:
        item |= {"run1_time": number(position.run1_time), "run1_rank": position.run1_rank}
    return item


def start_list_text(start_list: StartList, discipline: str) -> list[str]:
    """Return the start list as readable lines, with the seed of the draw."""
    if start_list.run == 1:
        head = f"{discipline} run 1 — draw seed {start_list.seed} (the same seed reproduces this draw)"
        group = f"seeded group: {start_list.group_size}"
    else:
        head = f"{discipline} run 2 — order from run-1 results"
        group = f"reversed group: {start_list.group_size}"
    lines = [
        head,
        group,
        "",
        f"{'Order':>5} {'Bib':>4} {'FIS code':<9} {'Name':<26} {'Nat':<3} {'Points':>7}  Group",
    ]
    for p in start_list.positions:
        points = "" if p.fis_points is None else _pts(p.fis_points)
        extra = f"  run 1 {format_time(p.run1_time)} ({p.run1_rank})" if p.run1_time is not None else ""
        who = f"{p.order:>5} {p.bib:>4} {p.fis_code:<9} {p.name[:26]:<26} {p.nation:<3}"
        lines.append(f"{who} {points:>7}  {p.group}{extra}")
    return lines
