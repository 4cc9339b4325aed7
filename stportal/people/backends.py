"""Gives region administrators the Django admin permissions stportal.access grants them."""

from typing import Any

from django.contrib.auth.backends import BaseBackend

from stportal import access


class RegionAdminBackend(BaseBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        app_label, _, codename = perm.partition(".")
        action, _, model = codename.partition("_")
        return access.admin_may(user_obj, app_label, model, action)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return access.is_region_admin(user_obj) and any(
            key.startswith(f"{app_label}.") for key in access.ADMIN_MANAGED
        )
