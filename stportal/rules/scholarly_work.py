"""The written work and the quality work (R4.1, R4.3, R4.4, R4.5), pure.

Plain data in (the works recorded, the courses' dates, the resident's regulation and whether
they plan the specialist exam), findings out, each with its R-code. Moved out of
`stportal.rules.followup` (issue 11), which calls `scholarly_findings` from `follow_up`.

What the routines say, and how each is checked here:

- G 4.1.3 (R4.1): "Det skriftliga individuella arbetet, SOSFS 2015:8 delmål a5, ska göras under
  handledning av vetenskaplig handledare" and "Utöver skriftlig rapport ska arbetet presenteras
  muntligt i lämpligt forum, t.ex. på de månatliga ST-dagarna": a planned written work without a
  scientific supervisor, and a finished one without an oral presentation, are findings when the
  profile says so (`scientific_supervisor_required`, `oral_presentation`).
- G 4.1.3 (R4.3): "ST-läkaren ska enligt HSLF-FS 2021:8 delta i ett kvalitets- och
  utvecklingsarbete [...] men behöver inte göra ett skriftligt individuellt arbete. [...] Inför
  specialistexamen kommer det fortsatt att finnas ett krav på individuellt skriftligt arbete med
  allmänmedicinskt innehåll": under HSLF-FS 2021:8 the written work is required when the
  resident plans the exam (`Training.plans_exam`), in both regions (the exam is SFAM's).
- G 4.1.3 (R4.4): "Omfattning för det skriftliga, individuella arbetet enligt SOSFS 2015:8 är 10
  veckor inklusive forskningsmetodikurs samt för kvalitets- och utvecklingsarbetet 10
  arbetsdagar": the working days recorded on a work are shown against that extent, and more
  than it is a finding (the extent is what the ST sets aside for it).
- V (R4.5): "Vetenskapligt arbete bör planeras senast halvvägs på ST och efter genomförd kurs
  Vetenskapsmetodik" and "Kvalitets- och utvecklingsarbete bör planeras tidigt": the planning
  deadlines of the profile, and the plan dated after the course's last day (not only the course
  recorded). The sentence names no regulation, so under HSLF-FS 2021:8 it applies too when the
  profile says so (`required_2021`).
- Both: a work the regulation requires is a delmål (SOSFS 2015:8 a4/a5; HSLF-FS 2021:8's quality
  work), and every delmål is met before the application (R5.5). G's routine sets no planning
  date at all, so its only deadline is that one: the work finished (`completed_on`) by the
  projected completion, warned about the extent plus the warning days before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.timeline.dates import add_months
from stportal.timeline.findings import Finding, Severity
from stportal.timeline.findings import finding as _finding
from stportal.timeline.text import _

WRITTEN = "written_work"
QUALITY = "quality_work"
WORKING_DAYS_A_WEEK = 5


@dataclass(frozen=True)
class Work:
    """One recorded work: its kind, when its plan was agreed, whether a scientific supervisor is
    named, when it was presented and finished, and the working days spent on it."""

    kind: str
    planned_on: date | None = None
    supervisor: bool = False
    presented_on: date | None = None
    completed_on: date | None = None
    working_days: int | None = None
    goals: tuple[str, ...] = ()  # the delmål it is evidence for (R9.5)


@dataclass(frozen=True)
class ScholarlyFacts:
    as_of: date
    start: date
    completion: date
    regulation: str
    works: list[Work] = field(default_factory=list)
    course_ends: dict[str, date] = field(default_factory=dict)  # catalogue code -> last day
    courses_taken: set[str] = field(default_factory=set)
    plans_exam: bool = False


def required_kinds(profile: RoutineProfile, regulation: str, plans_exam: bool) -> list[str]:
    """The works the resident must do (R4.3): both under SOSFS 2015:8; under HSLF-FS 2021:8 the
    quality work, and the written work when the exam is planned or the routine asks it of
    everyone (`written_work.required_2021`)."""
    if not regulation.startswith("HSLF"):
        return [WRITTEN, QUALITY]
    if plans_exam or profile.written_work.required_2021:
        return [WRITTEN, QUALITY]
    return [QUALITY]


def extent_days(profile: RoutineProfile, kind: str) -> int | None:
    """The working days the routine sets aside for the work (R4.4), or None."""
    if kind == WRITTEN:
        weeks = profile.written_work.weeks
        return None if weeks is None else weeks * WORKING_DAYS_A_WEEK
    return profile.quality_work.working_days


def plan_deadline(profile: RoutineProfile, facts: ScholarlyFacts, kind: str) -> date | None:
    """R4.5: the routine's date for the agreed plan, or None when it gives none (G)."""
    if kind == WRITTEN:
        share = profile.written_work.plan_by_share_of_training
        if share is None:
            return None
        return facts.start + timedelta(days=int((facts.completion - facts.start).days * share))
    months = profile.quality_work.plan_by_months
    if not months:
        return None
    return add_months(facts.start, months)


def _rule(profile: RoutineProfile, kind: str, wanted: str | None = None) -> str:
    rules = profile.written_work.rules if kind == WRITTEN else profile.quality_work.rules
    if wanted is not None and wanted in rules:
        return wanted
    return rules[0]


def _name(kind: str) -> str:
    return _("The written work") if kind == WRITTEN else _("The quality work")


def scholarly_findings(profile: RoutineProfile, facts: ScholarlyFacts) -> list[Finding]:
    """Every finding about the written work and the quality work, by due date."""
    works = {work.kind: work for work in facts.works}
    required = required_kinds(profile, facts.regulation, facts.plans_exam)
    found = [
        *_after_course(profile, facts, works.get(WRITTEN)),
        *_unplanned(profile, facts, works, required),
        *_unfinished(profile, facts, works, required),
        *_supervisor(profile, works.get(WRITTEN)),
        *_presentation(profile, facts, works.get(WRITTEN)),
        *_extent(profile, facts, works),
    ]
    return sorted(found, key=lambda finding: finding.due)


def _after_course(
    profile: RoutineProfile, facts: ScholarlyFacts, work: Work | None
) -> Iterator[Finding]:
    """R4.5 (V): the plan agreed after the course Vetenskapsmetodik, by the course's date."""
    after = profile.written_work.after_course
    if not after or work is None or work.planned_on is None:
        return
    course = next((c.name for c in profile.courses.catalogue if c.code == after), after)
    ended = facts.course_ends.get(after)
    if after not in facts.courses_taken:
        message = _(
            "The written work is planned before the course %(course)s is recorded; it is "
            "planned after that course. Record the course, or review the plan after it."
        ) % {"course": course}
    elif ended is not None and ended >= work.planned_on:
        message = _(
            "The written work's plan (%(planned)s) was agreed before the course %(course)s ended "
            "(%(ended)s); it is planned after that course. Review the plan now."
        ) % {"planned": work.planned_on, "course": course, "ended": ended}
    else:
        return
    yield _finding(
        "written_work_before_course",
        _rule(profile, WRITTEN, "R4.5"),
        work.planned_on,
        message,
        kind=WRITTEN,
    )


def _unplanned(
    profile: RoutineProfile, facts: ScholarlyFacts, works: dict[str, Work], required: list[str]
) -> Iterator[Finding]:
    """R4.5 (V): the works planned by the routine's deadlines."""
    for kind in required:
        deadline = plan_deadline(profile, facts, kind)
        work = works.get(kind)
        if deadline is None or (work is not None and work.planned_on is not None):
            continue
        if (deadline - facts.as_of).days > profile.milestones.warning_days:
            continue
        message = _("%(work)s is to be planned by %(due)s; no agreed plan is recorded.") % {
            "work": _name(kind),
            "due": deadline,
        }
        severity = Severity.OVERDUE if deadline < facts.as_of else Severity.WARNING
        yield _finding(
            "scholarly_work_unplanned",
            _rule(profile, kind, "R4.5"),
            deadline,
            message,
            severity,
            kind=kind,
        )


def _unfinished(
    profile: RoutineProfile, facts: ScholarlyFacts, works: dict[str, Work], required: list[str]
) -> Iterator[Finding]:
    """R4.1/R4.3 with R5.5: a required work finished by the projected completion; warned the
    routine's extent (R4.4) plus the warning days before it."""
    for kind in required:
        work = works.get(kind)
        if work is not None and work.completed_on is not None:
            continue
        extent = extent_days(profile, kind) or 0
        lead = timedelta(days=extent * 7 // WORKING_DAYS_A_WEEK + profile.milestones.warning_days)
        if facts.as_of < facts.completion - lead:
            continue
        if extent:
            text = _(
                "%(work)s is to be finished before the ST ends (projected %(due)s); it is not "
                "recorded as finished. Plan the time for it (%(days)d working days) and record "
                "it when done."
            )
        else:
            text = _(
                "%(work)s is to be finished before the ST ends (projected %(due)s); it is not "
                "recorded as finished. Plan the time for it and record it when done."
            )
        message = text % {"work": _name(kind), "due": facts.completion, "days": extent}
        severity = Severity.OVERDUE if facts.completion < facts.as_of else Severity.WARNING
        rule = "R4.3" if kind == QUALITY or facts.regulation.startswith("HSLF") else None
        yield _finding(
            "scholarly_work_unfinished",
            _rule(profile, kind, rule),
            facts.completion,
            message,
            severity,
            kind=kind,
        )


def _supervisor(profile: RoutineProfile, work: Work | None) -> Iterator[Finding]:
    """R4.1 (G): the written work under a scientific supervisor, named once the plan is agreed."""
    if not profile.written_work.scientific_supervisor_required:
        return
    if work is None or work.planned_on is None or work.supervisor:
        return
    message = _(
        "The written work is done under a scientific supervisor (adequate scientific training, "
        "no PhD required); none is named. Name the scientific supervisor."
    )
    yield _finding(
        "written_work_without_supervisor",
        _rule(profile, WRITTEN, "R4.1"),
        work.planned_on,
        message,
        kind=WRITTEN,
    )


def _presentation(
    profile: RoutineProfile, facts: ScholarlyFacts, work: Work | None
) -> Iterator[Finding]:
    """R4.1 (G): the finished written work also presented orally (e.g. at an ST-day)."""
    if not profile.written_work.oral_presentation:
        return
    if work is None or work.completed_on is None or work.presented_on is not None:
        return
    message = _(
        "The written work is finished but not presented orally; present it in a suitable forum, "
        "e.g. at an ST-day, and record the date."
    )
    severity = Severity.OVERDUE if facts.completion < facts.as_of else Severity.WARNING
    yield _finding(
        "written_work_not_presented",
        _rule(profile, WRITTEN, "R4.1"),
        max(work.completed_on, min(facts.completion, facts.as_of)),
        message,
        severity,
        kind=WRITTEN,
    )


def _extent(
    profile: RoutineProfile, facts: ScholarlyFacts, works: dict[str, Work]
) -> Iterator[Finding]:
    """R4.4 (G): the working days recorded against the routine's extent."""
    for kind, work in works.items():
        extent = extent_days(profile, kind)
        if extent is None or work.working_days is None or work.working_days <= extent:
            continue
        message = _(
            "%(work)s: %(days)d working days recorded, more than the %(extent)d the routine sets "
            "aside for it. Agree the extra time with the supervisor and the unit head."
        ) % {"work": _name(kind), "days": work.working_days, "extent": extent}
        due = work.completed_on or facts.as_of
        yield _finding(
            "scholarly_work_over_extent", _rule(profile, kind, "R4.4"), due, message, kind=kind
        )
