"""Resort project pages: list, create (from a study's site or from scratch), edit the plan, variants,
side-by-side comparison and the GeoJSON and KML exports. Figures come from :func:`services.capacity`."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alatau.core.errors import InvalidData
from alatau.sites import exports, services
from alatau.sites.forms import LiftForm, LiftFormSet, PisteForm, PisteFormSet, ProjectForm, initial_rows, rows
from alatau.sites.models import Project, Study
from alatau.sites.permissions import can_edit_project, is_planner, visible_projects
from alatau.sites.views import map_config, planner_only

#: The figures of the capacity report shown in the table, in this order.
FIGURES = ("vtf_per_hour", "ccc_lifts", "ccc_trails", "ccc", "limiting", "skiers_from_beds", "beds_per_ccc")


def figure_labels() -> dict[str, str]:
    return {
        "vtf_per_hour": _("Vertical transport (m/h)"),
        "ccc_lifts": _("Comfortable capacity, lifts (skiers)"),
        "ccc_trails": _("Comfortable capacity, trails (skiers)"),
        "ccc": _("Comfortable carrying capacity (skiers)"),
        "limiting": _("Limited by"),
        "skiers_from_beds": _("Skiers from the beds"),
        "beds_per_ccc": _("Beds per skier of capacity"),
    }


def figures(project: Project) -> dict[str, Any]:
    """The capacity report and what the page shows of it (None where the engine is not there)."""
    report = services.capacity(project.plan)
    labels = figure_labels()
    table = []
    if report and "error" not in report:
        table = [(labels[key], shown(key, report[key])) for key in FIGURES if key in report]
    verdict = report.get("verdict") if report else None
    if isinstance(verdict, str):
        verdict = [verdict]
    return {
        "report": report,
        "table": table,
        "verdict": verdict,
        "totals": services.plan_totals(project.plan),
    }


def shown(key: str, value: Any) -> str:
    """A figure as the page shows it: whole numbers grouped, ratios with two decimals, words translated."""
    if key == "limiting":
        return {"lifts": _("the lifts"), "trails": _("the trails")}.get(str(value), str(value))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    places = 2 if abs(value) < 10 else 0
    return number_format(round(value, places), places, force_grouping=True)


def visible_project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(visible_projects(request.user).select_related("study"), pk=pk)


def project_list(request: HttpRequest) -> HttpResponse:
    projects = visible_projects(request.user)
    return render(
        request, "sites/project_list.html", {"projects": projects, "planner": is_planner(request.user)}
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk)
    context = {
        "project": project,
        "plan": project.plan,
        "editable": can_edit_project(request.user, project),
        "others": visible_projects(request.user).exclude(pk=project.pk),
        "map": map_config(mode="project", result=exports.project_features(project)),
        **figures(project),
    }
    return render(request, "sites/project_detail.html", context)


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    """From a study's site (``?study=&site=``, a POST from the study page) or from scratch."""
    planner_only(request)
    source = request.POST if request.method == "POST" else request.GET
    study_pk = _number(source.get("study"))
    study = Study.objects.filter(pk=study_pk).first() if study_pk is not None else None
    site_id = _number(source.get("site"))
    default = _("Resort on site %(site)s") % {"site": site_id} if study and site_id else ""
    name = (source.get("name") or default).strip()
    if request.method == "POST":
        if not name:
            messages.error(request, _("Give the project a name."))
        else:
            try:
                project = services.create_project(request.user, name, study, site_id)
            except InvalidData as error:
                messages.error(request, str(error))
            else:
                return redirect(project)
    context = {"name": name, "study": study, "site_id": site_id}
    return render(
        request, "sites/project_create.html", context, status=400 if request.method == "POST" else 200
    )


def _number(text: Any) -> int | None:
    return int(text) if isinstance(text, str) and text.isdigit() else None


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied
    plan = project.plan
    data = request.POST if request.method == "POST" else None
    form = ProjectForm(data, instance=project, initial={"beds": plan.get("beds", 0)})
    lift_fields, piste_fields = list(LiftForm.base_fields), list(PisteForm.base_fields)
    lifts = LiftFormSet(data, prefix="lifts", initial=initial_rows(plan.get("lifts") or [], lift_fields))
    pistes = PisteFormSet(data, prefix="pistes", initial=initial_rows(plan.get("pistes") or [], piste_fields))
    if data is not None and form.is_valid() and lifts.is_valid() and pistes.is_valid():
        kept = {k: v for k, v in plan.items() if k not in ("lifts", "pistes", "beds")}
        # Points drawn elsewhere (bottom, top) stay with the lift of the same name.
        places = {lift.get("name"): lift for lift in plan.get("lifts") or []}
        new_lifts = [{**_points(places.get(row["name"])), **row} for row in rows(lifts)]
        new_plan = {**kept, "name": form.cleaned_data["name"], "beds": form.cleaned_data["beds"]}
        new_plan.update(lifts=new_lifts, pistes=rows(pistes))
        fields = {k: form.cleaned_data[k] for k in ("name", "description", "published", "partners")}
        services.update_project(request.user, project, {**fields, "plan": new_plan})
        messages.success(request, _("Plan saved."))
        return redirect(project)
    context = {"project": project, "form": form, "lifts": lifts, "pistes": pistes}
    return render(request, "sites/project_edit.html", context, status=400 if data is not None else 200)


def _points(lift: dict[str, Any] | None) -> dict[str, Any]:
    return {k: lift[k] for k in ("bottom", "top") if lift and k in lift}


@login_required
@require_POST
def project_copy(request: HttpRequest, pk: int) -> HttpResponse:
    planner_only(request)
    copy = services.copy_project(request.user, get_object_or_404(Project, pk=pk))
    messages.success(request, _("Variant created: change it, then compare it with the original."))
    return redirect("sites:project-edit", pk=copy.pk)


def project_compare(request: HttpRequest) -> HttpResponse:
    """Two projects side by side (``?a=&b=``): totals, capacity figures and verdicts."""
    chosen = [_number(request.GET.get(key)) for key in ("a", "b")]
    visible = visible_projects(request.user)
    projects = [visible.filter(pk=pk).first() for pk in chosen if pk is not None]
    if len(projects) != 2 or None in projects:
        context = {"projects": visible, "error": bool(request.GET)}
        return render(request, "sites/project_compare.html", context, status=400 if request.GET else 200)
    sides = [{"project": p, **figures(p)} for p in projects if p is not None]
    keys = list(dict.fromkeys(label for side in sides for label, _value in side["table"]))
    table = [(label, [dict(side["table"]).get(label) for side in sides]) for label in keys]
    context = {"sides": sides, "table": table, "projects": visible}
    return render(request, "sites/project_compare.html", context)


def project_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk)
    text = json.dumps(exports.project_features(project), ensure_ascii=False)
    response = HttpResponse(text, content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="project-{project.pk}.geojson"'
    return response


def project_kml(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk)
    if not project:
        raise Http404
    response = HttpResponse(exports.project_kml(project), content_type="application/vnd.google-earth.kml+xml")
    response["Content-Disposition"] = f'attachment; filename="project-{project.pk}.kml"'
    return response


def project_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF report: the verdict, the figures, the map, the profiles and the tables."""
    from alatau.sites.report_pdf import project_pdf as report

    project = visible_project(request, pk)
    response = HttpResponse(report(project, figures(project)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="project-{project.pk}.pdf"'
    return response
