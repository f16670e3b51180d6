"""Online entries: club managers enter their own athletes, the race office confirms or refuses them.

A race takes online entries when its :class:`EntryRules` say so, until the entry deadline, within a quota
per club and per nation. Each athlete asked for becomes an :class:`EntryRequest`: pending, or refused at
once with the reason (no valid licence for the season, quota full, already entered); the organiser
confirms a pending one (it becomes an entry, licence checked again) or refuses it with a reason.
Withdrawals are taken before the start only; every change after the draw is marked so in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alatau.competitions import services
from alatau.competitions.entry_models import EntryRequest, EntryRules
from alatau.competitions.models import Entry, Race, RunTime
from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import AuditEntry
from alatau.core.permissions import is_club_manager, is_federation_admin, managed_club_ids
from alatau.errors import InputError
from alatau.registry.models import Club, Person
from alatau.registry.services import current_membership

LIVE = (EntryRequest.Status.PENDING, EntryRequest.Status.CONFIRMED)


# --- the race's rules ------------------------------------------------------------------------------


def rules_of(race: Race) -> EntryRules:
    """The race's entry rules (unsaved defaults, closed to online entries, when none were set)."""
    return EntryRules.objects.filter(race=race).first() or EntryRules(race=race)


def set_rules(
    user: Any, race: Race, *, online: bool, deadline: dt.datetime | None, quota_per_club: int | None,
    quota_per_nation: int | None,
) -> EntryRules:  # fmt: skip
    """The organiser opens (or closes) online entries with a deadline and quotas; audited old → new."""
    services._allow(services.organises(user, race.event))
    if online and deadline is None:
        raise InvalidData({"deadline": [_("Online entries need a deadline.")]})
    rules = rules_of(race)
    before = _rules_state(rules)
    rules.online, rules.deadline = online, deadline
    rules.quota_per_club, rules.quota_per_nation = quota_per_club, quota_per_nation
    after = _rules_state(rules)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes or rules.pk is None:
        rules.save()
        rules.log_action("entry rules set", user, changes)
    return rules


def _rules_state(rules: EntryRules) -> dict[str, Any]:
    deadline = rules.deadline.isoformat() if rules.deadline else None
    return {"online": rules.online, "deadline": deadline, "quota_per_club": rules.quota_per_club,
            "quota_per_nation": rules.quota_per_nation}  # fmt: skip


def started(race: Race) -> bool:
    """The race has started once the race office holds a time or status of run 1."""
    return RunTime.objects.filter(entry__race=race, run=1).exists()


def closed_reason(race: Race, now: dt.datetime | None = None) -> str:
    """Why clubs cannot enter the race now ("" when they can)."""
    rules = rules_of(race)
    if not rules.online:
        return _("This race does not take online entries.")
    if rules.deadline is not None and (now or timezone.now()) > rules.deadline:
        when = timezone.localtime(rules.deadline).strftime("%d.%m.%Y %H:%M")
        return _("The entry deadline (%(when)s) has passed.") % {"when": when}
    if race.official or started(race):
        return _("The race has started.")
    return ""


def open_races(now: dt.datetime | None = None) -> list[Race]:
    """Races open to online entries now."""
    rules = EntryRules.objects.filter(online=True, deadline__gte=now or timezone.now())
    races = Race.objects.filter(entry_rules__in=rules).select_related("event", "entry_rules")
    return [race for race in races.order_by("date", "pk") if not closed_reason(race, now)]


# --- the club managers' side -----------------------------------------------------------------------


def clubs_entering(user: Any) -> QuerySet[Club]:
    """The clubs a user enters athletes for: the managed ones (all for an administrator)."""
    if is_federation_admin(user):
        return Club.objects.all()
    return Club.objects.filter(pk__in=managed_club_ids(user))


def can_enter(user: Any) -> bool:
    return is_club_manager(user) or is_federation_admin(user)


def athletes_for(user: Any, race: Race) -> QuerySet[Person]:
    """A club manager's current athletes of the race's gender."""
    if not is_club_manager(user):
        return Person.objects.none()
    return Person.objects.filter(
        memberships__club__in=managed_club_ids(user), memberships__end_date__isnull=True,
        gender=race.gender, is_athlete=True,
    ).order_by("last_name", "first_name")  # fmt: skip


def requests_for(user: Any, race: Race) -> QuerySet[EntryRequest]:
    """The entry requests a user sees: their clubs' (all for the organiser)."""
    found = race.entry_requests.select_related("person", "club", "entry")
    if services.organises(user, race.event):
        return found
    return found.filter(club__in=clubs_entering(user))


def request_entries(
    user: Any, race: Race, people: Sequence[Person], now: dt.datetime | None = None
) -> list[EntryRequest]:
    """Enter a club's athletes; each is pending or refused at once with the reason (all or nothing)."""
    services._allow(can_enter(user))
    reason = closed_reason(race, now)
    if reason:
        raise InputError(reason)
    if not people:
        raise InvalidData({"people": [_("Choose at least one athlete.")]})
    made = []
    with transaction.atomic():
        Race.objects.select_for_update().get(pk=race.pk)  # quotas are counted one request at a time
        for person in people:
            club = _club_of(user, person)
            status, why = _verdict(race, person, club)
            made.append(_record(user, race, person, club, status, why))
    return made


def _club_of(user: Any, person: Person) -> Club:
    membership = current_membership(person)
    if membership is None or not clubs_entering(user).filter(pk=membership.club_id).exists():
        raise NotAllowed(_("%(person)s is not a current member of a club you manage.") % {"person": person})
    return membership.club


def _verdict(race: Race, person: Person, club: Club) -> tuple[str, str]:
    refused = EntryRequest.Status.REFUSED
    if (
        race.entries.filter(person=person, withdrawn=False).exists()
        or race.entry_requests.filter(person=person, status__in=LIVE).exists()
    ):
        return refused, _("Already entered in this race.")
    if person.gender != race.gender:
        return refused, _("The race is for the other gender.")
    if person.nationality == services.FEDERATION_NATION and not services._has_licence(person, race):
        return refused, _("No valid competitor licence for the season of the race.")
    return _quota_verdict(race, person, club)


def _quota_verdict(race: Race, person: Person, club: Club) -> tuple[str, str]:
    rules = rules_of(race)
    live = race.entry_requests.filter(status__in=LIVE)
    if rules.quota_per_club is not None and live.filter(club=club).count() >= rules.quota_per_club:
        return EntryRequest.Status.REFUSED, _("The quota of %(n)s entries per club is full.") % {
            "n": rules.quota_per_club
        }
    if rules.quota_per_nation is not None:
        nation = person.nationality
        entered = race.entries.filter(nation=nation, withdrawn=False).count()
        waiting = live.filter(status=EntryRequest.Status.PENDING, person__nationality=nation).count()
        if entered + waiting >= rules.quota_per_nation:
            return EntryRequest.Status.REFUSED, _("The quota of %(n)s entries for %(nation)s is full.") % {
                "n": rules.quota_per_nation, "nation": nation
            }  # fmt: skip
    return EntryRequest.Status.PENDING, ""


def _record(user: Any, race: Race, person: Person, club: Club, status: str, reason: str) -> EntryRequest:
    asked = EntryRequest.objects.create(
        race=race, person=person, club=club, status=status, reason=reason,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )  # fmt: skip
    changes: dict[str, Any] = {"person": [None, str(person)], "status": [None, status]}
    if reason:
        changes["reason"] = [None, reason]
    asked.log_action("entry requested", user, changes | _after_draw(race))
    return asked


def _after_draw(race: Race) -> dict[str, Any]:
    return {"after_draw": [None, True]} if race.drawn_at is not None else {}


# --- the race office's side ------------------------------------------------------------------------


def confirm(user: Any, asked: EntryRequest) -> EntryRequest:
    """The organiser confirms a pending request: the athlete is entered (licence checked again)."""
    race = asked.race
    services._allow(services.organises(user, race.event))
    if asked.status != EntryRequest.Status.PENDING:
        raise Conflict(_("Only a pending entry can be confirmed."))
    with transaction.atomic():
        entry = services.add_entries(user, race, [{"person": asked.person}])[0]
        _decide(user, asked, EntryRequest.Status.CONFIRMED, "", entry)
    return asked


def refuse(user: Any, asked: EntryRequest, reason: str) -> EntryRequest:
    """The organiser refuses a pending request with a reason the club manager sees."""
    services._allow(services.organises(user, asked.race.event))
    if asked.status != EntryRequest.Status.PENDING:
        raise Conflict(_("Only a pending entry can be refused."))
    if not reason.strip():
        raise InvalidData({"reason": [_("Give a reason.")]})
    _decide(user, asked, EntryRequest.Status.REFUSED, reason.strip(), None)
    return asked


def _decide(user: Any, asked: EntryRequest, status: str, reason: str, entry: Entry | None) -> None:
    old = asked.status
    asked.status, asked.reason, asked.entry = status, reason, entry
    asked.decided_by = user if getattr(user, "is_authenticated", False) else None
    asked.decided_at = timezone.now()
    asked.save()
    changes: dict[str, Any] = {"status": [old, status]}
    if reason:
        changes["reason"] = [None, reason]
    asked.log_action(f"entry {status}", user, changes | _after_draw(asked.race))


# --- withdrawals and changes after the draw --------------------------------------------------------


def may_withdraw(user: Any, entry: Entry) -> bool:
    """The organiser, and the manager of the club that entered the athlete online."""
    if services.organises(user, entry.race.event):
        return True
    asked = EntryRequest.objects.filter(entry=entry).first()
    return asked is not None and asked.club_id in managed_club_ids(user)


def withdraw(user: Any, entry: Entry, reason: str) -> Entry:
    """Withdraw an entry before the start (after it, the athlete is a DNS); audited, marked after the draw."""
    race = entry.race
    services._allow(may_withdraw(user, entry))
    services._open(race)
    if started(race):
        raise Conflict(_("The race has started: record a DNS instead of a withdrawal."))
    if entry.withdrawn:
        raise Conflict(_("This entry is already withdrawn."))
    if not reason.strip():
        raise InvalidData({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        entry.withdrawn = True
        entry.save(update_fields=["withdrawn"])
        changes = {"withdrawn": [False, True], "reason": [None, reason.strip()]} | _after_draw(race)
        entry.log_action("withdrawn", user, changes)
        EntryRequest.objects.filter(entry=entry).update(status=EntryRequest.Status.WITHDRAWN)
    return entry


def withdraw_request(user: Any, asked: EntryRequest) -> EntryRequest:
    """A club manager takes back a pending request (a confirmed one is withdrawn as an entry)."""
    services._allow(asked.club_id in managed_club_ids(user) or services.organises(user, asked.race.event))
    if asked.status != EntryRequest.Status.PENDING:
        raise Conflict(_("Only a pending entry can be taken back."))
    _decide(user, asked, EntryRequest.Status.WITHDRAWN, "", None)
    return asked


def set_bib(user: Any, entry: Entry, bib: int | None, reason: str = "") -> Entry:
    """The organiser gives a bib by hand; after the draw only with a reason, and marked so in the log."""
    race = entry.race
    services._allow(services.organises(user, race.event))
    services._open(race)
    if bib is not None and bib < 1:
        raise InvalidData({"bib": [_("A bib is a whole number from 1.")]})
    if race.drawn_at is not None and not reason.strip():
        raise InvalidData({"reason": [_("The bibs are drawn: give a reason for the change.")]})
    if bib is not None and race.entries.filter(bib=bib).exclude(pk=entry.pk).exists():
        raise Conflict(_("Bib %(bib)s is already given in this race.") % {"bib": bib})
    old = entry.bib
    entry.bib = bib
    entry.save(update_fields=["bib"])
    changes: dict[str, Any] = {"bib": [old, bib]} | _after_draw(race)
    if reason.strip():
        changes["reason"] = [None, reason.strip()]
    entry.log_action("bib set", user, changes)
    return entry


def changes_after_draw(race: Race) -> list[AuditEntry]:
    """The audited changes to the race's entries and entry requests since the draw, newest first."""
    if race.drawn_at is None:
        return []
    entries = [str(pk) for pk in race.entries.values_list("pk", flat=True)]
    requests = [str(pk) for pk in race.entry_requests.values_list("pk", flat=True)]
    found = AuditEntry.objects.filter(
        created_at__gt=race.drawn_at, content_type__app_label="competitions"
    ).select_related("actor")
    by_entry = found.filter(content_type__model="entry", object_id__in=entries)
    by_request = found.filter(content_type__model="entryrequest", object_id__in=requests)
    return sorted([*by_entry, *by_request], key=lambda e: (e.created_at, e.pk), reverse=True)
