"""Django admin for licences; the approval workflow itself lives on the licence pages."""

from django.contrib import admin

from alatau.licences.models import Licence
from alatau.registry.admin import LoggedAdmin


@admin.register(Licence)
class LicenceAdmin(LoggedAdmin):
    list_display = ("number", "person", "club", "season", "kind", "status", "fee")
    list_filter = ("season", "status", "kind", "discipline")
    search_fields = ("number", "person__last_name", "person__first_name", "person__fis_code")
    list_select_related = ("person", "club")
    raw_id_fields = ("person", "club", "requested_by", "decided_by")
    readonly_fields = ("verification_token", "requested_at")
