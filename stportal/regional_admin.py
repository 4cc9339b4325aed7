"""The Django admin for region administrators: the permissions stportal.access grants them (an
authentication backend) and admin classes that show only their own regions' objects."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_noop
from django.views.i18n import JavaScriptCatalog
from simple_history.admin import SimpleHistoryAdmin

from stportal import access
from stportal.people.models import Person, Role
from stportal.training.models import Training
from stportal.units.models import Region, Unit


def choices_in_scope(request: HttpRequest, model: type[Model]) -> QuerySet[Any] | None:
    """The objects of `model` a region administrator may choose in a form, or None for a model
    that belongs to no region (issue 10: every foreign key and many-to-many field)."""
    regions = access.region_ids(request.user, Role.ADMIN)
    if model is Region:
        return Region.objects.filter(pk__in=regions)
    if model is Unit:
        return Unit.objects.filter(region__in=regions)
    if model is Person:
        return Person.objects.filter(access.people_in_admin_scope(request.user))
    if model is Training:
        return Training.objects.filter(home_unit__region__in=regions)
    return None


if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin

    _AdminBase = BaseModelAdmin[Any]
else:
    _AdminBase = object


class RegionScopedFields(_AdminBase):
    """Limits the choices of every foreign key and many-to-many field of an admin or an inline to
    the administrator's regions. The limited queryset is also what the server validates a posted
    id against, so a forged id is refused like a wrong one."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        _limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        _limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _limit_choices(db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
    if not request.user.is_superuser:
        scoped = choices_in_scope(request, db_field.related_model)
        if scoped is not None:
            kwargs["queryset"] = scoped


class RegionScopedListFilter(admin.RelatedFieldListFilter):
    """A list filter on a related field that offers a region administrator only the objects of
    their own regions (Django's offers every region's names and ids; issue 10)."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        scoped = (
            None if request.user.is_superuser else choices_in_scope(request, field.related_model)
        )
        if scoped is None:
            return super().field_choices(field, request, model_admin)
        return [(item.pk, str(item)) for item in scoped]


class RegionScopedAdmin(RegionScopedFields, admin.ModelAdmin):
    """`region_path` names the lookup from the model to its region ('' for Region itself). The
    list filters on related fields offer only the administrator's regions' objects."""

    region_path = "region"

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [
            (name, RegionScopedListFilter)
            if isinstance(name, str) and get_fields_from_path(self.model, name)[-1].is_relation
            else name
            for name in super().get_list_filter(request)
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        lookup = f"{self.region_path}__in" if self.region_path else "pk__in"
        return queryset.filter(**{lookup: access.region_ids(request.user, Role.ADMIN)})

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


class HistoryWithoutRevert(SimpleHistoryAdmin):
    """The history page (who changed what, when; issue 10), read-only: an old version of a person,
    a role or a training is not put back from there, only changed as any other change is."""

    # simple-history's list without its inline style attribute, which the content security
    # policy refuses (issue 12 item 14).
    object_history_list_template = "web/admin_history_list.html"

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> QuerySet[Any]:
        """simple-history's own, without its select_related() with no names for a model with no
        foreign key (Person), which Django deprecates."""
        tracked = history_manager.model.tracked_fields
        related = ["history_user", *(f.name for f in tracked if f.many_to_one)]
        return history_manager.filter(**{pk_name: object_id}).select_related(*related)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method == "POST":  # the revert form, forged: its button is not shown
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# --- The admin's date and time widgets in Swedish (issue 12 item 14) -----------------------------

# What the admin's calendar and clock say that Django's Swedish catalogue (djangojs) lacks: the
# names a screen reader reads for "I dag", the calendar's arrows and days, and the date in them.
# Translated in the project's catalogue and added to the admin's JavaScript catalogue.
ADMIN_JAVASCRIPT_MESSAGES = (
    gettext_noop("%(month)s %(day)s, %(year)s"),
    gettext_noop("%s (current selection)"),
    gettext_noop("%s (today)"),
    gettext_noop("%s (today, current selection)"),
    gettext_noop("Next (%(month)s %(year)s)"),
    gettext_noop("Previous (%(month)s %(year)s)"),
    gettext_noop("Today (%(date)s)"),
    gettext_noop("Tomorrow (%(date)s)"),
    gettext_noop("Yesterday (%(date)s)"),
)


class AdminJavaScriptCatalog(JavaScriptCatalog):
    """The admin's JavaScript catalogue (/admin/jsi18n/) with ADMIN_JAVASCRIPT_MESSAGES in the
    active language: stportal/urls.py serves it in the place of the admin's own."""

    def get_catalog(self) -> dict[str, Any]:
        catalog: dict[str, Any] = super().get_catalog()
        for message in ADMIN_JAVASCRIPT_MESSAGES:
            translated = gettext(message)
            if translated != message:
                catalog.setdefault(message, translated)
        return catalog
