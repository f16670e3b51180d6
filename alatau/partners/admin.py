"""Django admin for partners: the federation creates them, names their staff and links their work."""

from django.contrib import admin

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


@admin.register(Revision)
class RevisionAdmin(LoggedAdmin):
    list_display = ["partner", "author", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["partner", "author", "data", "decided_by", "decided_at"]
