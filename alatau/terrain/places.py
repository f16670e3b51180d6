"""Populated places (GeoNames, shipped in ``data/places/places.csv``) for labels on maps.

Pure: no Django. The names come in English, Russian and Kazakh; :func:`load_places` reads them once.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PLACES_CSV = Path(__file__).resolve().parent / "data" / "places" / "places.csv"


@dataclass(frozen=True)
class Place:
    """A populated place: its names by language code, position (degrees) and population."""

    geonameid: int
    names: dict[str, str]
    lon: float
    lat: float
    population: int
    country: str

    def name(self, language: str = "en") -> str:
        """The name in ``language`` (``kk``, ``ru``, ``en``; ``kk`` falls back to ``ru``), else English."""
        code = language.split("-")[0].lower()
        for choice in (code, "ru" if code == "kk" else "en", "en"):
            if self.names.get(choice):
                return self.names[choice]
        return str(self.geonameid)


@cache
def _all_places(path: Path = PLACES_CSV) -> tuple[Place, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(_place(row) for row in csv.DictReader(handle))


def _place(row: dict[str, str]) -> Place:
    names = {code: row[f"name_{code}"] for code in ("en", "ru", "kk") if row.get(f"name_{code}")}
    return Place(
        geonameid=int(row["geonameid"]),
        names=names,
        lon=float(row["lon"]),
        lat=float(row["lat"]),
        population=int(row["population"]),
        country=row["country"],
    )


def load_places(
    bbox: tuple[float, float, float, float] | None = None, *, min_population: int = 0
) -> list[Place]:
    """The shipped places inside a box, biggest first.

    Parameters
    ----------
    bbox : (west, south, east, north) in degrees, optional
        Only places inside it (edges included); every place when None.
    min_population : int
        Only places with at least this many inhabitants.

    Returns
    -------
    list of Place
        By population, largest first.
    """
    chosen = [p for p in _all_places() if p.population >= min_population and _inside(p, bbox)]
    return sorted(chosen, key=lambda p: -p.population)


def _inside(place: Place, bbox: tuple[float, float, float, float] | None) -> bool:
    if bbox is None:
        return True
    west, south, east, north = bbox
    return west <= place.lon <= east and south <= place.lat <= north


def places_geojson(places: list[Place], language: str = "en") -> dict[str, object]:
    """A GeoJSON FeatureCollection of points named in ``language``, with their population."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {"kind": "place", "name": p.name(language), "population": p.population},
        }
        for p in places
    ]
    return {"type": "FeatureCollection", "features": features}
