"""The writes of the plans app (issues 4 and 9; R2.2–R2.6, R6.3, R6.4, R6.9), each named
`<entity>_<action>(*, …)`, atomic and validated: plan versions drafted, changed and signed, the
director's yearly review, the rotation contract with its links for people without an account,
and the home-return days of a rotation.

Every write of a plan version happens in a transaction that locks the version it starts from, so
two people saving or signing at the same moment never lose each other's work: a save or signature
made on a version that changed meanwhile is refused, with a message, and nothing is written.

Who may write is asked of `stportal.access` by the pages before they call here; a service checks
what the domain says and refuses with a PlanError (plan versions) or a ValidationError (the rest)
whose message is for the person. Nothing here reads the clock: the pages pass `now`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pydantic
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from stportal import links
from stportal.access import Relation, relations
from stportal.curricula.goal_picker import GoalChoices
from stportal.curricula.models import Goal
from stportal.fields import required
from stportal.links import Purpose
from stportal.mail import send_templated
from stportal.people.models import Person
from stportal.plans.models import (
    CONTENT_MODELS,
    ContactReminder,
    DirectorReview,
    DocumentKind,
    Establishment,
    PlanVersion,
    RotationContract,
    Signature,
    SignerRole,
)
from stportal.plans.revisions import changed_parts
from stportal.routines.schema import SignedDocument
from stportal.rules.drafting import GoalSpec, draft_plan
from stportal.rules.plan_content import WRITING, AgreementContent, PlanContent
from stportal.timeline.findings import Finding
from stportal.training.models import HomeReturnDay, Placement, Training
from stportal.training.routine import profile_of

Document = PlanContent | AgreementContent
SIGNER_RELATION = {
    SignerRole.RESIDENT: Relation.RESIDENT,
    SignerRole.MAIN_SUPERVISOR: Relation.MAIN_SUPERVISOR,
    SignerRole.UNIT_HEAD: Relation.UNIT_HEAD,
    SignerRole.DIRECTOR: Relation.DIRECTOR,
}


# goal_choices(planned_as=…): the delmål with an assessment agreed in advance in the plan (R9.1).
AGREED_ASSESSMENT = "agreed_assessment"


class PlanError(Exception):
    """Refused, with a message for the person; nothing was written."""


def goal_specs(training: Training) -> list[Goal]:
    return list(
        Goal.objects.filter(curriculum__regulation=training.regulation).order_by("position")
    )


def goal_choices(
    training: Training, *, planned_as: Collection[str] = (AGREED_ASSESSMENT,)
) -> GoalChoices:
    """The delmål of the training's regulation, for choosing in a form (the delmål picker, issue
    12 item 11), with those the training's plan (the version in force, else the newest draft)
    plans for what the form records: a delmål whose entry holds an activity of a kind in
    `planned_as` (a course form: "course"), or, for AGREED_ASSESSMENT (the default, the
    assessment forms), an assessment agreed in advance (R9.1). G 4.1.1: "Utbildnings- och
    tjänstgöringsplanen ska stämmas av och revideras kontinuerligt"; V: "Individuell
    utbildningsplan (IUP) ska upprättas inom 6 månader efter påbörjad" ST."""
    choices = tuple((goal.code, str(goal)) for goal in goal_specs(training))
    plan = in_force(training, DocumentKind.TRAINING_PLAN) or latest(
        training, DocumentKind.TRAINING_PLAN
    )
    document = plan.document if plan else None
    planned: frozenset[str] = frozenset()
    if isinstance(document, PlanContent):
        planned = frozenset(
            code
            for code, entry in document.goals.items()
            if (AGREED_ASSESSMENT in planned_as and entry.assessments)
            or any(activity.kind in planned_as for activity in entry.activities)
        )
    return GoalChoices(choices=choices, planned=planned)


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


@dataclass(frozen=True)
class Requirement:
    """Who establishes a version (R2.6, issue 12): `base` is the version in force before it
    (None: the first establishment), `parts` what the version changes from it, `revision` True
    when the profile's `revision_signers` suffice, `roles` the roles whose signatures it needs."""

    roles: list[SignerRole]
    base: PlanVersion | None
    parts: frozenset[str]
    revision: bool


def in_force(training: Training, kind: str, *, before: int | None = None) -> PlanVersion | None:
    """The established version in force (R2.6): the newest established one, or the newest before
    version number `before`. It stays in force until a newer version is established."""
    found = training.plan_versions.filter(kind=kind, established_at__isnull=False)
    if before is not None:
        found = found.filter(number__lt=before)
    return found.order_by("-number").first()


def requirement(training: Training, version: PlanVersion) -> Requirement:
    """Whose signatures establish `version`. The first version is established by every signer
    the routine names (G R2.3: four; V: three). After that, G 4.1.1: "Utbildnings- och
    tjänstgöringsplanen ska stämmas av och revideras kontinuerligt, av handledare och
    ST-läkare": a revision that changes only the parts the profile lets them
    (`revision_may_change`) is established by `revision_signers`; one that changes any other
    part, or follows a change of main supervisor since the version in force was signed, by all
    signers again. An established version keeps what it was established as."""
    everyone = required_signers(training, version.kind)
    entry = routine_entry(training, version.kind)
    revision_roles = [role for role in everyone if role in entry.revision_signers]
    base = in_force(training, version.kind, before=version.number)
    if version.established_at:
        revision = version.established_as == Establishment.REVISION
        roles = revision_roles if revision else everyone
        return Requirement(roles=roles, base=base, parts=frozenset(), revision=revision)
    if base is None:
        return Requirement(roles=everyone, base=None, parts=frozenset(), revision=False)
    older, newer = base.document, version.document
    parts: set[str] = set()
    if isinstance(older, PlanContent) and isinstance(newer, PlanContent):
        parts |= changed_parts(older, newer)
    elif older != newer:
        parts.add("content")
    signed_as_main = base.signatures.filter(role=SignerRole.MAIN_SUPERVISOR).first()
    if signed_as_main is not None and signed_as_main.person_id != training.main_supervisor_id:
        parts.add("main_supervisor")
    revision = bool(revision_roles) and parts <= set(entry.revision_may_change)
    return Requirement(
        roles=revision_roles if revision else everyone,
        base=base,
        parts=frozenset(parts),
        revision=revision,
    )


def roles_to_sign(person: Person, training: Training, version: PlanVersion) -> list[SignerRole]:
    """The roles the person may still sign the version as (those its requirement names)."""
    held = relations(person, training)
    signed = {s.role for s in version.signatures.all()}
    return [
        role
        for role in requirement(training, version).roles
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


def plan_version_start(*, training: Training, kind: str, person: Person) -> PlanVersion:
    """Version 1 of the IUP, prefilled from the routine and the curriculum, never blank; or of the
    agreement, taking the study time from the latest IUP. Started twice is started once."""
    if DocumentKind(kind) == DocumentKind.TRAINING_PLAN:
        plan = draft_plan(profile_of(training), training.regulation, specs(goal_specs(training)))
        return _first_version(training, DocumentKind.TRAINING_PLAN, plan, person)
    content = AgreementContent()
    latest_plan = latest(training, DocumentKind.TRAINING_PLAN)
    if latest_plan is not None:
        document = latest_plan.document
        assert isinstance(document, PlanContent)
        content = AgreementContent(
            plan_version=latest_plan.number,
            study_time=document.study_time,
            study_time_note=document.study_time_note,
        )
    return _first_version(training, DocumentKind.AGREEMENT, content, person)


def _first_version(training: Training, kind: str, content: Document, person: Person) -> PlanVersion:
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


def plan_version_save(
    *,
    training: Training,
    kind: str,
    base_digest: str,
    person: Person,
    edit: Callable[[Document], Document],
) -> PlanVersion:
    """Applies `edit` to the latest version if it is still what the person saw (`base_digest`).
    An unsigned draft changes in place; a signed version stays as it is and the change becomes
    the next version, which needs new signatures (R2.6). A change of an established version is a
    revision: the established one stays in force until the revision is established, by the
    signers `requirement` names for what the revision changes (issue 12)."""
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
        document = _checked(edit(current.document))
        if current.signatures.exists() or current.established_at:
            current = PlanVersion(
                training=training, kind=kind, number=current.number + 1, created_by=person
            )
        current.updated_by = person
        current.set_document(document)
        current.save()
        return current


def _checked(document: Document) -> Document:
    """The edited document checked against its model again (model_copy does not check), so no
    text and no list outgrows its bound (issue 10)."""
    try:
        return type(document).model_validate(document.model_dump(), context=WRITING)
    except pydantic.ValidationError:
        raise PlanError(
            _(
                "The plan would grow beyond what it can hold (too many items or too long a "
                "text). Nothing was saved: shorten or remove something first."
            )
        ) from None


def plan_version_sign(
    *,
    training: Training,
    version_id: int,
    seen_digest: str,
    role: str,
    person: Person,
    completion: date,
    now: datetime,
) -> PlanVersion:
    """The person signs the version as `role`; refused if it changed since they saw it, if a
    newer version exists, or if the role is not theirs. `completion` is the projected end of the
    ST (adapters.timeline), which the time plan must reach before G's agreement is signed. The
    last signature needed establishes the version at `now`: as the whole plan, or as a revision
    of the one in force when the profile's revision signers suffice (`requirement`, R2.6); the
    version in force before it stays as it was, in the history."""
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
        needed = requirement(training, version)
        if signed >= set(needed.roles):
            version.established_at = now
            version.established_as = (
                Establishment.REVISION if needed.revision else Establishment.PLAN
            )
            PlanVersion.objects.filter(pk=version.pk).update(
                established_at=now, established_as=version.established_as
            )
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


def _check_fields(item: models.Model, names: Collection[str]) -> None:
    """The model's own checks (length, e-mail, …) of the named fields, before any write."""
    item.clean_fields(exclude=[f.name for f in item._meta.fields if f.name not in names])


# --- The director's yearly involvement (R2.6) --------------------------------------------


def director_review_record(
    *, training: Training, person: Person, year: int, held_on: date, note: str = ""
) -> DirectorReview:
    """The director's review of the plan for one ST year (R2.6): one a year, so a second one for
    the same year is refused and the first stays as it was."""
    if not profile_of(training).director_involvement.enabled:
        raise ValidationError(_("The region's routine has no yearly review by the director."))
    if year < 1:
        raise ValidationError({"year": _("The ST year is 1 or more.")})
    review = DirectorReview(
        training=training, recorded_by=person, year=year, held_on=held_on, note=note.strip()
    )
    _check_fields(review, ("year", "held_on", "note"))
    already = ValidationError({"year": _("A review is already recorded for that year.")})
    with transaction.atomic():
        if DirectorReview.objects.filter(training=training, year=year).exists():
            raise already
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:  # recorded by someone else a moment ago
            raise already from None
    return review


# --- The rotation contract and its links (R6.3, R6.4) --------------------------------------

EMAIL_TEMPLATES = {
    Purpose.NAME_SUPERVISOR: "plans/email_name_supervisor.txt",
    Purpose.CERTIFY: "plans/email_certify.txt",
}


def rotation_contract_save(
    *, placement: Placement, person: Person, receiving_email: str, wishes: str = ""
) -> RotationContract:
    """The rotation's contract (R6.3), written by the resident's side: created by `person` the
    first time, changed after that until the receiving unit has named the rotation supervisor.
    A changed address stops the link sent to the old one: only a link sent to the address on the
    contract, by someone who vouches for it, leads to a certificate (issue 10)."""
    if placement.kind != Placement.Kind.ROTATION:
        raise ValidationError(_("Only a rotation has a rotation contract."))
    receiving_email = receiving_email.strip()
    if not receiving_email:
        raise required("receiving_email")
    check_not_a_residents_address("receiving_email", receiving_email)
    with transaction.atomic():
        Placement.objects.select_for_update().get(pk=placement.pk)  # one writer at a time
        item = RotationContract.objects.filter(placement=placement).first()
        if item is None:
            item = RotationContract(placement=placement, created_by=person)
        elif item.named_at:
            raise ValidationError(
                _("The rotation supervisor is already named; the contract no longer changes.")
            )
        if item.sent_to and item.sent_to.lower() != receiving_email.lower():
            item.link_nonce = ""  # the link sent to the old address stops working
        item.receiving_email, item.wishes = receiving_email, wishes
        _check_fields(item, ("receiving_email", "wishes"))
        item.save()
        return item


def check_not_a_residents_address(field: str, email: str) -> None:
    """A certificate never comes from a resident: the address of a resident's account (the
    training's own resident's or another's) is refused where a certifier's address is asked for
    (issue 10)."""
    if Training.objects.filter(resident__email__iexact=email.strip()).exists():
        raise ValidationError({field: _("This is a resident's e-mail address.")})


def rotation_contract_send(
    *, contract: RotationContract, person: Person, base_url: str, now: datetime
) -> str:
    """`person` (the main supervisor or the director, who thereby vouches for the address) has
    the receiving unit e-mailed a new link to name the rotation supervisor (R6.4), stamped with
    who sent it to which address and when; any earlier link stops working. `base_url` is the
    site's address without a trailing slash. Returns the link's token."""
    with transaction.atomic():
        item = _locked(contract)
        if item.named_at:
            raise ValidationError(_("The rotation supervisor is already named."))
        check_not_a_residents_address("receiving_email", item.receiving_email)
        item.sent_at, item.sent_by, item.sent_to = now, person, item.receiving_email
        item.save(update_fields=["sent_at", "sent_by", "sent_to"])
        return _send_link(item, Purpose.NAME_SUPERVISOR, item.receiving_email, base_url)


def rotation_certificate_request(
    *, contract: RotationContract, person: Person, base_url: str, now: datetime
) -> str:
    """`person` (the main supervisor or the director, who thereby vouches for the rotation
    supervisor the receiving unit named) has that supervisor e-mailed a new link to certify the
    rotation, stamped with who asked, at which address and when; any earlier link stops
    working. Returns the link's token."""
    with transaction.atomic():
        item = _locked(contract)
        if not item.supervisor_email or item.certified_at:
            raise ValidationError(
                _(
                    "A certificate can be requested once a rotation supervisor is named, "
                    "and only once."
                )
            )
        check_not_a_residents_address("supervisor_email", item.supervisor_email)
        item.certificate_requested_at = now
        item.certificate_requested_by = person
        item.certificate_requested_to = item.supervisor_email
        item.save(
            update_fields=[
                "certificate_requested_at",
                "certificate_requested_by",
                "certificate_requested_to",
            ]
        )
        return _send_link(item, Purpose.CERTIFY, item.supervisor_email, base_url)


def _locked(contract: RotationContract) -> RotationContract:
    return (
        RotationContract.objects.select_for_update()
        .select_related("placement__training__resident")
        .get(pk=contract.pk)
    )


def _send_link(item: RotationContract, purpose: Purpose, to: str, base_url: str) -> str:
    token = links.issue(item, purpose)
    context = {
        "contract": item,
        "placement": item.placement,
        "url": base_url + reverse("plans:rotation_link", args=[token]),
        "days": links.max_age().days,
        "resident": item.placement.training.resident,
    }
    send_templated(EMAIL_TEMPLATES[purpose], context, to)  # if it fails, nothing is written
    return token


def rotation_supervisor_name(
    *,
    token: str,
    supervisor_name: str,
    supervisor_title: str,
    supervisor_email: str,
    now: datetime,
) -> RotationContract:
    """The receiving unit names the rotation supervisor through its link (R6.4); the link then
    stops working. A placement without a supervisor's name takes the one named here. The
    certificate link goes to this address only when the main supervisor or the director asks
    for it (rotation_certificate_request), vouching for the person named."""
    values = {
        "supervisor_name": supervisor_name.strip(),
        "supervisor_title": supervisor_title.strip(),
        "supervisor_email": supervisor_email.strip(),
    }
    missing = [field for field, value in values.items() if not value]
    if missing:
        raise required(*missing)
    with transaction.atomic():
        item = links.use(token, RotationContract.objects.all(), {Purpose.NAME_SUPERVISOR})
        if item.named_at:
            raise ValidationError(_("The rotation supervisor is already named."))
        check_not_a_residents_address("supervisor_email", values["supervisor_email"])
        # A change of the placement being saved meanwhile ends first; after this the placement's
        # kind, unit and dates stay as they are (Placement.check_not_named, issue 10).
        Placement.objects.select_for_update().filter(pk=item.placement_id).exists()
        for field, value in values.items():
            setattr(item, field, value)
        _check_fields(item, values)
        item.named_at = now
        item.save(update_fields=[*values, "named_at"])
        placement = item.placement
        if not placement.supervisor_name:
            placement.supervisor_name = item.supervisor_name
            placement.save(update_fields=["supervisor_name"])
        return item


def rotation_certificate_issue(
    *,
    token: str,
    description: str,
    goals: list[str],
    certified_by_name: str,
    now: datetime,
) -> RotationContract:
    """The rotation supervisor certifies the clinical service under supervision through the
    link of the certificate request, for delmål of the training's målbeskrivning; the link then
    stops working. The rotation's place and period are copied onto the contract, so the
    certificate says what was certified (they no longer change once the supervisor is named:
    training.models.Placement.check_not_named)."""
    values = {"description": description.strip(), "certified_by_name": certified_by_name.strip()}
    missing = [field for field, value in values.items() if not value]
    if not goals:
        missing.append("goals")
    if missing:
        raise required(*missing)
    with transaction.atomic():
        item = links.use(token, RotationContract.objects.all(), {Purpose.CERTIFY})
        if item.certified_at:
            raise ValidationError(_("The certificate is issued already."))
        known = {code for code, _name in goal_choices(item.placement.training)}
        if not set(goals) <= known:
            raise ValidationError({"goals": _("No such delmål in the training's målbeskrivning.")})
        for field, value in values.items():
            setattr(item, field, value)
        item.goals = list(goals)
        _check_fields(item, values)
        item.certified_at = now
        # The place and period certified, kept with the certificate (issue 10).
        placement = Placement.objects.select_related("unit").get(pk=item.placement_id)
        item.certified_place = placement.unit_name
        item.certified_from, item.certified_to = placement.from_date, placement.to_date
        certified = ["certified_at", "certified_place", "certified_from", "certified_to"]
        item.save(update_fields=[*values, "goals", *certified])
        return item


# --- Home-return days of a rotation (R6.9) -------------------------------------------------


def home_return_day_add(*, placement: Placement, day: date) -> HomeReturnDay:
    """A day back at the home unit during the rotation (R6.9); each day once."""
    if placement.kind != Placement.Kind.ROTATION:
        raise ValidationError(_("Only a rotation has home-return days."))
    if not placement.from_date <= day <= placement.to_date:
        raise ValidationError({"day": _("The day is not within the rotation.")})
    already = ValidationError({"day": _("This day is already planned.")})
    with transaction.atomic():
        if placement.home_return_days.filter(day=day).exists():
            raise already
        try:
            with transaction.atomic():
                return HomeReturnDay.objects.create(placement=placement, day=day)
        except IntegrityError:  # the same day posted twice at once is saved once
            raise already from None


def home_return_day_remove(*, placement: Placement, day_id: int) -> None:
    """Removes one of the rotation's home-return days; removed twice is removed once."""
    with transaction.atomic():
        placement.home_return_days.filter(pk=day_id).delete()


# --- Placements of the time plan (R6.1–R6.10) ----------------------------------------------


def placement_remove(*, training: Training, row_id: int) -> bool:
    """Removes a placement of the time plan, unless a rotation contract was drawn up for it (the
    receiving unit has it; R6.3). False when there is none (posted twice)."""
    with transaction.atomic():
        rows = Placement.objects.select_for_update().filter(pk=row_id, training=training)
        if rows.filter(rotation_contract__isnull=False).exists():
            raise ValidationError(_("The placement has a rotation contract and cannot be removed."))
        deleted, _rows = rows.delete()
    return bool(deleted)


# --- Reminders (R6.2) ----------------------------------------------------------------------


def contact_reminder_send(*, training: Training, placement_id: int, finding: Finding) -> bool:
    """E-mails the resident that the receiving unit of a rotation is to be contacted soon
    (R6.2), once a rotation: False when reminded before."""
    try:
        with transaction.atomic():
            ContactReminder.objects.create(placement_id=placement_id)
            send_templated(
                "plans/email_contact_reminder.txt",
                {"training": training, "finding": finding},
                training.resident.email,
            )
    except IntegrityError:
        return False
    return True
