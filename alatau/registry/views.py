"""Registry pages: clubs (a public directory), people and club membership. Views stay thin."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alatau.core.errors import Conflict, DuplicatePerson, InvalidData, NotAllowed
from alatau.core.permissions import can_create_club, can_see_registry, is_club_manager, is_federation_admin
from alatau.core.web import add_service_errors, paginate, query_without_page, require
from alatau.registry import services
from alatau.registry.forms import ClubFilter, ClubForm, MembershipForm, PersonFilter, PersonForm
from alatau.registry.models import Club, Membership, Person
from alatau.registry.search import search_filter


def _current_memberships() -> Prefetch:
    current = Membership.objects.filter(end_date__isnull=True).select_related("club")
    return Prefetch("memberships", queryset=current, to_attr="current_memberships")


def club_list(request: HttpRequest) -> HttpResponse:
    """The public directory of clubs, with filters by region and discipline."""
    form = ClubFilter(request.GET or None)
    clubs: QuerySet[Any] = (
        Club.objects.select_related("region")
        .prefetch_related("disciplines")
        .annotate(member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
    )
    if form.is_valid():
        clubs = _filter_clubs(clubs, form.cleaned_data)
    context = {
        "form": form,
        "page": paginate(request, clubs.order_by("name")),
        "query": query_without_page(request),
        "can_create": can_create_club(request.user),
    }
    return render(request, "registry/club_list.html", context)


def _filter_clubs(clubs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
    clubs = search_filter(clubs, data.get("q"))  # name, short name and town, in any case and script
    if data.get("region"):
        clubs = clubs.filter(region=data["region"])
    if data.get("discipline"):
        clubs = clubs.filter(disciplines=data["discipline"])
    return clubs


def club_detail(request: HttpRequest, pk: int) -> HttpResponse:
    club = get_object_or_404(Club.objects.select_related("region"), pk=pk)
    sees_members = services.visible_clubs(request.user).filter(pk=pk).exists()
    members = None
    if sees_members:
        members = paginate(request, services.people_of_clubs([club]).order_by("last_name", "first_name"))
    context = {
        "club": club,
        "members": members,
        "can_edit": services.can_manage_club(request.user, club),
        "audit": club.audit_entries()[:50] if sees_members else None,
    }
    return render(request, "registry/club_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def club_create(request: HttpRequest) -> HttpResponse:
    require(can_create_club(request.user))
    form = ClubForm(request.POST or None, with_managers=True)
    if request.method == "POST" and form.is_valid():
        try:
            club = services.create_club(form.cleaned_data, user=request.user)
        except (InvalidData, NotAllowed) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Club registered."))
            return redirect("registry:club-detail", pk=club.pk)
    return render(request, "registry/club_form.html", {"form": form, "club": None})


@login_required
@require_http_methods(["GET", "POST"])
def club_edit(request: HttpRequest, pk: int) -> HttpResponse:
    club = get_object_or_404(Club, pk=pk)
    require(services.can_manage_club(request.user, club))
    # The form validates a copy: the service compares the stored club with the new values.
    form = ClubForm(
        request.POST or None,
        instance=Club.objects.get(pk=pk),
        with_managers=is_federation_admin(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_club(club, form.cleaned_data, user=request.user)
        except (InvalidData, NotAllowed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Club saved."))
            return redirect("registry:club-detail", pk=club.pk)
    return render(request, "registry/club_form.html", {"form": form, "club": club})


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """People the user may see, searchable and filtered, 50 a page."""
    require(can_see_registry(request.user))
    clubs = services.visible_clubs(request.user).order_by("name")
    form = PersonFilter(request.GET or None, clubs=clubs)
    people = services.visible_people(request.user).prefetch_related(_current_memberships())
    if form.is_valid():
        people = _filter_people(people, form.cleaned_data)
    context = {
        "form": form,
        "page": paginate(request, people),
        "query": query_without_page(request),
        "can_create": _may_register(request.user, clubs),
    }
    return render(request, "registry/person_list.html", context)


def _filter_people(people: QuerySet[Person], data: dict[str, Any]) -> QuerySet[Person]:
    people = services.search_people(people, data.get("q"))
    current = Q(memberships__end_date__isnull=True)
    if data.get("club"):
        people = people.filter(current, memberships__club=data["club"])
    if data.get("region"):
        people = people.filter(current, memberships__club__region=data["region"])
    if data.get("gender"):
        people = people.filter(gender=data["gender"])
    if data.get("role"):
        people = people.filter(**{f"is_{data['role']}": True})
    return people.distinct()


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_see_registry(request.user))
    person = get_object_or_404(services.visible_people(request.user), pk=pk)
    context = {
        "person": person,
        "memberships": person.memberships.select_related("club", "club__region").order_by("-start_date"),
        "licences": person.licences.select_related("club", "discipline").order_by("-season", "kind"),
        "audit": person.audit_entries()[:100],
        "can_edit": services.can_edit_person(request.user, person),
    }
    return render(request, "registry/person_detail.html", context)


def _may_register(user: Any, clubs: QuerySet[Club]) -> bool:
    return is_federation_admin(user) or (is_club_manager(user) and clubs.exists())


def _creatable_clubs(user: Any) -> QuerySet[Club]:
    return Club.objects.all() if is_federation_admin(user) else services.visible_clubs(user)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Register a person; a likely duplicate is shown, and needs confirming, before anything is saved."""
    clubs = _creatable_clubs(request.user)
    require(_may_register(request.user, clubs))
    form = PersonForm(request.POST or None, clubs=clubs, initial={"club": request.GET.get("club")})
    form.fields["club"].required = not is_federation_admin(request.user)  # managers register into a club

    def register() -> Person:
        return services.create_person(
            form.person_data(),
            user=request.user,
            club=form.cleaned_data["club"],
            start_date=form.cleaned_data["member_since"],
            allow_duplicate=form.cleaned_data["confirm_duplicate"],
        )

    return _person_form(request, form, None, register, _("%(person)s registered."))


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_see_registry(request.user))
    person = get_object_or_404(services.visible_people(request.user), pk=pk)
    require(services.can_edit_person(request.user, person))
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=pk))

    def update() -> Person:
        return services.update_person(
            person,
            form.person_data(),
            user=request.user,
            allow_duplicate=form.cleaned_data["confirm_duplicate"],
        )

    return _person_form(request, form, person, update, _("Changes saved."))


def _person_form(
    request: HttpRequest, form: PersonForm, person: Person | None, save: Callable[[], Person], done: str
) -> HttpResponse:
    """Save a valid person form through ``save``; a likely duplicate is shown for confirming."""
    duplicates = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except DuplicatePerson as error:
            duplicates = error.duplicates
            add_service_errors(form, error)
        except (InvalidData, NotAllowed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done % {"person": saved})
            return redirect("registry:person-detail", pk=saved.pk)
    return render(
        request, "registry/person_form.html", {"form": form, "person": person, "duplicates": duplicates}
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_join(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a person into a club (closing the current membership)."""
    require(can_see_registry(request.user))
    person = get_object_or_404(services.visible_people(request.user), pk=pk)
    clubs = _creatable_clubs(request.user)
    require(services.can_edit_person(request.user, person) and clubs.exists())
    form = MembershipForm(request.POST or None, clubs=clubs)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_club(
                person,
                form.cleaned_data["club"],
                user=request.user,
                start_date=form.cleaned_data["start_date"],
            )
        except (InvalidData, NotAllowed, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Membership saved."))
            return redirect("registry:person-detail", pk=pk)
    return render(request, "registry/membership_form.html", {"form": form, "person": person})
