"""Grouping courses into resort sites, the site measures and the score, on synthetic terrain."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

import numpy as np
import pytest
import shapely
from pyproj import Geod

from alatau.errors import InputError
from alatau.terrain.sites import COMPONENTS, find_sites, read_roads, site_parameters
from tests.terrain.sites_support import grid_dem, make_course, north_slope


@pytest.fixture
def valley():
    """A 12 km wide north-facing slope (35 %) above a 1.2 km deep flat valley floor at 1,500 m."""
    return grid_dem(north_slope(120, 400, floor_rows=40))


def test_close_courses_share_a_site_and_distant_ones_do_not(valley):
    near_a = make_course(valley, (110, 50), (45, 50))
    near_b = make_course(valley, (100, 70), (45, 70), discipline="SL")
    far = make_course(valley, (110, 350), (45, 350))

    sites = find_sites([near_a, near_b, far], valley)

    assert len(sites) == 2
    by_id = {site.site_id: site for site in sites}
    assert near_a.site_id == near_b.site_id != far.site_id
    assert by_id[near_a.site_id].courses_per_discipline == {"DH": 0, "SG": 0, "GS": 1, "SL": 1}
    assert by_id[far.site_id].courses_per_discipline["GS"] == 1
    assert by_id[near_a.site_id].score_components["disciplines"] == 1.0  # GS and SL, all that were found
    assert by_id[far.site_id].score_components["disciplines"] == 0.5

    (site,) = find_sites([far], valley, disciplines=("DH", "SG", "GS", "SL"))
    assert site.score_components["disciplines"] == 0.25
    assert sorted(site.rank for site in sites) == [1, 2]
    assert all(site.site_id == site.rank for site in sites)


def test_site_measures_follow_its_courses(valley):
    high = make_course(valley, (110, 50), (45, 50))
    low = make_course(valley, (80, 60), (45, 60), discipline="SL")

    (site,) = find_sites([high, low], valley)

    assert site.top_elevation_m == pytest.approx(high.start_elevation_m)
    assert site.base_elevation_m == pytest.approx(min(high.finish_elevation_m, low.finish_elevation_m))
    assert site.vertical_m == pytest.approx(site.top_elevation_m - site.base_elevation_m)
    assert site.north_share == pytest.approx(1.0)
    assert site.piste_km == pytest.approx(len({tuple(c) for c in np.vstack([high.cells, low.cells])}) * 0.03)


def test_polygon_is_closed_and_holds_the_courses(valley):
    course = make_course(valley, (110, 50), (45, 60))

    (site,) = find_sites([course], valley)

    ring = site.polygon
    assert ring[0] == ring[-1]
    area = shapely.Polygon(ring)
    assert area.is_valid
    assert area.contains(shapely.LineString(course.line))


def test_south_facing_terrain_has_no_north_share():
    dem = grid_dem(north_slope(120, 100, floor_rows=40)[::-1].copy())
    course = make_course(dem, (10, 50), (75, 50))

    (site,) = find_sites([course], dem)

    assert site.north_share == pytest.approx(0.0)
    assert course.aspect_deg == pytest.approx(180.0)


def test_base_land_is_the_flat_patch_at_the_bottom_not_a_terrace_far_above():
    rows, cols = np.indices((120, 120))
    # A 20 × 25-cell flat at 1,500 m (45 ha at 30 m) in a bowl rising 50 % away from it ...
    distance = np.maximum(np.maximum(20 - rows, rows - 39), np.maximum(40 - cols, cols - 64)).clip(0)
    elevation = 1500.0 + distance * 30.0 * 0.5
    # ... and a larger flat terrace 400 m higher, within the search radius.
    terrace = (rows >= 70) & (rows < 100) & (cols >= 10) & (cols < 110)
    elevation[terrace] = 1900.0
    elevation += rows * 30.0 * 0.02  # dry ground falls a little (perfectly level ground reads as water)
    dem = grid_dem(elevation)
    course = make_course(dem, (69, 52), (40, 52))

    (site,) = find_sites([course], dem)

    # The patch's outer ring borders the rising bowl, so Horn's slope there exceeds 12 %: between the
    # patch's interior (18 × 23 cells) and the whole patch.
    assert 18 * 23 * 0.09 <= site.base_land_ha <= 20 * 25 * 0.09
    assert shapely.Polygon(site.polygon).contains(shapely.Point(dem.lonlat(np.array([30]), np.array([52]))))


def test_snow_reliability_rewards_height_and_north_aspect():
    high_north = grid_dem(north_slope(120, 100, base=2600.0, floor_rows=40))
    low_north = grid_dem(north_slope(120, 100, base=900.0, floor_rows=40))
    high_south = grid_dem(north_slope(120, 100, base=2600.0, floor_rows=40)[::-1].copy())

    (top,) = find_sites([make_course(high_north, (110, 50), (45, 50))], high_north)
    (low,) = find_sites([make_course(low_north, (100, 50), (45, 50))], low_north)
    (south,) = find_sites([make_course(high_south, (10, 50), (75, 50))], high_south)

    assert top.snow_reliability == pytest.approx(1.0)
    assert low.snow_reliability == pytest.approx(0.0)
    assert south.snow_reliability == pytest.approx(0.5)  # south_factor of the packaged criteria


def test_avalanche_exposure_is_length_weighted(valley):
    long = make_course(valley, (110, 50), (45, 50), avalanche=0.6)
    short = make_course(valley, (70, 55), (45, 55), discipline="SL", avalanche=0.0)

    (site,) = find_sites([long, short], valley)

    expected = 0.6 * long.length_m / (long.length_m + short.length_m)
    assert site.avalanche_exposure == pytest.approx(expected)
    assert site.score_components["avalanche_safety"] == pytest.approx(1 - expected, abs=1e-4)


def test_access_is_the_geodesic_distance_from_the_reference_point(valley):
    course = make_course(valley, (110, 50), (45, 50))
    finish = course.line[-1]

    (here,) = find_sites([course], valley, reference_point=finish)
    (away,) = find_sites([course], valley, reference_point=(76.89, 43.24))

    assert here.distance_km == pytest.approx(0.0, abs=1e-6)
    assert here.score_components["access"] == 1.0
    _, _, metres = Geod(ellps="WGS84").inv(76.89, 43.24, *finish)
    assert away.distance_km == pytest.approx(metres / 1000.0)
    assert away.score_components["access"] == pytest.approx(1 - metres / 100_000.0, abs=1e-4)


def test_roads_give_the_distance_from_the_base_to_the_nearest_road(valley, tmp_path):
    course = make_course(valley, (110, 50), (45, 50))
    lon, lat = course.line[-1]
    east = lon + 2.0 / (111.32 * np.cos(np.radians(lat)))  # ≈ 2 km east of the finish
    roads = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": [[east, lat - 0.1], [east, lat + 0.1]]},
            },
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [lon, lat]}},
        ],
    }
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(roads))

    (site,) = find_sites([course], valley, roads=read_roads(path))
    (same,) = find_sites([course], valley, roads=path)

    assert site.road_distance_km == pytest.approx(2.0, abs=0.05)
    assert same.road_distance_km == site.road_distance_km
    assert site.score_components["access"] < 1.0


@pytest.mark.parametrize("content", ["not json", '{"type": "FeatureCollection", "features": []}'])
def test_unusable_roads_file_is_an_input_error(tmp_path, content):
    path = tmp_path / "roads.geojson"
    path.write_text(content)
    with pytest.raises(InputError):
        read_roads(path)


def test_weights_decide_the_ranking():
    high_far = grid_dem(north_slope(120, 100, base=2600.0, floor_rows=40), lon=79.5, lat=43.5)
    low_near = grid_dem(north_slope(120, 100, base=900.0, floor_rows=40), lon=76.9, lat=43.3)
    a = make_course(high_far, (110, 50), (45, 50))
    b = make_course(low_near, (110, 50), (45, 50))
    (site_a,) = find_sites([a], high_far, {"weights": _only("snow")})
    (site_b,) = find_sites([b], low_near, {"weights": _only("snow")})
    assert site_a.score > site_b.score

    (site_a,) = find_sites([a], high_far, {"weights": _only("access")})
    (site_b,) = find_sites([b], low_near, {"weights": _only("access")})
    assert site_b.score > site_a.score
    assert site_b.score == pytest.approx(site_b.score_components["access"], abs=1e-4)


def _only(component: str) -> dict[str, float]:
    weights = dict.fromkeys(site_parameters()["weights"], 0.0)
    weights[component] = 1.0
    return weights


def test_score_is_the_weighted_mean_of_its_components(valley):
    course = make_course(valley, (110, 50), (45, 50))
    weights = site_parameters()["weights"]

    (site,) = find_sites([course], valley)

    expected = sum(weights[n] * v for n, v in site.score_components.items()) / sum(weights.values())
    assert site.score == pytest.approx(expected, abs=1e-4)
    assert set(site.score_components) == set(weights)
    assert all(0.0 <= v <= 1.0 for v in site.score_components.values())


def test_ranking_is_by_score_and_sets_course_site_ids(valley):
    courses = [make_course(valley, (110 - 10 * (i % 3), 30 + 60 * i), (45, 30 + 60 * i)) for i in range(6)]

    sites = find_sites(courses, valley)

    assert [s.rank for s in sites] == list(range(1, len(sites) + 1))
    assert [s.score for s in sites] == sorted((s.score for s in sites), reverse=True)
    assert {c.site_id for c in courses} == {s.site_id for s in sites}


def test_result_does_not_depend_on_the_order_of_the_courses(valley):
    def run(seed: int) -> list[tuple]:
        courses = [make_course(valley, (110 - 7 * (i % 4), 20 + 45 * i), (45, 20 + 45 * i)) for i in range(8)]
        random.Random(seed).shuffle(courses)
        sites = find_sites(courses, valley)
        return [
            (s.site_id, s.score, s.polygon, sorted(c.line[0] for c in courses if c.site_id == s.site_id))
            for s in sites
        ]

    assert run(1) == run(2) == run(3)


def test_a_long_chain_of_courses_is_cut_into_sites_of_bounded_radius(valley):
    # Finishes every 500 m along the valley: single linkage joins them all, the radius cuts them.
    courses = [make_course(valley, (100, c), (45, c)) for c in range(5, 400, 17)]

    sites = find_sites(courses, valley)

    assert len(sites) > 1
    for site in sites:
        finishes = np.array([c.cells[-1] for c in courses if c.site_id == site.site_id])
        x, y = valley.xy(finishes[:, 0], finishes[:, 1])
        assert np.ptp(x) <= 2 * 3000.0 + 1e-6 and np.ptp(y) <= 2 * 3000.0 + 1e-6


def test_small_clusters_are_dropped_with_min_courses(valley):
    pair = [
        make_course(valley, (110, 50), (45, 50)),
        make_course(valley, (100, 60), (45, 60), discipline="SL"),
    ]
    lone = make_course(valley, (110, 350), (45, 350))

    sites = find_sites([*pair, lone], valley, {"grouping": {"min_courses": 2}})

    assert len(sites) == 1
    assert lone.site_id is None
    assert {c.site_id for c in pair} == {sites[0].site_id}


def test_no_courses_no_sites(valley):
    assert find_sites([], valley) == []


def test_user_criteria_override_defaults_key_by_key():
    params = site_parameters(
        SimpleNamespace(sites={"weights": {"snow": 0.9}, "base_land": {"max_slope_pct": 10}})
    )

    assert params["weights"]["snow"] == 0.9
    assert params["weights"]["vertical"] == site_parameters()["weights"]["vertical"]
    assert params["base_land"]["max_slope_pct"] == 10
    assert params["base_land"]["search_radius_m"] == site_parameters()["base_land"]["search_radius_m"]


@pytest.mark.parametrize(
    "user",
    [
        {"weights": {"beauty": 1.0}},
        {"weights": {"snow": -1.0}},
        {"weights": {"snow": "high"}},
        {"parking": {"cars": 3}},
        {"weights": dict.fromkeys(COMPONENTS, 0.0)},  # every weight zero
    ],
)
def test_bad_site_criteria_are_input_errors(user):
    with pytest.raises(InputError):
        site_parameters({"sites": user})


def test_site_outlines_do_not_overlap_the_better_site_keeps_shared_ground(valley):
    # Two sites (finishes 1.5 km apart) whose courses start 60 m apart under the ridge.
    straight = make_course(valley, (110, 50), (45, 50))
    diagonal = make_course(valley, (110, 52), (45, 100))

    sites = find_sites([straight, diagonal], valley)

    assert len(sites) == 2 and straight.site_id != diagonal.site_id
    first, second = (shapely.Polygon(site.polygon) for site in sites)
    assert first.is_valid and second.is_valid
    assert first.intersection(second).area < 1e-9 * first.area
    better = straight if straight.site_id == 1 else diagonal
    assert first.contains(shapely.LineString(better.line))


def test_a_site_wholly_on_better_ground_joins_the_better_site():
    from alatau.terrain._site_measures import disjoint_rings

    def square(x0, y0, side):
        return [(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side), (x0, y0)]

    big, inside, beside = square(77.0, 43.0, 0.1), square(77.02, 43.02, 0.03), square(77.05, 43.0, 0.1)
    result = disjoint_rings([big, inside, beside], [(77.05, 43.05), (77.03, 43.03), (77.14, 43.05)])

    assert result[0] == (big, -1)
    assert result[1] == (None, 0)  # all its ground belongs to site 0: it joins it
    ring, owner = result[2]
    assert owner == 0
    clipped = shapely.Polygon(ring)
    assert clipped.area == pytest.approx(0.05 * 0.1)  # the half of it that site 0 does not hold
    assert clipped.intersection(shapely.Polygon(big)).area == pytest.approx(0.0, abs=1e-12)


def test_a_level_lake_on_the_valley_floor_is_not_base_land():
    from alatau.terrain._site_measures import base_land, slope_and_aspect

    floor = north_slope(120, 100, floor_rows=40)
    lake = (slice(10, 30), slice(20, 60))
    with_lake = floor.copy()
    with_lake[lake] = floor[lake].min()  # SRTM levels a lake to one height
    rules = site_parameters()["base_land"]
    masks = []
    for elevation in (floor, with_lake):
        slope_pct, _ = slope_and_aspect(elevation, 30.0, 30.0)
        masks.append(base_land(elevation, slope_pct, (38, 50), (30.0, 30.0), rules))
    dry, wet = masks
    assert dry[lake].all()  # the dry floor is land ...
    assert not wet[lake].any()  # ... the lake is not
    assert wet[5:35, 65:80].all()  # the dry floor beside it still is
