"""Partner workflows: the directory and "who can do X", the staff's proposed profiles and their review, links.

A partner's staff never change the published profile: they propose a revision, which the federation
approves (it is then applied, field by field, in the audit log) or rejects with a reason. Every other
change (creating a partner, publishing it, linking it to projects, sites, courses and races) is the
federation's.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alatau.core.images import clean_image
from alatau.core.models import Role, User
from alatau.core.permissions import is_authenticated, is_federation_admin
from alatau.partners.errors import AlreadyDecided, InvalidData, NotAllowed, NothingChanged, NotStaff
from alatau.partners.models import (
    Country,
    Kind,
    Partner,
    PartnerTrade,
    RaceSupport,
    Revision,
    SiteLink,
    Trade,
)

#: What a partner's staff may change on their organisation's profile (besides the trades and the logo).
PROFILE_FIELDS = (
    "town",
    "description_kk",
    "description_ru",
    "description_en",
    "description_fr",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)
LOGO_BOX = (400, 400)
DESCRIPTION_MAX = 6000


# Who ---------------------------------------------------------------------------------------------------


def is_reviewer(user: Any) -> bool:
    """The federation: approves profile changes and manages partners and their links."""
    return is_federation_admin(user)


def is_staff_of(user: Any, partner: Partner) -> bool:
    return is_authenticated(user) and user.role == Role.PARTNER and partner.staff.filter(pk=user.pk).exists()


def can_edit_profile(user: Any, partner: Partner) -> bool:
    return is_reviewer(user) or is_staff_of(user, partner)


def own_partners(user: Any) -> QuerySet[Partner]:
    if not is_authenticated(user) or user.role != Role.PARTNER:
        return Partner.objects.none()
    return Partner.objects.filter(staff=user)


def visible_partners(user: Any) -> QuerySet[Partner]:
    """The federation sees every partner, a partner's staff their own too, everybody the published ones."""
    partners = Partner.objects.prefetch_related("trades")
    if is_reviewer(user):
        return partners
    own = own_partners(user).values("pk")
    return partners.filter(Q(published=True) | Q(pk__in=own))


# The directory -----------------------------------------------------------------------------------------


@dataclass
class DirectoryFilter:
    trade: str = ""
    country: str = ""
    kind: str = ""
    words: str = ""


def _check_choice(field: str, value: str, choices: Any) -> None:
    if value and value not in choices.values:
        raise InvalidData({field: [_("Unknown value: %(value)s.") % {"value": value}]})


def directory(filters: DirectoryFilter | None = None) -> QuerySet[Partner]:
    """Published partners matching every filter given (a trade, a country, a kind, words of the name)."""
    filters = filters or DirectoryFilter()
    _check_choice("trade", filters.trade, Trade)
    _check_choice("country", filters.country, Country)
    _check_choice("kind", filters.kind, Kind)
    partners = Partner.objects.filter(published=True).prefetch_related("trades")
    if filters.trade:
        partners = partners.filter(trades__trade=filters.trade)
    if filters.country:
        partners = partners.filter(country=filters.country)
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    for word in filters.words.split():
        partners = partners.filter(Q(name__icontains=word) | Q(town__icontains=word))
    return partners.distinct().order_by("name", "pk")


def who_can(trade: str, country: str = "") -> list[Partner]:
    """Who can do ``trade`` (in ``country``): the published partners offering it, by name.

    Raises
    ------
    InvalidData
        The trade or the country is not one of the fixed list.
    """
    if not trade:
        raise InvalidData({"trade": [_("Choose a trade.")]})
    return list(directory(DirectoryFilter(trade=trade, country=country)))


# Creating and publishing (the federation) --------------------------------------------------------------


def _require_reviewer(user: Any) -> None:
    if not is_reviewer(user):
        raise NotAllowed(_("Only the federation manages partners."))


def create_partner(
    user: Any, name: str, kind: str, country: str, trades: list[str] | None = None, **profile: str
) -> Partner:
    """A new (unpublished) partner with its trades and profile fields."""
    _require_reviewer(user)
    _check_choice("kind", kind, Kind)
    _check_choice("country", country, Country)
    if not name.strip():
        raise InvalidData({"name": [_("Give the organisation's name.")]})
    clean = clean_profile({**profile, "trades": trades or []})
    slug = slugify(profile.pop("slug", "") or name)[:80]
    if not slug or Partner.objects.filter(slug=slug).exists():
        raise InvalidData({"slug": [_("Another partner already has this address.")]})
    with transaction.atomic():
        partner = Partner.objects.create(
            slug=slug, name=name.strip(), kind=kind, country=country, **_fields(clean)
        )
        _set_trades(partner, clean["trades"])
        partner.log_action("created", user, {"name": [None, partner.name]})
    return partner


def set_published(user: Any, partner: Partner, published: bool) -> Partner:
    _require_reviewer(user)
    old = partner.published
    partner.published = published
    partner.save(update_fields=["published", "updated_at"])
    partner.log_action("published" if published else "unpublished", user, {"published": [old, published]})
    return partner


def add_staff(user: Any, partner: Partner, member: User) -> None:
    """Name a partner user as staff of the organisation: they may then propose its profile changes."""
    _require_reviewer(user)
    if member.role != Role.PARTNER:
        raise InvalidData({"staff": [_("Only users with the partner role can be a partner's staff.")]})
    partner.staff.add(member)
    partner.log_action("staff:added", user, {"staff": [None, member.username]})


# The profile and its revisions -------------------------------------------------------------------------


def profile_of(partner: Partner) -> dict[str, Any]:
    """The published profile, in the shape a revision proposes."""
    return {**{name: getattr(partner, name) for name in PROFILE_FIELDS}, "trades": partner.trade_codes}


def _valid(validator: Any, value: str, field: str, message: str) -> None:
    try:
        validator(value)
    except ValidationError as error:
        raise InvalidData({field: [message]}) from error


def clean_profile(data: dict[str, Any]) -> dict[str, Any]:
    """Only the editable fields, stripped and checked (known trades, a web address, an e-mail)."""
    clean: dict[str, Any] = {name: str(data.get(name) or "").strip() for name in PROFILE_FIELDS}
    trades = sorted(set(data.get("trades") or []))
    for trade in trades:
        _check_choice("trades", trade, Trade)
    clean["trades"] = trades
    if clean["website"]:
        _valid(
            URLValidator(schemes=["http", "https"]), clean["website"], "website", _("Enter a web address.")
        )
    if clean["contact_email"]:
        _valid(EmailValidator(), clean["contact_email"], "contact_email", _("Enter an e-mail address."))
    for name in PROFILE_FIELDS:
        if name.startswith("description_") and len(clean[name]) > DESCRIPTION_MAX:
            raise InvalidData({name: [_("A description is at most 6,000 characters.")]})
    return clean


def _fields(clean: dict[str, Any]) -> dict[str, Any]:
    return {name: clean[name] for name in PROFILE_FIELDS}


def _set_trades(partner: Partner, trades: list[str]) -> None:
    partner.trades.exclude(trade__in=trades).delete()
    for trade in trades:
        PartnerTrade.objects.get_or_create(partner=partner, trade=trade)


def pending_revision(partner: Partner) -> Revision | None:
    return partner.revisions.filter(status=Revision.Status.PENDING).order_by("-created_at", "-pk").first()


def propose_revision(user: Any, partner: Partner, data: dict[str, Any], logo: Any = None) -> Revision:
    """Queue the staff's version of the profile for review (it replaces their earlier pending one)."""
    if not can_edit_profile(user, partner):
        raise NotStaff(_("Only the organisation's own staff may change its profile."))
    clean = clean_profile(data)
    if clean == profile_of(partner) and not logo:
        raise NothingChanged(_("Nothing was changed."))
    picture = clean_image(logo, LOGO_BOX, field="logo", keep_alpha=True) if logo else None
    with transaction.atomic():
        revision = pending_revision(partner) or Revision(partner=partner)
        revision.author, revision.data = user, clean
        if picture is not None:
            revision.logo.save(f"{partner.slug}.png", picture, save=False)
        revision.save()
        changes = {key: [old, new] for key, old, new in changed_fields(partner, clean)}
        partner.log_action("revision:proposed", user, changes)
    _tell_reviewers(revision)
    return revision


def changed_fields(partner: Partner, proposed: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, published value, proposed value) for each field the proposal changes."""
    current = profile_of(partner)
    return [(key, current[key], value) for key, value in proposed.items() if current.get(key) != value]


def _tell_reviewers(revision: Revision) -> None:
    reviewers = User.objects.filter(role=Role.FEDERATION_ADMIN, is_active=True).exclude(email="")
    recipients = list(reviewers.values_list("email", flat=True))
    if recipients:
        subject = _("Profile change to review: %(name)s") % {"name": revision.partner.name}
        send_mail(subject, subject, None, recipients, fail_silently=True)


def _tell_author(revision: Revision) -> None:
    """The staff member who proposed the change learns the federation's decision (and its reason)."""
    author = revision.author
    if author is None or not author.email:
        return
    values = {"name": revision.partner.name}
    if revision.status == Revision.Status.APPROVED:
        subject = _("Your change to %(name)s is published") % values
        body = subject
    else:
        subject = _("Your change to %(name)s was not accepted") % values
        body = f"{subject}\n\n{revision.reason}"
    send_mail(subject, body, None, [author.email], fail_silently=True)


def _decide(user: Any, revision: Revision, status: str, reason: str = "") -> None:
    _require_reviewer(user)
    if revision.status != Revision.Status.PENDING:
        raise AlreadyDecided(_("This change was already reviewed."))
    revision.status, revision.reason = status, reason
    revision.decided_by, revision.decided_at = user, timezone.now()
    revision.save(update_fields=["status", "reason", "decided_by", "decided_at"])


def approve_revision(user: Any, revision: Revision) -> Partner:
    """Publish the proposed profile: each changed field goes to the partner and to its audit log."""
    partner = revision.partner
    with transaction.atomic():
        _decide(user, revision, Revision.Status.APPROVED)
        clean = clean_profile(revision.data)
        changes = {key: [old, new] for key, old, new in changed_fields(partner, clean)}
        for name, value in _fields(clean).items():
            setattr(partner, name, value)
        if revision.logo:
            partner.logo.save(f"{partner.slug}.png", revision.logo.file, save=False)
            changes["logo"] = [None, partner.logo.name]
        partner.save()
        _set_trades(partner, clean["trades"])
        partner.log_action("revision:approved", user, changes)
    _tell_author(revision)
    return partner


def reject_revision(user: Any, revision: Revision, reason: str) -> Revision:
    if not reason.strip():
        raise InvalidData({"reason": [_("Say why the change is rejected.")]})
    with transaction.atomic():
        _decide(user, revision, Revision.Status.REJECTED, reason.strip()[:500])
        revision.partner.log_action("revision:rejected", user, {"reason": [None, revision.reason]})
    _tell_author(revision)
    return revision


def review_queue() -> QuerySet[Revision]:
    return Revision.objects.filter(status=Revision.Status.PENDING).select_related("partner", "author")


# Links (the federation) --------------------------------------------------------------------------------


def link_project(user: Any, partner: Partner, project: Any) -> None:
    _require_reviewer(user)
    partner.projects.add(project)
    partner.log_action("linked:project", user, {"project": [None, str(project)]})


def link_course(user: Any, partner: Partner, course: Any) -> None:
    _require_reviewer(user)
    partner.courses.add(course)
    partner.log_action("linked:course", user, {"course": [None, str(course)]})


def link_race(user: Any, partner: Partner, race: Any, kind: str) -> RaceSupport:
    _require_reviewer(user)
    _check_choice("kind", kind, RaceSupport.Support)
    support, _created = RaceSupport.objects.get_or_create(partner=partner, race=race, kind=kind)
    partner.log_action(f"linked:race:{kind}", user, {"race": [None, str(race)]})
    return support


def link_site(user: Any, partner: Partner, study: Any, site_id: int, note: str = "") -> SiteLink:
    """Link a partner to a candidate site of a finished study (the site must be in its result)."""
    _require_reviewer(user)
    if study.site(site_id) is None:
        raise InvalidData({"site_id": [_("This study has no such candidate site.")]})
    link, _created = SiteLink.objects.update_or_create(
        partner=partner, study=study, site_id=site_id, defaults={"note": note[:200]}
    )
    partner.log_action("linked:site", user, {"site": [None, f"{study} #{site_id}"]})
    return link


def supported_races(partner: Partner) -> QuerySet[RaceSupport]:
    """The partner's races of published events (the public calendar), soonest first."""
    support = partner.race_support.filter(race__event__status="published").select_related("race__event")
    return support.order_by("race__date", "pk")
