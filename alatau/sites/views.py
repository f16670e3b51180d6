"""Pages of site studies, constraint layers and hillshade tiles (thin: the services do the work)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alatau.core.errors import InvalidData
from alatau.sites import jobs, services, tiles
from alatau.sites.api import study_out
from alatau.sites.forms import LayerForm, StudyForm
from alatau.sites.models import ConstraintLayer, Study
from alatau.sites.permissions import is_planner


def planner_only(request: HttpRequest) -> None:
    if not is_planner(request.user):
        raise PermissionDenied


def map_config(**extra: Any) -> dict[str, Any]:
    """What the map script needs: the tile URLs (hillshade always, OpenStreetMap when configured)."""
    osm = getattr(settings, "ALATAU_OSM_TILE_URL", "")
    template = reverse("sites:hillshade", args=[0, 0, 0]).replace("/0/0/0.png", "/{z}/{x}/{y}.png")
    border = reverse("sites:border", args=[jobs.COUNTRY])
    places = reverse("sites:places")
    return {"hillshade": template, "osm": osm, "border": border, "places": places, **extra}


def form_errors(form: Any, error: InvalidData) -> None:
    for field, problems in error.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    planner_only(request)
    form = StudyForm(request.POST or None, initial={"west": 76.9, "south": 43.0, "east": 77.2, "north": 43.2})
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "disciplines": ",".join(form.cleaned_data["disciplines"])}
        try:
            study = services.create_study(request.user, data, list(form.cleaned_data["layers"]))
        except InvalidData as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The study is queued; it starts when a worker is free."))
            return redirect(study)
    studies = Study.objects.select_related("created_by")[:100]
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "studies": studies, "map": map_config(mode="pick")}
    return render(request, "sites/study_list.html", context, status=status)


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    planner_only(request)
    study = get_object_or_404(Study, pk=pk)
    config = map_config(mode="results", bbox=list(study.bbox), result=study.result)
    context = {
        "study": study,
        "sites": [s["properties"] for s in study.features("site")],
        "courses": len(study.features("course")),
        "map": config,
    }
    return render(request, "sites/study_detail.html", context)


@login_required
@require_GET
def study_status(request: HttpRequest, pk: int) -> JsonResponse:
    planner_only(request)
    return JsonResponse(study_out(get_object_or_404(Study, pk=pk)))


@login_required
@require_POST
def study_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    planner_only(request)
    study = get_object_or_404(Study, pk=pk)
    try:
        services.cancel_study(request.user, study)
    except InvalidData as error:
        messages.error(request, str(error))
    return redirect(study)


@login_required
@require_POST
def study_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    planner_only(request)
    study = get_object_or_404(Study, pk=pk)
    try:
        services.rerun_study(request.user, study)
    except InvalidData as error:
        messages.error(request, str(error))
    return redirect(study)


@login_required
def study_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    planner_only(request)
    study = get_object_or_404(Study, pk=pk)
    if study.result is None:
        raise Http404(_("This study has no result yet."))
    response = JsonResponse(study.result, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="study-{study.pk}.geojson"'
    return response


@login_required
def layer_list(request: HttpRequest) -> HttpResponse:
    planner_only(request)
    form = LayerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8")
            services.create_layer(request.user, form.cleaned_data["name"], form.cleaned_data["kind"], text)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except InvalidData as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Layer added."))
            return redirect("sites:layer-list")
    status = 400 if request.method == "POST" else 200
    layers = ConstraintLayer.objects.all()
    return render(request, "sites/layer_list.html", {"form": form, "layers": layers}, status=status)


@require_GET
def hillshade(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    """A hillshade tile from the DEM (cached on disk); 404 outside the zoom levels served."""
    if not tiles.valid(z, x, y):
        raise Http404(_("No such tile."))
    response = HttpResponse(tiles.hillshade_tile(z, x, y, jobs.dem_dir()), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def border(request: HttpRequest, country: str) -> HttpResponse:
    """The national boundary that studies keep their courses inside, as GeoJSON for the map."""
    from alatau.errors import InputError
    from alatau.terrain.constraints import load_country

    try:
        shape = load_country(country)
    except InputError as error:
        raise Http404 from error
    if shape is None:
        raise Http404
    from shapely.geometry import mapping

    response = JsonResponse(
        {"type": "Feature", "properties": {"country": country}, "geometry": mapping(shape)}
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response
