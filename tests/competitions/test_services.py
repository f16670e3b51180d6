"""Race-office services: entries and licences, the draw, times with versions, results, official versions."""

import json
from decimal import Decimal

import pytest

from alatau.competitions import scoring, services
from alatau.competitions.models import Entry, ImpulseLog, Race, RunTime
from alatau.core.errors import Conflict, InvalidTransition, NotAllowed
from alatau.core.models import User
from alatau.errors import InputError
from alatau.registry.models import Person
from tests.competitions.conftest import FIELD


def test_the_season_defaults_from_the_race_day(event, oscar_organiser: User) -> None:
    race = services.create_race(
        oscar_organiser, event=event, codex="1", discipline="sl", gender="m", category="FIS",
        date=event.start_date, runs=2,
    )  # fmt: skip
    assert race.season == "2021-22" and race.discipline == "SL" and race.run_set.count() == 2


def test_only_the_event_organiser_creates_its_races(event, tina_timekeeper: User) -> None:
    with pytest.raises(NotAllowed):
        services.create_race(
            tina_timekeeper, event=event, codex="1", discipline="SL", gender="M", category="FIS",
            date=event.start_date,
        )  # fmt: skip


def test_own_athlete_without_licence_is_refused_unless_overridden(
    race: Race, oscar_organiser, athlete
) -> None:
    with pytest.raises(InputError, match="no valid competitor licence"):
        services.add_entries(oscar_organiser, race, [{"bib": 1, "fis_code": athlete.fis_code}])
    entry = services.add_entries(
        oscar_organiser, race, [{"bib": 1, "fis_code": athlete.fis_code}], "TD agreed"
    )[0]
    assert entry.person == athlete and entry.licence_override == "TD agreed"
    assert entry.audit_entries().get().changes["licence_override"] == [None, "TD agreed"]


def test_a_licensed_athlete_is_entered_from_the_registry(
    race: Race, oscar_organiser, licensed: Person
) -> None:
    entry = services.add_entries(oscar_organiser, race, [{"bib": 3, "fis_code": licensed.fis_code}])[0]
    assert entry.name == "ZHAKUPOV Aidar" and entry.nation == "KAZ" and not entry.guest


def test_unknown_code_without_name_is_refused_and_nothing_is_entered(race: Race, oscar_organiser) -> None:
    items = [{"bib": 1, "fis_code": "X1", "name": "A B", "nation": "AUT"}, {"bib": 2, "fis_code": "X2"}]
    with pytest.raises(InputError, match="bib 2"):
        services.add_entries(oscar_organiser, race, items)
    assert not race.entries.exists()


def test_a_taken_bib_is_a_conflict(entered: Race, oscar_organiser) -> None:
    with pytest.raises(Conflict, match="bib 1"):
        services.add_entries(oscar_organiser, entered, [{"bib": 1, "name": "NEW One", "nation": "AUT"}])


def test_the_draw_is_reproducible_from_its_recorded_seed(entered: Race, oscar_organiser) -> None:
    first = services.draw_bibs(oscar_organiser, entered, seed=42)
    bibs = dict(entered.entries.values_list("fis_code", "bib"))
    services.draw_bibs(oscar_organiser, entered, seed=42)
    assert dict(entered.entries.values_list("fis_code", "bib")) == bibs
    entered.refresh_from_db()
    assert entered.draw_seed == 42 == first.seed and sorted(bibs.values()) == list(range(1, 8))
    # The seeded group (best 15 by points) comes first; the competitor without points starts last.
    assert bibs["GUEST7"] == 7


def test_times_of_day_give_the_truncated_net_time(entered: Race, tina_timekeeper) -> None:
    row = services.set_times(
        tina_timekeeper, entered, 1, [{"bib": 1, "start_tod": "10:15:03.2471", "finish_tod": "10:15:57.0999"}]
    )[0]
    assert row.net_time == Decimal("53.85") and row.start_tod == Decimal("36903.2471") and row.manual


def test_system_b_replaces_a_missing_a(entered: Race, tina_timekeeper) -> None:
    items = [{"bib": 1, "start_tod": "10:00:00.0000", "system": "B"},
             {"bib": 1, "finish_tod": "10:00:50.1234", "system": "B"}]  # fmt: skip
    row = services.set_times(tina_timekeeper, entered, 1, items)[-1]
    assert row.system == "B" and row.net_time == Decimal("50.12") and row.start_tod is None


def test_setting_one_bib_leaves_the_others(timed: Race, tina_timekeeper) -> None:
    services.set_times(tina_timekeeper, timed, 1, [{"bib": 2, "time": "1:02.66"}])
    times = dict(RunTime.objects.filter(entry__race=timed, run=1).values_list("entry__bib", "net_time"))
    assert times[2] == Decimal("62.66") and times[1] == Decimal("50.10")


def test_a_stale_version_is_refused_and_keeps_the_other_write(entered: Race, tina_timekeeper) -> None:
    # Two timekeepers read bib 1 at version 0; the first writes, the second's write is refused.
    services.set_times(tina_timekeeper, entered, 1, [{"bib": 1, "time": "50.10", "version": 0}])
    with pytest.raises(Conflict, match="bib 1"):
        services.set_times(tina_timekeeper, entered, 1, [{"bib": 1, "time": "49.00", "version": 0}])
    assert RunTime.objects.get(entry__bib=1, run=1).net_time == Decimal("50.10")


def test_a_timekeeper_may_not_disqualify(entered: Race, tina_timekeeper, rita_referee) -> None:
    with pytest.raises(NotAllowed):
        services.set_times(tina_timekeeper, entered, 1, [{"bib": 1, "status": "DSQ"}])
    row = services.set_times(
        rita_referee, entered, 1, [{"bib": 1, "status": "DSQ", "gate": "12", "reason": "straddle"}]
    )[0]
    assert row.status == "DSQ" and row.audit_entries().get().changes["status"] == ["", "DSQ"]


def test_results_match_the_engine_with_the_penalty_working(timed: Race, rita_referee) -> None:
    services.set_times(rita_referee, timed, 2, [{"bib": 7, "status": "DNF"}])
    body = scoring.results(timed)
    assert body["official"] is False and body["version"] == 1 and body["pending"] == []
    assert [line["bib"] for line in body["results"]][:6] == [1, 2, 3, 4, 5, 6]
    assert body["results"][-1]["status"] == "DNF2" and body["results"][0]["race_points"] == 0.0
    assert set(body["penalty"]) == {"sum_a", "sum_b", "sum_c", "raw", "calculated", "applied", "rule"}


def test_a_competitor_still_racing_is_pending(entered: Race, tina_timekeeper) -> None:
    services.set_times(tina_timekeeper, entered, 1, [{"bib": 1, "time": "50.00"}])
    assert scoring.results(entered)["pending"] == [1, 2, 3, 4, 5, 6, 7]


def test_official_version_is_hashed_immutable_and_reopened_as_version_2(
    timed: Race, ted_delegate, tina_timekeeper
) -> None:
    snapshot = services.make_official(ted_delegate, timed)
    assert scoring.verify(snapshot)
    assert snapshot.sha256 == scoring.sha256_of(scoring.canonical(json.loads(snapshot.canonical)))
    timed.refresh_from_db()
    with pytest.raises(Conflict):
        services.set_times(tina_timekeeper, timed, 1, [{"bib": 1, "time": "40.00"}])
    assert scoring.results(timed)["sha256"] == snapshot.sha256
    with pytest.raises(InvalidTransition):
        services.reopen(ted_delegate, services.reopen(ted_delegate, timed, "timing error bib 3"), "again")
    timed.refresh_from_db()
    assert timed.version == 2 and not timed.official
    services.set_times(tina_timekeeper, timed, 1, [{"bib": 3, "time": "50.95"}])
    second = services.make_official(ted_delegate, timed)
    assert second.version == 2 and second.reason == "timing error bib 3" and second.sha256 != snapshot.sha256
    assert timed.official_versions.count() == 2


def test_the_official_hash_is_reproducible(timed: Race, ted_delegate) -> None:
    again = scoring.sha256_of(scoring.canonical(scoring.snapshot_payload(timed, 1)))
    assert services.make_official(ted_delegate, timed).sha256 == again


def test_official_refused_while_a_bib_is_pending(entered: Race, ted_delegate) -> None:
    with pytest.raises(InputError, match="1, 2"):
        services.make_official(ted_delegate, entered)


def test_a_csv_import_logs_every_line(entered: Race, tina_timekeeper) -> None:
    text = "bib,start_tod,finish_tod\n1,10:00:00.1000,10:00:50.2000\n?,10:01:00.0000,\n2,bad,\n"
    outcome = services.import_timing(tina_timekeeper, entered, 1, text, "csv")
    assert outcome["imported"] == 1 and outcome["unassigned"] == 1 and outcome["errors"][0]["line"] == 4
    assert ImpulseLog.objects.filter(race=entered).count() == 3
    row = RunTime.objects.get(entry__bib=1, run=1)
    assert row.net_time == Decimal("50.10") and not row.manual


def test_the_impulse_log_is_never_rewritten(entered: Race, tina_timekeeper) -> None:
    services.import_timing(tina_timekeeper, entered, 1, "bib,time\n1,50.00\n", "csv")
    line = ImpulseLog.objects.get()
    line.raw = "changed"
    with pytest.raises(ValueError):
        line.save()


def test_points_by_hand_are_audited(entered: Race, oscar_organiser) -> None:
    entry = Entry.objects.get(race=entered, bib=7)
    services.set_points(oscar_organiser, entry, Decimal("44.5"), "list error")
    assert entry.audit_entries().first().changes["fis_points"] == [None, "44.5"]
    assert len(FIELD) == 7
