"""Training plans (IUP) and agreements in signed versions, the director's yearly involvement, and
rotation contracts (issue 4; R2, R3.4, R6.3, R6.4)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stportal.fields import BoundedTextField, PlausibleDateField
from stportal.rules.plan_content import AgreementContent, PlanContent, digest
from stportal.training.models import Placement, Training


class DocumentKind(models.TextChoices):
    TRAINING_PLAN = "training_plan", _("Training plan (IUP)")
    AGREEMENT = "agreement", _("Agreement")


class SignerRole(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    MAIN_SUPERVISOR = "main_supervisor", _("Main supervisor")
    UNIT_HEAD = "unit_head", _("Unit head")
    DIRECTOR = "director", _("Director of studies")


CONTENT_MODELS: dict[str, type[PlanContent] | type[AgreementContent]] = {
    DocumentKind.TRAINING_PLAN: PlanContent,
    DocumentKind.AGREEMENT: AgreementContent,
}


class Establishment(models.TextChoices):
    """How a version was established (R2.6, issue 12)."""

    PLAN = "plan", _("The whole plan")
    REVISION = "revision", _("Revision")


class FrozenError(ValidationError):
    """A signed version's content cannot change; a change makes a new version."""


class PlanVersion(models.Model):
    """One version of a training's plan or agreement. Drafts change; once anyone has signed, the
    version is frozen and the next change makes version number + 1 (R2.6: every revision kept)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="plan_versions")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    digest = models.CharField(_("fingerprint"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    established_at = models.DateTimeField(_("established"), null=True, blank=True)
    # R2.6 (issue 12): established as the whole plan (by all the routine's signers) or as a
    # revision of the plan in force (by those the profile names, `revision_signers`).
    established_as = models.CharField(
        _("established as"), max_length=10, choices=Establishment.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["training", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "kind", "number"], name="plan_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and self.signatures.exists():
            stored = PlanVersion.objects.values_list("digest", flat=True).get(pk=self.pk)
            if stored != self.digest:
                raise FrozenError(_("A signed version cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def document(self) -> PlanContent | AgreementContent:
        return CONTENT_MODELS[DocumentKind(self.kind)].model_validate(self.content)

    def set_document(self, document: PlanContent | AgreementContent) -> None:
        self.content = document.model_dump(mode="json")
        self.digest = digest(document)


class Signature(models.Model):
    """One signer's sign-off of one version, naming the fingerprint of what they saw."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(_("signs as"), max_length=20, choices=SignerRole.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    digest = models.CharField(_("fingerprint"), max_length=64)
    history = HistoricalRecords()  # who signed, and any later change (issue 10)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["version", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="signature_once_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class DirectorReview(models.Model):
    """The director of studies' involvement in the plan, at least once a year (R2.6)."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="director_reviews"
    )
    year = models.PositiveSmallIntegerField(_("ST year"))
    held_on = PlausibleDateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("director's review")
        verbose_name_plural = _("director's reviews")
        ordering = ["training", "year"]
        constraints = [
            models.UniqueConstraint(fields=["training", "year"], name="director_review_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.training} {self.year}"


class RotationContract(models.Model):
    """The side-rotation contract of a rotation (R6.3): the receiving unit names the rotation
    supervisor (R6.4) and, afterwards, that supervisor certifies the service, both through links
    that need no account."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="rotation_contract"
    )
    receiving_email = models.EmailField(_("e-mail of the receiving unit"))
    wishes = BoundedTextField(
        _("wishes, working hours, home-return days, ST-days, leave and courses"), blank=True
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Who sent the receiving unit its link, to which address, vouching for it (issue 10).
    sent_to = models.EmailField(_("sent to"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    # Rotation supervisor, named by the receiving unit (R6.4).
    supervisor_name = models.CharField(_("rotation supervisor"), max_length=150, blank=True)
    supervisor_title = models.CharField(_("specialty and title"), max_length=150, blank=True)
    supervisor_email = models.EmailField(_("rotation supervisor's e-mail"), blank=True)
    named_at = models.DateTimeField(_("named"), null=True, blank=True)
    # The certificate of clinical service under supervision, after the rotation.
    certificate_requested_at = models.DateTimeField(_("certificate requested"), null=True)
    # Who asked the named rotation supervisor for the certificate, at which address (issue 10).
    certificate_requested_to = models.EmailField(_("certificate requested from"), blank=True)
    certificate_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate requested by"),
    )
    description = BoundedTextField(_("description of the clinical service"), blank=True)
    goals = models.JSONField(_("delmål"), default=list, blank=True)
    certified_by_name = models.CharField(_("certified by"), max_length=150, blank=True)
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    # The place and period of the rotation as they were when certified (issue 10): the
    # certificate prints these, so it says what the rotation supervisor certified, whatever
    # happens to the placement afterwards.
    certified_place = models.CharField(_("certified place"), max_length=150, blank=True)
    certified_from = PlausibleDateField(_("certified from"), null=True, blank=True)
    certified_to = PlausibleDateField(_("certified to (inclusive)"), null=True, blank=True)
    # A link works once: using it, or sending a new one, changes the nonce it was signed with.
    link_nonce = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rotation contract")
        verbose_name_plural = _("rotation contracts")

    def __str__(self) -> str:
        return str(self.placement)


class ContactReminder(models.Model):
    """A reminder sent to the resident that a rotation's contact deadline is near (R6.2)."""

    placement = models.OneToOneField(
        Placement, on_delete=models.CASCADE, related_name="contact_reminder"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact reminder")
        verbose_name_plural = _("contact reminders")

    def __str__(self) -> str:
        return str(self.placement)
