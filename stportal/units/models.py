from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from stportal.routines.registry import profile_keys


def validate_profile_key(value: str) -> None:
    if value not in profile_keys():
        raise ValidationError(
            _("Unknown routine profile %(value)s. Known: %(known)s."),
            params={"value": value, "known": ", ".join(profile_keys())},
        )


class Region(models.Model):
    """A region that runs ST, following one routine profile (stportal/routines/profiles)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    routine_profile = models.CharField(
        _("routine profile"), max_length=50, validators=[validate_profile_key]
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    class Kind(models.TextChoices):
        PRIMARY_CARE = "primary_care", _("Primary care unit (vårdcentral/hälsocentral)")
        CLINIC = "clinic", _("Hospital clinic")
        OTHER = "other", _("Other unit")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="units", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_name_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name
