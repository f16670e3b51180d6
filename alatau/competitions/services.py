"""Race-office workflows: events, races, entries, the draw, times, official versions and reopening.

Every change is audited (``log_action``); every refusal is a domain error the faces turn into a
form error or a 4xx JSON answer. Once a race is official, changes are a :class:`Conflict` (409)
until the technical delegate reopens it, which starts the next version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alatau.competitions import scoring
from alatau.competitions.models import (
    Entry,
    Event,
    ImpulseLog,
    OfficialVersion,
    PointsList,
    PointsListEntry,
    Race,
    RaceRun,
    RunTime,
)
from alatau.competitions.timingio import TimingRow, parse_timing
from alatau.core.errors import Conflict, InvalidData, InvalidTransition, NotAllowed
from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_federation_admin
from alatau.errors import InputError
from alatau.fis.pointslist import read_points_list
from alatau.fis.resultfile import Entrant
from alatau.fis.seasons import get_season, season_names
from alatau.fis.startlist import StartList, draw_run1, order_run2
from alatau.fis.timing import net_time, parse_time, parse_time_of_day
from alatau.fis.xmlresults import fis_season
from alatau.licences.models import Licence
from alatau.licences.services import is_currently_valid, season_of
from alatau.registry.models import Club, Person

#: The federation's own nation: its athletes need a licence to start.
FEDERATION_NATION = "KAZ"
STATUSES = ("DNS", "DNF", "DSQ", "DNQ")


# --- who may do what -------------------------------------------------------------------------------


def organises(user: Any, event: Event) -> bool:
    """Admins, and the organisers named on the event."""
    if is_federation_admin(user):
        return True
    return (
        is_authenticated(user)
        and user.role == Role.ORGANISER
        and event.organisers.filter(pk=user.pk).exists()
    )


def can_time(user: Any, race: Race) -> bool:
    return organises(user, race.event) or (is_authenticated(user) and user.role == Role.TIMEKEEPER)


def can_judge(user: Any, race: Race) -> bool:
    """Statuses and disqualifications: the referee (and the organiser)."""
    return organises(user, race.event) or (is_authenticated(user) and user.role == Role.REFEREE)


def can_sign(user: Any, race: Race) -> bool:
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.TECHNICAL_DELEGATE)


def can_work(user: Any, race: Race) -> bool:
    """Sees the race-office pages of this race."""
    return (
        organises(user, race.event) or can_time(user, race) or can_judge(user, race) or can_sign(user, race)
    )


def _allow(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("Your role may not do this for this race."))


def _open(race: Race) -> None:
    if race.official:
        raise Conflict(
            _("The results of version %(version)s are official; the TD must reopen them first.")
            % {"version": race.version}
        )


# --- events and races ------------------------------------------------------------------------------


def create_event(
    user: Any, *, name: str, place: str, nation: str, start_date: dt.date, end_date: dt.date,
    organiser_club: Club | None = None, status: str = Event.Status.DRAFT,
) -> Event:  # fmt: skip
    _allow(is_federation_admin(user) or (is_authenticated(user) and user.role == Role.ORGANISER))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("A name is required.")]
    if len(nation.strip()) != 3 or not nation.strip().isalpha():
        errors["nation"] = [_("A three-letter nation code, e.g. KAZ.")]
    if end_date < start_date:
        errors["end_date"] = [_("The event cannot end before it starts.")]
    if errors:
        raise InvalidData(errors)
    event = Event.objects.create(
        name=name.strip(), place=place.strip(), nation=nation.strip().upper(), start_date=start_date,
        end_date=end_date, organiser_club=organiser_club, status=status,
    )  # fmt: skip
    if is_authenticated(user):
        event.organisers.add(user)
    event.log_action("created", user, {"name": [None, event.name], "status": [None, event.status]})
    return event


def default_season(day: dt.date) -> str:
    """The season of a race day: ``2021-22`` for a race in January 2022."""
    end = fis_season(day)
    return f"{end - 1}-{end % 100:02d}"


def check_season(season: str) -> str:
    try:
        return get_season(season).name
    except InputError:
        raise InvalidData(
            {"season": [_("Unknown season; known: %(known)s.") % {"known": ", ".join(season_names())}]}
        ) from None


def create_race(
    user: Any, *, event: Event, codex: str, discipline: str, gender: str, category: str, date: dt.date,
    runs: int = 2, season: str | None = None, forced_penalty: Decimal | None = None,
    start_times: Sequence[dt.time | None] = (),
) -> Race:  # fmt: skip
    _allow(organises(user, event))
    errors: dict[str, list[str]] = {}
    if discipline.upper() not in Race.Discipline.values:
        errors["discipline"] = [_("One of DH, SG, GS, SL, AC.")]
    if gender.upper() not in ("M", "W"):
        errors["gender"] = [_("M or W.")]
    if not 1 <= runs <= 3:
        errors["runs"] = [_("One to three runs.")]
    if not codex.strip().isdigit():
        errors["codex"] = [_("The codex is a number, e.g. 0123.")]
    if forced_penalty is not None and forced_penalty < 0:
        errors["forced_penalty"] = [_("A penalty of 0 or more.")]
    if errors:
        raise InvalidData(errors)
    chosen = check_season(season) if season else _season_or_latest(date)
    try:
        get_season(chosen).category(category)
    except InputError as error:
        raise InvalidData({"category": [str(error)]}) from None
    race = Race.objects.create(
        event=event, codex=codex.strip(), discipline=discipline.upper(), gender=gender.upper(),
        category=category.strip().upper(), season=chosen, date=date, runs=runs, forced_penalty=forced_penalty,
    )  # fmt: skip
    for number in range(1, runs + 1):
        start = start_times[number - 1] if number <= len(start_times) else None
        RaceRun.objects.create(race=race, number=number, start_time=start)
    race.log_action("created", user, {"codex": [None, race.codex], "season": [None, race.season]})
    return race


def _season_or_latest(day: dt.date) -> str:
    try:
        return get_season(default_season(day)).name
    except InputError:  # no table for that season (yet): the latest one
        return get_season(None).name


# --- points lists ----------------------------------------------------------------------------------


def upload_points_list(
    user: Any, path: str | Path, *, number: str, valid_from: dt.date, valid_until: dt.date
) -> PointsList:
    """Read a FIS points list (CSV/XLSX, as ``alatau fis list`` does) and store it with its validity."""
    _allow(is_federation_admin(user) or (is_authenticated(user) and user.role == Role.ORGANISER))
    if valid_until < valid_from:
        raise InvalidData({"valid_until": [_("The list cannot end before it starts.")]})
    listed = read_points_list(path)
    if not listed.entries:
        first = f" ({listed.errors[0]})" if listed.errors else ""
        raise InputError(_("The file holds no competitor of a FIS points list.") + first)
    with transaction.atomic():
        stored = PointsList.objects.create(
            number=number or listed.header.list_id, name=listed.header.name, valid_from=valid_from,
            valid_until=valid_until,
        )  # fmt: skip
        PointsListEntry.objects.bulk_create(
            PointsListEntry(
                points_list=stored, fis_code=e.fiscode, lastname=e.lastname, firstname=e.firstname,
                nation=e.nation, gender=e.gender, birth_year=e.birthyear,
                points={d: str(p) for d in e.disciplines if (p := listed.points(e.fiscode, d)) is not None},
            )
            for e in listed
        )  # fmt: skip
        stored.log_action("uploaded", user, {"entries": [None, len(listed)]})
    return stored


def points_list_for(race: Race) -> PointsList | None:
    """The race's own list, else the list valid on race day."""
    if race.points_list_id:
        return race.points_list
    return PointsList.objects.filter(valid_from__lte=race.date, valid_until__gte=race.date).first()


# --- entries ---------------------------------------------------------------------------------------


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InputError(
            _("%(where)s: %(value)r is not a number") % {"where": where, "value": value}
        ) from None
    if not number.is_finite() or number < 0:
        raise InputError(_("%(where)s: points must be 0 or more") % {"where": where})
    return number.quantize(Decimal("0.01"))


def _has_licence(person: Person, race: Race) -> bool:
    licences = Licence.objects.filter(
        person=person, kind=Licence.Kind.COMPETITOR, season=season_of(race.date)
    )
    return any(is_currently_valid(licence, race.date) for licence in licences)


def _identify(
    race: Race, item: dict[str, Any], where: str, listed: PointsList | None, override: str
) -> Entry:
    code = str(item.get("fis_code") or getattr(item.get("person"), "fis_code", "") or "").strip()
    person = item.get("person") or (Person.objects.filter(fis_code=code).first() if code else None)
    found = listed.entries.filter(fis_code=code).first() if listed and code else None
    entry = Entry(race=race, bib=item.get("bib"), fis_code=code)
    if person is not None:
        if person.nationality == FEDERATION_NATION and not _has_licence(person, race) and not override:
            raise InputError(
                _("%(where)s: %(name)s has no valid competitor licence for the season of the race")
                % {"where": where, "name": person}
            )
        entry.person, entry.name, entry.nation = person, str(person), person.nationality
        entry.birth_year, entry.licence_override = person.birth_date.year, override if override else ""
    elif found is not None:
        entry.name = f"{found.lastname.upper()} {found.firstname}".strip()
        entry.nation, entry.birth_year = found.nation, found.birth_year
    elif str(item.get("name") or "").strip() and len(str(item.get("nation") or "").strip()) == 3:
        entry.name, entry.nation, entry.guest = str(item["name"]).strip(), str(item["nation"]).upper(), True
    else:
        raise InputError(
            _("%(where)s: FIS code %(code)r is neither in the registry nor in a points list; "
              "give name and nation to enter a guest") % {"where": where, "code": code}
        )  # fmt: skip
    if "fis_points" in item:
        entry.fis_points, entry.points_set_by_hand = _decimal(item["fis_points"], where), True
        entry.points_reason = str(item.get("points_reason") or "given with the entry")
    elif found is not None:
        entry.fis_points = found.points_in(race.discipline)
    return entry


def add_entries(user: Any, race: Race, items: Sequence[dict[str, Any]], override: str = "") -> list[Entry]:
    """Enter competitors, all or nothing; a licence-less own athlete needs ``override`` (a reason)."""
    _allow(organises(user, race.event))
    _open(race)
    listed = points_list_for(race)
    taken = set(race.entries.exclude(bib=None).values_list("bib", flat=True))
    codes = set(race.entries.exclude(fis_code="").values_list("fis_code", flat=True))
    made: list[Entry] = []
    with transaction.atomic():
        for position, item in enumerate(items, start=1):
            bib = item.get("bib")
            where = _("bib %(bib)s") % {"bib": bib} if bib is not None else _("entry %(n)s") % {"n": position}
            if bib is not None and (not isinstance(bib, int) or bib < 1):
                raise InputError(_("%(where)s: a bib is a whole number from 1") % {"where": where})
            if bib is not None and bib in taken:
                raise Conflict(_("%(where)s: this bib is already given in this race") % {"where": where})
            entry = _identify(race, item, where, listed, override)
            if entry.fis_code and entry.fis_code in codes:
                raise Conflict(
                    _("%(where)s: FIS code %(code)s is already entered")
                    % {"where": where, "code": entry.fis_code}
                )
            entry.save()
            taken.add(bib)
            codes.add(entry.fis_code)
            entry.log_action("entered", user, _entry_changes(entry))
            made.append(entry)
    return made


def _entry_changes(entry: Entry) -> dict[str, Any]:
    changes: dict[str, Any] = {"bib": [None, entry.bib], "name": [None, entry.name]}
    changes["fis_points"] = [None, None if entry.fis_points is None else str(entry.fis_points)]
    if entry.points_set_by_hand:
        changes["points_reason"] = [None, entry.points_reason]
    if entry.licence_override:
        changes["licence_override"] = [None, entry.licence_override]
    return changes


def set_points(user: Any, entry: Entry, points: Decimal | None, reason: str) -> Entry:
    """The organiser sets an entry's points by hand (audited, with a reason)."""
    _allow(organises(user, entry.race.event))
    _open(entry.race)
    if not reason.strip():
        raise InvalidData({"reason": [_("Give a reason.")]})
    old = entry.fis_points
    entry.fis_points, entry.points_set_by_hand, entry.points_reason = points, True, reason.strip()
    entry.save(update_fields=["fis_points", "points_set_by_hand", "points_reason"])
    entry.log_action(
        "points set", user, {"fis_points": [_text(old), _text(points)], "reason": [None, reason]}
    )
    return entry


def withdraw(user: Any, entry: Entry, reason: str) -> Entry:
    _allow(organises(user, entry.race.event))
    _open(entry.race)
    entry.withdrawn = True
    entry.save(update_fields=["withdrawn"])
    entry.log_action("withdrawn", user, {"withdrawn": [False, True], "reason": [None, reason]})
    return entry


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- start lists -----------------------------------------------------------------------------------


def _draw_key(entry: Entry) -> str:
    return entry.fis_code or f"guest-{entry.pk}"


def draw_bibs(user: Any, race: Race, seed: int | None = None) -> StartList:
    """The run-1 draw (ICR 621, engine): bibs follow the start order; the seed is recorded."""
    _allow(organises(user, race.event))
    _open(race)
    entries = {_draw_key(e): e for e in race.entries.filter(withdrawn=False)}
    if not entries:
        raise InputError(_("No entries to draw."))
    entrants = [Entrant(key, e.name, e.nation, e.fis_points) for key, e in entries.items()]
    made = draw_run1(entrants, seed)
    with transaction.atomic():
        old = {key: e.bib for key, e in entries.items()}
        race.entries.update(bib=None)
        for position in made.positions:
            Entry.objects.filter(pk=entries[position.fis_code].pk).update(bib=position.bib)
        race.draw_seed, race.drawn_at = made.seed, timezone.now()
        race.save(update_fields=["draw_seed", "drawn_at"])
        bibs = {p.fis_code: p.bib for p in made.positions}
        race.log_action("bibs drawn", user, {"seed": [None, made.seed], "bibs": [old, bibs]})
    return made


def start_list(race: Race, run: int) -> list[dict[str, Any]]:
    """Run 1 in bib order; a later run from the results of the run before (engine)."""
    entries = {e.bib: e for e in scoring.race_entries(race)}
    if run == 1:
        return [
            {"order": i, "bib": bib, "entry": entries[bib]}
            for i, bib in enumerate(sorted(b for b in entries if b), 1)
        ]
    found = scoring.field_of(race, runs=run - 1)
    ordered = order_run2(found.entries)
    return [{"order": p.order, "bib": p.bib, "entry": entries[p.bib]} for p in ordered.positions]


# --- times -----------------------------------------------------------------------------------------


def _time_value(value: Any, where: str, of_day: bool) -> Decimal:
    try:
        return parse_time_of_day(str(value)) if of_day else parse_time(str(value))
    except InputError as error:
        raise InputError(f"{where}: {error}") from None


def _changes(before: dict[str, Any], row: RunTime) -> dict[str, list[Any]]:
    after = _snapshot(row)
    return {key: [before[key], after[key]] for key in after if before[key] != after[key]}


def _snapshot(row: RunTime) -> dict[str, Any]:
    fields = ("start_tod", "finish_tod", "start_tod_b", "finish_tod_b", "net_time", "status", "gate",
              "reason", "system", "manual")  # fmt: skip
    values = {name: getattr(row, name) for name in fields}
    return {name: str(v) if isinstance(v, Decimal) else v for name, v in values.items()}


def _apply(row: RunTime, item: dict[str, Any], where: str, manual: bool) -> None:
    if "status" in item:
        status = str(item.get("status") or "").upper()
        if status not in ("", "OK", *STATUSES):
            raise InputError(f"{where}: " + _("status must be DNS, DNF, DSQ or DNQ"))
        row.status = "" if status == "OK" else status
        row.gate, row.reason = str(item.get("gate") or ""), str(item.get("reason") or "")
        return
    system = str(item.get("system") or "A").upper()
    if system not in ("A", "B"):
        raise InputError(f"{where}: " + _("system is A or B"))
    if item.get("time") is not None:
        row.net_time, row.system = _time_value(item["time"], where, False), system
    else:
        start = item.get("start_tod")
        finish = item.get("finish_tod")
        if start is None and finish is None:
            raise InputError(f"{where}: " + _("give a time, start_tod and finish_tod, or a status"))
        prefix = "" if system == "A" else "_b"
        if start is not None:
            setattr(row, f"start_tod{prefix}", _time_value(start, where, True))
        if finish is not None:
            setattr(row, f"finish_tod{prefix}", _time_value(finish, where, True))
        _net_from_tods(row)
    row.status = "" if row.status in ("DNF", "DNS") and row.net_time is not None else row.status
    row.manual = manual


def _net_from_tods(row: RunTime) -> None:
    """System A when it has both impulses, else System B (B replaces a missing A)."""
    if row.start_tod is not None and row.finish_tod is not None:
        row.net_time, row.system = net_time(row.start_tod, row.finish_tod), "A"
    elif row.start_tod_b is not None and row.finish_tod_b is not None:
        row.net_time, row.system = net_time(row.start_tod_b, row.finish_tod_b), "B"


def set_times(
    user: Any, race: Race, run: int, items: Sequence[dict[str, Any]], *, manual: bool = True
) -> list[RunTime]:
    """Set the listed bibs of one run and leave the others; a stale ``version`` is a 409 naming the bib."""
    _open(race)
    if not 1 <= run <= race.runs:
        raise InputError(_("This race has no run %(run)s.") % {"run": run})
    for item in items:
        _allow(can_judge(user, race) if "status" in item else can_time(user, race))
    changed = []
    with transaction.atomic():
        locked = Race.objects.select_for_update().get(pk=race.pk)
        _open(locked)
        for item in items:
            changed.append(_set_one(user, race, run, item, manual))
    return changed


def _set_one(user: Any, race: Race, run: int, item: dict[str, Any], manual: bool) -> RunTime:
    bib = item.get("bib")
    where = _("bib %(bib)s") % {"bib": bib}
    entry = race.entries.filter(bib=bib, withdrawn=False).first() if isinstance(bib, int) else None
    if entry is None:
        raise InputError(f"{where}: " + _("no such bib in this race"))
    row, _created = RunTime.objects.select_for_update().get_or_create(entry=entry, run=run)
    expected = item.get("version")
    if expected is not None and expected != row.version:
        raise Conflict(
            f"{where}: "
            + _("changed meanwhile by someone else (now version %(version)s); reload and check")
            % {"version": row.version}
        )
    before = _snapshot(row)
    _apply(row, item, where, manual)
    row.version += 1
    row.updated_by = user if is_authenticated(user) else None
    row.save()
    row.log_action("time set" if "status" not in item else "status set", user, _changes(before, row))
    return row


def import_timing(user: Any, race: Race, run: int, text: str, device: str) -> dict[str, Any]:
    """Log every raw line, then set the times read (a cleared record clears the time it names).

    ``{"imported": competitors whose time was set, "impulses": readings set, "unassigned", "errors",
    "cleared": times cleared}``.
    """
    _allow(can_time(user, race))
    _open(race)
    if not 1 <= run <= race.runs:
        raise InputError(_("This race has no run %(run)s.") % {"run": run})
    acting = user if is_authenticated(user) else None
    rows = parse_timing(text, device)
    ImpulseLog.objects.bulk_create(
        ImpulseLog(race=race, run=run, device=device, line_no=r.line_no, raw=r.raw, bib=r.bib,
                   channel=r.channel, time_of_day=r.finish_tod or r.start_tod, received_by=acting,
                   cleared=r.error == "cleared")
        for r in rows
    )  # fmt: skip
    imported, unassigned = 0, 0
    errors: list[dict[str, Any]] = []
    bibs: set[int] = set()
    cleared = 0
    for row in rows:
        if row.error == "cleared" and row.bib is not None and (row.start_tod or row.finish_tod):
            cleared += _clear(user, race, run, row, errors)
        elif row.error:
            errors.append({"line": row.line_no, "detail": row.error})
        elif row.bib is None:
            unassigned += 1
        else:
            try:
                set_times(user, race, run, [_item(row)], manual=False)
                imported += 1
                bibs.add(row.bib)
            except (InputError, Conflict) as error:
                errors.append({"line": row.line_no, "detail": str(error)})
    race.log_action(
        "timing imported",
        user,
        {
            "device": [None, device],
            "imported": [None, len(bibs)],
            "impulses": [None, imported],
            "cleared": [None, cleared],
        },
    )
    return {"imported": len(bibs), "impulses": imported, "unassigned": unassigned, "errors": errors,
            "cleared": cleared}  # fmt: skip


def _clear(user: Any, race: Race, run: int, row: TimingRow, errors: list[dict[str, Any]]) -> int:
    from alatau.competitions.timingclear import clear_time, no_time_to_clear

    channel, tod = ("start", row.start_tod) if row.start_tod is not None else ("finish", row.finish_tod)
    if tod is not None and clear_time(user, race, run, row.bib or 0, channel, tod):
        return 1
    errors.append({"line": row.line_no, "detail": no_time_to_clear()})
    return 0


def _item(row: TimingRow) -> dict[str, Any]:
    if row.time is not None:
        return {"bib": row.bib, "time": str(row.time)}
    item: dict[str, Any] = {"bib": row.bib}
    if row.start_tod is not None:
        item["start_tod"] = _tod_text(row.start_tod)
    if row.finish_tod is not None:
        item["finish_tod"] = _tod_text(row.finish_tod)
    return item


def _tod_text(seconds: Decimal) -> str:
    whole = int(seconds)
    fraction = f"{seconds - whole:.4f}"[2:]
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{fraction}"


# --- official versions -----------------------------------------------------------------------------


def make_official(user: Any, race: Race) -> OfficialVersion:
    """The TD's sign-off: an immutable snapshot of version N with the SHA-256 of its canonical JSON."""
    _allow(can_sign(user, race))
    with transaction.atomic():
        race = Race.objects.select_for_update().get(pk=race.pk)
        _open(race)
        found = scoring.field_of(race)
        if found.pending:
            bibs = ", ".join(str(b) for b in found.pending)
            raise InputError(_("Bibs without a time or status in a run: %(bibs)s.") % {"bibs": bibs})
        if not found.entries:
            raise InputError(_("No competitor has a result yet."))
        text = scoring.canonical(scoring.snapshot_payload(race, race.version))
        try:
            snapshot = OfficialVersion.objects.create(
                race=race, version=race.version, canonical=text, sha256=scoring.sha256_of(text),
                signed_by=user if is_authenticated(user) else None, reason=race.reopen_reason,
            )  # fmt: skip
        except IntegrityError:
            raise Conflict(_("This version is already official.")) from None
        race.official = True
        race.save(update_fields=["official"])
        race.log_action(
            "made official", user, {"version": [None, race.version], "sha256": [None, snapshot.sha256]}
        )
    return snapshot


def reopen(user: Any, race: Race, reason: str) -> Race:
    """The TD reopens official results with a reason: the next version starts, the old one stays."""
    _allow(can_sign(user, race))
    if not reason.strip():
        raise InvalidData({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        race = Race.objects.select_for_update().get(pk=race.pk)
        if not race.official:
            raise InvalidTransition(_("Only official results can be reopened."))
        old = race.version
        race.official, race.version, race.reopen_reason = False, old + 1, reason.strip()
        race.save(update_fields=["official", "version", "reopen_reason"])
        race.log_action("reopened", user, {"version": [old, race.version], "reason": [None, reason.strip()]})
    return race
