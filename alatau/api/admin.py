"""API tokens in the Django admin: issue (the token is shown once), list, revoke."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alatau.api.models import ApiToken, new_token
from alatau.core.permissions import is_federation_admin


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name", "user", "key_start", "read_only", "created_at", "expires_at", "last_used_at", "revoked_at"
    ]  # fmt: skip
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "read_only"]
    search_fields = ["name", "user__username", "key_start"]
    list_select_related = ["user"]
    readonly_fields = ["key_start", "created_at", "last_used_at"]
    fields = [
        "name",
        "user",
        "read_only",
        "expires_at",
        "key_start",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke_tokens"]

    # Federation administrators manage tokens even without Django model permissions.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_federation_admin(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federation_admin(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_federation_admin(request.user) or super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federation_admin(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_federation_admin(request.user) or super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        # The owner of an issued token never changes: issue a new token instead.
        return [*self.readonly_fields, "user"] if obj is not None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token = None if change else new_token()
        if token is not None:
            obj.set_key(token)
        super().save_model(request, obj, form, change)
        if token is not None:
            messages.warning(
                request,
                _("New API token: %(token)s — copy it now, it will not be shown again.") % {"token": token},
            )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
        messages.success(request, message % {"count": count})
