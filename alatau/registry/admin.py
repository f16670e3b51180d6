"""Django admin for the registry. Changes made here are recorded in the audit log too."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from alatau.core.admin import FederationAdmin
from alatau.registry.models import Club, Discipline, Membership, Person, Region


class LoggedAdmin(FederationAdmin):
    """Writes "created"/"updated" audit entries with the changed fields for admin edits."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changes = {
            name: [str(form.initial.get(name)) if change else None, str(form.cleaned_data.get(name))]
            for name in form.changed_data
        }
        obj.log_action("updated" if change else "created", request.user, changes)


@admin.register(Region)
class RegionAdmin(FederationAdmin):
    list_display = ("code", "name_en", "name_kk", "name_ru", "kind")
    search_fields = ("code", "name_en", "name_kk", "name_ru")


@admin.register(Discipline)
class DisciplineAdmin(FederationAdmin):
    list_display = ("code", "name_en", "name_kk", "name_ru", "name_fr")


@admin.register(Club)
class ClubAdmin(LoggedAdmin):
    list_display = ("name", "short_name", "region", "town")
    list_filter = ("region", "disciplines")
    search_fields = ("name", "short_name", "town")
    filter_horizontal = ("disciplines", "managers")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_select_related = ("region",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("club",)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return FederationAdmin.has_view_permission(self, request, obj)  # type: ignore[arg-type]

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission  # type: ignore[assignment]


@admin.register(Person)
class PersonAdmin(LoggedAdmin):
    list_display = ("last_name", "first_name", "last_name_cyrillic", "birth_date", "gender", "fis_code")
    list_filter = ("gender", "is_athlete", "is_coach", "is_official", "nationality")
    search_fields = ("last_name", "first_name", "last_name_cyrillic", "first_name_cyrillic", "fis_code")
    inlines = [MembershipInline]
