"""Partner pages: the public directory, a partner's page, its staff's profile form, the review."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.web import add_service_errors, paginate, query_without_page, require
from alatau.news.markup import render_markdown
from alatau.partners import services
from alatau.partners.forms import DecisionForm, DirectoryForm, ProfileForm
from alatau.partners.models import Country, Partner, Revision, Trade

DIRECTORY_PAGE = 24


def _heading(filters: services.DirectoryFilter) -> str:
    if filters.trade and filters.country:
        values = {"trade": Trade(filters.trade).label, "country": Country(filters.country).label}
        return _("Who can do it: %(trade)s in %(country)s") % values
    if filters.trade:
        return _("Who can do it: %(trade)s") % {"trade": Trade(filters.trade).label}
    return _("Partners")


def directory(request: HttpRequest) -> HttpResponse:
    """Public: the published partners, filtered by trade, country, kind and name."""
    form = DirectoryForm(request.GET or None)
    filters = services.DirectoryFilter()
    status = 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = services.DirectoryFilter(data["trade"], data["country"], data["kind"], data["q"].strip())
    elif form.is_bound:
        status = 400
    context = {
        "form": form,
        "page": paginate(request, services.directory(filters), DIRECTORY_PAGE),
        "query": query_without_page(request),
        "heading": _heading(filters),
        "filtered": any(vars(filters).values()),
    }
    return render(request, "partners/directory.html", context, status=status)


def _links(request: HttpRequest, partner: Partner) -> dict[str, Any]:
    from alatau.sites.permissions import is_planner, visible_projects

    projects = visible_projects(request.user).filter(pk__in=partner.projects.values("pk"))
    sites = partner.site_links.select_related("study") if is_planner(request.user) else []
    return {
        "projects": projects,
        "sites": sites,
        "courses": partner.courses.select_related("programme").order_by("-start_date"),
        "races": services.supported_races(partner),
        "members": partner.members.filter(published=True),
    }


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(services.visible_partners(request.user), slug=slug)
    text, text_lang = partner.description()
    reviewer = services.is_reviewer(request.user)
    can_edit = services.can_edit_profile(request.user, partner)
    context = {
        "partner": partner,
        "description": render_markdown(text),
        "description_lang": text_lang,
        "summary": text.replace("*", "")[:200],
        "can_edit": can_edit,
        "pending": services.pending_revision(partner) if can_edit else None,
        "reviewer": reviewer,
        "audit": partner.audit_entries()[:30] if reviewer else None,
        **_links(request, partner),
    }
    return render(request, "partners/detail.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A partner's staff: their organisations, each with its pending change."""
    partners = list(services.own_partners(request.user))
    require(bool(partners) or services.is_reviewer(request.user))
    rows = [(partner, services.pending_revision(partner)) for partner in partners]
    return render(request, "partners/mine.html", {"rows": rows})


def _initial(partner: Partner) -> dict[str, Any]:
    pending = services.pending_revision(partner)
    return dict(pending.data) if pending else services.profile_of(partner)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The staff's profile form: saving proposes a revision for the federation to review."""
    partner = get_object_or_404(Partner, slug=slug)
    require(services.can_edit_profile(request.user, partner))
    form = ProfileForm(request.POST or None, request.FILES or None, initial=_initial(partner))
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "logo"}
        try:
            services.propose_revision(request.user, partner, data, form.cleaned_data["logo"])
        except (InvalidData, NotAllowed) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved and await the federation's review."))
            return redirect("partners:detail", slug=partner.slug)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "partner": partner, "pending": services.pending_revision(partner)}
    return render(request, "partners/edit.html", context, status=status)


def _readable(changes: list[tuple[str, Any, Any]]) -> list[tuple[str, str, str]]:
    """Field labels and values a reviewer reads (trades by name)."""
    rows = []
    for field, old, new in changes:
        if field == "trades":
            rows.append((_("Trades"), _trade_names(old), _trade_names(new)))
        else:
            rows.append(
                (str(getattr(Partner._meta.get_field(field), "verbose_name", field)), str(old), str(new))
            )
    return rows


def _trade_names(codes: list[str]) -> str:
    return ", ".join(str(Trade(code).label) for code in codes if code in Trade.values)


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """The federation's queue: each pending revision with the fields it changes."""
    require(services.is_reviewer(request.user))
    page = paginate(request, services.review_queue())
    rows = [
        (revision, _readable(services.changed_fields(revision.partner, revision.data))) for revision in page
    ]
    return render(request, "partners/review.html", {"page": page, "rows": rows, "query": ""})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    require(services.is_reviewer(request.user))
    revision = get_object_or_404(Revision, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("partners:review")
    try:
        if form.cleaned_data["action"] == "approve":
            services.approve_revision(request.user, revision)
            messages.success(request, _("The change is published."))
        else:
            services.reject_revision(request.user, revision, form.cleaned_data["reason"])
            messages.success(request, _("The change is rejected."))
    except (InvalidData, NotAllowed, Conflict) as error:
        messages.error(request, str(error))
    return redirect("partners:review")
