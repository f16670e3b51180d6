"""Django admin for licences; the approval workflow itself lives on the licence pages."""

from django.contrib import admin

from alatau.licences.models import KindRule, Licence, Payment
from alatau.registry.admin import LoggedAdmin


@admin.register(Licence)
class LicenceAdmin(LoggedAdmin):
    list_display = ("number", "person", "club", "season", "kind", "status", "fee")
    list_filter = ("season", "status", "kind", "discipline")
    search_fields = ("number", "person__last_name", "person__first_name", "person__fis_code")
    list_select_related = ("person", "club")
    raw_id_fields = ("person", "club", "requested_by", "decided_by")
    readonly_fields = ("verification_token", "requested_at")


@admin.register(KindRule)
class KindRuleAdmin(LoggedAdmin):
    list_display = ("kind", "approve_only_when_paid")


@admin.register(Payment)
class PaymentAdmin(LoggedAdmin):
    list_display = ("licence", "state", "amount", "method", "reference", "paid_on", "recorded_by")
    list_filter = ("state", "method")
    raw_id_fields = ("licence", "recorded_by")
