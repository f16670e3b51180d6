"""Who may see and change what: the role rules in one place.

Federation administrators do everything. Club managers see and edit only their clubs and
the people who are currently members of them. Competition organisers, coach educators and
read-only staff read the whole registry and change nothing. The public (and anonymous
visitors) see public pages only: the home page, the club directory and licence verification.
"""

from typing import Any

from alatau.core.models import Role

#: Roles that read the whole registry (people, memberships, licences) without changing it.
READER_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.STAFF, Role.ORGANISER, Role.COACH_EDUCATOR})


def is_authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_federation_admin(user: Any) -> bool:
    """A federation administrator (or a Django superuser)."""
    return is_authenticated(user) and (user.is_superuser or user.role == Role.FEDERATION_ADMIN)


def is_club_manager(user: Any) -> bool:
    return is_authenticated(user) and user.role == Role.CLUB_MANAGER


def reads_whole_registry(user: Any) -> bool:
    """Roles that may read every person and licence (never the public)."""
    return is_federation_admin(user) or (is_authenticated(user) and user.role in READER_ROLES)


def can_see_registry(user: Any) -> bool:
    """Whether the people and licence pages are open to this user at all."""
    return reads_whole_registry(user) or is_club_manager(user)


def managed_club_ids(user: Any) -> set[int]:
    """Ids of the clubs the user manages, cached on the user object for the request."""
    if not is_club_manager(user):
        return set()
    cached = getattr(user, "_alatau_managed_club_ids", None)
    if cached is None:
        cached = set(user.managed_clubs.values_list("id", flat=True))
        user._alatau_managed_club_ids = cached
    return set(cached)


def can_manage_club(user: Any, club: Any) -> bool:
    """Edit the club, its members and request their licences."""
    if club is None:
        return False
    return is_federation_admin(user) or club.pk in managed_club_ids(user)


def can_create_club(user: Any) -> bool:
    return is_federation_admin(user)


def can_decide_licences(user: Any) -> bool:
    """Approve, refuse, activate and revoke licences: the federation's decision."""
    return is_federation_admin(user)


def role_label(user: Any) -> str:
    """The user's role in the active language ("" for anonymous visitors)."""
    if not is_authenticated(user):
        return ""
    if user.is_superuser and user.role != Role.FEDERATION_ADMIN:
        return str(Role.FEDERATION_ADMIN.label)
    return str(Role(user.role).label)


def can_read_audit(user: Any) -> bool:
    """Federation administrators and read-only staff read the whole audit log in the app."""
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.STAFF)
