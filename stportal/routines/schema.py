"""The shape of a region's routine profile (one TOML file per region).

Every top-level entry cites the rules it carries (R-codes of docs/rules.md) and says
whether its values are the region's own or assumed by us where the routine is vague. A region's
routine that says nothing about a topic keeps the entry with `enabled = false` (or without the
optional numbers), so a missing entry is always a mistake.
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


class Entry(Strict):
    rules: RuleCodes
    assumed: bool = False
    note: str = ""


class Meta(Strict):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    name: str
    source: str
    revised: str


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


class SignedDocument(Entry):
    name: str
    due_months: Positive
    signers: list[Signer]
    after_plan_and_time_plan: bool = False


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


class WrittenWork(Entry):
    weeks: Positive | None = None
    plan_by_share_of_training: Annotated[float, Field(gt=0, le=1)] | None = None
    after_course: str | None = None
    scientific_supervisor_required: bool
    oral_presentation: bool


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
    not_needed_with_exam: bool = True

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
    travel_or_housing_not_both: bool
    per_diem: bool


class EducationAccount(Entry):
    individual_account: bool
    apply_to_director_in_tool: bool
    discuss_with_supervisor_first: bool
    employer_tasks_charged: bool
    funded_once: list[str]
    funded_yearly: list[str]


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
    # is not a doctor (rules.supervision.distance_approvers). No portal role holds it yet.
    unit_head_if_not_doctor: Literal["medical_adviser"] | None = None


class Years(Entry):
    years: Positive


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


class Assessments(Entry):
    per_year: Range
    methods: list[AssessmentMethod]

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


class OnCall(Entry):
    begin_in_year: Positive | None = None
    standby_in_second_half: bool


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

    meta: Meta
    required_months: RequiredMonths
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
    specialist_on_site: Toggle
    assessments: Assessments
    patient_list: PatientList
    on_call: OnCall
    unit_approval: Interval
    spur: Interval
    st_days: StDays
    year_plan: YearPlan
