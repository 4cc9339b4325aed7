"""The domain's lists, each defined once (issue 9): the codes the routine profiles, the timeline,
the rule checks and the stored data share. Each list is a Literal type with its values as a tuple
(`typing.get_args`); the Django apps take their choices from these tuples and add the labels
(tests/test_vocabulary.py keeps them equal). Pure Python, no Django."""

from __future__ import annotations

from typing import Literal, get_args

# The regulations a training follows (SOSFS 2015:8 and HSLF-FS 2021:8 with BT).
Regulation = Literal["SOSFS 2015:8", "HSLF-FS 2021:8"]
REGULATIONS: tuple[Regulation, ...] = get_args(Regulation)

# Who signs a training plan or an agreement (R2.2–R2.5), by the routine of each region.
Signer = Literal["resident", "main_supervisor", "unit_head", "director"]
SIGNERS: tuple[Signer, ...] = get_args(Signer)

# Kinds of absence (R1.2–R1.4): those that count as service, those that extend the ST, and those
# whose long spells the unit head or director decides on (R1.3).
CountingKind = Literal["vacation", "flex", "on_call_comp"]
NonCountingKind = Literal["parental_leave", "leave_of_absence"]
ReviewableKind = Literal["sick_leave", "care_of_child"]
AbsenceKind = Literal[CountingKind, NonCountingKind, ReviewableKind]
ABSENCE_KINDS: tuple[AbsenceKind, ...] = get_args(AbsenceKind)
COUNTING_KINDS: frozenset[str] = frozenset(get_args(CountingKind))  # R1.4
NON_COUNTING_KINDS: frozenset[str] = frozenset(get_args(NonCountingKind))  # R1.2
REVIEWABLE_KINDS: frozenset[str] = frozenset(get_args(ReviewableKind))  # R1.3

# Kinds of activity a training plan prescribes for a delmål.
ActivityKind = Literal[
    "clinical_service",  # service at the home unit (primary care)
    "rotation",  # service at another unit (sidotjänstgöring)
    "auskultation",
    "course",
    "quality_work",  # quality and development work
    "written_work",
    "teaching",
    "other",
]
ACTIVITY_KINDS: tuple[ActivityKind, ...] = get_args(ActivityKind)

# How the weekly study time is taken (R3.2).
StudyTimeArrangement = Literal["weekly", "every_other_week", "two_days_a_month"]
STUDY_TIME_ARRANGEMENTS: tuple[StudyTimeArrangement, ...] = get_args(StudyTimeArrangement)

# The parts of an annual review, each written and signed by its author (R9.3, R9.4, R2.6).
AnnualReviewPart = Literal["resident_report", "supervisor_statement", "director_review"]
ANNUAL_REVIEW_PARTS: tuple[AnnualReviewPart, ...] = get_args(AnnualReviewPart)

# Who approves supervision at a distance (R8.5). Each is a relation the portal knows a person to
# have to a training (stportal.access); a profile naming any other code is refused at start-up
# (the schema types its approvers with this Literal) rather than left with an approval nobody can
# give. G 5.1.2: "i samråd med närmaste chef (om chef inte är läkare i samråd med medicinsk
# rådgivare på hälsocentralen)": the medical adviser of the training's home unit (the unit role
# people.Role.MEDICAL_ADVISER) approves in the unit head's place where the unit head is recorded
# as not a doctor (rules.supervision.distance_approvers).
DistanceApprover = Literal["director", "unit_head", "main_supervisor", "medical_adviser"]
DISTANCE_APPROVERS: tuple[DistanceApprover, ...] = get_args(DistanceApprover)
