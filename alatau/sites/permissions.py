"""Who sees and changes studies and projects.

Planners (and federation administrators) run studies and edit projects; a partner company's staff see the
projects they are invited to, read-only; everybody sees published projects.
"""

from typing import Any

from django.db.models import Q, QuerySet

from alatau.core.models import Role
from alatau.core.permissions import is_authenticated, is_federation_admin
from alatau.sites.models import Project


def is_planner(user: Any) -> bool:
    return is_federation_admin(user) or (is_authenticated(user) and user.role == Role.PLANNER)


def visible_projects(user: Any) -> QuerySet[Project]:
    projects = Project.objects.all()
    if is_planner(user):
        return projects
    if is_authenticated(user):
        return projects.filter(Q(published=True) | Q(partners=user)).distinct()
    return projects.filter(published=True)


def can_edit_project(user: Any, project: Project) -> bool:
    return is_planner(user)
