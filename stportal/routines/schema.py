"""The shape of a region's routine profile (one TOML file per region).

Every top-level entry cites the rules it carries (R-codes of docs/rules.md) and the routine's
section it was read from (`ref`, e.g. "G 4.1.5"). Each *value* is the routine's own unless the
entry lists it in `assumed = ["field", …]`, with the reason in its `[entry.why]` table (issue 11:
"Mark each value, not each section"); the schema refuses an assumed name that is no field of the
entry, an assumed field without a reason and a reason for a field not assumed. A region's routine
that says nothing about a topic keeps the entry with `enabled = false` (or without the optional
values), so a missing entry is always a mistake; a value the routine does not state is left out
rather than copied from another region.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from stportal.routines.vocabulary import (
    REGULATIONS,
    AnnualReviewPart,
    DistanceApprover,
    Regulation,
    ReviewableKind,
    Signer,
    StudyTimeArrangement,
)

__all__ = ["REGULATIONS", "Regulation", "Signer"]

MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
Positive = Annotated[int, Field(ge=1)]
NonNegative = Annotated[int, Field(ge=0)]
_RULE = re.compile(r"^R\d{1,2}\.\d{1,2}$")


def _check_rule_codes(codes: list[str]) -> list[str]:
    bad = [code for code in codes if not _RULE.match(code)]
    if bad or not codes:
        raise ValueError(f"rules must be R-codes like 'R1.3' (got {codes!r})")
    return codes


def _check_range(pair: list[int]) -> list[int]:
    if pair[0] > pair[1]:
        raise ValueError(f"a range's first value must not exceed its second (got {pair})")
    return pair


RuleCodes = Annotated[list[str], AfterValidator(_check_rule_codes)]
# A range [low, high] such as "4–6 a year" or "2–3 months before".
Range = Annotated[
    list[NonNegative], Field(min_length=2, max_length=2), AfterValidator(_check_range)
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# An entry's own bookkeeping, not values read off a routine.
ENTRY_META_FIELDS = frozenset({"rules", "ref", "assumed", "why", "note"})


class ProfileValue(Strict):
    """One value of a profile as the pages show it: the routine's own (with the routine's section
    reference) or assumed by us (with the reason)."""

    entry: str
    field: str
    value: object
    assumed: bool
    ref: str
    why: str


def _check_assumed(model: BaseModel, assumed: list[str], why: dict[str, str]) -> None:
    """Every assumed name is a value field of the model, with a reason; every reason is for an
    assumed field."""
    fields = set(type(model).model_fields) - ENTRY_META_FIELDS
    unknown = [name for name in assumed if name not in fields]
    if unknown:
        raise ValueError(
            f"assumed names no field of this entry: {', '.join(unknown)}"
            f" (fields: {', '.join(sorted(fields))})"
        )
    missing = [name for name in assumed if not why.get(name, "").strip()]
    if missing:
        raise ValueError(f"why gives no reason for assumed {', '.join(missing)}")
    stray = [name for name in why if name not in assumed]
    if stray:
        raise ValueError(f"why explains {', '.join(stray)}, which assumed does not list")


class Entry(Strict):
    rules: RuleCodes
    ref: str = ""  # the routine's section the entry's own values come from, e.g. "G 4.1.5"
    assumed: list[str] = []  # fields of this entry that are our choice, not the routine's
    why: dict[str, str] = {}  # the reason for each assumed field
    note: str = ""

    @model_validator(mode="after")
    def _assumed_fields_exist(self) -> Entry:
        _check_assumed(self, self.assumed, self.why)
        return self

    def is_assumed(self, field: str) -> bool:
        return field in self.assumed

    def values(self, entry: str) -> list[ProfileValue]:
        """The entry's values the profile states (defaults left out), each marked the routine's
        own (with `ref`) or assumed (with the reason)."""
        rows = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name in ENTRY_META_FIELDS or name not in self.model_fields_set or value is None:
                continue
            assumed = name in self.assumed
            rows.append(
                ProfileValue(
                    entry=entry,
                    field=name,
                    value=value,
                    assumed=assumed,
                    ref="" if assumed else self.ref,
                    why=self.why.get(name, ""),
                )
            )
            # Items of a list that mark values of their own (an assessment method's frequency).
            for item in value if isinstance(value, list) else []:
                for sub in getattr(item, "assumed", []):
                    rows.append(
                        ProfileValue(
                            entry=entry,
                            field=f"{name}.{getattr(item, 'code', '?')}.{sub}",
                            value=getattr(item, sub),
                            assumed=True,
                            ref="",
                            why=item.why[sub],
                        )
                    )
        return rows


class Meta(Strict):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    name: str
    source: str
    revised: str | None = None  # the routine's own revision date; None where it states none


class RequiredMonths(Entry):
    by_regulation: dict[Regulation, Positive]

    @model_validator(mode="after")
    def _every_regulation(self) -> RequiredMonths:
        missing = [r for r in REGULATIONS if r not in self.by_regulation]
        if missing:
            raise ValueError(f"by_regulation lacks {', '.join(missing)}")
        return self


class AbsenceReview(Entry):
    threshold_days: Positive
    reviewable_kinds: list[ReviewableKind]


# R2.6 (issue 12): the parts of an established plan a revision may change (plans/revisions.py
# tells which parts two versions differ in). "main_supervisor" is the training's main supervisor
# having changed since the version in force was signed.
PlanPart = Literal[
    "goals",  # a delmål added to or removed from the plan (its first or last activity)
    "activities",
    "assessments",
    "notes",
    "study_time",
    "overall_goals",
    "supervision",
    "courses",
    "year_plan",
    "main_supervisor",
]


class SignedDocument(Entry):
    name: str
    due_months: Positive
    signers: list[Signer]
    after_plan_and_time_plan: bool = False
    # R2.6: once established, a revision that changes only `revision_may_change` is established
    # by `revision_signers`; any other revision by all `signers` again. Empty: all, always.
    revision_signers: list[Signer] = []
    revision_may_change: list[PlanPart] = []

    @model_validator(mode="after")
    def _revision_signers_sign(self) -> SignedDocument:
        stray = [role for role in self.revision_signers if role not in self.signers]
        if stray:
            raise ValueError(f"revision_signers must be signers too (not {', '.join(stray)})")
        return self


class Interval(Entry):
    enabled: bool
    interval_months: Positive | None = None


class StudyTime(Entry):
    minutes_per_week: Positive
    pro_rata: bool
    arrangements: list[StudyTimeArrangement]
    applies_during: Literal["clinical_days", "home_unit_placement"]
    summer_included: bool
    paused_in_weeks_with_other_education: bool
    paused_when_off_more_than_days: NonNegative | None = None
    st_day_only_week_keeps_it: bool
    development_share_percent: Annotated[int, Field(ge=1, le=100)] | None = None
    # R3.3: the least time a lecture or seminar takes to count as "annan typ av teoretisk
    # utbildning" that pauses the week's study time (a token entry does not).
    other_education_min_minutes: NonNegative = 0


class WrittenWork(Entry):
    weeks: Positive | None = None
    plan_by_share_of_training: Annotated[float, Field(gt=0, le=1)] | None = None
    after_course: str | None = None
    scientific_supervisor_required: bool
    oral_presentation: bool
    # R4.3/R4.5: the routine asks the written work of HSLF-FS 2021:8 residents too (V's "bör
    # planeras senast halvvägs" names no regulation); otherwise only with the exam planned.
    required_2021: bool = False


class QualityWork(Entry):
    working_days: Positive | None = None
    plan_early: bool
    plan_by_months: Positive | None = None  # "planned early" (V R4.5): by this many months
    deepened_recommended_2021: bool


class Exam(Entry):
    optional: bool
    paid_leave_weeks: Positive | None = None
    funded: bool


class MittIST(Entry):
    mandatory: bool
    registration_months_before_completion: Positive
    register_in_year: Positive | None = None
    take_part_in_year: Positive | None = None


class FinalEvaluation(Entry):
    enabled: bool
    window_months_before_completion: Range | None = None
    # R5.5: from how many months before the projected completion the delmål not yet judged met
    # are findings (the application needs them all).
    goals_judged_months_before: Positive | None = None
    not_needed_with_exam: bool = True
    # R5.5: who judges every delmål met before the application (rules/readiness.py); V: "vilket
    # bedöms av handledare och verksamhetschef". The supervisor alone unless the routine says so.
    goals_judged_by: list[Literal["supervisor", "unit_head"]] = ["supervisor"]

    @model_validator(mode="after")
    def _window_when_enabled(self) -> FinalEvaluation:
        if self.enabled and self.window_months_before_completion is None:
            raise ValueError("window_months_before_completion is needed when enabled")
        return self


class Toggle(Entry):
    enabled: bool


class AnnualReview(Entry):
    interval_months: Positive
    parts: list[AnnualReviewPart]


class Days(Entry):
    days: Positive


class RotationContact(Entry):
    lead_months: Range
    form_name: str | None = None


class HomeUnitPeriods(Entry):
    enabled: bool
    start_months: Positive | None = None
    end_months: Positive | None = None
    rotation_years: Range | None = None
    tolerance_days: NonNegative | None = None  # "about a year": how far a rotation may reach


class HomeReturnDays(Entry):
    per_month: Positive | None = None
    for_rotations_longer_than_weeks: Positive | None = None
    supervision_on_home_return_days: bool


class ExternalRotation(Entry):
    max_months: Positive
    only_rural: bool


class Auskultation(Entry):
    max_weeks_during_home_unit: Positive | None = None


class RotationSupervisor(Entry):
    """R6.4: the rotation's supervisor, named by the receiving unit, certifies it afterwards."""

    named_before_start: bool  # G 4.1.5: "meddela vem som ska vara handledare före … start"
    certificate_after: bool  # a certificate of the clinical service after the rotation


class RotationCosts(Entry):
    # None: the routine says nothing (V); G 4.1.5 states both.
    travel_or_housing_not_both: bool | None = None
    per_diem: bool | None = None


class EducationAccount(Entry):
    # None: the routine says nothing (V names no account; issue 11 removed the rules copied
    # from G).
    individual_account: bool | None = None
    apply_to_director_in_tool: bool | None = None
    discuss_with_supervisor_first: bool | None = None
    employer_tasks_charged: bool | None = None
    funded_once: list[str]
    funded_yearly: list[str]
    funded_other: list[str] = []  # paid, how often not stated (V: Mellansvenskt läkemedelsforum)
    # V R7.4: "under förutsättningen att ST-läkaren beviljas ledighet av sin verksamhetschef och
    # godkännande från studierektorer": what funding of the other activities requires. Data only;
    # no rule reads it yet.
    funding_requires: list[Literal["unit_head_leave", "director_approval"]] = []


class Course(Strict):
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: str
    mandatory: bool
    years: Range | None = None
    goals_2015: list[str]
    goals_2021: list[str]


class Courses(Entry):
    catalogue: list[Course]

    @model_validator(mode="after")
    def _unique_codes(self) -> Courses:
        codes = [course.code for course in self.catalogue]
        duplicated = sorted({code for code in codes if codes.count(code) > 1})
        if duplicated:
            raise ValueError(f"course codes must be unique (repeated: {', '.join(duplicated)})")
        return self


class SummerPeriod(Strict):
    start: MonthDay
    end: MonthDay


class Supervision(Entry):
    min_minutes_per_week: Positive
    summer_relaxed: bool
    summer: SummerPeriod | None = None
    # In the summer window: at most this many weeks at work in a row without a session (R8.4, G:
    # sparser "men ska även då ske kontinuerligt och vara schemalagd").
    summer_max_weeks_between: Positive | None = None
    more_at_start: bool


class DistanceSupervision(Entry):
    requires_approval: bool
    approvers: list[DistanceApprover]
    earliest_training_year: Positive | None = None
    # G R8.5: "i samråd med närmaste chef (om chef inte är läkare i samråd med medicinsk
    # rådgivare på hälsocentralen)": who approves in the unit head's place when the unit head
    # is not a doctor (rules.supervision.distance_approvers). Held by the unit role
    # people.Role.MEDICAL_ADVISER of the training's home unit (access.Relation.MEDICAL_ADVISER).
    unit_head_if_not_doctor: Literal["medical_adviser"] | None = None


class Years(Entry):
    years: Positive


class MainSupervisor(Entry):
    """R8.2/R8.3 (G 5.1.2): "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare
    (specialist i allmänmedicin) utses inför ST-tjänstgöringens start"; the supervisor training
    "ska innehålla information om den för ST-läkaren aktuella målbeskrivningen"."""

    specialty: Literal["general_practice"]
    appointed_by: Literal["unit_head"]
    appointed_before_start: bool
    training_covers_curriculum: bool


class DevelopmentShare(Entry):
    """R3.1 (G 4.1.2): "Cirka 20 % av den totala tjänstgöringstiden ska anslås till
    kompetensutveckling" -- shown as information, not checked as a requirement."""

    percent: Positive


class RotationAbsence(Entry):
    """R6.11/R6.12 (V): absence during a rotation reported to both the clinic and the unit
    head; who watches the resident's incoming results during rotations and absence is named."""

    reported_to_clinic_and_unit_head: bool
    results_watcher_named: bool


class AssessmentMethod(Strict):
    code: Literal[
        "sit_in",
        "assessment_360",
        "st_colloquium",
        "record_review",
        "lecture_feedback",
        "mini_cex",
        "cbd",
        "dops",
    ]
    name: str
    per_year: Range | None = None
    per_month: Range | None = None  # R9.2 (V): record review "några gånger/månad"
    # Methods whose assessments count towards this one's frequency (V: "360 grader alt
    # ST-kollegium").
    counts_with: list[str] = []
    note: str = ""
    # As an entry's: the values of this method that are our reading (issue 11), with reasons.
    assumed: list[str] = []
    why: dict[str, str] = {}

    @model_validator(mode="after")
    def _assumed_fields_exist(self) -> AssessmentMethod:
        _check_assumed(self, self.assumed, self.why)
        return self


class Assessments(Entry):
    per_year: Range
    methods: list[AssessmentMethod]
    # V R9.4: "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!" and
    # "Regelbunden avstämning mellan ST-läkare och verksamhetschef på vårdcentralen
    # rekommenderas." They open the unit head's feedback and check-in forms (access.ROUTINE_ASKS).
    unit_head_feedback: bool = False
    unit_head_check_ins_recommended: bool = False

    def method_names(self) -> dict[str, str]:
        """The region's name of each method, by code."""
        return {method.code: method.name for method in self.methods}


class PatientList(Entry):
    start: Range | None = None
    growth_per_year: Positive | None = None
    last_half_year: Range | None = None
    specialist_full_list: Positive | None = None
    pro_rata: bool
    description: str
    # R10.1 (G 5.1.1) "ca 500-600 patienter", "ca 150 patienter om året": how far (percent of
    # the range's end) a list may lie outside the range and still be "ca" (rules.clinical_work).
    tolerance_percent: NonNegative | None = None
    # How old the latest recorded size may be before the current one is asked for (months); the
    # routine's list grows "ca 150 patienter om året", so a size a year old says little.
    recount_months: Positive | None = None


class OnCall(Entry):
    begin_in_year: Positive | None = None
    standby_in_second_half: bool
    # G 5.1.3: "Möjlighet att gå dubbelt med handledare eller annan specialistkompetent läkare
    # ska erbjudas under ett par tillfällen." Read by stportal.rules.clinical_work (R10.2).
    double_shifts_offered: bool = False


class StartSeminar(Entry):
    """R2.2/R2.8: the start seminar. G 4.1.1: the IUP "ska upprättas … på ett startseminarium,
    ungefär 6 månader in i tjänstgöringen"; V: "Startseminarium ST – för nya ST-läkare … med sina
    handledare … planera din sidotjänstgöring på planeringsmallen samt upprätta en individuell
    utbildningsplan (IUP)", "Anordnas av studierektor". Data only; no rule reads it yet (the IUP's
    due date is training_plan.due_months)."""

    enabled: bool
    about_months_after_start: Positive | None = None
    with_supervisors: bool = False
    plan_drawn_up: bool = False
    rotations_planned: bool = False
    arranged_by_director: bool = False


class StDays(Entry):
    mandatory: bool
    county_days_per_year: Positive | None = None
    summer_break: bool
    absence_reported_to: list[Literal["unit_head", "director"]]


class YearPlanStep(Strict):
    years: Range
    items: list[str]


class YearPlan(Entry):
    steps: list[YearPlanStep]


class Milestones(Entry):
    warning_days: Positive


class RoutineProfile(Strict):
    """One region's routine, value by value (docs/profiles.md)."""

    def values(self) -> list[ProfileValue]:
        """Every value set, entry by entry, marked the routine's own or assumed (issue 11)."""
        rows: list[ProfileValue] = []
        for name in type(self).model_fields:
            entry = getattr(self, name)
            if isinstance(entry, Entry):
                rows.extend(entry.values(name))
        return rows

    meta: Meta
    required_months: RequiredMonths
    start_seminar: StartSeminar
    absence_review: AbsenceReview
    training_plan: SignedDocument
    agreement: SignedDocument
    director_involvement: Interval
    study_time: StudyTime
    written_work: WrittenWork
    quality_work: QualityWork
    exam: Exam
    mitt_i_st: MittIST
    final_evaluation: FinalEvaluation
    closing_conversation: Toggle
    annual_review: AnnualReview
    milestones: Milestones
    rotation_contact: RotationContact
    home_unit_periods: HomeUnitPeriods
    home_return_days: HomeReturnDays
    external_rotation: ExternalRotation
    auskultation: Auskultation
    rotation_supervisor: RotationSupervisor
    rotation_costs: RotationCosts
    education_account: EducationAccount
    courses: Courses
    supervision: Supervision
    distance_supervision: DistanceSupervision
    supervisor_training_valid: Years
    main_supervisor: MainSupervisor | None = None  # R8.2/R8.3 (issue 11)
    development_share: DevelopmentShare | None = None  # R3.1, G only
    rotation_absence: RotationAbsence | None = None  # R6.11/R6.12, V only
    specialist_on_site: Toggle
    assessments: Assessments
    patient_list: PatientList
    on_call: OnCall
    unit_approval: Interval
    spur: Interval
    st_days: StDays
    year_plan: YearPlan
