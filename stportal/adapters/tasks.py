"""What waits for whom, and where it is done (issue 12, items 1 and 5).

One table, `PLACES`, names for every finding code any rule can produce (`FINDING_CODES`) the page
where it is acted on and the relations to the training that must act (`stportal.access.Relation`).
The findings' pages link there (`portfolio/_findings.html`), and every home page starts with what
this person must do now ("Att göra"), separated from what waits for others ("Väntar på andra"):
the findings by their actors, and the pending things that are not findings (plan versions to
sign, supervision entries to confirm, assessments asked of the person, the unit head's feedback
and agreement (V), supervision at a distance to approve (R8.5)).

`tasks_for` reads every training the person relates to in a fixed number of queries, however
many residents they have (tests/test_queries.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stportal import access
from stportal.access import ANNUAL_REVIEW_AUTHORS, Action, Relation
from stportal.adapters.followup import with_findings
from stportal.adapters.timeline import signed_parts
from stportal.adapters.trainings import trainings_for_follow_up
from stportal.application.models import CertificateConfirmation
from stportal.people.models import Person, Role
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind, PlanVersion, Signature, SignerRole
from stportal.plans.services import SIGNER_RELATION
from stportal.portfolio.models import Assessment, GoalProgress, GoalStatus
from stportal.portfolio.services import assessment_label
from stportal.timeline.dates import add_months
from stportal.timeline.findings import Finding, FindingCode
from stportal.training.models import Training
from stportal.training.routine import profile_of

R = Relation
SUPERVISORS = frozenset({R.MAIN_SUPERVISOR, R.CO_SUPERVISOR})
RESIDENT_AND_MAIN = frozenset({R.RESIDENT, R.MAIN_SUPERVISOR})

# How each relation is named mid-sentence ("Väntar på: verksamhetschef").
RELATION_NAMES: dict[Relation, str] = {
    R.RESIDENT: gettext_noop("resident"),
    R.MAIN_SUPERVISOR: gettext_noop("main supervisor"),
    R.CO_SUPERVISOR: gettext_noop("co-supervisor"),
    R.DIRECTOR: gettext_noop("director of studies"),
    R.UNIT_HEAD: gettext_noop("unit head"),
    R.RESEARCH_SUPERVISOR: gettext_noop("research supervisor"),
    R.MEDICAL_ADVISER: gettext_noop("medical adviser"),
}


def _training(training: Training, finding: Finding | None) -> tuple[object, ...]:
    return (training.pk,)


def _year(training: Training, finding: Finding | None) -> tuple[object, ...]:
    year = finding.subject.get("year", 1) if finding else 1
    return (training.pk, year)


def _kind(training: Training, finding: Finding | None) -> tuple[object, ...]:
    kind = finding.subject.get("kind", "written_work") if finding else "written_work"
    return (training.pk, kind)


def _placement(training: Training, finding: Finding | None) -> tuple[object, ...]:
    return (training.pk, finding.subject["key"]) if finding else (training.pk,)


@dataclass(frozen=True)
class Place:
    """Where a finding is acted on, and who must act."""

    url_name: str
    label: str  # an English msgid, translated when shown
    actors: frozenset[Relation]
    anchor: str = ""
    args: Callable[[Training, Finding | None], tuple[object, ...]] = _training

    def url(self, training: Training, finding: Finding | None = None) -> str:
        path = reverse(self.url_name, args=self.args(training, finding))
        return f"{path}#{self.anchor}" if self.anchor else path


TIME = "training:time"
PLAN = "plans:plan"
TIME_PLAN = "plans:time_plan"
CONTRACT = "plans:rotation_contract"
OPEN_TIME = gettext_noop("Open the ST time")
OPEN_TIME_PLAN = gettext_noop("Open the time plan")
OPEN_CONTRACT = gettext_noop("Open the rotation contract")
OPEN_SUPERVISION = gettext_noop("Open the supervision log")
OPEN_ASSESSMENTS = gettext_noop("Open the assessments")
OPEN_GOALS = gettext_noop("Open the delmål")
OPEN_WORK = gettext_noop("Open the written or quality work")
OPEN_CLINICAL = gettext_noop("Open the clinical work")
OPEN_UNIT_HEAD = gettext_noop("Open the unit head's part")
EDIT_TIME_PLAN = frozenset({R.RESIDENT, R.MAIN_SUPERVISOR, R.DIRECTOR})  # Action.EDIT_TIME_PLAN
VOUCHERS = frozenset({R.MAIN_SUPERVISOR, R.DIRECTOR})  # Action.VOUCH_FOR_CERTIFIER

# The milestones of the timeline (milestone_due, milestone_overdue), by the milestone's code.
MILESTONE_PLACES: dict[str, Place] = {
    # R2.2, R2.3 (G 4.1.1): "upprättas gemensamt av ST-läkare, handledare, verksamhetschef ...
    # och studierektor": drawn up by the resident with the main supervisor, then signed.
    "training_plan": Place(PLAN, gettext_noop("Open the training plan"), RESIDENT_AND_MAIN),
    # R2.4 (G), R2.5 (V): the resident has the agreement signed.
    "agreement": Place(
        "plans:agreement", gettext_noop("Open the agreement"), frozenset({R.RESIDENT})
    ),
    # R5.2 (G 5.1.7): "ST-läkaren anmäler sig till Mitt i ST"; recorded on the time page.
    "mitt_i_st_registration": Place(TIME, OPEN_TIME, frozenset({R.RESIDENT}), "milestones-heading"),
    "mitt_i_st": Place(TIME, OPEN_TIME, frozenset({R.RESIDENT}), "milestones-heading"),
    # R5.3 (G 5.1.8): "en slutvärdering göras av studierektor": booked by the resident, recorded
    # by the director (access.MILESTONE_RECORDERS).
    "final_evaluation": Place(
        TIME, OPEN_TIME, frozenset({R.RESIDENT, R.DIRECTOR}), "milestones-heading"
    ),
    # R5.6 (V): "avslutningssamtal med handledare, verksamhetschef": booked by the resident.
    "closing_conversation": Place(TIME, OPEN_TIME, frozenset({R.RESIDENT}), "milestones-heading"),
    "annual_review": Place(
        "portfolio:annual_review",
        gettext_noop("Open the annual review"),
        frozenset(ANNUAL_REVIEW_AUTHORS.values()),
        args=_year,
    ),
}

PLACES: dict[str, Place] = {
    # --- the timeline (stportal.timeline.findings) ---
    # R1.3 (G 5.1.6): "efter individuell bedömning": the unit head or the director decides
    # (Action.DECIDE_ABSENCE), on the time page's absences.
    FindingCode.ABSENCE_DECISION_MISSING: Place(
        TIME,
        gettext_noop("Decide on the absence"),
        frozenset({R.UNIT_HEAD, R.DIRECTOR}),
        "absences",
    ),
    # --- the follow-up (stportal.rules.followup) ---
    # R8.4 (G 5.1.2): "Schemalagd handledning minst en timme per vecka": logged by either side.
    "supervision_below_minimum": Place(
        "portfolio:supervision", OPEN_SUPERVISION, RESIDENT_AND_MAIN, "sessions"
    ),
    "supervision_summer_gap": Place(
        "portfolio:supervision", OPEN_SUPERVISION, RESIDENT_AND_MAIN, "sessions"
    ),
    "supervision_home_return_day": Place(
        "portfolio:supervision", OPEN_SUPERVISION, RESIDENT_AND_MAIN, "sessions"
    ),
    # R3.2 (G 4.1.2): "Studietid: 4 timmar per vecka": the resident records it.
    "study_time_below_due": Place(
        "portfolio:study_time", gettext_noop("Open the study time"), frozenset({R.RESIDENT})
    ),
    # R9.1 (G 5.1.4): "Bedömning av kompetens 4-6 gånger per år": requested by the resident or
    # a supervisor (Action.REQUEST_ASSESSMENT).
    "assessments_year_missed": Place("portfolio:assessments", OPEN_ASSESSMENTS, RESIDENT_AND_MAIN),
    "assessments_below_range": Place("portfolio:assessments", OPEN_ASSESSMENTS, RESIDENT_AND_MAIN),
    "assessment_method_missed": Place("portfolio:assessments", OPEN_ASSESSMENTS, RESIDENT_AND_MAIN),
    "assessment_method_monthly": Place(
        "portfolio:assessments", OPEN_ASSESSMENTS, RESIDENT_AND_MAIN
    ),
    # R9.3 (G 5.1.4): "Huvudhandledaren skriver ett handledarutlåtande årligen, ST-läkaren en
    # årsrapport": each part by its author (access.ANNUAL_REVIEW_AUTHORS; only the missing ones
    # act, actors_of).
    "annual_review_due": MILESTONE_PLACES["annual_review"],
    # R7.4 (V): the resident registers for the mandatory courses and records them.
    "mandatory_course_missing": Place(
        "portfolio:courses", gettext_noop("Open the courses"), frozenset({R.RESIDENT})
    ),
    # R2.2: every delmål has a planned activity in the IUP, drawn up by the resident and the
    # main supervisor.
    "goal_unplanned": Place(PLAN, gettext_noop("Open the training plan"), RESIDENT_AND_MAIN),
    # R9.5 (V): "Uppnådda kompetenser dokumenteras fortlöpande".
    "goal_without_prescribed_evidence": Place("portfolio:goals", OPEN_GOALS, RESIDENT_AND_MAIN),
    "goal_without_evidence": Place("portfolio:goals", OPEN_GOALS, RESIDENT_AND_MAIN),
    # R5.5 (V): "vilket bedöms av handledare och verksamhetschef".
    "application_goals_not_met": Place(
        "portfolio:goals", OPEN_GOALS, frozenset({R.MAIN_SUPERVISOR})
    ),
    "application_goals_not_agreed": Place("portfolio:goals", OPEN_GOALS, frozenset({R.UNIT_HEAD})),
    # R4 (G 4.1.3, V): the written and the quality work, by the resident with the supervisor.
    "written_work_before_course": Place(
        "portfolio:scholarly", OPEN_WORK, RESIDENT_AND_MAIN, args=_kind
    ),
    "scholarly_work_unplanned": Place(
        "portfolio:scholarly", OPEN_WORK, RESIDENT_AND_MAIN, args=_kind
    ),
    "scholarly_work_unfinished": Place(
        "portfolio:scholarly", OPEN_WORK, RESIDENT_AND_MAIN, args=_kind
    ),
    "written_work_without_supervisor": Place(
        "portfolio:scholarly", OPEN_WORK, RESIDENT_AND_MAIN, args=_kind
    ),
    "written_work_not_presented": Place(
        "portfolio:scholarly", OPEN_WORK, RESIDENT_AND_MAIN, args=_kind
    ),
    "scholarly_work_over_extent": Place(
        "portfolio:scholarly", OPEN_WORK, RESIDENT_AND_MAIN, args=_kind
    ),
    # R8.3 (G 5.1.2): "Handledarutbildningen ska inte vara äldre än fem år": the supervisor
    # named takes the course (actors_of), the director of studies follows it up. For the
    # resident it is information (issue 12: "your supervisor's training is old").
    "supervisor_training_old": Place(
        "training:detail",
        gettext_noop("Open the ST overview"),
        frozenset({R.MAIN_SUPERVISOR, R.DIRECTOR}),
    ),
    "supervisor_training_other_curriculum": Place(
        "training:detail",
        gettext_noop("Open the ST overview"),
        frozenset({R.MAIN_SUPERVISOR, R.DIRECTOR}),
    ),
    # R8.2 (G 5.1.2): "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare
    # [...] utses": the unit head's part of the follow-up page.
    "main_supervisor_not_specialist": Place(
        "portfolio:portfolio", OPEN_UNIT_HEAD, frozenset({R.UNIT_HEAD}), "unit-head"
    ),
    "main_supervisor_not_appointed_by_unit_head": Place(
        "portfolio:portfolio", OPEN_UNIT_HEAD, frozenset({R.UNIT_HEAD}), "unit-head"
    ),
    "main_supervisor_appointed_late": Place(
        "portfolio:portfolio", OPEN_UNIT_HEAD, frozenset({R.UNIT_HEAD}), "unit-head"
    ),
    # R10.1, R10.2 (G 5.1.1, 5.1.3): recorded by the resident and the supervisors
    # (Action.RECORD_CLINICAL_WORK).
    "patient_list_not_recorded": Place("training:clinical_work", OPEN_CLINICAL, RESIDENT_AND_MAIN),
    "patient_list_above_range": Place("training:clinical_work", OPEN_CLINICAL, RESIDENT_AND_MAIN),
    "patient_list_below_range": Place("training:clinical_work", OPEN_CLINICAL, RESIDENT_AND_MAIN),
    "on_call_not_begun": Place("training:clinical_work", OPEN_CLINICAL, RESIDENT_AND_MAIN),
    "on_call_no_double_shift": Place("training:clinical_work", OPEN_CLINICAL, RESIDENT_AND_MAIN),
    "on_call_standby_early": Place("training:clinical_work", OPEN_CLINICAL, RESIDENT_AND_MAIN),
    # R6.11 (V): "frånvaro pga. sjukdom, VAB [...] meddelas både kliniken och verksamhetschef":
    # the resident reports it, on the time page's absences.
    "rotation_absence_unreported": Place(TIME, OPEN_TIME, frozenset({R.RESIDENT}), "absences"),
    # R6.12 (V): who covers incoming results (Action.NAME_RESULTS_COVER).
    "results_cover_missing": Place(
        "portfolio:portfolio",
        OPEN_UNIT_HEAD,
        frozenset({R.RESIDENT, R.MAIN_SUPERVISOR, R.UNIT_HEAD}),
        "unit-head",
    ),
    # --- the time plan's checks (stportal.rules.rotation_checks), Action.EDIT_TIME_PLAN ---
    "rotation_outside_years": Place(TIME_PLAN, OPEN_TIME_PLAN, EDIT_TIME_PLAN, "placements"),
    "external_not_rural": Place(TIME_PLAN, OPEN_TIME_PLAN, EDIT_TIME_PLAN, "placements"),
    "external_too_long": Place(TIME_PLAN, OPEN_TIME_PLAN, EDIT_TIME_PLAN, "placements"),
    "auskultation_too_long": Place(TIME_PLAN, OPEN_TIME_PLAN, EDIT_TIME_PLAN, "placements"),
    "home_return_days_missing": Place(TIME_PLAN, OPEN_TIME_PLAN, EDIT_TIME_PLAN, "placements"),
    # R6.2 (G 4.1.5): "ST-läkaren kontaktar den mottagande enheten": the resident drafts the
    # contract; R6.4: the main supervisor or the director sends it and has it certified.
    "rotation_contact_due": Place(
        CONTRACT, OPEN_CONTRACT, frozenset({R.RESIDENT}), args=_placement
    ),
    "rotation_supervisor_missing": Place(CONTRACT, OPEN_CONTRACT, VOUCHERS, args=_placement),
    "rotation_certificate_missing": Place(CONTRACT, OPEN_CONTRACT, VOUCHERS, args=_placement),
}

# Every code a finding can carry: the milestones' two and the table's.
FINDING_CODES = frozenset(
    {str(FindingCode.MILESTONE_DUE), str(FindingCode.MILESTONE_OVERDUE), *map(str, PLACES)}
)


# A code not yet in the table (tests/test_tasks.py fails for it) still links somewhere: the
# follow-up page, which lists every finding, for the resident and the main supervisor.
FOLLOW_UP = Place("portfolio:portfolio", gettext_noop("Open the follow-up"), RESIDENT_AND_MAIN)


def place_of(finding: Finding) -> Place:
    """Where the finding is acted on."""
    if finding.code in (FindingCode.MILESTONE_DUE, FindingCode.MILESTONE_OVERDUE):
        return MILESTONE_PLACES.get(str(finding.subject.get("milestone")), FOLLOW_UP)
    return PLACES.get(finding.code, FOLLOW_UP)


def actors_of(training: Training, finding: Finding) -> frozenset[Relation]:
    """The relations to the training that must act on the finding."""
    place = place_of(finding)
    code = finding.code
    if code == "annual_review_due" or finding.subject.get("milestone") == "annual_review":
        # R9.3: only the authors of the parts still unsigned.
        year = finding.subject.get("year")
        reviews = [r for r in training.annual_reviews.all() if r.year == year]
        signed = signed_parts(reviews[0]) if reviews else set()
        missing = [p for p in profile_of(training).annual_review.parts if p not in signed]
        authors = frozenset(ANNUAL_REVIEW_AUTHORS[p] for p in missing if p in ANNUAL_REVIEW_AUTHORS)
        return authors or place.actors
    if code in ("supervisor_training_old", "supervisor_training_other_curriculum"):
        named = finding.subject.get("supervisor")
        if named is not None and named != str(training.main_supervisor):
            return frozenset({R.CO_SUPERVISOR, R.DIRECTOR})
    return place.actors


def finding_url(training: Training, finding: Finding) -> str:
    return place_of(finding).url(training, finding)


def finding_label(finding: Finding) -> str:
    return _(place_of(finding).label)


# --- What waits for a person ---------------------------------------------------------------


@dataclass
class Task:
    """One thing to do on one training: a finding, or a pending step that is not one."""

    training: Training
    text: str
    url: str
    label: str
    actors: frozenset[Relation]
    due: date | None = None  # by when, for a finding
    since: date | None = None  # waiting since, for a pending step
    rule: str = ""
    overdue: bool = False
    mine: bool = False
    waiting_for: list[str] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[int, date]:
        return (0 if self.overdue else 1, self.due or self.since or date.max)


@dataclass
class Tasks:
    mine: list[Task]  # what the person must do now
    others: list[Task]  # what waits for someone else, on the person's own or close trainings
    # every training the person sees, with its `timeline`, `findings` and `open_count`, for the
    # tables of residents below the tasks; and the person's relations to each (by its pk)
    trainings: list[Training] = field(default_factory=list)
    relations: dict[int, set[Relation]] = field(default_factory=dict)
    # the trainings whose supervision at a distance waits for the person as medical adviser
    distance_awaited: list[Training] = field(default_factory=list)


def relation_map(person: Person) -> dict[int, set[Relation]]:
    """Each training the person sees (access.trainings_for), with the relations through which
    they see it: one query however many trainings. The medical adviser's trainings are not
    among them: the adviser sees their supervision only (R8.5; their task is _distance)."""
    regions = access.region_ids(person, Role.DIRECTOR)
    heads = access.unit_ids(person, Role.UNIT_HEAD)
    through = {R.RESIDENT, R.MAIN_SUPERVISOR, R.CO_SUPERVISOR}
    through |= {R.DIRECTOR} if regions else set()
    through |= {R.UNIT_HEAD} if heads else set()
    co_supervises = Exists(
        Training.co_supervisors.through.objects.filter(training=OuterRef("pk"), person=person)
    )
    found: dict[int, set[Relation]] = {}
    rows = (
        access.trainings_for(person, through=frozenset(through))
        .annotate(co_supervises=co_supervises)
        .values_list(
            "pk",
            "resident_id",
            "main_supervisor_id",
            "home_unit_id",
            "home_unit__region_id",
            "co_supervises",
        )
    )
    for pk, resident, main, unit, region, co in rows:
        held = found.setdefault(pk, set())
        if resident == person.pk:
            held.add(R.RESIDENT)
        if main == person.pk:
            held.add(R.MAIN_SUPERVISOR)
        if co:
            held.add(R.CO_SUPERVISOR)
        if region in regions:
            held.add(R.DIRECTOR)
        if unit in heads:
            held.add(R.UNIT_HEAD)
    return found


def tasks_for(person: Person, today: date, *, directed: Iterable[int] | None = None) -> Tasks:
    """What the person must do now and what waits for others on the trainings they relate to,
    each list overdue first, then by date. `directed`: of the trainings held only as director,
    those to follow (the director's page of residents); None follows them all. A region has
    hundreds of residents: following all of them on every start page costs seconds (issue 15
    measures it), so the start page follows the page shown."""
    held = relation_map(person)
    if directed is not None:
        shown = set(directed)
        held = {pk: rel for pk, rel in held.items() if rel != {R.DIRECTOR} or pk in shown}
    trainings = with_findings(
        trainings_for_follow_up(Training.objects.filter(pk__in=list(held))), today
    )
    by_pk = {t.pk: t for t in trainings}
    found: list[Task] = []
    for training in trainings:
        found.extend(_finding_tasks(training, held[training.pk]))
    found.extend(_signatures(by_pk, held))
    found.extend(_confirmations(person, by_pk, held))
    found.extend(_assessments(person, by_pk, held))
    found.extend(_unit_head_steps(by_pk, held))
    found.extend(_application_certificates(by_pk, held, today))
    awaited = access.distance_approvals_awaited(person, today)
    found.extend(_distance(awaited))
    for task in found:
        task.waiting_for = [_(RELATION_NAMES[r]) for r in RELATION_ORDER if r in task.actors]
    found.sort(key=lambda task: task.sort_key)
    return Tasks(
        mine=[t for t in found if t.mine],
        # What waits for others is shown where the person is close to the training: their own,
        # the residents they supervise or head; not every resident of a director's region (the
        # table of residents counts those).
        others=[t for t in found if not t.mine and held.get(t.training.pk, set()) - {R.DIRECTOR}],
        trainings=trainings,
        relations=held,
        distance_awaited=awaited,
    )


RELATION_ORDER = (
    R.RESIDENT,
    R.MAIN_SUPERVISOR,
    R.CO_SUPERVISOR,
    R.UNIT_HEAD,
    R.MEDICAL_ADVISER,
    R.DIRECTOR,
    R.RESEARCH_SUPERVISOR,
)


def _finding_tasks(training: Training, held: set[Relation]) -> Iterable[Task]:
    for finding in getattr(training, "findings", []):
        actors = actors_of(training, finding)
        yield Task(
            training=training,
            text=finding.message,
            url=finding_url(training, finding),
            label=finding_label(finding),
            actors=actors,
            due=finding.due,
            rule=finding.rule,
            overdue=str(finding.severity) == "overdue",
            mine=bool(actors & held),
        )


SIGN_TEXTS = {
    DocumentKind.TRAINING_PLAN: gettext_noop("Sign the training plan, version %(number)d."),
    DocumentKind.AGREEMENT: gettext_noop("Sign the agreement, version %(number)d."),
}


def _signatures(by_pk: dict[int, Training], held: dict[int, set[Relation]]) -> Iterable[Task]:
    """Plan versions that wait for a signature (R2.3–R2.5): the newest version of each document,
    not yet established, once someone has signed it (a draft nobody has signed is still being
    written; its due date is the plan's milestone). Each signer role still missing is a task for
    the relation that signs as it (plans.services.SIGNER_RELATION)."""
    if not by_pk:
        return
    newest = (
        PlanVersion.objects.filter(training=OuterRef("training"), kind=OuterRef("kind"))
        .order_by("-number")
        .values("number")[:1]
    )
    newest_open = PlanVersion.objects.filter(
        training_id__in=list(by_pk), established_at__isnull=True, number=Subquery(newest)
    )
    versions = list(newest_open.only("training_id", "kind", "number"))
    # one query whether or not any version waits (a prefetch would be skipped when none does)
    signed_by_version: dict[int, list[Signature]] = {}
    for signature in Signature.objects.filter(version__in=newest_open.values("pk")):
        signed_by_version.setdefault(signature.version_id, []).append(signature)
    for version in versions:
        signatures = signed_by_version.get(version.pk, [])
        if not signatures:
            continue
        training = by_pk[version.training_id]
        signed = {s.role for s in signatures}
        missing = [r for r in _signers(training, version) if r not in signed]
        actors = frozenset(SIGNER_RELATION[SignerRole(r)] for r in missing)
        if not actors:
            continue
        page = PLAN if version.kind == DocumentKind.TRAINING_PLAN else "plans:agreement"
        yield Task(
            training=training,
            text=_(SIGN_TEXTS[DocumentKind(version.kind)]) % {"number": version.number},
            url=reverse(page, args=[training.pk]),
            label=_("Sign"),
            actors=actors,
            since=max(s.signed_at for s in signatures).date(),
            rule="R2.3" if version.kind == DocumentKind.TRAINING_PLAN else "R2.4",
            mine=bool(actors & held[training.pk]),
        )


def _signers(training: Training, version: PlanVersion) -> list[str]:
    """Whose signatures establish the version: a first version every signer the routine names
    (G R2.3: four; V R2.5: three), without a query; a later one perhaps only the revision's
    signers (R2.6, G 4.1.1: "revideras kontinuerligt, av handledare och ST-läkare"), as
    plans.services.requirement says (its own queries: revisions waiting for signatures are few)."""
    requirement = getattr(plan_services, "requirement", None)
    if version.number > 1 and requirement is not None:
        return [str(role) for role in requirement(training, version).roles]
    return [str(role) for role in plan_services.required_signers(training, version.kind)]


def _confirmations(
    person: Person, by_pk: dict[int, Training], held: dict[int, set[Relation]]
) -> Iterable[Task]:
    """Supervision entries the other side has still to confirm (R8.6, V: "En loggbok för
    handledning förs"): a supervisor confirms the resident's, the resident a supervisor's
    (portfolio.services.supervision_session_confirm)."""
    sessions = [
        session
        for pk, training in by_pk.items()
        if held[pk] & (SUPERVISORS | {R.RESIDENT})
        for session in training.supervision_sessions.all()  # prefetched
        if session.confirmed_at is None
    ]
    for session in sorted(sessions, key=lambda s: (s.held_on, s.pk)):
        training = by_pk[session.training_id]
        by_resident = session.written_by_id == training.resident_id
        actors = SUPERVISORS if by_resident else frozenset({R.RESIDENT})
        mine = bool(actors & held[training.pk]) and session.written_by_id != person.pk
        yield Task(
            training=training,
            text=_("Confirm the supervision session of %(day)s.") % {"day": session.held_on},
            url=reverse("portfolio:supervision", args=[training.pk]) + "#sessions",
            label=_(OPEN_SUPERVISION),
            actors=actors,
            since=session.held_on,
            rule="R8.6",
            mine=mine,
        )


def _assessments(
    person: Person, by_pk: dict[int, Training], held: dict[int, set[Relation]]
) -> Iterable[Task]:
    """Assessments asked of the person (R9.1), and assessors without an account that wait for
    the main supervisor's or the director's approval before the link goes out (issue 10)."""
    asked = Assessment.objects.filter(assessor=person, completed_at__isnull=True).select_related(
        "training__resident", "training__home_unit__region", "requested_by"
    )
    for item in asked:
        training = by_pk.get(item.training_id, item.training)
        yield Task(
            training=training,
            # Issue 12 item 7: two requests to the same person told apart, as the list says it.
            text=_("Fill in the assessment: %(label)s.") % {"label": assessment_label(item)},
            url=reverse("portfolio:assessment_complete", args=[item.pk]),
            label=_("Fill in"),
            actors=frozenset(),
            since=item.requested_at.date(),
            rule="R9.1",
            mine=True,
        )
    waiting = [
        item
        for pk, training in by_pk.items()
        if held[pk] & (VOUCHERS | {R.RESIDENT})
        for item in training.assessments.all()  # prefetched
        if item.awaits_approval and item.completed_at is None
    ]
    for item in waiting:
        training = by_pk[item.training_id]
        yield Task(
            training=training,
            text=_("Approve the assessor %(name)s for %(method)s.")
            % {"name": item.assessor_name, "method": item.method_name},
            url=reverse("portfolio:assessments", args=[training.pk]) + "#list",
            label=_(OPEN_ASSESSMENTS),
            actors=VOUCHERS,
            since=item.requested_at.date(),
            rule="R9.1",
            mine=bool(VOUCHERS & held[training.pk]),
        )


def _unit_head_steps(by_pk: dict[int, Training], held: dict[int, set[Relation]]) -> Iterable[Task]:
    """Where the region's routine asks it (V): the unit head's feedback on completed assessments
    (R9.4: "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!") and agreement
    to delmål judged met (R5.5: "vilket bedöms av handledare och verksamhetschef")."""
    heads = [pk for pk in by_pk if R.UNIT_HEAD in held[pk]]
    feedback = [pk for pk in heads if access.routine_asks(by_pk[pk], Action.FEED_BACK_ASSESSMENT)]
    agree = [pk for pk in heads if access.routine_asks(by_pk[pk], Action.AGREE_GOALS)]
    unit_head = frozenset({R.UNIT_HEAD})
    informed = [
        item
        for pk in feedback
        for item in by_pk[pk].assessments.all()  # prefetched
        if item.completed_at is not None and item.unit_head_informed_at is None
    ]
    if informed:
        for item in sorted(informed, key=lambda i: (i.completed_at, i.pk)):
            training = by_pk[item.training_id]
            completed = cast(datetime, item.completed_at).date()
            yield Task(
                training=training,
                text=_("Feedback on the assessment: %(method)s, %(day)s.")
                % {"method": item.method_name, "day": item.held_on or completed},
                url=reverse("portfolio:assessments", args=[training.pk]) + "#list",
                label=_(OPEN_ASSESSMENTS),
                actors=unit_head,
                since=completed,
                rule="R9.4",
                mine=True,
            )
    if agree:
        pending: dict[int, list[GoalProgress]] = {}
        for pk in agree:
            for progress in sorted(by_pk[pk].goal_progress.all(), key=lambda p: p.goal):
                if progress.status == GoalStatus.MET and progress.unit_head_agreed_at is None:
                    pending.setdefault(pk, []).append(progress)
        for pk, items in pending.items():
            training = by_pk[pk]
            yield Task(
                training=training,
                text=_("Agree that delmål %(codes)s are met.")
                % {"codes": ", ".join(p.goal for p in items)},
                url=reverse("portfolio:goals", args=[training.pk]),
                label=_(OPEN_GOALS),
                actors=unit_head,
                since=min(p.judged_at for p in items).date(),
                rule="R5.5",
                mine=True,
            )


def _distance(awaited: list[Training]) -> Iterable[Task]:
    """R8.5 (G 5.1.2): "om chef inte är läkare i samråd med medicinsk rådgivare på
    hälsocentralen": the medical adviser's approvals (access.distance_approvals_awaited)."""
    for training in awaited:
        yield Task(
            training=training,
            text=_("Approve supervision at a distance."),
            url=reverse("portfolio:supervision", args=[training.pk]) + "#distance",
            label=_(OPEN_SUPERVISION),
            actors=frozenset({R.MEDICAL_ADVISER}),
            rule="R8.5",
            mine=True,
        )


# Issue 13: the certificate each signer confirms last, which stands for their part of the
# application (application.drafts): the main supervisor's achieved competence, and the unit
# head's agreement to it.
LAST_CERTIFICATE = {R.MAIN_SUPERVISOR: "achieved", R.UNIT_HEAD: "achieved:second"}


def _application_certificates(
    by_pk: dict[int, Training], held: dict[int, set[Relation]], today: date
) -> Iterable[Task]:
    """From the months before the projected completion at which the routine has the delmål
    judged (R5.5, `goals_judged_months_before`), the main supervisor and the unit head confirm
    the certificates of the application to Socialstyrelsen; the task stays until their last one
    (achieved competence) is confirmed; the resident sees it waiting for them. One query for
    every training shown."""
    near_end = {
        pk: training
        for pk, training in by_pk.items()
        if held[pk] & {R.RESIDENT, *LAST_CERTIFICATE} and _near_end(training, today)
    }
    if not near_end:
        return
    confirmed = set(
        CertificateConfirmation.objects.filter(
            training_id__in=list(near_end), key__in=list(LAST_CERTIFICATE.values())
        ).values_list("training_id", "key")
    )
    for pk, training in near_end.items():
        for relation, key in LAST_CERTIFICATE.items():
            if (pk, key) not in confirmed:
                yield Task(
                    training=training,
                    text=_(
                        "Confirm the certificates of the application for the specialist "
                        "certificate."
                    ),
                    url=reverse("application:package", args=[pk]) + "#documents",
                    label=_("Open the application"),
                    actors=frozenset({relation}),
                    due=training.timeline.projected_completion if training.timeline else None,
                    rule="R5.5",
                    mine=relation in held[pk],
                )


def _near_end(training: Training, today: date) -> bool:
    timeline = getattr(training, "timeline", None)
    months = profile_of(training).final_evaluation.goals_judged_months_before
    if timeline is None or months is None:
        return False
    return today >= add_months(timeline.projected_completion, -months)
