"""Cups: standings over official races only, drop-worst and tie-breaks through the services, pages, CSV."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client

from alatau.competitions import services, standings
from alatau.competitions.models import Cup, Entry, Race
from alatau.core.errors import InvalidData, NotAllowed
from alatau.core.models import User
from tests.competitions.conftest import FIELD, RACE_DAY
from tests.web.conftest import login

#: The second race of the cup: bib 1 out in run 1, bibs 3 and 4 tied for second (101.00).
SECOND = {1: None, 2: ("50.00", "50.00"), 3: ("50.50", "50.50"), 4: ("50.60", "50.40"),
          5: ("51.00", "51.00"), 6: ("52.00", "52.00"), 7: ("53.00", "53.00")}  # fmt: skip


def second_race(first: Race, organiser: User, timekeeper: User) -> Race:
    race = services.create_race(
        organiser, event=first.event, codex="0124", discipline="GS", gender="W", category="FIS",
        date=RACE_DAY + dt.timedelta(days=1), runs=2, season="2021-22",
    )  # fmt: skip
    items = [{"bib": b, "fis_code": c, "name": n, "nation": nat} for b, c, n, nat, *_rest in FIELD]
    services.add_entries(organiser, race, items)
    for run in (1, 2):
        times = [{"bib": bib, "time": t[run - 1]} for bib, t in SECOND.items() if t]
        out = [{"bib": bib, "status": "DNF"} for bib, t in SECOND.items() if t is None and run == 1]
        services.set_times(timekeeper, race, run, times)
        if out:
            services.set_times(organiser, race, run, out)
    return race


@pytest.fixture
def cup(timed: Race, oscar_organiser: User, tina_timekeeper: User, ted_delegate: User) -> Cup:
    other = second_race(timed, oscar_organiser, tina_timekeeper)
    services.make_official(ted_delegate, timed)
    services.make_official(ted_delegate, other)
    return standings.save_cup(
        oscar_organiser, None, name="Almaty Cup", season="2021-22", races=[timed, other]
    )


def lines(cup: Cup) -> list[tuple[int, str, int]]:
    (group,) = standings.cup_table(cup).standings
    return [(line.place, line.name.split()[0], int(line.total)) for line in group.lines]


def test_two_official_races_with_the_world_cup_table(cup: Cup) -> None:
    # Race 1 places 1–7 in bib order: 100 80 60 50 45 40 36. Race 2: BRAVO 1 (100), CHARLIE and DELTA
    # tied 2 (80 each), ECHO 4 (50), FOX 5 (45), GOLF 6 (40), ALPHA DNF (0).
    assert lines(cup) == [(1, "BRAVO", 180), (2, "CHARLIE", 140), (3, "DELTA", 130), (4, "ALPHA", 100),
                          (5, "ECHO", 95), (6, "FOX", 85), (7, "GOLF", 76)]  # fmt: skip


def test_drop_worst_and_countback(cup: Cup, oscar_organiser: User) -> None:
    races = list(cup.races.all())
    standings.save_cup(oscar_organiser, cup, name=cup.name, season=cup.season, races=races, drop_worst=1)
    # One of two counts. BRAVO and ALPHA 100: one win each, BRAVO has a second place → ahead.
    # CHARLIE and DELTA 80: 2nd each once, CHARLIE also 3rd → ahead.
    assert lines(cup) == [(1, "BRAVO", 100), (2, "ALPHA", 100), (3, "CHARLIE", 80), (4, "DELTA", 80),
                          (5, "ECHO", 50), (6, "FOX", 45), (7, "GOLF", 40)]  # fmt: skip
    standings.save_cup(oscar_organiser, cup, name=cup.name, season=cup.season, races=races, drop_worst=1,
                       tie_break=Cup.TieBreak.SHARED, points_table="10-8-6-5-4-3-2-1")  # fmt: skip
    assert lines(cup)[:4] == [(1, "ALPHA", 10), (1, "BRAVO", 10), (3, "CHARLIE", 8), (3, "DELTA", 8)]
    changed = cup.audit_entries().first()
    assert changed is not None and changed.changes["tie_break"] == ["countback", "shared"]


def test_only_official_results_count(cup: Cup, ted_delegate: User) -> None:
    other = cup.races.get(codex="0124")
    services.reopen(ted_delegate, other, "Timing check")
    table = standings.cup_table(cup)
    assert table.waiting == [other] and len(table.counted) == 1
    assert lines(cup)[:2] == [(1, "ALPHA", 100), (2, "BRAVO", 80)]


def test_the_cup_is_checked(timed: Race, oscar_organiser: User, paul_public: User) -> None:
    with pytest.raises(NotAllowed):
        standings.save_cup(paul_public, None, name="X", season="2021-22", races=[])
    with pytest.raises(InvalidData) as refused:
        standings.save_cup(oscar_organiser, None, name="", season="2021-23", races=[timed],
                           points_table="10-20")  # fmt: skip
    assert set(refused.value.errors) == {"name", "season", "points_table"}
    with pytest.raises(InvalidData) as other_season:
        standings.save_cup(oscar_organiser, None, name="Cup", season="2020-21", races=[timed])
    assert "races" in other_season.value.errors and not Cup.objects.exists()


def test_the_public_page_in_four_languages_and_the_csv(client: Client, cup: Cup) -> None:
    page = client.get(f"/en/races/cups/{cup.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "Only official results count" in text and "BRAVO Bea" in text
    assert 'name="viewport"' in text and "competitions/standings.css" in text
    for language, words in (("kk", "ресми нәтижелер"), ("ru", "официальные результаты"),
                            ("fr", "résultats officiels")):  # fmt: skip
        answer = client.get(f"/{language}/races/cups/{cup.pk}/")
        assert answer.status_code == 200 and words in answer.content.decode().lower()
    assert b"Almaty Cup" in client.get("/en/races/cups/").content
    exported = client.get(f"/en/races/cups/{cup.pk}/standings.csv")
    assert exported["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:6] == ["Gender", "Category", "Place", "Name", "Nation", "Total"] and len(rows[0]) == 8
    assert rows[1] == ["W", "FIS", "1", "BRAVO Bea", "SUI", "180", "80", "100"]
    assert rows[4] == ["W", "FIS", "4", "ALPHA Anna", "AUT", "100", "100", "0"]


def test_an_organiser_sets_a_cup_up_in_the_form(
    client: Client, timed: Race, oscar_organiser: User, paul_public: User
) -> None:
    login(client, paul_public)
    assert client.get("/en/races/cups/new/").status_code == 403
    login(client, oscar_organiser)
    data = {"name": "Spring Cup", "season": "2021-22", "points_table": "25-20-15", "tie_break": "latest",
            "drop_worst": "0", "best_of": "", "races": [str(timed.pk)]}  # fmt: skip
    bad = client.post("/en/races/cups/new/", data | {"points_table": "1-2-3"})
    assert bad.status_code == 200 and b"Points by place" in bad.content and not Cup.objects.exists()
    made = client.post("/en/races/cups/new/", data)
    cup = Cup.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"/races/cups/{cup.pk}/")
    assert cup.points_table == "25-20-15" and list(cup.races.all()) == [timed]
    assert client.get(f"/en/races/cups/{cup.pk}/edit/").status_code == 200


def test_the_demo_has_a_cup_with_its_signed_slalom(db: None, shared: object) -> None:
    from alatau.demo import load_demo

    shared("reference/fis/FIS-points-list-AL-2022-331.csv")  # type: ignore[operator]
    load_demo(today=dt.date(2025, 11, 20))
    table = standings.cup_table(Cup.objects.get(name="Kazakhstan Cup"))
    assert [r.discipline for r in table.counted] == ["SL"] and [r.discipline for r in table.waiting] == ["GS"]
    (men,) = table.standings
    signed = table.counted[0].official_versions.get()
    winner = next(line for line in json.loads(signed.canonical)["results"] if line["rank"] == 1)
    assert (
        men.lines[0].total == 100
        and men.lines[0].name == table.counted[0].entries.get(bib=winner["bib"]).name
    )
    assert len(men.lines) == table.counted[0].entries.count()


def test_the_standings_over_the_api(client: Client, cup: Cup) -> None:
    listed = client.get("/api/v1/cups").json()
    assert [c["name"] for c in listed] == ["Almaty Cup"] and listed[0]["points_table"].startswith("100-80-60")
    body = client.get(f"/api/v1/cups/{cup.pk}/standings").json()
    (group,) = body["groups"]
    assert (group["gender"], group["category"], len(group["races"])) == ("W", "FIS", 2)
    first, fourth = group["standings"][0], group["standings"][3]
    assert (first["place"], first["name"], first["total"]) == (1, "BRAVO Bea", 180)
    assert [s["points"] for s in first["scores"]] == [80, 100] and first["scores"][1]["rank"] == 1
    assert fourth["name"] == "ALPHA Anna" and fourth["scores"][1] == {
        "race": group["races"][1]["id"], "rank": None, "points": 0, "counted": True,
    }  # fmt: skip
    assert body["waiting"] == [] and len(body["counted"]) == 2 and body["age_classes"] == ""
    assert client.get("/api/v1/cups/999/standings").status_code == 404


def test_age_classes_from_the_year_of_birth(client: Client, cup: Cup, oscar_organiser: User) -> None:
    # Season 2021-22: born 2007 is FIS age 15, so U16; the other guests have no year: the race's FIS.
    Entry.objects.filter(fis_code__in=["GUEST2", "GUEST3"]).update(birth_year=2007)
    races = list(cup.races.all())
    standings.save_cup(oscar_organiser, cup, name=cup.name, season=cup.season, races=races,
                       age_classes="u16:15")  # fmt: skip
    fis, young = standings.cup_table(cup).standings
    # Within U16: BRAVO 1st in both (100 + 100), CHARLIE 2nd in both (80 + 80).
    assert [(line.name, int(line.total)) for line in young.lines] == [
        ("BRAVO Bea", 200),
        ("CHARLIE Cai", 160),
    ]
    # The others: race 1 ALPHA, DELTA, ECHO, FOX, GOLF 1–5; race 2 DELTA, ECHO, FOX, GOLF 1–4, ALPHA out.
    assert [(line.name.split()[0], int(line.total)) for line in fis.lines] == [
        ("DELTA", 180), ("ECHO", 140), ("FOX", 110), ("ALPHA", 100), ("GOLF", 95),
    ]  # fmt: skip
    assert young.category == "U16" and "U16" in client.get(f"/en/races/cups/{cup.pk}/").content.decode()
    standings.save_cup(oscar_organiser, cup, name=cup.name, season=cup.season, races=races,
                       age_classes="U16:15", rank_within_class=False)  # fmt: skip
    young = standings.cup_table(cup).standings[1]
    assert [(line.name, int(line.total)) for line in young.lines] == [
        ("BRAVO Bea", 180),
        ("CHARLIE Cai", 140),
    ]
    with pytest.raises(InvalidData) as refused:
        standings.save_cup(oscar_organiser, cup, name=cup.name, season=cup.season, races=races,
                           age_classes="U16")  # fmt: skip
    assert "age_classes" in refused.value.errors
