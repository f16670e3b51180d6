"""Map decorations served to the site map: place names as GeoJSON."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_places_endpoint_answers_geojson_in_a_box(client: Client) -> None:
    response = client.get(reverse("sites:places"), {"bbox": "76.7,43.1,77.1,43.4"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    names = [f["properties"]["name"] for f in collection["features"]]
    assert "Almaty" in names and "Astana" not in names
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"])


@pytest.mark.django_db
def test_places_endpoint_rejects_a_bad_box_with_a_json_400(client: Client) -> None:
    response = client.get(reverse("sites:places"), {"bbox": "77,43,nope"})
    assert response.status_code == 400 and "bbox" in response.json()["error"]
    assert client.get(reverse("sites:places"), {"bbox": "78,43,77,44"}).status_code == 400


@pytest.mark.django_db
def test_every_place_without_a_box(client: Client) -> None:
    features = client.get(reverse("sites:places")).json()["features"]
    assert len(features) > 100


@pytest.mark.django_db
def test_hillshade_tile_over_kapchagay_is_blue_on_the_water(client: Client, settings, tmp_path) -> None:
    import io
    import math

    import numpy as np
    from PIL import Image

    from conftest import shared_path

    settings.ALATAU_DEM_DIR = str(shared_path("dem"))
    settings.VAR_DIR = tmp_path
    z, lon, lat = 11, 77.5, 43.9
    x = int((lon + 180) / 360 * 2**z)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**z)
    image = Image.open(io.BytesIO(client.get(reverse("sites:hillshade", args=[z, x, y])).content))
    pixels = [tuple(p) for p in np.asarray(image.convert("RGBA")).reshape(-1, 4)]
    assert pixels.count((125, 170, 214, 255)) > 256 * 256 // 10
