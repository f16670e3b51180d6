"""Licence pages: list, request, decide, the PDF card and the public verification page."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.permissions import (
    can_decide_licences,
    can_manage_club,
    can_see_registry,
    is_club_manager,
    is_federation_admin,
)
from alatau.core.web import add_service_errors, paginate, query_without_page, require
from alatau.licences import services
from alatau.licences.card import licence_card_pdf
from alatau.licences.forms import (
    LicenceCheckForm,
    LicenceFilter,
    LicenceRequestForm,
    PersonSearch,
    ReasonForm,
)
from alatau.licences.models import Licence
from alatau.licences.payment_views import licence_payment_context
from alatau.registry.models import Membership, Person
from alatau.registry.search import search_words
from alatau.registry.services import current_membership, search_people, visible_clubs, visible_people

#: How many people the licence request's search step shows at most.
SEARCH_RESULTS = 25


def _licences(user: Any) -> QuerySet[Licence]:
    return services.visible_licences(user).select_related("person", "club", "discipline")


@login_required
def licence_list(request: HttpRequest) -> HttpResponse:
    require(can_see_registry(request.user))
    clubs = visible_clubs(request.user).order_by("name")
    form = LicenceFilter(request.GET or None, clubs=clubs)
    licences = _licences(request.user)
    if form.is_valid():
        licences = _filter(licences, form.cleaned_data)
    deciding = can_decide_licences(request.user)
    context = {
        "form": form,
        "page": paginate(request, licences),
        "query": query_without_page(request),
        "can_request": is_federation_admin(request.user)
        or (is_club_manager(request.user) and clubs.exists()),
        "pending": _licences(request.user).filter(status=Licence.Status.REQUESTED).count() if deciding else 0,
    }
    return render(request, "licences/licence_list.html", context)


def _filter(licences: QuerySet[Licence], data: dict[str, Any]) -> QuerySet[Licence]:
    exact = {
        key: data[key] for key in ("season", "status", "kind", "club") if data.get(key) not in (None, "")
    }
    licences = licences.filter(**exact)
    for word in search_words(data.get("q")):  # a licence number, or a word of the person's names
        licences = licences.filter(Q(person__search_name__contains=word) | Q(number__icontains=word))
    return licences


def _requestable_people(user: Any) -> QuerySet[Person]:
    """People with a current club that the user manages."""
    people = Person.objects.all() if is_federation_admin(user) else visible_people(user)
    return people.filter(memberships__end_date__isnull=True).order_by("last_name", "first_name")


@login_required
@require_http_methods(["GET", "POST"])
def licence_request(request: HttpRequest) -> HttpResponse:
    """A club manager (or an administrator) requests a licence for a current member.

    Two steps that scale to any registry: find the person (a name search, at most
    ``SEARCH_RESULTS`` answers), then the request form for the chosen one (``?person=<id>``).
    """
    require(
        is_federation_admin(request.user)
        or (is_club_manager(request.user) and visible_clubs(request.user).exists())
    )
    people = _requestable_people(request.user)
    form = LicenceRequestForm(
        request.POST or None, people=people, initial={"person": request.GET.get("person")}
    )
    if request.method == "POST" and form.is_valid():
        licence = _request(request, form)
        if licence is not None:
            messages.success(request, _("Licence requested."))
            return redirect("licences:licence-detail", pk=licence.pk)
    person = _chosen_person(request, people)
    context: dict[str, Any] = {"form": form, "person": person}
    if person is None:
        context.update(_person_search(request, people))
    return render(request, "licences/licence_request.html", context)


def _request(request: HttpRequest, form: LicenceRequestForm) -> Licence | None:
    """Run the request service; its errors go onto the form."""
    data = form.cleaned_data
    membership = current_membership(data["person"])
    try:
        if membership is None:
            raise InvalidData({"person": [_("This person has no current club.")]})
        return services.request_licence(
            data["person"],
            membership.club,
            data["kind"],
            data["season"],
            user=request.user,
            discipline=data["discipline"],
        )
    except (InvalidData, NotAllowed, Conflict) as error:
        add_service_errors(form, error)
        return None


def _with_club(people: QuerySet[Person]) -> QuerySet[Person]:
    current = Membership.objects.filter(end_date__isnull=True).select_related("club")
    return people.prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))


def _chosen_person(request: HttpRequest, people: QuerySet[Person]) -> Person | None:
    """The person the form is for, when one is chosen and may be requested for."""
    pk = (request.POST if request.method == "POST" else request.GET).get("person", "")
    return _with_club(people.filter(pk=pk)).first() if pk.isdigit() else None


def _person_search(request: HttpRequest, people: QuerySet[Person]) -> dict[str, Any]:
    """The search step: up to ``SEARCH_RESULTS`` matching people, and whether there are more."""
    search = PersonSearch(request.GET or None, clubs=visible_clubs(request.user).order_by("name"))
    found = people.none()
    if search.is_valid() or not search.is_bound:
        data = search.cleaned_data if search.is_bound else {}
        found = search_people(people, data.get("q"))
        if data.get("club"):
            found = found.filter(memberships__club=data["club"], memberships__end_date__isnull=True)
    results = list(_with_club(found)[: SEARCH_RESULTS + 1])
    return {"search": search, "results": results[:SEARCH_RESULTS], "more": len(results) > SEARCH_RESULTS}


@login_required
def licence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_see_registry(request.user))
    licence = get_object_or_404(_licences(request.user), pk=pk)
    context = {
        "licence": licence,
        "can_decide": can_decide_licences(request.user),
        "reason_form": ReasonForm(),
        "verify_url": _verify_url(request, licence),
        "currently_valid": services.is_currently_valid(licence),
        "audit": licence.audit_entries()[:100],
        **licence_payment_context(licence, request.user),
        "can_activate": licence.status == Licence.Status.APPROVED and licence.valid_from <= services.today(),
        "can_withdraw": licence.status == Licence.Status.REQUESTED
        and can_manage_club(request.user, licence.club),
    }
    return render(request, "licences/licence_detail.html", context)


def _verify_url(request: HttpRequest, licence: Licence) -> str:
    """The public address printed in the card's QR code: the configured site, else the one asked."""
    path = reverse("verify", args=[licence.verification_token])  # no language: the visitor's own
    if settings.SITE_URL:  # a card outlives the request: behind a proxy the asked host may be internal
        return settings.SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


def _decide(
    request: HttpRequest, pk: int, action: Any, success: str, *, needs_reason: bool = False
) -> HttpResponse:
    """Run one decision service on a licence and go back to its page with a message."""
    licence = get_object_or_404(services.visible_licences(request.user), pk=pk)
    require(can_decide_licences(request.user))
    kwargs: dict[str, Any] = {"user": request.user}
    if needs_reason:
        form = ReasonForm(request.POST)
        kwargs["reason"] = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        action(licence, **kwargs)
    except (InvalidData, NotAllowed, Conflict) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("licences:licence-detail", pk=pk)


@login_required
@require_POST
def licence_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.approve_licence, _("Licence approved."))


@login_required
@require_POST
def licence_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.activate_licence, _("Licence activated."))


@login_required
@require_POST
def licence_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.refuse_licence, _("Licence refused."), needs_reason=True)


@login_required
def licence_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF card of an active licence, with the QR code of its verification page."""
    return card_response(request, get_object_or_404(_licences(request.user), pk=pk))


def card_response(request: HttpRequest, licence: Licence) -> HttpResponse:
    """The card's PDF as a download (the caller has checked that the user may have it)."""
    if licence.status != Licence.Status.ACTIVE:
        raise Http404(_("Only an active licence has a card."))
    labels = {
        "federation": _("Kazakh Ski Federation"),
        "title": _("Licence"),
        "kind": licence.get_kind_display(),
        "season": _("Season"),
        "number": _("No."),
        "club": _("Club"),
        "valid": _("Valid"),
        "born": _("Born"),
    }
    pdf = licence_card_pdf(licence, _verify_url(request, licence), labels)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="licence-{licence.number}.pdf"'
    return response


#: Statuses of a licence that was never issued: nothing to verify, as if it did not exist.
NEVER_ISSUED = (Licence.Status.REQUESTED, Licence.Status.REFUSED)


def verify_anywhere(request: HttpRequest, token: Any) -> HttpResponse:
    """The card's QR address (no language prefix): on to the check in the visitor's language.

    The language comes from the visitor's cookie or browser (Accept-Language), never from whoever
    downloaded the card.
    """
    language = translation.get_language_from_request(request)
    with translation.override(language):
        url = reverse("licences:licence-verify", args=[token])
    response = redirect(url)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def licence_verify(request: HttpRequest, token: Any) -> HttpResponse:
    """Public: whether the licence is valid, with its number, the holder's name and birth year, club, kind,
    season and validity."""
    licence = get_object_or_404(Licence.objects.select_related("person", "club"), verification_token=token)
    if licence.status in NEVER_ISSUED:
        raise Http404  # never issued: nothing to verify
    context = {"licence": licence, "valid": services.is_currently_valid(licence), "check": LicenceCheckForm()}
    return render(request, "licences/licence_verify.html", context)


def licence_check(request: HttpRequest) -> HttpResponse:
    """Public: check a licence by its number (``?number=KZ25-00001``)."""
    form = LicenceCheckForm(request.GET or None)
    licence = None
    if form.is_valid():
        licence = (
            Licence.objects.select_related("person", "club")
            .exclude(status__in=NEVER_ISSUED)
            .filter(number__iexact=form.cleaned_data["number"])
            .first()
        )
        if licence is None:
            form.add_error("number", _("No licence has this number. Check it against the card."))
    context: dict[str, Any] = {"check": form, "licence": licence}
    if licence is not None:
        context["valid"] = services.is_currently_valid(licence)
    return render(request, "licences/licence_verify.html", context)
