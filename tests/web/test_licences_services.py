"""Licence workflow: seasons, request, approve/refuse, activation, revocation, expiry, audit."""

import datetime as dt
from decimal import Decimal

import pytest

from alatau.core.errors import Conflict, InvalidData, InvalidTransition, NotAllowed
from alatau.core.models import User
from alatau.licences.models import Licence
from alatau.licences.services import (
    FEES,
    activate_licence,
    approve_licence,
    expire_licences,
    is_currently_valid,
    refresh_statuses,
    refuse_licence,
    request_licence,
    revoke_licence,
    season_bounds,
    season_label,
    season_of,
    today,
    visible_licences,
)
from alatau.registry.models import Club, Person

Status = Licence.Status


@pytest.mark.parametrize(
    ("day", "season"),
    [
        (dt.date(2025, 7, 1), 2025),
        (dt.date(2026, 6, 30), 2025),
        (dt.date(2026, 1, 15), 2025),
        (dt.date(2025, 6, 30), 2024),
    ],
)
def test_season_runs_from_july_to_june(day: dt.date, season: int) -> None:
    assert season_of(day) == season
    start, end = season_bounds(season)
    assert start <= day <= end


def test_season_label() -> None:
    assert season_label(2025) == "2025/26"
    assert season_label(2099) == "2099/00"


@pytest.fixture
def season() -> int:
    return season_of(today())


@pytest.fixture
def requested(carol_manager: User, athlete: Person, club_shymbulak: Club, season: int) -> Licence:
    return request_licence(athlete, club_shymbulak, Licence.Kind.COMPETITOR, season, user=carol_manager)


def test_request_sets_fee_validity_and_logs(requested: Licence, carol_manager: User, season: int) -> None:
    assert requested.status == Status.REQUESTED and requested.number == ""
    assert requested.fee == FEES[Licence.Kind.COMPETITOR] and isinstance(requested.fee, Decimal)
    assert (requested.valid_from, requested.valid_until) == season_bounds(season)
    entry = requested.audit_entries().get()
    assert entry.actor == carol_manager and entry.changes["status"] == [None, "requested"]


def test_second_live_licence_of_the_same_kind_is_a_conflict(requested: Licence, carol_manager: User) -> None:
    with pytest.raises(Conflict):
        request_licence(
            requested.person, requested.club, requested.kind, requested.season, user=carol_manager
        )


def test_manager_cannot_request_for_another_club(
    carol_manager: User, club_ridder: Club, athlete: Person, season: int
) -> None:
    with pytest.raises(NotAllowed):
        request_licence(athlete, club_ridder, "competitor", season, user=carol_manager)


def test_request_needs_a_member_a_known_kind_and_a_near_season(
    alice_admin: User, athlete: Person, club_ridder: Club, club_shymbulak: Club, season: int
) -> None:
    with pytest.raises(InvalidData):
        request_licence(athlete, club_ridder, "competitor", season, user=alice_admin)
    with pytest.raises(InvalidData):
        request_licence(athlete, club_shymbulak, "pilot", season, user=alice_admin)
    with pytest.raises(InvalidData):
        request_licence(athlete, club_shymbulak, "competitor", season + 5, user=alice_admin)
    assert Licence.objects.count() == 0


def test_approval_numbers_and_activates_within_the_season(
    requested: Licence, alice_admin: User, season: int
) -> None:
    licence = approve_licence(requested, user=alice_admin)
    assert licence.status == Status.ACTIVE and licence.decided_by == alice_admin
    assert licence.number == f"KZ{season % 100:02d}-00001"
    assert is_currently_valid(licence)
    assert [e.action for e in licence.audit_entries()][:2] == ["active", "approved"]


def test_numbers_are_unique_and_increasing_in_a_season(
    requested: Licence, alice_admin: User, carol_manager: User, club_shymbulak: Club
) -> None:
    coach = request_licence(requested.person, club_shymbulak, "coach", requested.season, user=carol_manager)
    numbers = [approve_licence(lic, user=alice_admin).number for lic in (requested, coach)]
    assert numbers[0] < numbers[1] and numbers[1].endswith("00002")


def test_next_season_licence_waits_approved_until_july(
    alice_admin: User, athlete: Person, club_shymbulak: Club, season: int
) -> None:
    licence = request_licence(athlete, club_shymbulak, "competitor", season + 1, user=alice_admin)
    licence = approve_licence(licence, user=alice_admin)
    assert licence.status == Status.APPROVED
    with pytest.raises(InvalidTransition):
        activate_licence(licence, user=alice_admin)
    start, _end = season_bounds(season + 1)
    assert refresh_statuses(start) == {"expired": 0, "activated": 1}
    licence.refresh_from_db()
    assert licence.status == Status.ACTIVE


def test_only_the_federation_decides(requested: Licence, carol_manager: User, sam_staff: User) -> None:
    for user in (carol_manager, sam_staff):
        with pytest.raises(NotAllowed):
            approve_licence(requested, user=user)
        with pytest.raises(NotAllowed):
            refuse_licence(requested, user=user, reason="no")
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED


def test_refusal_needs_a_reason_and_frees_the_slot(
    requested: Licence, alice_admin: User, carol_manager: User
) -> None:
    with pytest.raises(InvalidData):
        refuse_licence(requested, user=alice_admin, reason="  ")
    refused = refuse_licence(requested, user=alice_admin, reason="Medical certificate missing")
    assert refused.status == Status.REFUSED and refused.status_reason == "Medical certificate missing"
    again = request_licence(refused.person, refused.club, refused.kind, refused.season, user=carol_manager)
    assert again.status == Status.REQUESTED


def test_transitions_are_checked(requested: Licence, alice_admin: User) -> None:
    with pytest.raises(InvalidTransition):
        revoke_licence(requested, user=alice_admin, reason="x")
    active = approve_licence(requested, user=alice_admin)
    with pytest.raises(InvalidTransition):
        approve_licence(active, user=alice_admin)
    revoked = revoke_licence(active, user=alice_admin, reason="Doping ban")
    assert revoked.status == Status.REVOKED and not is_currently_valid(revoked)
    with pytest.raises(InvalidTransition):
        activate_licence(revoked, user=alice_admin)


def test_expiry_after_the_season(requested: Licence, alice_admin: User) -> None:
    active = approve_licence(requested, user=alice_admin)
    assert expire_licences(active.valid_until) == 0
    assert expire_licences(active.valid_until + dt.timedelta(days=1)) == 1
    active.refresh_from_db()
    assert active.status == Status.EXPIRED
    assert active.audit_entries().first().actor is None  # type: ignore[union-attr]


def test_licence_visibility(
    requested: Licence,
    carol_manager: User,
    sam_staff: User,
    paul_public: User,
    alice_admin: User,
    club_ridder: Club,
) -> None:
    assert list(visible_licences(carol_manager)) == [requested]
    assert list(visible_licences(sam_staff)) == [requested]
    assert list(visible_licences(paul_public)) == []
    club_ridder.managers.add(carol_manager)
    assert list(visible_licences(User.objects.get(pk=carol_manager.pk))) == [requested]


def test_refresh_command(requested: Licence, alice_admin: User) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    active = approve_licence(requested, user=alice_admin)
    out = StringIO()
    call_command("refresh_licences", "--date", str(active.valid_until + dt.timedelta(days=1)), stdout=out)
    assert out.getvalue().strip().endswith("0 activated, 1 expired")
    with pytest.raises(CommandError):
        call_command("refresh_licences", "--date", "31.12.2026")
