"""Django admin for self-service: invitations (read only) and the guardians acting for minors."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from alatau.registry.admin import LoggedAdmin
from alatau.selfservice.models import Guardianship, Invitation


@admin.register(Invitation)
class InvitationAdmin(LoggedAdmin):
    list_display = ("person", "email", "kind", "created_at", "expires_at", "accepted_at", "invited_by")
    list_filter = ("kind",)
    search_fields = ("email", "person__last_name", "person__first_name")
    list_select_related = ("person", "invited_by")
    exclude = ("token_hash",)
    readonly_fields = ("person", "email", "kind", "invited_by", "expires_at", "accepted_at", "accepted_by")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # invitations are sent from the person's page, with their e-mail


@admin.register(Guardianship)
class GuardianshipAdmin(LoggedAdmin):
    list_display = ("person", "guardian", "since")
    search_fields = ("person__last_name", "person__first_name", "guardian__username")
    list_select_related = ("person", "guardian")
    raw_id_fields = ("person", "guardian")
