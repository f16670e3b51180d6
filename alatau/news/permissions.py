"""Who writes and moderates news: editors and federation administrators."""

from typing import Any

from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_federation_admin


def is_editor(user: Any) -> bool:
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.EDITOR)
