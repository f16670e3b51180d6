"""The role helpers: who reads, who manages which club, who decides on licences."""

import pytest
from django.contrib.auth.models import AnonymousUser

from alatau.core import permissions as perms
from alatau.core.models import Role, User
from alatau.registry.models import Club

ROLES = ["alice_admin", "carol_manager", "oscar_organiser", "edith_educator", "sam_staff", "paul_public"]


@pytest.fixture
def users(db: None, request: pytest.FixtureRequest) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in ROLES}


def test_who_reads_the_whole_registry(users: dict[str, User]) -> None:
    readers = {name for name, user in users.items() if perms.reads_whole_registry(user)}
    assert readers == {"alice_admin", "oscar_organiser", "edith_educator", "sam_staff"}
    assert not perms.reads_whole_registry(AnonymousUser())
    assert perms.can_see_registry(users["carol_manager"]) and not perms.can_see_registry(users["paul_public"])


def test_only_admins_decide_and_create_clubs(users: dict[str, User]) -> None:
    deciders = {name for name, user in users.items() if perms.can_decide_licences(user)}
    assert deciders == {"alice_admin"} == {n for n, u in users.items() if perms.can_create_club(u)}


def test_club_managers_manage_only_their_clubs(
    users: dict[str, User], club_shymbulak: Club, club_ridder: Club
) -> None:
    carol = users["carol_manager"]
    assert perms.can_manage_club(carol, club_shymbulak) and not perms.can_manage_club(carol, club_ridder)
    assert perms.can_manage_club(users["alice_admin"], club_ridder)
    assert not perms.can_manage_club(users["sam_staff"], club_shymbulak)
    assert not perms.can_manage_club(AnonymousUser(), club_shymbulak)


def test_superuser_counts_as_federation_admin(db: None) -> None:
    root = User.objects.create_superuser("root", "root@alatau.test", "x-password-1")
    assert perms.is_federation_admin(root) and root.is_federation_admin
    assert perms.role_label(root) == str(Role.FEDERATION_ADMIN.label)


def test_inactive_users_have_no_rights(alice_admin: User) -> None:
    alice_admin.is_active = False
    assert not perms.is_federation_admin(alice_admin)


def test_role_labels(users: dict[str, User]) -> None:
    assert perms.role_label(users["sam_staff"]) == "Read-only staff"
    assert perms.role_label(AnonymousUser()) == ""
