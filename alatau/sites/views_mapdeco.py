"""Map decorations served as GeoJSON: place names (GeoNames) for the site map."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alatau.terrain.places import load_places, places_geojson


def _bbox(text: str) -> tuple[float, float, float, float]:
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 4 or parts[0] > parts[2] or parts[1] > parts[3]:
        raise ValueError(text)
    return (parts[0], parts[1], parts[2], parts[3])


@require_GET
def places(request: HttpRequest) -> JsonResponse:
    """Places as GeoJSON points named in the page's language; ``?bbox=west,south,east,north`` narrows them."""
    text = request.GET.get("bbox", "")
    try:
        bbox = _bbox(text) if text else None
    except ValueError:
        message = _("bbox must be west,south,east,north in degrees.")
        return JsonResponse({"error": message}, status=400)
    collection = places_geojson(load_places(bbox), get_language() or "en")
    response = JsonResponse(collection, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=86400"
    return response
