"""Self-service: invite a person (or a minor's guardian) to claim a record, sign up, act for it.

The invitation link is sent to one e-mail address; opening it is what confirms that address. A
record has at most one own account (``Person.account``); a minor's record may have guardians,
whose accounts act for it. Every step is written to the person's audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alatau.core.errors import Conflict, InvalidData, NotAllowed
from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_federation_admin
from alatau.registry.models import Person
from alatau.registry.services import can_edit_person
from alatau.selfservice.limits import may_send_asked_link
from alatau.selfservice.models import Guardianship, Invitation

#: How long an invitation link stays open.
INVITATION_DAYS = 14
#: Below this age a record is a minor's: a guardian may be invited to act for it.
ADULT_AGE = 18
#: What a person (or guardian) may change on their own record.
CONTACT_FIELDS = ("email", "phone")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def age_on(person: Person, day: dt.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_minor(person: Person) -> bool:
    return age_on(person, timezone.localdate()) < ADULT_AGE


def can_invite(user: Any, person: Person) -> bool:
    """The federation, or the manager of the person's current club."""
    return is_federation_admin(user) or can_edit_person(user, person)


def represented_people(user: Any) -> QuerySet[Person]:
    """The records the user acts for: their own and their wards'."""
    if not is_authenticated(user):
        return Person.objects.none()
    return Person.objects.filter(Q(account=user) | Q(guardians__guardian=user)).distinct()


def represents_anyone(user: Any) -> bool:
    return represented_people(user).exists()


def _checked_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidData({"email": [_("Enter a valid e-mail address.")]}) from None
    return email


@transaction.atomic
def invite(
    person: Person,
    *,
    email: str,
    kind: str,
    user: Any,
    claim_url: Callable[[str], str],
    language: str = "",
) -> Invitation:
    """Send ``email`` an invitation to claim ``person``'s record (``kind``: self or guardian).

    ``claim_url(token)`` gives the link's absolute address. A mail that cannot be sent takes the
    invitation back. ``language`` (a code of settings.LANGUAGES), when the inviter knows the
    person's, is the e-mail's and the link's language; else the active one.
    """
    if not can_invite(user, person):
        raise NotAllowed(_("Only the federation or the manager of this person's club may invite them."))
    email = _checked_email(email)
    if kind not in Invitation.Kind.values:
        raise InvalidData({"kind": [_("Choose who is invited.")]})
    if kind == Invitation.Kind.SELF and person.account_id is not None:
        raise Conflict(_("%(person)s has already claimed their record.") % {"person": person})
    if kind == Invitation.Kind.GUARDIAN and not is_minor(person):
        raise InvalidData({"kind": [_("Only a minor's record has guardians; invite the person themselves.")]})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        email=email,
        kind=kind,
        token_hash=token_hash(token),
        invited_by=user if is_authenticated(user) else None,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    person.log_action("self-service invitation sent", user, {"email": [None, email], "kind": [None, kind]})
    known = language if language in dict(settings.LANGUAGES) else None
    with translation.override(known or translation.get_language()):
        _send_invitation(invitation, claim_url(token))
    return invitation


def request_claim(email: str, *, claim_url: Callable[[str], str]) -> int:
    """A person asks for their own link: each unclaimed record holding ``email`` gets one, sent there.

    The answer a visitor sees never says whether the address is known (nothing to probe); the count
    returned is for the tests and the log. A minor's record sends a guardian's link (the address on a
    minor's record is the parents'). Asking again too often sends nothing more (alatau.selfservice.limits).
    """
    email = _checked_email(email)
    sent = 0
    for person in Person.objects.filter(email__iexact=email, account__isnull=True):
        if not may_send_asked_link(person):  # asked again too soon: the link already sent still works
            continue
        kind = Invitation.Kind.GUARDIAN if is_minor(person) else Invitation.Kind.SELF
        with transaction.atomic():
            token = secrets.token_urlsafe(32)
            invitation = Invitation.objects.create(
                person=person,
                email=person.email,
                kind=kind,
                token_hash=token_hash(token),
                expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
            )
            person.log_action("self-service link asked for", None, {"email": [None, person.email]})
            _send_invitation(invitation, claim_url(token))
        sent += 1
    return sent


def _send_invitation(invitation: Invitation, url: str) -> None:
    context = {"invitation": invitation, "person": invitation.person, "url": url, "days": INVITATION_DAYS}
    subject = _("Alatau: claim the registry record of %(person)s") % {"person": invitation.person}
    body = render_to_string("selfservice/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])


def open_invitation(token: str) -> Invitation:
    """The invitation of a link, if it can still be accepted; a domain error says why not."""
    invitation = (
        Invitation.objects.select_related("person").filter(token_hash=token_hash(token or "")).first()
    )
    if invitation is None:
        raise NotAllowed(_("This invitation link is not valid. Ask your club for a new one."))
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been used. Log in to see your page."))
    if invitation.expires_at <= timezone.now():
        raise Conflict(_("This invitation has expired. Ask your club for a new one."))
    return invitation


@transaction.atomic
def accept(token: str, *, user: Any) -> Person:
    """Link ``user``'s account to the invitation's record (or make it the minor's guardian)."""
    invitation = open_invitation(token)
    invitation = Invitation.objects.select_for_update().select_related("person").get(pk=invitation.pk)
    person = invitation.person
    if invitation.kind == Invitation.Kind.SELF:
        _claim(person, user)
    else:
        Guardianship.objects.get_or_create(guardian=user, person=person)
        person.log_action("guardian linked", user, {"guardian": [None, user.get_username()]})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return person


def _claim(person: Person, user: Any) -> None:
    if person.account_id is not None and person.account_id != user.pk:
        raise Conflict(_("%(person)s has already claimed their record.") % {"person": person})
    if Person.objects.filter(account=user).exclude(pk=person.pk).exists():
        raise Conflict(_("Your account already holds another registry record."))
    person.account = user
    person.save(update_fields=["account"])
    person.log_action("record claimed", user, {"account": [None, user.get_username()]})


@transaction.atomic
def sign_up(token: str, *, username: str, password: str) -> tuple[Any, Person]:
    """Open an account from an invitation (its e-mail address is confirmed by the link) and accept it."""
    invitation = open_invitation(token)
    users = get_user_model()
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("Choose a user name.")]
    elif users.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This user name is taken; choose another, or log in if it is yours.")]
    user = users(username=username, email=invitation.email, role=Role.PUBLIC)
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password1"] = list(error.messages)
    if errors:
        raise InvalidData(errors)
    user.set_password(password)
    user.save()
    return user, accept(token, user=user)


def acting_for(user: Any, pk: int) -> Person:
    """A record the user acts for, else NotAllowed."""
    person = represented_people(user).filter(pk=pk).first()
    if person is None:
        raise NotAllowed(_("This is not your record."))
    return person


@transaction.atomic
def update_contact(person: Person, data: Mapping[str, Any], *, user: Any) -> Person:
    """Change the record's e-mail and phone, as its holder or guardian; audited old → new."""
    person = acting_for(user, person.pk)
    clean = {name: str(data.get(name, "") or "").strip() for name in CONTACT_FIELDS}
    if clean["email"]:
        clean["email"] = _checked_email(clean["email"])
    if len(clean["phone"]) > 40 or any(c not in "+0123456789 ()-" for c in clean["phone"]):
        raise InvalidData({"phone": [_("A phone number has digits, spaces, +, - and brackets only.")]})
    changes = {n: [getattr(person, n), v] for n, v in clean.items() if getattr(person, n) != v}
    if not changes:
        return person
    for name, value in clean.items():
        setattr(person, name, value)
    person.version += 1
    person.save(update_fields=[*CONTACT_FIELDS, "version", "updated_at"])
    person.log_action("contact details updated (self-service)", user, changes)
    return person
