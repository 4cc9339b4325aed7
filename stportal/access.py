"""Who may see and do what. Every view asks here; nothing else decides access.

A person reaches a training through a relation: they are its resident, its main supervisor or a
co-supervisor, the director of studies of its region, the head of its home unit, or (for its
supervision only, R8.5) the medical adviser of its home unit. A training
outside all of a person's relations does not exist for them (404). Within reach, each action
names the relations allowed to take it; the others are refused (403).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from stportal.people.models import Membership, Person, Role, unit_head_is_doctor
from stportal.routines import vocabulary
from stportal.routines.schema import RoutineProfile
from stportal.rules.supervision import distance_approvers
from stportal.timeline.dates import add_months
from stportal.training.models import Training
from stportal.training.routine import profile_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Relation(StrEnum):
    RESIDENT = "resident"
    MAIN_SUPERVISOR = "main_supervisor"
    CO_SUPERVISOR = "co_supervisor"
    DIRECTOR = "director"
    UNIT_HEAD = "unit_head"
    RESEARCH_SUPERVISOR = "research_supervisor"  # of the training's written or quality work
    # R8.5 (G 5.1.2): "medicinsk rådgivare på hälsocentralen": of the training's home unit, and
    # only where they must approve distance supervision (the unit head is not a doctor, the
    # adviser is one: _adviser_approves). Sees the approvals on the supervision page, not its
    # log; nothing else of the training.
    MEDICAL_ADVISER = "medical_adviser"


class Action(StrEnum):
    VIEW = "view"
    VIEW_SUPERVISION = "view_supervision"
    VIEW_HISTORY = "view_history"
    EDIT_ABSENCES = "edit_absences"
    EDIT_EMPLOYMENT = "edit_employment"
    DECIDE_ABSENCE = "decide_absence"
    EDIT_PLAN = "edit_plan"
    EDIT_AGREEMENT = "edit_agreement"
    EDIT_TIME_PLAN = "edit_time_plan"
    RECORD_DIRECTOR_REVIEW = "record_director_review"
    LOG_SUPERVISION = "log_supervision"
    RECORD_STUDY_TIME = "record_study_time"
    REQUEST_ASSESSMENT = "request_assessment"
    RECORD_COURSE = "record_course"
    EDIT_SCHOLARLY_WORK = "edit_scholarly_work"
    JUDGE_GOALS = "judge_goals"
    VIEW_SCHOLARLY_WORK = "view_scholarly_work"
    RECORD_MILESTONE = "record_milestone"
    VOUCH_FOR_CERTIFIER = "vouch_for_certifier"
    # Issue 11: the unit head's part (R5.5, R9.4, R8.2) and the covering of results (R6.12).
    AGREE_GOALS = "agree_goals"
    FEED_BACK_ASSESSMENT = "feed_back_assessment"
    RECORD_UNIT_HEAD_CHECK_IN = "record_unit_head_check_in"
    APPOINT_MAIN_SUPERVISOR = "appoint_main_supervisor"
    NAME_RESULTS_COVER = "name_results_cover"
    # Issue 11: the own patient list and the on-call milestones (R10.1, R10.2).
    RECORD_CLINICAL_WORK = "record_clinical_work"
    # Issue 11: the ST-days, seminars and FQ groups taken part in (R3.3, R12.1).
    RECORD_EDUCATION_EVENT = "record_education_event"
    # Issue 13: the application to Socialstyrelsen. The resident prints it (typing the
    # personnummer, which only they may); each certificate is confirmed by who signs it
    # (may_confirm_certificate).
    PRINT_APPLICATION = "print_application"


ALLOWED: dict[Action, frozenset[Relation]] = {
    # Everyone related to a training sees it, its time page included (issue 3) — except a
    # research supervisor, who sees only the written or quality work (issue 5).
    Action.VIEW: frozenset(Relation) - {Relation.RESEARCH_SUPERVISOR, Relation.MEDICAL_ADVISER},
    Action.VIEW_SCHOLARLY_WORK: frozenset(Relation) - {Relation.MEDICAL_ADVISER},
    # R8.5: the supervision page, where distance supervision is approved, is seen by everyone who
    # sees the training and by the medical adviser of its home unit, who sees nothing else of it.
    Action.VIEW_SUPERVISION: frozenset(Relation) - {Relation.RESEARCH_SUPERVISOR},
    # Issue 2: the history of a training is visible to the director.
    Action.VIEW_HISTORY: frozenset({Relation.DIRECTOR}),
    # Issue 3: the resident enters their absences; the unit head or the director sets the
    # employment percent and decides whether a sick-leave or VAB spell counts (R1.3, R1.5).
    Action.EDIT_ABSENCES: frozenset({Relation.RESIDENT}),
    Action.EDIT_EMPLOYMENT: frozenset({Relation.UNIT_HEAD, Relation.DIRECTOR}),
    Action.DECIDE_ABSENCE: frozenset({Relation.UNIT_HEAD, Relation.DIRECTOR}),
    # Issue 4: the plan is drawn up and revised by the resident and the supervisors, with the
    # director (R2.2, R2.6); the agreement by those who sign it in either region (R2.4, R2.5);
    # the time plan by the resident, the main supervisor and the director (R6.8). Who signs is
    # the region's routine (plans.services.required_signers); who establishes a revision of the
    # plan in force, the region's profile (plans.services.requirement, R2.6, issue 12).
    Action.EDIT_PLAN: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR, Relation.DIRECTOR}
    ),
    Action.EDIT_AGREEMENT: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.UNIT_HEAD, Relation.DIRECTOR}
    ),
    Action.EDIT_TIME_PLAN: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.DIRECTOR}
    ),
    Action.RECORD_DIRECTOR_REVIEW: frozenset({Relation.DIRECTOR}),
    # Issue 10: a link that leads to a certificate (the receiving unit's, which names the
    # rotation supervisor, and the rotation supervisor's) goes out only from someone accountable
    # for the training, who thereby vouches for the address; the resident drafts the contract.
    # Likewise an assessor without an account whom the resident named is approved, name and
    # address, before the link goes out: one rule for both (issue 10).
    Action.VOUCH_FOR_CERTIFIER: frozenset({Relation.MAIN_SUPERVISOR, Relation.DIRECTOR}),
    # Issue 5: the supervision log is written by either side and confirmed by the other (R8.4,
    # R8.6); the resident records study time and courses and requests assessments; the
    # supervisors judge the delmål. The annual review's parts belong to their authors
    # (ANNUAL_REVIEW_AUTHORS below); distance supervision is approved by the roles the region
    # names (DISTANCE_APPROVERS below).
    Action.LOG_SUPERVISION: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR}
    ),
    Action.RECORD_STUDY_TIME: frozenset({Relation.RESIDENT}),
    Action.REQUEST_ASSESSMENT: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR}
    ),
    Action.RECORD_COURSE: frozenset({Relation.RESIDENT, Relation.MAIN_SUPERVISOR}),
    Action.EDIT_SCHOLARLY_WORK: frozenset(
        {
            Relation.RESIDENT,
            Relation.MAIN_SUPERVISOR,
            Relation.CO_SUPERVISOR,
            Relation.DIRECTOR,
            Relation.RESEARCH_SUPERVISOR,
        }
    ),
    Action.JUDGE_GOALS: frozenset({Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR}),
    Action.RECORD_MILESTONE: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR, Relation.DIRECTOR}
    ),
    # Issue 11, the unit head's own part, only where the region's routine asks it
    # (ROUTINE_ASKS below). R5.5 (V): "ST-läkaren ska uppfylla alla delmål [...] vilket bedöms
    # av handledare och verksamhetschef"; R9.4 (V): "Verksamhetschefen ska få återkoppling om
    # dokumenterade bedömningar!", "Regelbunden avstämning mellan ST-läkare och
    # verksamhetschef på vårdcentralen rekommenderas"; R8.2 (G 5.1.2):
    # "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare [...] utses".
    Action.AGREE_GOALS: frozenset({Relation.UNIT_HEAD}),
    Action.FEED_BACK_ASSESSMENT: frozenset({Relation.UNIT_HEAD}),
    Action.RECORD_UNIT_HEAD_CHECK_IN: frozenset({Relation.UNIT_HEAD}),
    Action.APPOINT_MAIN_SUPERVISOR: frozenset({Relation.UNIT_HEAD}),
    # R6.12 (V): "det är viktigt att det finns en tydlig och välfungerande struktur för hur
    # bevakningen av inkommande svar och ärenden till ST-läkaren ska hanteras [...] och att
    # denna struktur är känd för alla på vårdcentralen". The routine names no one; the
    # structure is the vårdcentral's: its unit head, the main supervisor and the resident, who
    # hands over, record it. The director of studies is not at the vårdcentral (our reading).
    Action.NAME_RESULTS_COVER: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.UNIT_HEAD}
    ),
    # R10.1, R10.2 (G 5.1.1, 5.1.3): the list size and the on-call milestones are recorded by the
    # resident and the supervisors, as the supervision log is (LOG_SUPERVISION); the director and
    # the unit head read them (VIEW).
    Action.RECORD_CLINICAL_WORK: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR}
    ),
    # R12.1, R3.3 (G 5.1.5): "Utbildningsaktiviteter och lokala ST-dagar som arrangeras av
    # studierektor": the director who arranges an ST-day records who took part, as does the
    # resident and the main supervisor; each removes what they recorded (removable_records).
    Action.RECORD_EDUCATION_EVENT: frozenset(
        {Relation.RESIDENT, Relation.MAIN_SUPERVISOR, Relation.DIRECTOR}
    ),
    Action.PRINT_APPLICATION: frozenset({Relation.RESIDENT}),
}

# Issue 13 item 3: who confirms a certificate of the application, by the signer the form names
# (application.drafts: the main supervisor for the service at the home unit, courses, works,
# STa3 and achieved competence; the unit head for completed ST and as the second signer of
# achieved competence). The rotation supervisor confirms through the rotation's link instead.
CERTIFIERS: dict[str, Relation] = {
    "main_supervisor": Relation.MAIN_SUPERVISOR,
    "unit_head": Relation.UNIT_HEAD,
}


def certificate_roles(person: Person | AnonymousUser, training: Training) -> set[str]:
    """The signers' roles in which the person confirms the training's certificates."""
    held = relations(person, training)
    return {role for role, relation in CERTIFIERS.items() if relation in held}


def may_confirm_certificate(person: Person | AnonymousUser, training: Training, role: str) -> bool:
    return role in certificate_roles(person, training)


# The actions that exist only where the region's routine asks for them (issue 11): elsewhere
# they are refused (403) to everyone, and their forms are not shown.
ROUTINE_ASKS: dict[Action, Callable[[RoutineProfile], bool]] = {
    Action.AGREE_GOALS: lambda p: "unit_head" in p.final_evaluation.goals_judged_by,
    Action.FEED_BACK_ASSESSMENT: lambda p: p.assessments.unit_head_feedback,
    Action.RECORD_UNIT_HEAD_CHECK_IN: lambda p: p.assessments.unit_head_check_ins_recommended,
    Action.APPOINT_MAIN_SUPERVISOR: lambda p: (
        p.main_supervisor is not None and p.main_supervisor.appointed_by == "unit_head"
    ),
    Action.NAME_RESULTS_COVER: lambda p: (
        p.rotation_absence is not None and p.rotation_absence.results_watcher_named
    ),
}

# Who records a milestone done, where it is not everyone allowed RECORD_MILESTONE. R5.3 (G
# 5.1.8): "Två till tre månader före beräknad tidpunkt för uppnådd specialistkompetens ska en
# slutvärdering göras av studierektor": the director's to record, never the resident's own
# (issue 11).
MILESTONE_RECORDERS: dict[str, frozenset[Relation]] = {
    "final_evaluation": frozenset({Relation.DIRECTOR}),
}
# Who writes and signs each part of the annual review (R9.3, R9.4, R2.6).
ANNUAL_REVIEW_AUTHORS: dict[str, Relation] = {
    "resident_report": Relation.RESIDENT,
    "supervisor_statement": Relation.MAIN_SUPERVISOR,
    "director_review": Relation.DIRECTOR,
}
# Who approves supervision at a distance, by the role the region's routine names (R8.5): each
# approver of the vocabulary is the relation of the same name.
DISTANCE_APPROVERS: dict[str, Relation] = {
    code: Relation(code) for code in vocabulary.DISTANCE_APPROVERS
}
# Who completes an assessment besides the assessor asked for it (R9.1).
ASSESSMENT_COMPLETERS = frozenset({Relation.MAIN_SUPERVISOR, Relation.CO_SUPERVISOR})


def memberships(person: Person | AnonymousUser) -> list[Membership]:
    """The person's role memberships, read once per request object."""
    if not person.is_authenticated or not person.is_active:
        return []
    cached: list[Membership] | None = getattr(person, "_stportal_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(person=person).select_related("region", "unit"))
        person._stportal_memberships = cached  # type: ignore[union-attr,attr-defined]
    return cached


def roles(person: Person | AnonymousUser) -> set[str]:
    return {membership.role for membership in memberships(person)}


def region_ids(person: Person | AnonymousUser, role: Role) -> set[int]:
    return {m.region_id for m in memberships(person) if m.role == role}


def unit_ids(person: Person | AnonymousUser, role: Role) -> set[int]:
    return {m.unit_id for m in memberships(person) if m.role == role and m.unit_id is not None}


def _relation_filters(person: Person) -> dict[Relation, Q]:
    co_supervised = Training.co_supervisors.through.objects.filter(person=person).values(
        "training_id"
    )
    researched = Training.objects.filter(scholarly_works__research_supervisor=person).values("pk")
    return {
        Relation.RESIDENT: Q(resident=person),
        Relation.MAIN_SUPERVISOR: Q(main_supervisor=person),
        Relation.CO_SUPERVISOR: Q(pk__in=co_supervised),
        Relation.DIRECTOR: Q(home_unit__region_id__in=region_ids(person, Role.DIRECTOR)),
        Relation.UNIT_HEAD: Q(home_unit_id__in=unit_ids(person, Role.UNIT_HEAD)),
        Relation.RESEARCH_SUPERVISOR: Q(pk__in=researched),
        Relation.MEDICAL_ADVISER: Q(home_unit_id__in=unit_ids(person, Role.MEDICAL_ADVISER)),
    }


def trainings_for(
    person: Person | AnonymousUser, *, through: frozenset[Relation] | None = None
) -> QuerySet[Training]:
    """The trainings the person may see (VIEW), optionally only through some relations."""
    if not person.is_authenticated or not person.is_active:
        return Training.objects.none()
    through = ALLOWED[Action.VIEW] if through is None else through
    scope = Q(pk__in=[])
    for relation, condition in _relation_filters(person).items():  # type: ignore[arg-type]
        if relation in through:
            scope |= condition
    return Training.objects.filter(scope)


def relations(person: Person | AnonymousUser, training: Training) -> set[Relation]:
    if not person.is_authenticated or not person.is_active:
        return set()
    found = set()
    if training.resident_id == person.pk:
        found.add(Relation.RESIDENT)
    if training.main_supervisor_id == person.pk:
        found.add(Relation.MAIN_SUPERVISOR)
    if training.co_supervisors.filter(pk=person.pk).exists():
        found.add(Relation.CO_SUPERVISOR)
    if training.home_unit.region_id in region_ids(person, Role.DIRECTOR):
        found.add(Relation.DIRECTOR)
    if training.home_unit_id in unit_ids(person, Role.UNIT_HEAD):
        found.add(Relation.UNIT_HEAD)
    if training.scholarly_works.filter(research_supervisor=person).exists():
        found.add(Relation.RESEARCH_SUPERVISOR)
    if training.home_unit_id in unit_ids(person, Role.MEDICAL_ADVISER) and _adviser_approves(
        person, training
    ):
        found.add(Relation.MEDICAL_ADVISER)
    return found


def _adviser_approves(person: Person | AnonymousUser, training: Training) -> bool:
    """R8.5 (G 5.1.2, "om chef inte är läkare i samråd med medicinsk rådgivare på
    hälsocentralen"): a medical adviser of the home unit relates to the training only where
    they must approve: the routine has the adviser approve in the place of a unit head who is
    not a doctor (distance_approvers_of), the adviser is recorded as a physician now (a flag
    changed after the role was given takes the right away) and is not a head of the unit."""
    return (
        getattr(person, "is_physician", None) is True
        and training.home_unit_id not in unit_ids(person, Role.UNIT_HEAD)
        and Relation.MEDICAL_ADVISER in distance_approvers_of(training)
    )


def can(person: Person | AnonymousUser, action: Action, training: Training) -> bool:
    return bool(relations(person, training) & ALLOWED[action])


def routine_asks(training: Training, action: Action) -> bool:
    """Whether the training's region's routine asks for the action (ROUTINE_ASKS); an action
    not listed there is asked everywhere."""
    asks = ROUTINE_ASKS.get(action)
    return asks is None or asks(profile_of(training))


def may_in_routine(person: Person | AnonymousUser, action: Action, training: Training) -> bool:
    """`can`, and the region's routine asks for the action (issue 11)."""
    return can(person, action, training) and routine_asks(training, action)


def training_for_routine(
    person: Person | AnonymousUser, training_id: int, action: Action
) -> Training:
    """`training_for`, and 403 where the region's routine does not ask for the action."""
    training = training_for(person, training_id, action)
    if not routine_asks(training, action):
        raise PermissionDenied
    return training


def permitted_actions(person: Person | AnonymousUser, training: Training) -> set[Action]:
    """Every action the person may take on the training (for showing links and forms)."""
    found = relations(person, training)
    return {action for action, allowed in ALLOWED.items() if found & allowed}


def training_for(
    person: Person | AnonymousUser, training_id: int, action: Action = Action.VIEW
) -> Training:
    """The training if the person may take the action; 404 when out of reach, else 403."""
    training = (
        Training.objects.select_related("resident", "home_unit__region", "main_supervisor")
        .filter(pk=training_id)
        .first()
    )
    if training is None:
        raise Http404
    found = relations(person, training)
    if not found:
        raise Http404
    if not found & ALLOWED[action]:
        raise PermissionDenied
    return training


# --- The portfolio's decisions that depend on more than the relation ---------------------


def annual_review_parts_authored(person: Person | AnonymousUser, training: Training) -> set[str]:
    """The parts of the training's annual reviews the person writes and signs (R9.3)."""
    held = relations(person, training)
    return {part for part, relation in ANNUAL_REVIEW_AUTHORS.items() if relation in held}


def annual_review_part_author(
    person: Person | AnonymousUser, training: Training, part: str
) -> bool:
    """Whether the person writes and signs this part of the training's annual reviews."""
    return part in annual_review_parts_authored(person, training)


def recordable_milestones(
    person: Person | AnonymousUser, training: Training, codes: Iterable[str]
) -> set[str]:
    """Of `codes`, the milestones the person may record as done on the training (R5.3)."""
    held = relations(person, training)
    return {
        code
        for code in codes
        if held & MILESTONE_RECORDERS.get(code, ALLOWED[Action.RECORD_MILESTONE])
    }


def may_record_milestone(person: Person | AnonymousUser, training: Training, code: str) -> bool:
    return bool(recordable_milestones(person, training, [code]))


def removable_records(
    person: Person | AnonymousUser,
    training: Training,
    action: Action,
    records: Iterable[tuple[int, int | None]],
) -> set[int]:
    """Of `records` (id, recorded_by_id) of the training, those the person may remove (issue
    11): whoever may record them (`action`) removes those they recorded, and the resident all
    of theirs; nobody removes another recorder's entry behind their back. One rule for the
    ST-days, seminars and FQ groups (RECORD_EDUCATION_EVENT) and the patient-list sizes and
    on-call milestones (RECORD_CLINICAL_WORK). The relations are read once, however many."""
    if not can(person, action, training):
        return set()
    return {
        record_id
        for record_id, recorded_by_id in records
        if person.pk in (recorded_by_id, training.resident_id)
    }


def may_remove_record(
    person: Person | AnonymousUser,
    training: Training,
    action: Action,
    record_id: int,
    recorded_by_id: int | None,
) -> bool:
    return bool(removable_records(person, training, action, [(record_id, recorded_by_id)]))


def removable_education_events(
    person: Person | AnonymousUser, training: Training, events: Iterable[tuple[int, int]]
) -> set[int]:
    """Of `events` (id, recorded_by_id), the ST-days, seminars and FQ groups the person may
    remove (removable_records)."""
    return removable_records(person, training, Action.RECORD_EDUCATION_EVENT, events)


def may_remove_education_event(
    person: Person | AnonymousUser, training: Training, event_id: int, recorded_by_id: int
) -> bool:
    return may_remove_record(
        person, training, Action.RECORD_EDUCATION_EVENT, event_id, recorded_by_id
    )


def distance_approvers_of(training: Training) -> list[str]:
    """Who must approve supervision at a distance for the training (R8.5), in the routine's
    order. G 5.1.2: "i samråd med närmaste chef (om chef inte är läkare i samråd med medicinsk
    rådgivare på hälsocentralen)": the medical adviser of the home unit in the unit head's place
    where the unit head is recorded as not a doctor; where that is not known, the unit head."""
    return distance_approvers(
        profile_of(training).distance_supervision,
        unit_head_is_doctor=unit_head_is_doctor(training.home_unit_id),
    )


def distance_approver_roles(person: Person | AnonymousUser, training: Training) -> list[str]:
    """The roles, of those who must approve (distance_approvers_of), the person may approve
    supervision at a distance as (R8.5), in the routine's order. Read at approval time: the
    medical adviser's relation (relations, _adviser_approves) re-checks that they are recorded
    as a physician and not a head of the unit, so a flag changed later takes the right away."""
    held = relations(person, training)
    if not held:
        return []
    return [
        role for role in distance_approvers_of(training) if DISTANCE_APPROVERS.get(role) in held
    ]


def distance_approvals_awaited(
    person: Person | AnonymousUser, today: date | None = None
) -> list[Training]:
    """The trainings at the person's units (as medical adviser) that wait for their approval of
    supervision at a distance (R8.5) on `today` (default: the local day): the region's routine
    has them approve in the place of a unit head who is not a doctor (and they may: a physician,
    not a head of the unit, as _adviser_approves), nobody has approved as medical adviser yet,
    and distance supervision is asked for. The portal has no step to ask for it, so it counts as
    asked once another approver (the director, the main supervisor) has approved. Not before the
    ST year the routine names (`distance_supervision.earliest_training_year`, G 5.1.2: "bör ej
    ske förrän in på år 2 – 3 av läkarens ST"), counted in years from the start as
    rules.supervision.distance_supervision_allowed does."""
    units = unit_ids(person, Role.MEDICAL_ADVISER) - unit_ids(person, Role.UNIT_HEAD)
    if not units or getattr(person, "is_physician", None) is not True:
        return []
    today = today or timezone.localdate()
    asked = Training.objects.filter(distance_approvals__isnull=False).values("pk")
    trainings = (
        Training.objects.filter(home_unit_id__in=units, pk__in=asked)
        .exclude(distance_approvals__role=Relation.MEDICAL_ADVISER)
        .select_related("resident", "home_unit__region")
        .order_by("resident__last_name", "resident__first_name", "pk")
    )
    doctor_heads = {unit: unit_head_is_doctor(unit) for unit in units}
    found = []
    for training in trainings:
        entry = profile_of(training).distance_supervision
        first_day = add_months(training.start_date, 12 * ((entry.earliest_training_year or 1) - 1))
        if (
            not doctor_heads[training.home_unit_id]
            and Relation.MEDICAL_ADVISER in _approvers_without_doctor_head(training)
            and today >= first_day
        ):
            found.append(training)
    return found


def _approvers_without_doctor_head(training: Training) -> list[str]:
    entry = profile_of(training).distance_supervision
    if not entry.requires_approval:
        return []
    return distance_approvers(entry, unit_head_is_doctor=False)


def may_approve_distance(person: Person | AnonymousUser, training: Training, role: str) -> bool:
    return role in distance_approver_roles(person, training)


class AskedAssessment(Protocol):
    """What access reads of an assessment (the model lives in the portfolio, above access)."""

    @property
    def training(self) -> Training: ...
    @property
    def assessor_id(self) -> int | None: ...
    @property
    def completed_at(self) -> datetime | None: ...


def scholarly_work_access(
    person: Person | AnonymousUser, training_id: int, kind: str
) -> tuple[Training, bool]:
    """The training whose written or quality work (`kind`) the person may see, and whether they
    may change it. A research supervisor reaches only the work they supervise, not the
    training's other work (issue 10): 404 for the other."""
    training = training_for(person, training_id, Action.VIEW_SCHOLARLY_WORK)
    held = relations(person, training)
    if (
        Relation.RESEARCH_SUPERVISOR in held
        and not training.scholarly_works.filter(
            kind=kind, research_supervisor_id=person.pk
        ).exists()
    ):
        held = held - {Relation.RESEARCH_SUPERVISOR}
        if not held & ALLOWED[Action.VIEW_SCHOLARLY_WORK]:
            raise Http404
    return training, bool(held & ALLOWED[Action.EDIT_SCHOLARLY_WORK])


# The roles of people who may assess a resident with an account (R9.1): clinicians, not other
# residents nor administrators (issue 10).
ASSESSOR_ROLES = frozenset({Role.SUPERVISOR, Role.DIRECTOR, Role.UNIT_HEAD})


def assessors_for(training: Training) -> QuerySet[Person]:
    """Who may be asked to assess the training's resident by account: a clinician of the region,
    never the resident themself."""
    return (
        Person.objects.filter(
            memberships__region=training.home_unit.region_id,
            memberships__role__in=ASSESSOR_ROLES,
            is_active=True,
        )
        .exclude(pk=training.resident_id)
        .distinct()
    )


def assessment_for[A: AskedAssessment](person: Person | AnonymousUser, item: A) -> A:
    """The assessment if the person may complete it: the assessor asked for it (who needs no
    other relation to the training) or a supervisor of the resident (R9.1). 404 when the
    training is out of the person's reach, else 403; 403 too when it is completed already, and
    always for the training's own resident (issue 10)."""
    if person.pk == item.training.resident_id:
        raise PermissionDenied
    if item.assessor_id is None or item.assessor_id != person.pk:
        held = relations(person, item.training)
        if not held:
            raise Http404
        if not held & ASSESSMENT_COMPLETERS:
            raise PermissionDenied
    if item.completed_at:
        raise PermissionDenied
    return item


# --- Region administrators in the Django admin -------------------------------------------

# What a region administrator manages (app_label.model) and may do with it.
ADMIN_MANAGED: dict[str, frozenset[str]] = {
    "people.person": frozenset({"view", "add", "change"}),
    "people.membership": frozenset({"view", "add", "change", "delete"}),
    "units.unit": frozenset({"view", "add", "change"}),
    "units.region": frozenset({"view"}),
    "training.training": frozenset({"view", "add", "change"}),
    "training.employmentstep": frozenset({"view", "add", "change", "delete"}),
    "training.absence": frozenset({"view", "add", "change", "delete"}),
    "training.placement": frozenset({"view", "add", "change", "delete"}),
    "curricula.curriculum": frozenset({"view"}),
    "curricula.goal": frozenset({"view"}),
}


def is_region_admin(person: Person | AnonymousUser) -> bool:
    return bool(region_ids(person, Role.ADMIN))


def people_in_admin_scope(admin: Person | AnonymousUser) -> Q:
    """The people a region administrator manages (issue 10), never staff or superusers, whose
    accounts only a superuser manages (so an administrator can neither reset theirs nor give
    themself a role):

    - a person tied to the administrator's regions and to no other region: a role there, or a
      place on a training (resident, supervisor, research supervisor, assessor) whose home unit
      lies there. A person keeps the tie of their training when their role is taken away, so
      the other region's administrator cannot take over the account and, through it, the
      training;
    - a person tied to no region at all, who reaches no training and so no one's data: a new
      account, to be given its first role. Unless their history ties them elsewhere: a role
      they once held, or a training they once were on, in another region, or an account made by
      the other region's administrator (whose password this administrator could otherwise set
      before that region gives it its first role)."""
    regions = region_ids(admin, Role.ADMIN)
    here_memberships, here_trainings = Q(region_id__in=regions), Q(home_unit__region_id__in=regions)
    here = _tied(here_memberships, here_trainings)
    elsewhere = _tied(~here_memberships, ~here_trainings)
    untied_here = ~here & ~_formerly_elsewhere(regions)
    return Q(is_staff=False, is_superuser=False) & ~elsewhere & (here | untied_here)


def _tied(memberships: Q, trainings: Q) -> Q:
    """People with a role (`memberships`) or a place on a training (`trainings`): as its
    resident, main supervisor or co-supervisor, research supervisor of its written or quality
    work, or assessor of one of its assessments; each of these reaches the training's data."""
    chosen = Training.objects.filter(trainings)
    co_supervisors = Training.co_supervisors.through.objects.filter(training__in=chosen)
    return (
        Q(pk__in=Membership.objects.filter(memberships).values("person_id"))
        | Q(pk__in=chosen.values("resident_id"))
        | Q(pk__in=chosen.values("main_supervisor_id"))
        | Q(pk__in=co_supervisors.values("person_id"))
        | Q(pk__in=_people_of(chosen, "scholarly_works__research_supervisor"))
        | Q(pk__in=_people_of(chosen, "assessments__assessor"))
    )


def _people_of(trainings: QuerySet[Any], path: str) -> QuerySet[Any]:
    """The ids of the people at `path` from the trainings (a nullable one: never NULL, which
    would make a NOT IN match nobody)."""
    return trainings.filter(**{f"{path}__isnull": False}).values(path)


def _formerly_elsewhere(regions: set[int]) -> Q:
    """People whose history ties them to another region than `regions`: a role held there, a
    training of a home unit there they were resident or a supervisor on, or an account made by
    an administrator of another region only."""
    past_memberships = Membership.history.model.objects.exclude(region_id__in=regions)
    past_trainings = Training.history.model.objects.exclude(home_unit__region_id__in=regions)
    admins_here = Membership.objects.filter(role=Role.ADMIN, region_id__in=regions)
    admins_elsewhere = Membership.objects.filter(role=Role.ADMIN).exclude(
        person_id__in=admins_here.values("person_id")
    )
    made_elsewhere = Person.history.model.objects.filter(
        history_type="+", history_user_id__in=admins_elsewhere.values("person_id")
    )
    return (
        Q(pk__in=past_memberships.filter(person_id__isnull=False).values("person_id"))
        | Q(pk__in=_people_of(past_trainings, "resident"))
        | Q(pk__in=_people_of(past_trainings, "main_supervisor"))
        | Q(pk__in=_people_of(past_trainings, "historicaltraining_co_supervisors__person"))
        | Q(pk__in=made_elsewhere.values("id"))
    )


def admin_may(person: Person | AnonymousUser, app_label: str, model: str, action: str) -> bool:
    allowed = ADMIN_MANAGED.get(f"{app_label}.{model}", frozenset())
    return action in allowed and is_region_admin(person)
