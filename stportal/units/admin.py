from django.contrib import admin

from stportal.regional_admin import RegionScopedAdmin
from stportal.units.models import Region, Unit


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    region_path = ""
    list_display = ["name", "code", "routine_profile"]


@admin.register(Unit)
class UnitAdmin(RegionScopedAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]
