"""Drafting, changing and signing plan versions (issue 4; R2.2–R2.6).

Every write happens in a transaction that locks the version it starts from, so two people saving
or signing at the same moment never lose each other's work: a save or signature made on a version
that changed meanwhile is refused, with a message, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stportal.access import Relation, relations
from stportal.curricula.models import Goal
from stportal.people.models import Person
from stportal.plans.models import (
    CONTENT_MODELS,
    DocumentKind,
    PlanVersion,
    Signature,
    SignerRole,
)
from stportal.routines.schema import SignedDocument
from stportal.rules.drafting import GoalSpec, draft_plan
from stportal.rules.plan_content import AgreementContent, PlanContent
from stportal.training.models import Training
from stportal.training.routine import profile_of

Document = PlanContent | AgreementContent
SIGNER_RELATION = {
    SignerRole.RESIDENT: Relation.RESIDENT,
    SignerRole.MAIN_SUPERVISOR: Relation.MAIN_SUPERVISOR,
    SignerRole.UNIT_HEAD: Relation.UNIT_HEAD,
    SignerRole.DIRECTOR: Relation.DIRECTOR,
}


class PlanError(Exception):
    """Refused, with a message for the person; nothing was written."""


def goal_specs(training: Training) -> list[Goal]:
    return list(
        Goal.objects.filter(curriculum__regulation=training.regulation).order_by("position")
    )


def goal_choices(training: Training) -> list[tuple[str, str]]:
    """The delmål of the training's regulation, for choosing in a form."""
    return [(goal.code, str(goal)) for goal in goal_specs(training)]


def goal_of(training: Training, code: str) -> Goal | None:
    """One delmål of the training's regulation, or None if it has no such code."""
    return Goal.objects.filter(curriculum__regulation=training.regulation, code=code).first()


def specs(goals: list[Goal]) -> list[GoalSpec]:
    return [GoalSpec(goal.code, goal.activities) for goal in goals]


def routine_entry(training: Training, kind: str) -> SignedDocument:
    profile = profile_of(training)
    return profile.training_plan if kind == DocumentKind.TRAINING_PLAN else profile.agreement


def required_signers(training: Training, kind: str) -> list[SignerRole]:
    """Who signs, as the region's routine says (G R2.3: four; G R2.4: two; V R2.5: three)."""
    return [SignerRole(role) for role in routine_entry(training, kind).signers]


def roles_to_sign(person: Person, training: Training, version: PlanVersion) -> list[SignerRole]:
    """The roles the person may still sign the version as."""
    held = relations(person, training)
    signed = {s.role for s in version.signatures.all()}
    return [
        role
        for role in required_signers(training, version.kind)
        if SIGNER_RELATION[role] in held and role not in signed
    ]


def versions(training: Training, kind: str) -> list[PlanVersion]:
    return list(
        training.plan_versions.filter(kind=kind)
        .prefetch_related("signatures__person")
        .select_related("created_by", "updated_by")
        .order_by("number")
    )


def latest(training: Training, kind: str) -> PlanVersion | None:
    return training.plan_versions.filter(kind=kind).order_by("-number").first()


def start_plan(training: Training, person: Person) -> PlanVersion:
    """Version 1 of the IUP, prefilled from the routine and the curriculum, never blank."""
    content = draft_plan(profile_of(training), training.regulation, specs(goal_specs(training)))
    return _first_version(training, DocumentKind.TRAINING_PLAN, content, person)


def start_agreement(training: Training, person: Person) -> PlanVersion:
    plan = latest(training, DocumentKind.TRAINING_PLAN)
    content = AgreementContent()
    if plan is not None:
        document = plan.document
        assert isinstance(document, PlanContent)
        content = AgreementContent(
            plan_version=plan.number,
            study_time=document.study_time,
            study_time_note=document.study_time_note,
        )
    return _first_version(training, DocumentKind.AGREEMENT, content, person)


def _first_version(training: Training, kind: str, content: Document, person: Person):
    with transaction.atomic():
        Training.objects.select_for_update().get(pk=training.pk)  # one starter at a time
        existing = latest(training, kind)
        if existing is not None:
            return existing  # started by someone else a moment ago: theirs is the draft
        version = PlanVersion(training=training, kind=kind, number=1)
        version.created_by = version.updated_by = person
        version.set_document(content)
        version.save()
        return version


def change(
    training: Training,
    kind: str,
    base_digest: str,
    person: Person,
    edit: Callable[[Document], Document],
) -> PlanVersion:
    """Applies `edit` to the latest version if it is still what the person saw (`base_digest`).
    An unsigned draft changes in place; a signed version stays as it is and the change becomes
    the next version, which needs new signatures (R2.6)."""
    with transaction.atomic():
        current = (
            PlanVersion.objects.select_for_update()
            .filter(training=training, kind=kind)
            .order_by("-number")
            .first()
        )
        if current is None:
            raise PlanError(_("There is no plan to change yet."))
        if current.digest != base_digest:
            raise PlanError(
                _(
                    "Someone else changed or signed the plan while you were editing it. Your "
                    "changes are not saved: look at the new version and make them again."
                )
            )
        document = edit(current.document)
        if current.signatures.exists() or current.established_at:
            current = PlanVersion(
                training=training, kind=kind, number=current.number + 1, created_by=person
            )
        current.updated_by = person
        current.set_document(document)
        current.save()
        return current


def sign(
    training: Training,
    version_id: int,
    seen_digest: str,
    role: str,
    person: Person,
    *,
    completion: date,
) -> PlanVersion:
    """The person signs the version as `role`; refused if it changed since they saw it, if a
    newer version exists, or if the role is not theirs. `completion` is the projected end of the
    ST (adapters.timeline), which the time plan must reach before G's agreement is signed."""
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=version_id, training=training)
        newest = latest(training, version.kind)
        if newest is None or newest.pk != version.pk or version.digest != seen_digest:
            raise PlanError(
                _(
                    "The plan changed after you opened it, so your signature was not recorded. "
                    "Read the current version and sign it."
                )
            )
        if role not in roles_to_sign(person, training, version):
            raise PlanError(_("You cannot sign this version as that role (or already have)."))
        problems = prerequisites(training, version.kind, completion=completion)
        if problems:
            raise PlanError(" ".join(problems))
        try:
            with transaction.atomic():
                Signature.objects.create(
                    version=version, role=role, person=person, digest=version.digest
                )
        except IntegrityError:
            raise PlanError(_("This version is already signed in that role.")) from None
        signed = set(version.signatures.values_list("role", flat=True))
        if signed >= set(required_signers(training, version.kind)):
            version.established_at = timezone.now()
            PlanVersion.objects.filter(pk=version.pk).update(established_at=version.established_at)
        return version


def prerequisites(training: Training, kind: str, *, completion: date) -> list[str]:
    """What must be true before the document can be signed: G's ST-kontrakt follows an
    established IUP and a complete time plan (R2.4)."""
    if kind != DocumentKind.AGREEMENT or not routine_entry(training, kind).after_plan_and_time_plan:
        return []
    problems = []
    if not training.plan_versions.filter(
        kind=DocumentKind.TRAINING_PLAN, established_at__isnull=False
    ).exists():
        problems.append(_("The training plan must be established (signed by all) first."))
    gaps = time_plan_gaps(training, completion)
    if gaps:
        first, last = gaps[0]
        problems.append(
            _("The time plan must cover the whole ST; it has no placement %(first)s – %(last)s.")
            % {"first": first, "last": last}
        )
    return problems


def time_plan_gaps(training: Training, completion: date) -> list[tuple[date, date]]:
    """The periods from the start to the projected `completion` that no placement covers."""
    gaps, day = [], training.start_date
    for placement in training.placements.order_by("from_date"):
        if placement.from_date > day:
            gaps.append((day, min(placement.from_date - timedelta(days=1), completion)))
        day = max(day, placement.to_date + timedelta(days=1))
        if day > completion:
            break
    if day <= completion:
        gaps.append((day, completion))
    return [gap for gap in gaps if gap[0] <= gap[1]]


def content_model(kind: str) -> type[Document]:
    return CONTENT_MODELS[DocumentKind(kind)]
