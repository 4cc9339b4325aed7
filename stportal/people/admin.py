from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from stportal import access
from stportal.people.models import Membership, Person
from stportal.regional_admin import (
    HistoryWithoutRevert,
    RegionScopedAdmin,
    RegionScopedFields,
    choices_in_scope,
)


class MembershipInline(RegionScopedFields, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(UserAdmin, RegionScopedAdmin, HistoryWithoutRevert):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "work_title")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
        # R8.5 (G 5.1.2): "om chef inte är läkare i samråd med medicinsk rådgivare": whether a
        # unit head is a doctor decides who approves supervision at a distance.
        (_("Physician"), {"fields": ("is_physician",)}),
        # R8.2/R8.3: what the follow-up checks of a supervisor.
        (
            _("Supervisor"),
            {
                "fields": (
                    "specialty",
                    "supervisor_training_on",
                    "supervisor_training_regulation",
                )
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "email", "work_title", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_filter = ["is_active", "is_physician", "memberships__role", "memberships__region"]
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        # People tied to the administrator's regions only (a role, or a place on a training), and
        # new accounts tied to no region yet; never staff or superusers (so nobody here resets
        # their passwords or gives themself roles). The rule is access.people_in_admin_scope.
        return queryset.filter(access.people_in_admin_scope(request.user))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """Who may use the admin is decided by a superuser, not by a region administrator."""
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "is_staff"]


@admin.register(Membership)
class MembershipAdmin(RegionScopedAdmin, HistoryWithoutRevert):
    list_display = ["person", "role", "region", "unit"]
    list_filter = ["role", "region"]
    search_fields = ["person__username", "person__first_name", "person__last_name"]
    autocomplete_fields = ["person", "unit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(person__in=choices_in_scope(request, Person))
