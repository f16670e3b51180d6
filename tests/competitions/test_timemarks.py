"""Times not straight from System A are marked in the results PDFs, with a footnote (ICR 611.3.4)."""

from django.test import Client

from alatau.competitions import handtime, services, timemarks
from alatau.competitions.models import Race, RunTime
from alatau.core.models import User
from tests.competitions.conftest import FIELD
from tests.competitions.test_handtime import LAG, hand_finish, tods  # noqa: F401 - the fixture
from tests.competitions.test_racesheet import pdf_text

MANUAL_NOTE = "* Time entered or corrected by hand (ICR 611.3.4)."
B_NOTE = "B Time of System B, System A having failed (ICR 611.3.4)."
HAND_NOTE = "H Hand time corrected by the mean difference of 10 competitors (ICR 611.3.2.1)."


def _time_cells(text: str, bib: int) -> list[str]:
    """The two run-time cells (with their marks) of ``bib``: pypdf reads one cell a line."""
    name = next(row[2] for row in FIELD if row[0] == bib)
    lines = text.splitlines()
    at = lines.index(name)
    return [cell.strip() for cell in lines[at + 2 : at + 4]]


def test_manual_and_system_b_times_are_marked_with_footnotes(
    client: Client, entered: Race, tina_timekeeper: User, ted_delegate: User
) -> None:
    for run in (1, 2):
        timer = [{"bib": row[0], "time": row[5 + run - 1]} for row in FIELD if row[0] not in (2, 3)]
        services.set_times(tina_timekeeper, entered, run, timer, manual=False)
    services.set_times(tina_timekeeper, entered, 1, [{"bib": 2, "time": "50.50"}])  # keyed in
    services.set_times(tina_timekeeper, entered, 2, [{"bib": 2, "time": "50.90"}], manual=False)
    b_tods = {"bib": 3, "start_tod": "10:00:00.0000", "finish_tod": "10:00:51.0049", "system": "B"}
    services.set_times(tina_timekeeper, entered, 1, [b_tods], manual=False)
    services.set_times(tina_timekeeper, entered, 2, [{"bib": 3, "time": "51.20"}], manual=False)
    text = pdf_text(client.get(f"/en/races/{entered.pk}/results.pdf").content)
    assert _time_cells(text, 2)[:2] == ["50.50 *", "50.90"]
    assert _time_cells(text, 3)[:2] == ["51.00 B", "51.20"]
    assert _time_cells(text, 1)[:2] == ["50.10", "51.00"]
    assert MANUAL_NOTE in text and B_NOTE in text and HAND_NOTE not in text
    services.make_official(ted_delegate, entered)
    official = pdf_text(client.get(f"/en/races/{entered.pk}/results.pdf").content)
    assert "Official results" in official and _time_cells(official, 2)[0] == "50.50 *"
    assert MANUAL_NOTE in official and B_NOTE in official


def test_a_hand_corrected_time_is_marked(
    client: Client,
    tods: Race,  # noqa: F811
    tina_timekeeper: User,
) -> None:
    items = [{"bib": b, "hand_finish": hand_finish(b)} for b in LAG]
    handtime.set_hand_times(tina_timekeeper, tods, 1, [*items, {"bib": 5, "hand_finish": "10:05:51.27"}])
    row = RunTime.objects.get(entry__race=tods, entry__bib=5, run=1)
    assert timemarks.mark_of(row) == "*H"
    assert timemarks.race_marks(tods)[(5, 1)] == "*H"
    run2 = [{"bib": row[0], "time": row[6]} for row in FIELD]
    services.set_times(tina_timekeeper, tods, 2, run2, manual=False)
    text = pdf_text(client.get(f"/en/races/{tods.pk}/results.pdf").content)
    assert _time_cells(text, 5)[0] == "51.09 *H"
    assert HAND_NOTE in text and MANUAL_NOTE in text and B_NOTE not in text


def test_the_footnote_is_translated(client: Client, timed: Race) -> None:
    text = pdf_text(client.get(f"/ru/races/{timed.pk}/results.pdf").content)
    assert "* Время введено или исправлено вручную (ICR 611.3.4)." in text
