from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stportal.curricula.models import Regulation
from stportal.fields import PlausibleDateField
from stportal.units.models import Region, Unit


class PersonHistory(HistoricalRecords):
    """Who changed a person, when and what (issue 10). The password hash is never copied into
    the history, and a save of only the login stamp (every login) is no change worth a row."""

    IGNORED = ("password", "last_login")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(excluded_fields=list(self.IGNORED), **kwargs)

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.IGNORED):
            return
        super().post_save(instance, created, using=using, **kwargs)


class Specialty(models.TextChoices):
    """R8.2: a main supervisor is "specialist i allmänmedicin" (G 5.1.2). Blank: not recorded."""

    GENERAL_PRACTICE = "general_practice", _("Specialist in general practice (allmänmedicin)")
    OTHER = "other", _("Specialist in another specialty")
    NONE = "none", _("Not a specialist")


class Person(AbstractUser):
    """Someone with an account. No personnummer is kept."""

    work_title = models.CharField(_("work title"), max_length=100, blank=True)
    # R8.3: a supervisor's supervisor training is at most five years old.
    supervisor_training_on = PlausibleDateField(
        _("supervisor training completed"), null=True, blank=True
    )
    # R8.2: "en huvudhandledare (specialist i allmänmedicin)" (G 5.1.2); blank: not recorded.
    specialty = models.CharField(
        _("specialty"), max_length=20, choices=Specialty.choices, blank=True
    )
    # R8.3: the supervisor training "ska innehålla information om den för ST-läkaren aktuella
    # målbeskrivningen" (G 5.1.2): which målbeskrivning it covered; blank: not recorded.
    supervisor_training_regulation = models.CharField(
        _("målbeskrivning covered by the supervisor training"),
        max_length=20,
        choices=Regulation.choices,
        blank=True,
    )
    # R8.5 (G 5.1.2): distance supervision is approved "i samråd med närmaste chef (om chef inte
    # är läkare i samråd med medicinsk rådgivare på hälsocentralen)". Whether the person is a
    # physician (läkare): unknown (None) until recorded. Unknown is the safe default: only a unit
    # head *known* not to be a doctor hands the approval to the medical adviser; an unknown one
    # keeps approving, as before this was recorded (unit_head_is_doctor below).
    is_physician = models.BooleanField(
        _("physician (läkare)"),
        null=True,
        blank=True,
        default=None,
        help_text=_(
            "Whether the person is a doctor. A unit head recorded as not a doctor has the "
            "unit's medical adviser approve supervision at a distance in their place (R8.5)."
        ),
    )
    history = PersonHistory()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident (ST-läkare)")
    SUPERVISOR = "supervisor", _("Supervisor (handledare)")
    DIRECTOR = "director", _("Director of studies (studierektor)")
    UNIT_HEAD = "unit_head", _("Unit head (verksamhetschef)")
    RESEARCH_SUPERVISOR = "research_supervisor", _("Research supervisor")
    ADMIN = "admin", _("Region administrator")
    # R8.5 (G 5.1.2): "medicinsk rådgivare på hälsocentralen", a unit role like the unit head's.
    MEDICAL_ADVISER = "medical_adviser", _("Medical adviser (medicinsk rådgivare)")


# Roles that are always tied to one unit rather than a whole region.
UNIT_ROLES = (Role.UNIT_HEAD, Role.MEDICAL_ADVISER)


class Membership(models.Model):
    """A person's role in a region, or in one unit of it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("region")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("unit"),
    )
    history = HistoricalRecords()  # who gave or changed a role, and when (issue 10)

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "region"],
                condition=Q(unit__isnull=True),
                name="membership_unique_region_role",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="membership_unique_unit_role",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=UNIT_ROLES) | Q(unit__isnull=False),
                name="membership_unit_role_has_unit",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.region
        return f"{self.person} – {self.get_role_display()} – {scope}"

    def clean(self) -> None:
        if self.role in UNIT_ROLES and self.unit_id is None:
            raise ValidationError({"unit": _("This role needs a unit.")})
        if self.unit is not None and self.region_id and self.unit.region_id != self.region_id:
            raise ValidationError({"unit": _("The unit must belong to the chosen region.")})
        self._clean_medical_adviser()

    def _clean_medical_adviser(self) -> None:
        """R8.5 (G 5.1.2): distance supervision is approved "i samråd med närmaste chef (om chef
        inte är läkare i samråd med medicinsk rådgivare på hälsocentralen)": the adviser stands
        in for a unit head who is not a doctor, so the adviser is one (`is_physician` True, not
        unknown), and is not a head of the same unit (who would approve in their own place).
        The errors are keyed to the role, the one field every form of a membership shows
        (the person is not a field of the person page's inline)."""
        if self.role not in (Role.MEDICAL_ADVISER, Role.UNIT_HEAD) or self.unit_id is None:
            return
        try:
            person: Person | None = self.person
        except Person.DoesNotExist:
            person = None
        if self.role == Role.MEDICAL_ADVISER and (
            person is None or person.is_physician is not True
        ):
            raise ValidationError(
                {
                    "role": _(
                        "Only a physician can be a medical adviser: record the person as a "
                        "physician first (R8.5)."
                    )
                }
            )
        if person is None or person.pk is None:
            return
        other = Role.UNIT_HEAD if self.role == Role.MEDICAL_ADVISER else Role.MEDICAL_ADVISER
        clash = Membership.objects.filter(person=person, role=other, unit_id=self.unit_id)
        if clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "role": _(
                        "The head of a unit cannot also be its medical adviser: the adviser "
                        "approves in the place of a unit head who is not a physician (R8.5)."
                    )
                }
            )


def unit_head_is_doctor(unit_id: int) -> bool:
    """R8.5 (G 5.1.2, "om chef inte är läkare i samråd med medicinsk rådgivare på
    hälsocentralen"): False only when the unit has an active head and every active head is
    recorded as not a doctor (`Person.is_physician` False). A unit without a head, or with a
    head who is a doctor or whose doctor-ness is not recorded, keeps the unit head as approver."""
    known = list(
        Person.objects.filter(
            is_active=True, memberships__role=Role.UNIT_HEAD, memberships__unit_id=unit_id
        )
        .distinct()
        .values_list("is_physician", flat=True)
    )
    return not known or any(value is not False for value in known)
