"""Django admin for the federation administrators: users with their roles, and the audit log (read-only)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from alatau.core.login import ThrottledAdminAuthenticationForm
from alatau.core.models import AuditEntry, User
from alatau.core.permissions import is_federation_admin


def _admin_site_permission(request: HttpRequest) -> bool:
    # Federation administrators use the admin without Django's per-model permissions.
    return is_federation_admin(request.user)


admin.site.has_permission = _admin_site_permission  # type: ignore[method-assign]
admin.site.site_header = _("Alatau administration")
admin.site.site_title = _("Alatau administration")
admin.site.login_form = ThrottledAdminAuthenticationForm


class FederationAdmin(admin.ModelAdmin):
    """Full access for federation administrators, none for anyone else."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_federation_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federation_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_federation_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federation_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federation_admin(request.user)


@admin.register(User)
class AlatauUserAdmin(FederationAdmin, UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*UserAdmin.fieldsets, (_("Federation"), {"fields": ("role",)}))  # type: ignore[misc]
    add_fieldsets = (*UserAdmin.add_fieldsets, (_("Federation"), {"fields": ("role", "email")}))


@admin.register(AuditEntry)
class AuditEntryAdmin(FederationAdmin):
    list_display = ("created_at", "action", "object_repr", "content_type", "actor")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "object_id")
    list_select_related = ("actor", "content_type")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
