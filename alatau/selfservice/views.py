"""Self-service pages: a person's (or guardian's) own page, invitations and claiming a record."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.web import add_service_errors, require
from alatau.licences.models import Licence
from alatau.registry.models import Person
from alatau.selfservice import services
from alatau.selfservice.forms import ClaimRequestForm, ContactForm, InviteForm, SignUpForm
from alatau.selfservice.models import Guardianship, Invitation
from alatau.selfservice.records import records_of


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    """The records the user acts for, each with its licences, certificates and races."""
    people = services.represented_people(request.user).order_by("last_name", "first_name")
    wards = set(Guardianship.objects.filter(guardian_id=request.user.pk).values_list("person_id", flat=True))
    context = {"records": [records_of(p) for p in people], "wards": wards}
    return render(request, "selfservice/my_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    require(services.can_invite(request.user, person))
    kind = Invitation.Kind.GUARDIAN if services.is_minor(person) else Invitation.Kind.SELF
    initial = {"email": person.email, "kind": kind, "language": translation.get_language()}
    form = InviteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(person, user=request.user, claim_url=_claim_url(request), **form.cleaned_data)
        except (InvalidData, Conflict) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            return redirect("registry:person-detail", person.pk)
    context = {
        "form": form,
        "person": person,
        "minor": services.is_minor(person),
        "sent": Invitation.objects.filter(person=person)[:10],
    }
    return render(request, "selfservice/invite.html", context)


def _claim_url(request: HttpRequest) -> Any:
    return lambda token: request.build_absolute_uri(reverse("selfservice:claim", args=[token]))


@require_http_methods(["GET", "POST"])
def ask_for_link(request: HttpRequest) -> HttpResponse:
    """Without an invitation: the link goes to the address on the record, if one holds it."""
    form = ClaimRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_claim(form.cleaned_data["email"], claim_url=_claim_url(request))
        messages.success(
            request,
            _("If a registry record holds this address, a link to claim it is on its way there."),
        )
        return redirect("selfservice:ask")
    return render(request, "selfservice/ask.html", {"form": form})


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: open an account here, or link the account one is logged in with."""
    try:
        invitation = services.open_invitation(token)
    except (NotAllowed, Conflict) as error:  # unknown: 404; used or expired: gone
        status = 410 if isinstance(error, Conflict) else 404
        return render(request, "selfservice/claim_closed.html", {"reason": str(error)}, status=status)
    form = SignUpForm(request.POST or None, initial={"username": invitation.email})
    if request.method == "POST":
        try:
            user = _accept(request, token, form)
        except (InvalidData, Conflict) as error:
            add_service_errors(form, error)
        else:
            if user is not None:
                messages.success(request, _("Welcome: this is your page."))
                return redirect("selfservice:my-page")
    context = {"invitation": invitation, "person": invitation.person, "form": form}
    return render(request, "selfservice/claim.html", context)


def _accept(request: HttpRequest, token: str, form: SignUpForm) -> Any:
    """The account that accepted (None while the sign-up form has errors)."""
    if request.user.is_authenticated:
        services.accept(token, user=request.user)
        return request.user
    if not form.is_valid():
        return None
    user, _person = services.sign_up(
        token, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
    )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return user


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    person = _acting_for(request, pk)
    form = ContactForm(request.POST or None, initial={"email": person.email, "phone": person.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(person, form.cleaned_data, user=request.user)
        except InvalidData as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact details saved."))
            return redirect("selfservice:my-page")
    return render(request, "selfservice/contact.html", {"form": form, "person": person})


def _acting_for(request: HttpRequest, pk: int) -> Person:
    try:
        return services.acting_for(request.user, pk)
    except NotAllowed:
        raise Http404 from None


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder's (or guardian's) own licence card."""
    from alatau.licences.views import card_response

    people = services.represented_people(request.user)
    licence = get_object_or_404(Licence.objects.select_related("person", "club"), pk=pk, person__in=people)
    return card_response(request, licence)


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder's (or guardian's) own certificate."""
    from alatau.education.models import Certificate
    from alatau.education.views import certificate_response

    people = services.represented_people(request.user)
    found = get_object_or_404(
        Certificate.objects.select_related("holder", "programme"), pk=pk, holder__in=people
    )
    return certificate_response(request, found)
