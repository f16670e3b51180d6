"""Django admin for partners: the federation creates them, names their staff and links their work."""

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from alatau.errors import AlatauError
from alatau.partners import services
from alatau.partners.models import Partner, PartnerTrade, RaceSupport, Revision, SiteLink
from alatau.registry.admin import LoggedAdmin


class TradeInline(admin.TabularInline):
    model = PartnerTrade
    extra = 1


class RaceSupportInline(admin.TabularInline):
    model = RaceSupport
    extra = 0
    raw_id_fields = ["race"]


class SiteLinkInline(admin.TabularInline):
    model = SiteLink
    extra = 0


@admin.register(Partner)
class PartnerAdmin(LoggedAdmin):
    list_display = ["name", "kind", "country", "published"]
    list_filter = ["kind", "country", "published", "trades__trade"]
    search_fields = ["name", "town"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff", "projects", "courses"]
    raw_id_fields = ["member_of"]
    inlines = [TradeInline, RaceSupportInline, SiteLinkInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Revision)
class RevisionAdmin(LoggedAdmin):
    """Read-only: a revision is decided on the review page (or by the action here), through the service."""

    list_display = ["partner", "author", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["partner", "author", "status", "data", "logo", "reason", "decided_by", "decided_at"]
    actions = ["approve"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    @admin.action(description=_("Approve the selected changes"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Revision]) -> None:
        for revision in queryset.filter(status=Revision.Status.PENDING).select_related("partner"):
            try:
                services.approve_revision(request.user, revision)
            except AlatauError as error:
                self.message_user(request, f"{revision}: {error}", messages.ERROR)
