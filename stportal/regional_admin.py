"""The Django admin for region administrators: the permissions stportal.access grants them (an
authentication backend) and admin classes that show only their own regions' objects."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.backends import BaseBackend
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from stportal import access
from stportal.people.models import Role
from stportal.units.models import Region, Unit


class RegionScopedAdmin(admin.ModelAdmin):
    """`region_path` names the lookup from the model to its region ('' for Region itself)."""

    region_path = "region"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = f"{self.region_path}__in" if self.region_path else "pk__in"
        return queryset.filter(**{lookup: access.region_ids(request.user, Role.ADMIN)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            regions = access.region_ids(request.user, Role.ADMIN)
            if db_field.related_model is Region:
                kwargs["queryset"] = Region.objects.filter(pk__in=regions)
            elif db_field.related_model is Unit:
                kwargs["queryset"] = Unit.objects.filter(region__in=regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_object_permission(self, request: HttpRequest, obj: Model | None) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self.has_object_permission(
            request, obj
        )

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self.has_object_permission(
            request, obj
        )


class RegionAdminBackend(BaseBackend):
    """Gives region administrators the Django admin permissions stportal.access grants them."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        app_label, _, codename = perm.partition(".")
        action, _, model = codename.partition("_")
        return access.admin_may(user_obj, app_label, model, action)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return access.is_region_admin(user_obj) and any(
            key.startswith(f"{app_label}.") for key in access.ADMIN_MANAGED
        )
