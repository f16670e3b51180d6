"""Hand times in a race: the corrected time from the competitors around, its working kept and shown."""

from decimal import Decimal as D

import pytest
from django.test import Client

from alatau.competitions import handtime, scoring, services
from alatau.competitions.models import HandCorrection, Race, RunTime
from alatau.core.errors import NotAllowed
from alatau.core.models import User
from alatau.errors import InputError
from tests.web.conftest import login

#: The hand watch's lag behind system A at the finish for bibs 1…7 (bib 5's finish failed in A and B).
LAG = {1: "0.04", 2: "0.05", 3: "0.04", 4: "0.05", 6: "0.04", 7: "0.05"}


def tod(seconds: D) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{f'{seconds - whole:.4f}'[2:]}"


def start_of(bib: int) -> D:
    return D(36000 + 60 * bib) + D("0.1234")


def finish_of(bib: int) -> D:
    return start_of(bib) + D(50) + D(bib) / 10 + D("0.0056")


@pytest.fixture
def tods(entered: Race, tina_timekeeper: User) -> Race:
    """Run 1 from times of day; bib 5 has only its start: the finish cells A and B both missed it."""
    items = [{"bib": b, "start_tod": tod(start_of(b)), "finish_tod": tod(finish_of(b))} for b in LAG]
    services.set_times(tina_timekeeper, entered, 1, [*items, {"bib": 5, "start_tod": tod(start_of(5))}])
    return entered


def hand_finish(bib: int) -> str:
    return tod(finish_of(bib).quantize(D("0.01"), rounding="ROUND_DOWN") + D(LAG.get(bib, "0")))


def test_a_hand_time_for_a_failed_finish_is_corrected_from_the_others(
    tods: Race, tina_timekeeper: User
) -> None:
    items = [{"bib": b, "hand_finish": hand_finish(b)} for b in (1, 2, 3, 4, 6, 7)]
    hand5 = D("36351.27")
    outcome = handtime.set_hand_times(
        tina_timekeeper, tods, 1, [*items, {"bib": 5, "hand_finish": tod(hand5)}]
    )
    assert outcome.waiting == {} and len(outcome.corrections) == 1
    working = outcome.corrections[0]
    assert working.reference_bibs == (4, 3, 2, 1, 6, 7)  # earlier starters first, then later ones
    assert working.mean_difference == D("0.05")  # 0.27 / 6 = 0.045, half-up
    row = RunTime.objects.get(entry__bib=5, run=1)
    assert D("36351.22") - start_of(5) == D("51.0966")  # the corrected finish − the start of system A
    assert row.system == "H" and row.manual and row.net_time == D("51.09")  # truncated
    stored = HandCorrection.objects.get(run_time=row)
    assert stored.reference_bibs == [4, 3, 2, 1, 6, 7] and stored.mean_difference == D("0.05")
    assert stored.references[0] == {
        "bib": 4,
        "hand": "36290.57",
        "electronic": "36290.52",
        "difference": "0.05",
    }
    audit = row.audit_entries().filter(action="hand time corrected").get()
    assert audit.changes["system"] == ["A", "H"] and audit.changes["correction"][1][0]["bibs"] == [
        4,
        3,
        2,
        1,
        6,
        7,
    ]
    # the other bibs keep their electronic times; the corrected one counts in the results
    assert RunTime.objects.get(entry__bib=4, run=1).system == "A"
    assert 5 not in scoring.field_of(tods, runs=1).pending


def test_the_failed_bib_waits_until_the_neighbours_hand_times_are_in(
    tods: Race, tina_timekeeper: User
) -> None:
    outcome = handtime.set_hand_times(tina_timekeeper, tods, 1, [{"bib": 5, "hand_finish": "10:05:51.27"}])
    assert 5 in outcome.waiting and "no competitor with both" in outcome.waiting[5]
    assert RunTime.objects.get(entry__bib=5, run=1).net_time is None
    handtime.set_hand_times(tina_timekeeper, tods, 1, [{"bib": 4, "hand_finish": hand_finish(4)}])
    made = handtime.recorrect(tina_timekeeper, tods, 1, 5)
    assert made[0].reference_bibs == (4,) and made[0].mean_difference == D("0.05")


def test_a_bib_with_an_electronic_time_is_not_corrected(tods: Race, tina_timekeeper: User) -> None:
    outcome = handtime.set_hand_times(tina_timekeeper, tods, 1, [{"bib": 4, "hand_finish": hand_finish(4)}])
    assert outcome.corrections == [] and outcome.waiting == {}
    with pytest.raises(InputError, match="bib 4: it has an electronic time"):
        handtime.recorrect(tina_timekeeper, tods, 1, 4)


def test_bad_hand_times_refuse_the_whole_entry(tods: Race, tina_timekeeper: User, rita_referee: User) -> None:
    with pytest.raises(InputError, match="bib 3"):
        handtime.set_hand_times(tina_timekeeper, tods, 1, [{"bib": 1, "hand_finish": hand_finish(1)},
                                                         {"bib": 3, "hand_finish": "25:99"}])  # fmt: skip
    assert RunTime.objects.get(entry__bib=1, run=1).hand_finish_tod is None
    with pytest.raises(InputError, match="bib 42"):
        handtime.set_hand_times(tina_timekeeper, tods, 1, [{"bib": 42, "hand_finish": "10:00:00.00"}])
    with pytest.raises(NotAllowed):
        handtime.set_hand_times(rita_referee, tods, 1, [{"bib": 1, "hand_finish": "10:00:00.00"}])


def test_the_hand_time_form_shows_the_working(client: Client, tods: Race, tina_timekeeper: User) -> None:
    login(client, tina_timekeeper)
    url = f"/en/races/{tods.pk}/office/run/1/hand/"
    assert client.get(url).status_code == 200
    data = {"bib": [str(b) for b in range(1, 8)]}
    data |= {f"hand_finish_{b}": hand_finish(b) for b in (1, 2, 3, 4, 6, 7)} | {
        "hand_finish_5": "10:05:51.27"
    }
    answer = client.post(url, data, follow=True)
    text = answer.content.decode()
    assert answer.status_code == 200 and "4, 3, 2, 1, 6, 7" in text and "0.05" in text
    assert "51.09" in text and RunTime.objects.get(entry__bib=5, run=1).system == "H"
    assert "hand-corrected" in client.get(f"/en/races/{tods.pk}/office/run/1/").content.decode()
