"""Figures of practice: FIS age groups, the aggregation, the SVG charts, the dashboard and its CSV tables."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alatau.figures import svg
from alatau.figures.services import age_group, practice_figures
from alatau.licences.models import Licence
from alatau.registry.models import Club, Discipline, Membership, Person


@pytest.mark.parametrize(
    ("season", "birth_year", "group"),
    [
        (2025, 2017, "U10"),  # 2026 - 2017 = 9
        (2025, 2016, "U12"),  # 10
        (2025, 2012, "U16"),  # 14
        (2025, 2011, "U16"),  # 15
        (2025, 2010, "U18"),  # 16
        (2025, 2006, "U21"),  # 20
        (2025, 2005, "seniors"),  # 21
        (2025, 1997, "seniors"),  # 29
        (2025, 1996, "masters"),  # 30
        (2024, 1996, "seniors"),  # one season earlier the same person is 29
    ],
)
def test_fis_age_groups(season: int, birth_year: int, group: str) -> None:
    assert age_group(season, birth_year) == group


def licence(person: Person, club: Club, season: int, status: str, kind: str = "competitor") -> Licence:
    return Licence.objects.create(
        person=person,
        club=club,
        season=season,
        kind=kind,
        status=status,
        discipline=Discipline.objects.get(code="alpine"),
        valid_from=dt.date(season, 7, 1),
        valid_until=dt.date(season + 1, 6, 30),
    )


def person(name: str, born: int, gender: str, club: Club) -> Person:
    someone = Person.objects.create(
        last_name=name, first_name="X", birth_date=dt.date(born, 5, 1), gender=gender
    )
    Membership.objects.create(person=someone, club=club, start_date=dt.date(2020, 7, 1))
    return someone


@pytest.fixture
def licences(club_shymbulak: Club, club_ridder: Club) -> None:
    """2024: two issued licences; 2025: three issued, one requested, one refused (those two not counted)."""
    a, b, c = (
        person("A", 2014, "W", club_shymbulak),
        person("B", 1990, "M", club_ridder),
        person("C", 2008, "M", club_shymbulak),
    )
    licence(a, club_shymbulak, 2024, "expired")
    licence(b, club_ridder, 2024, "expired", kind="coach")
    licence(a, club_shymbulak, 2025, "active")
    licence(b, club_ridder, 2025, "active", kind="coach")
    licence(c, club_shymbulak, 2025, "approved")
    licence(c, club_shymbulak, 2025, "requested", kind="recreational")
    licence(b, club_ridder, 2025, "refused")


def lines(figures: object, key: str) -> dict[str, tuple[int, int]]:
    breakdown = next(b for b in figures.breakdowns if b.key == key)  # type: ignore[attr-defined]
    return {line.key: (line.current, line.previous) for line in breakdown.lines}


def test_figures_count_issued_licences_by_category(licences: None, club_shymbulak: Club) -> None:
    figures = practice_figures()
    assert figures.season == 2025 and figures.seasons == [2024, 2025]
    assert (figures.total.current, figures.total.previous, figures.total.change) == (3, 2, 1)
    assert figures.total.percent == pytest.approx(50.0)
    assert lines(figures, "region")[str(club_shymbulak.region_id)] == (2, 1)
    assert lines(figures, "gender") == {"M": (2, 1), "W": (1, 1)}
    ages = lines(figures, "age")
    # A (born 2014) is 12 in 2025/26 (U14) and was 11 in 2024/25 (U12); C (2008) is 18; B (1990) is 36.
    assert (ages["U14"], ages["U12"], ages["U21"], ages["masters"]) == ((1, 0), (0, 1), (1, 0), (1, 1))
    assert lines(figures, "kind")["coach"] == (1, 1)


def test_an_empty_registry_gives_zero_figures(db: None) -> None:
    figures = practice_figures(2025)
    assert figures.total.current == 0 and figures.total.percent is None
    assert all(line.current == 0 for b in figures.breakdowns for line in b.lines)


def test_bar_chart_is_accessible_and_escaped() -> None:
    chart = svg.bar_chart(
        "Licences <by> region",
        ["Almaty & co", "Ridder"],
        [svg.Series("2025/26", [10, 0]), svg.Series("2024/25", [5, 2])],
        ident="c1",
        fmt=str,
    )
    assert (
        chart.startswith("<svg") and 'role="img"' in chart and 'aria-labelledby="c1-title c1-desc"' in chart
    )
    assert '<title id="c1-title">Licences &lt;by&gt; region</title>' in chart
    assert "Almaty &amp; co: 10 (2025/26), 5 (2024/25)" in chart
    assert chart.count("<rect") == 4 + 2  # four bars and the legend's two swatches


def test_line_chart_has_a_point_and_label_per_season() -> None:
    chart = svg.line_chart("By season", ["2023/24", "2024/25"], [3, 7], ident="s", fmt=str)
    assert chart.count("<circle") == 2 and "<polyline" in chart and ">7</text>" in chart


def test_dashboard_is_public_and_takes_a_handful_of_queries(client: Client, licences: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/figures/")
    assert response.status_code == 200
    assert len(queries) <= 4  # the grouped count, regions, disciplines (+ nothing per row)
    page = response.content.decode()
    assert 'id="total">3<' in page and "+1" in page and "50.0 %" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 6


def test_query_count_does_not_grow_with_the_data(client: Client, licences: None, club_ridder: Club) -> None:
    for i in range(30):
        licence(person(f"P{i}", 2000 + i % 20, "MW"[i % 2], club_ridder), club_ridder, 2025, "active")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/figures/?season=2025").status_code == 200
    assert len(queries) <= 4


def test_dashboard_speaks_russian_and_kazakh(client: Client, licences: None) -> None:
    page = client.get("/ru/figures/").content.decode()
    assert "Алматы" in page and "Лицензии по возрастным группам" in page
    assert "Жас топтары бойынша лицензиялар" in client.get("/kk/figures/").content.decode()


def test_big_numbers_are_grouped_for_the_language(client: Client, db: None) -> None:
    from django.utils import translation

    from alatau.figures.views import _percent

    with translation.override("fr"):
        assert _percent(1234.56) == "1\xa0234,6 %"
    with translation.override("en"):
        assert _percent(1234.56) == "1,234.6 %"


def test_bad_season_is_a_clear_400(client: Client, db: None) -> None:
    response = client.get("/en/figures/?season=abc")
    assert response.status_code == 400 and "year it starts" in response.content.decode()
    assert client.get("/en/figures/region.csv?season=99999").status_code == 400
    assert client.get("/en/figures/nothing.csv").status_code == 404


def test_each_chart_table_downloads_as_csv(client: Client, licences: None) -> None:
    response = client.get("/en/figures/gender.csv?season=2025")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["gender", "2025/26", "2024/25", "change", "change_percent"]
    assert ["Men", "2", "1", "1", "100.0"] in rows and ["Women", "1", "1", "0", "0.0"] in rows
    seasons = list(csv.reader(io.StringIO(client.get("/en/figures/seasons.csv").content.decode("utf-8-sig"))))
    assert seasons == [["season", "licences"], ["2024/25", "2"], ["2025/26", "3"]]
