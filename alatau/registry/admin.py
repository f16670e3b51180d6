"""Django admin for the registry. Changes made here are recorded in the audit log too."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from alatau.core.admin import FederationAdmin
from alatau.core.models import LoggedModel
from alatau.registry.models import Club, Discipline, Membership, Person, Region
from alatau.registry.search import search_filter
from alatau.registry.services import search_people

#: Fields derived from others, left out of a deleted object's record.
DERIVED_FIELDS = {"search_name"}


def _text(value: Any) -> Any:
    return value if value is None or isinstance(value, bool) else str(value)


def deleted_state(obj: models.Model) -> dict[str, list[Any]]:
    """Every field of an object about to be deleted, as old → None (its many-to-many relations too)."""
    state: dict[str, list[Any]] = {}
    for field in obj._meta.concrete_fields:
        if field.name not in DERIVED_FIELDS:
            value = getattr(obj, field.name) if field.is_relation else field.value_from_object(obj)
            state[field.name] = [_text(value), None]
    for m2m in obj._meta.many_to_many:
        names = sorted(str(related) for related in getattr(obj, m2m.name).all())
        state[m2m.name] = [", ".join(names), None]
    return state


def log_deletion(obj: LoggedModel, user: Any) -> None:
    """A "deleted" entry, written before the row goes: it keeps the object's repr, id and fields.

    The object's page goes with it, so the entry is found in the admin's audit log
    (filter by action "deleted" and type, or search the name).
    """
    obj.log_action("deleted", user, deleted_state(obj))


class LoggedAdmin(FederationAdmin):
    """Writes "created"/"updated"/"deleted" audit entries with the fields for admin edits and deletes."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changes = {
            name: [str(form.initial.get(name)) if change else None, str(form.cleaned_data.get(name))]
            for name in form.changed_data
        }
        if changes or not change:  # saving an unchanged form (e.g. to edit its inlines) is no change
            obj.log_action("updated" if change else "created", request.user, changes)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():  # no entry without the delete, no delete without its entry
            log_deletion(obj, request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """The "delete selected" action: one entry per object."""
        with transaction.atomic():
            for obj in queryset:
                log_deletion(obj, request.user)
            super().delete_queryset(request, queryset)


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

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # The folded search name (also behind the membership inline's club autocomplete).
        return search_filter(queryset, search_term), False


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

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # The folded search name: case-insensitive in every script, on SQLite too.
        return search_people(queryset, search_term), False

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        """Memberships edited inline go to the person's audit log (club, from, until: old → new)."""
        before = {
            f.instance.pk: _membership_state(f.initial) for f in formset.initial_forms if f.has_changed()
        }
        before.update({f.instance.pk: _membership_state(f.initial) for f in formset.deleted_forms})
        super().save_formset(request, form, formset, change)
        empty = dict.fromkeys(("club", "from", "until"))
        for membership in formset.new_objects:
            _log_membership(form.instance, request.user, "joined club", empty, _current_state(membership))
        for membership, _fields in formset.changed_objects:
            _log_membership(
                form.instance, request.user, "updated", before[membership.pk], _current_state(membership)
            )
        for membership in formset.deleted_objects:
            _log_membership(form.instance, request.user, "updated", before[membership.pk], empty)


def _membership_state(initial: dict[str, Any]) -> dict[str, Any]:
    club = Club.objects.filter(pk=initial["club"]).first() if initial.get("club") else None
    return {
        "club": _text(club),
        "from": _text(initial.get("start_date")),
        "until": _text(initial.get("end_date")),
    }


def _current_state(membership: Membership) -> dict[str, Any]:
    return {
        "club": _text(membership.club),
        "from": _text(membership.start_date),
        "until": _text(membership.end_date),
    }


def _log_membership(person: Person, user: Any, action: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    changes = {key: [old[key], new[key]] for key in old if old[key] != new[key]}
    if changes:
        person.log_action(action, user, changes)
