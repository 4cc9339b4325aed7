"""Follow-up: what is missing before it is late (issue 5; R3, R4, R7.4, R8.3, R8.4, R9).

Pure Python: facts about one resident in, findings (the timeline's Finding) out, each with its
rule, what was expected, what was found, what to do and by when.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.timeline.dates import add_months
from stportal.timeline.findings import Finding, Severity
from stportal.timeline.milestones import Milestone
from stportal.timeline.text import _, gettext_noop

RECENT_WEEKS = 4  # supervision is judged over the last four full weeks
STUDY_WEEKS = 12  # study time over the last twelve
WEEK = timedelta(days=7)
PART_NAMES = {
    "resident_report": gettext_noop("annual report"),
    "supervisor_statement": gettext_noop("supervisor's statement"),
    "director_review": gettext_noop("director's review"),
}


@dataclass(frozen=True)
class Facts:
    as_of: date
    start: date
    completion: date
    regulation: str
    supervision: list[tuple[date, int]] = field(default_factory=list)  # (date, minutes)
    weeks_away: set[date] = field(default_factory=set)  # Mondays of weeks not at work
    study_due: list[tuple[date, int]] = field(default_factory=list)  # (Monday, minutes due)
    study_taken: dict[date, int] = field(default_factory=dict)  # Monday -> minutes
    assessments: list[date] = field(default_factory=list)  # dates of completed assessments
    annual_reviews: list[Milestone] = field(default_factory=list)
    signed_parts: dict[int, set[str]] = field(default_factory=dict)  # year -> parts signed
    courses_taken: set[str] = field(default_factory=set)  # catalogue codes
    goals_unplanned: list[str] = field(default_factory=list)  # codes with no planned activity
    goals_without_evidence: list[str] = field(default_factory=list)
    has_plan: bool = False
    scholarly_planned: dict[str, date | None] = field(default_factory=dict)  # kind -> planned_on
    supervisors: list[tuple[str, date | None]] = field(default_factory=list)  # name, trained on


def follow_up(profile: RoutineProfile, facts: Facts) -> list[Finding]:
    found = [
        *_supervision(profile, facts),
        *_study_time(profile, facts),
        *_assessments(profile, facts),
        *_annual_reviews(profile, facts),
        *_courses(profile, facts),
        *_goals(facts),
        *_scholarly(profile, facts),
        *_supervisor_training(profile, facts),
    ]
    return sorted(found, key=lambda finding: finding.due)


def _finding(
    code: str,
    rule: str,
    due: date,
    message: str,
    severity: Severity = Severity.WARNING,
    **subject: object,
) -> Finding:
    return Finding(code, rule, severity, due, message, dict(subject))


def _recent_weeks(as_of: date, count: int) -> list[date]:
    """The Mondays of the last `count` full weeks before the running one."""
    this_week = as_of - timedelta(days=as_of.weekday())
    return [this_week - WEEK * n for n in range(count, 0, -1)]


def _in_summer(profile: RoutineProfile, week: date) -> bool:
    summer = profile.supervision.summer
    if not profile.supervision.summer_relaxed or summer is None:
        return False
    day = f"{week.month:02d}-{week.day:02d}"
    return summer.start <= day <= summer.end


def _supervision(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R8.4: at least the routine's minutes a week, over recent weeks at work."""
    weeks = [
        w
        for w in _recent_weeks(facts.as_of, RECENT_WEEKS)
        if w >= facts.start and w not in facts.weeks_away and not _in_summer(profile, w)
    ]
    if not weeks:
        return
    first, after = weeks[0], weeks[-1] + WEEK
    got = sum(m for day, m in facts.supervision if first <= day < after)
    expected = profile.supervision.min_minutes_per_week * len(weeks)
    if got < expected:
        message = _(
            "Supervision: %(expected)d minutes expected over the last %(weeks)d weeks at work, "
            "%(got)d logged. Schedule supervision every week and log it."
        ) % {"expected": expected, "weeks": len(weeks), "got": got}
        yield _finding(
            "supervision_below_minimum", profile.supervision.rules[0], facts.as_of, message
        )


def _study_time(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R3.2–R3.5: study time taken against what is due, over recent weeks."""
    recent = set(_recent_weeks(facts.as_of, STUDY_WEEKS))
    due = sum(m for week, m in facts.study_due if week in recent)
    taken = sum(m for week, m in facts.study_taken.items() if week in recent)
    if due and taken < due:
        message = _(
            "Study time: %(due)d minutes due over the last %(weeks)d weeks, %(taken)d taken. "
            "Plan the study time in the schedule and record it."
        ) % {"due": due, "weeks": STUDY_WEEKS, "taken": taken}
        rules = profile.study_time.rules
        rule = next((r for r in rules if r in ("R3.2", "R3.5")), rules[0])  # the weekly rule
        yield _finding("study_time_below_due", rule, facts.as_of, message)


def _st_year(facts: Facts) -> tuple[int, date, date]:
    """The running ST year, its first day and the day it ends."""
    year = 1
    while add_months(facts.start, 12 * year) <= facts.as_of:
        year += 1
    return year, add_months(facts.start, 12 * (year - 1)), add_months(facts.start, 12 * year)


def _assessments(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R9.1: 4–6 assessments a year; fewer than the lower bound pro rata so far this year."""
    year, first, end = _st_year(facts)
    elapsed = (facts.as_of - first).days / max(1, (end - first).days)
    expected = int(profile.assessments.per_year[0] * elapsed)
    done = sum(1 for day in facts.assessments if first <= day <= facts.as_of)
    if done < expected:
        message = _(
            "Assessments: at least %(expected)d expected by now in ST year %(year)d "
            "(%(low)d–%(high)d a year), %(done)d done. Request an assessment."
        ) % {
            "expected": expected,
            "year": year,
            "low": profile.assessments.per_year[0],
            "high": profile.assessments.per_year[1],
            "done": done,
        }
        yield _finding("assessments_below_range", profile.assessments.rules[0], end, message)


def _annual_reviews(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R9.3, R9.4: each part of each year's review, due on the timeline's date."""
    warning = profile.milestones.warning_days
    for milestone in facts.annual_reviews:
        year = milestone.year or 0
        missing = [
            p for p in profile.annual_review.parts if p not in facts.signed_parts.get(year, set())
        ]
        days_left = (milestone.due - facts.as_of).days
        if not missing or days_left > warning:
            continue
        names = ", ".join(_(PART_NAMES[p]) for p in missing)
        if days_left < 0:
            message = _("Annual review, year %(year)d, was due %(due)s; missing: %(parts)s.")
            severity = Severity.OVERDUE
        else:
            message = _("Annual review, year %(year)d, is due %(due)s; missing: %(parts)s.")
            severity = Severity.WARNING
        yield _finding(
            "annual_review_due",
            profile.annual_review.rules[0],
            milestone.due,
            message % {"year": year, "due": milestone.due, "parts": names},
            severity,
            year=year,
        )


def _courses(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R7.4: mandatory courses in their suggested years."""
    year, _first, _end = _st_year(facts)
    for course in profile.courses.catalogue:
        if not course.mandatory or not course.years or course.code in facts.courses_taken:
            continue
        if year > course.years[1]:
            due = add_months(facts.start, 12 * course.years[1])
            message = _(
                "The mandatory course %(course)s was suggested for ST year %(years)s and is not "
                "recorded. Book it, or record it with its certificate."
            ) % {"course": course.name, "years": f"{course.years[0]}–{course.years[1]}"}
            yield _finding(
                "mandatory_course_missing",
                profile.courses.rules[0],
                due,
                message,
                course=course.code,
            )


def _goals(facts: Facts) -> Iterator[Finding]:
    """A delmål with nothing planned, or past halfway with no evidence yet."""
    if facts.has_plan and facts.goals_unplanned:
        message = _("No activity is planned for delmål %(codes)s. Add one to the training plan.")
        yield _finding(
            "goal_unplanned",
            "R2.2",
            facts.as_of,
            message % {"codes": ", ".join(facts.goals_unplanned)},
        )
    halfway = facts.start + (facts.completion - facts.start) / 2
    if facts.as_of >= halfway and facts.goals_without_evidence:
        message = _(
            "No evidence yet (course, assessment, certificate or work) for delmål %(codes)s, "
            "past halfway. Gather and link it."
        )
        yield _finding(
            "goal_without_evidence",
            "R9.5",
            facts.as_of,
            message % {"codes": ", ".join(facts.goals_without_evidence)},
        )


def _scholarly(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R4.3, R4.5: the works the regulation requires, planned by the routine's deadline."""
    required = (
        ["quality_work"]
        if facts.regulation.startswith("HSLF")
        else ["written_work", "quality_work"]
    )
    deadlines = {
        "written_work": _share_of_training(facts, profile.written_work.plan_by_share_of_training),
        "quality_work": add_months(facts.start, profile.quality_work.plan_by_months)
        if profile.quality_work.plan_by_months
        else None,
    }
    rules = {
        "written_work": profile.written_work.rules[0],
        "quality_work": profile.quality_work.rules[0],
    }
    after = profile.written_work.after_course
    planned_written = facts.scholarly_planned.get("written_work")
    if after and planned_written and after not in facts.courses_taken:
        course = next((c.name for c in profile.courses.catalogue if c.code == after), after)
        message = _(
            "The written work is planned before the course %(course)s is recorded; it is "
            "planned after that course. Record the course, or review the plan after it."
        ) % {"course": course}
        yield _finding(
            "written_work_before_course",
            rules["written_work"],
            planned_written,
            message,
            kind="written_work",
        )
    for kind in required:
        deadline = deadlines[kind]
        if deadline is None or facts.scholarly_planned.get(kind):
            continue
        if (deadline - facts.as_of).days > profile.milestones.warning_days:
            continue
        name = _("The written work") if kind == "written_work" else _("The quality work")
        message = _("%(work)s is to be planned by %(due)s; no agreed plan is recorded.") % {
            "work": name,
            "due": deadline,
        }
        severity = Severity.OVERDUE if deadline < facts.as_of else Severity.WARNING
        yield _finding(
            "scholarly_work_unplanned", rules[kind], deadline, message, severity, kind=kind
        )


def _share_of_training(facts: Facts, share: float | None) -> date | None:
    if share is None:
        return None
    return facts.start + timedelta(days=int((facts.completion - facts.start).days * share))


def _supervisor_training(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R8.3: the supervisor's supervisor training is at most n years old."""
    years = profile.supervisor_training_valid.years
    for name, trained_on in facts.supervisors:
        if trained_on is not None and add_months(trained_on, 12 * years) >= facts.as_of:
            continue
        if trained_on is None:
            message = _(
                "%(name)s has no supervisor training recorded (at most %(years)d years "
                "old is required)."
            )
        else:
            message = _(
                "%(name)s's supervisor training (%(date)s) is older than %(years)d "
                "years. Book a refresher."
            )
        yield _finding(
            "supervisor_training_old",
            profile.supervisor_training_valid.rules[0],
            facts.as_of,
            message % {"name": name, "date": trained_on, "years": years},
            supervisor=name,
        )
