from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, get_args

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stportal.curricula.models import Regulation
from stportal.fields import BoundedTextField, PlausibleDateField
from stportal.routines.vocabulary import ReviewableKind
from stportal.rules.clinical_work import PATIENTS_MAX
from stportal.units.models import Region, Unit

if TYPE_CHECKING:
    from stportal.timeline.findings import Finding
    from stportal.timeline.result import Timeline

PERCENT_RANGE = Q(percent__gte=1) & Q(percent__lte=100)


def check_not_before_start(training_id: int | None, day: date | None, field: str) -> None:
    """Employment steps, absences and placements begin on or after the ST's start."""
    if training_id is None or day is None:
        return
    start = Training.objects.filter(pk=training_id).values_list("start_date", flat=True).first()
    if start is not None and day < start:
        raise ValidationError(
            {field: _("The date is before the start of the ST (%(start)s).") % {"start": start}}
        )


def overlapping_placement(
    training_id: int, from_date: date, to_date: date, exclude_pk: int | None = None
) -> Placement | None:
    """Another placement of the same training that shares a day with [from_date, to_date]."""
    others = Placement.objects.filter(
        training_id=training_id, from_date__lte=to_date, to_date__gte=from_date
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.select_related("unit").first()


class DatedSpan(models.Model):
    """A period of a training, both days included, on or after the ST's start."""

    training_id: int | None
    from_date = PlausibleDateField(_("from"))
    to_date = PlausibleDateField(_("to (inclusive)"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__gte=F("from_date")), name="%(class)s_dates_in_order"
            ),
        ]

    def clean(self) -> None:
        check_not_before_start(self.training_id, self.from_date, "from_date")


class Training(models.Model):
    """One resident's ST (specialiseringstjänstgöring)."""

    # Not stored: computed for the rows of residents' tables by stportal.adapters.
    timeline: Timeline | None  # None when its stored dates cannot be computed
    findings: list[Finding]
    open_count: int

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training",
        verbose_name=_("resident"),
    )
    regulation = models.CharField(_("regulation"), max_length=20, choices=Regulation.choices)
    start_date = PlausibleDateField(_("start date"))
    home_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("home unit")
    )
    main_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="main_supervised_trainings",
        verbose_name=_("main supervisor"),
    )
    co_supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="co_supervised_trainings",
        blank=True,
        verbose_name=_("co-supervisors"),
    )
    # R8.2: "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare (specialist i
    # allmänmedicin) utses inför ST-tjänstgöringens start" (G 5.1.2): who appointed the main
    # supervisor, and when. Empty: not recorded.
    main_supervisor_appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="main_supervisor_appointments",
        verbose_name=_("main supervisor appointed by"),
    )
    main_supervisor_appointed_on = PlausibleDateField(
        _("main supervisor appointed on"), null=True, blank=True
    )
    # R6.12 (V): "en tydlig och välfungerande struktur för hur bevakningen av inkommande svar och
    # ärenden till ST-läkaren ska hanteras i samband med sidotjänstgöringar, samt vid annan
    # frånvaro": who (or which arrangement) watches the resident's incoming results meanwhile.
    results_covered_by = models.CharField(
        _("incoming results watched by (during rotations and absence)"),
        max_length=150,
        blank=True,
    )
    credited_months = models.PositiveSmallIntegerField(_("credited months"), default=0)
    credit_reason = BoundedTextField(_("reason for credited months"), blank=True)
    plans_exam = models.BooleanField(_("plans the specialist exam"), default=False)
    history = HistoricalRecords(m2m_fields=[co_supervisors])

    class Meta:
        verbose_name = _("training (ST)")
        verbose_name_plural = _("trainings (ST)")
        ordering = ["resident__last_name", "resident__first_name"]
        constraints = [
            # R1.6: credit is whole months, below the largest requirement, with a reason.
            models.CheckConstraint(
                condition=Q(credited_months__lt=66), name="training_credit_below_required"
            ),
            models.CheckConstraint(
                condition=Q(credited_months=0) | ~Q(credit_reason=""),
                name="training_credit_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.resident)

    @property
    def region(self) -> Region:
        return self.home_unit.region

    def clean(self) -> None:
        """R8.2: "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare […] utses"
        (G 5.1.2): the recorded appointer is a unit head of the home unit."""
        from stportal.people.models import Role

        appointer = self.main_supervisor_appointed_by_id
        if appointer is None or self.home_unit_id is None:
            return
        if not self.home_unit.memberships.filter(person_id=appointer, role=Role.UNIT_HEAD).exists():
            raise ValidationError(
                {
                    "main_supervisor_appointed_by": _(
                        "The main supervisor is appointed by a unit head of the home unit."
                    )
                }
            )


class EmploymentStep(models.Model):
    """From this date the resident works this percent of full time (R1.5)."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="employment_steps"
    )
    from_date = PlausibleDateField(_("from"))
    percent = models.PositiveSmallIntegerField(_("percent of full time"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employment step")
        verbose_name_plural = _("employment steps")
        ordering = ["training", "from_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "from_date"], name="employment_step_unique_date"
            ),
            models.CheckConstraint(condition=PERCENT_RANGE, name="employment_step_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.from_date}: {self.percent} %"

    def clean(self) -> None:
        check_not_before_start(self.training_id, self.from_date, "from_date")


class AbsenceKind(models.TextChoices):
    VACATION = "vacation", _("Vacation (semester)")
    FLEX = "flex", _("Flex leave")
    ON_CALL_COMP = "on_call_comp", _("On-call compensation (jourkomp)")
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    LEAVE_OF_ABSENCE = "leave_of_absence", _("Leave of absence (tjänstledighet)")
    SICK_LEAVE = "sick_leave", _("Sick leave")
    CARE_OF_CHILD = "care_of_child", _("Care of sick child (VAB)")


# R1.3: these kinds count as service unless a decision says otherwise.
REVIEWABLE_KINDS = tuple(AbsenceKind(kind) for kind in get_args(ReviewableKind))


class Absence(DatedSpan):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("kind"), max_length=20, choices=AbsenceKind.choices)
    percent = models.PositiveSmallIntegerField(_("percent"), default=100)
    # R1.3: the decision whether a sick-leave or VAB spell counts as service, and who made it.
    counts = models.BooleanField(_("counts as service"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absence_decisions",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # R6.11 (V): "ST-läkarna ska under sin sidotjänstgöring meddela både kliniken och sin
    # verksamhetschef vid frånvaro pga. sjukdom, VAB eller dylikt."
    reported_to_clinic_and_unit_head = models.BooleanField(
        _("reported to both the clinic and the unit head"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["training", "from_date"]
        constraints = [
            *DatedSpan.Meta.constraints,
            models.CheckConstraint(condition=PERCENT_RANGE, name="absence_percent"),
            # Issue 10: the same absence entered twice, or posted by eight clicks at once, is one
            # row (training.services.absence_save returns the first when it is the same).
            models.UniqueConstraint(
                fields=["training", "kind", "from_date"],
                name="absence_once_per_kind_and_day",
                violation_error_message=_(
                    "An absence of this kind starting on this day is already entered."
                ),
            ),
            models.CheckConstraint(
                condition=Q(counts__isnull=True) | Q(kind__in=REVIEWABLE_KINDS),
                name="absence_decision_only_for_reviewable_kinds",
            ),
            models.CheckConstraint(
                condition=Q(counts__isnull=True, decided_by__isnull=True, decided_at__isnull=True)
                | Q(counts__isnull=False, decided_by__isnull=False, decided_at__isnull=False),
                name="absence_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_date}–{self.to_date}"


# Issue 10: why a placement's kind, unit and dates no longer change (Placement.check_not_named).
NAMED_PLACEMENT = _(
    "The receiving unit has named a rotation supervisor for this placement, so its kind, unit "
    "and dates can no longer be changed, nor can it be removed: the rotation contract and the "
    "certificate of clinical service are about them."
)


class Placement(DatedSpan):
    class Kind(models.TextChoices):
        HOME_UNIT = "home_unit", _("Home unit")
        ROTATION = "rotation", _("Rotation")
        AUSKULTATION = "auskultation", _("Auskultation")

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A unit of the region, or one outside it named in `external_unit` (R6.6).
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("unit"),
        null=True,
        blank=True,
    )
    external_unit = models.CharField(_("unit outside the region"), max_length=150, blank=True)
    rural = models.BooleanField(_("rural placement (glesbygd)"), default=False)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_supervisions",
        verbose_name=_("supervisor"),
    )
    # A rotation supervisor often has no account (R6.4): the name is kept here instead.
    supervisor_name = models.CharField(_("supervisor's name"), max_length=150, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["training", "from_date"]
        # Placements of one training never overlap: enforced by the database in migration
        # training.0002 (an exclusion constraint on PostgreSQL, triggers on SQLite).
        constraints = [
            *DatedSpan.Meta.constraints,
            models.CheckConstraint(
                condition=Q(unit__isnull=False, external_unit="")
                | Q(unit__isnull=True) & ~Q(external_unit=""),
                name="placement_one_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit_name} {self.from_date}–{self.to_date}"

    @property
    def unit_name(self) -> str:
        return self.unit.name if self.unit else self.external_unit

    @property
    def outside_region(self) -> bool:
        return self.unit_id is None

    # What a rotation's certificate of clinical service says of it (place and period): fixed
    # once the receiving unit has named the rotation supervisor for it (issue 10).
    NAMED_FIELDS = ("kind", "unit_id", "external_unit", "from_date", "to_date")

    def clean(self) -> None:
        super().clean()
        self.check_not_named()
        if self.training_id is None or not (self.from_date and self.to_date):
            return
        other = overlapping_placement(self.training_id, self.from_date, self.to_date, self.pk)
        if other is not None:
            raise ValidationError(
                _("The placement overlaps %(other)s.") % {"other": other}, code="overlap"
            )

    def is_named(self) -> bool:
        """Whether the receiving unit has named a rotation supervisor for this placement through
        its rotation contract (plans.RotationContract, reached by its reverse accessor)."""
        return (
            self.pk is not None
            and Placement.objects.filter(
                pk=self.pk, rotation_contract__named_at__isnull=False
            ).exists()
        )

    def check_not_named(self) -> None:
        """Once a rotation supervisor is named, the rotation's kind, unit and dates stay as the
        receiving unit accepted them and as its supervisor certifies them (issue 10: the resident
        cannot move a certified rotation elsewhere). The one check the pages (through
        training.services.row_save, under the training's lock) and the admin both pass."""
        if not self.is_named():
            return
        stored = Placement.objects.values(*self.NAMED_FIELDS).get(pk=self.pk)
        if any(getattr(self, name) != value for name, value in stored.items()):
            raise ValidationError(NAMED_PLACEMENT, code="named")

    @property
    def supervisor_display(self) -> str:
        return str(self.supervisor) if self.supervisor else self.supervisor_name


class HomeReturnDay(models.Model):
    """A day back at the home unit during a rotation (R6.9)."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="home_return_days"
    )
    day = PlausibleDateField(_("home-return day"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("home-return day")
        verbose_name_plural = _("home-return days")
        ordering = ["placement", "day"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "day"], name="home_return_day_unique")
        ]

    def __str__(self) -> str:
        return str(self.day)


# --- The resident's clinical work (R10.1, R10.2; issue 11) --------------------------------------

# R10.1: a list's size as recorded; a specialist's full list is 1500 (G 5.1.1), so 5000 is a typo.
PATIENT_LIST_BOUNDS = (0, PATIENTS_MAX)  # as the follow-up document's (rules.clinical_work)


class PatientListCount(models.Model):
    """The size of the resident's own patient list on a day (R10.1, G 5.1.1: "eget patientansvar
    för ca 500-600 patienter [...] öka detta med ca 150 patienter om året"). One a day: the same
    day recorded again corrects it (training.services.patient_list_record)."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="patient_list_counts"
    )
    on = PlausibleDateField(_("date"))
    patients = models.PositiveSmallIntegerField(_("patients on the list"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("patient list size")
        verbose_name_plural = _("patient list sizes")
        ordering = ["training", "-on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(patients__gte=PATIENT_LIST_BOUNDS[0])
                & Q(patients__lte=PATIENT_LIST_BOUNDS[1]),
                name="patient_list_count_bounds",
            ),
            models.UniqueConstraint(
                fields=["training", "on"], name="patient_list_count_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.patients}"


class OnCallKind(models.TextChoices):
    """R10.2 (G 5.1.3): the on-call milestones ("Jourtjänstgöring [...] påbörjas under första
    anställningsåret", "gå dubbelt med handledare [...] under ett par tillfällen",
    "Helgjourtjänstgöring påbörjas när [...]", "beredskapstjänstgöring under andra halvan")."""

    FIRST_SHIFT = "first_shift", _("First on-call shift")
    DOUBLE_SHIFT = "double_shift", _("On-call shift together with a specialist")
    WEEKEND = "weekend", _("First weekend on-call")
    STANDBY = "standby", _("First standby duty (beredskap)")


# The kinds that happen once: each "first" of the training.
ONCE_ON_CALL_KINDS = (OnCallKind.FIRST_SHIFT, OnCallKind.WEEKEND, OnCallKind.STANDBY)


class OnCallEvent(models.Model):
    """An on-call milestone of the training (R10.2): the first shift, the first weekend, the first
    standby (each once), and each shift done together with a specialist."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="on_call_events")
    kind = models.CharField(_("kind"), max_length=12, choices=OnCallKind.choices)
    on = PlausibleDateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("on-call milestone")
        verbose_name_plural = _("on-call milestones")
        ordering = ["training", "on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OnCallKind.values), name="on_call_event_kind"
            ),
            models.UniqueConstraint(
                fields=["training", "kind", "on"], name="on_call_event_once_a_day"
            ),
            models.UniqueConstraint(
                fields=["training", "kind"],
                condition=Q(kind__in=ONCE_ON_CALL_KINDS),
                name="on_call_event_first_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"
