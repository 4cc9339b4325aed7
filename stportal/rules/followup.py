"""Follow-up: what is missing before it is late (issue 5; R3, R4, R7.4, R8.3, R8.4, R9).

Pure Python: facts about one resident in, findings (the timeline's Finding) out, each with its
rule, what was expected, what was found, what to do and by when.

Issue 11 made these rules read as the routines do: each ST year's assessments judged whole and a
missed year kept until made up (R9.1, `yearly_shortfalls`); the per-method frequencies from the
profile (R9.2, V); G's summer supervision sparser but continuous (R8.4); evidence of the kind the
curriculum prescribes (R9.5, `goals_missing_documents`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.rules.clinical_work import ListCount, OnCall, clinical_work_findings
from stportal.rules.rotation_cover import RotationAbsence, rotation_cover_findings
from stportal.rules.scholarly_work import ScholarlyFacts, Work, scholarly_findings
from stportal.rules.supervisors import Appointment, Supervisor, supervisor_findings
from stportal.timeline.dates import add_months
from stportal.timeline.findings import Finding, Severity
from stportal.timeline.findings import finding as _finding
from stportal.timeline.milestones import Milestone
from stportal.timeline.served import History
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
    # R3 (issue 12): study time is taken as scheduled unless a week is recorded as differing:
    # Monday -> the minutes actually taken that week
    study_exceptions: dict[date, int] = field(default_factory=dict)
    assessments: list[date] = field(default_factory=list)  # dates of completed assessments
    # (date, method code) of the completed assessments, for the per-method frequencies (R9.2)
    assessment_methods: list[tuple[date, str]] = field(default_factory=list)
    # (first, last) of the home-unit placements; None when not known (then every month counts)
    home_unit: list[tuple[date, date]] | None = None
    annual_reviews: list[Milestone] = field(default_factory=list)
    signed_parts: dict[int, set[str]] = field(default_factory=dict)  # year -> parts signed
    courses_taken: set[str] = field(default_factory=set)  # catalogue codes
    goals_unplanned: list[str] = field(default_factory=list)  # codes with no planned activity
    goals_without_evidence: list[str] = field(default_factory=list)
    # R9.5: evidence kind ("course", "written_work", "quality_work") -> delmål whose curriculum
    # prescribes it and that have none of it (goals_missing_documents)
    goals_missing_documents: dict[str, list[str]] = field(default_factory=dict)
    has_plan: bool = False
    scholarly_planned: dict[str, date | None] = field(default_factory=dict)  # kind -> planned_on
    # R4: the works recorded (None: only `scholarly_planned` is known), the last day of each
    # catalogue course taken, and whether the resident plans the specialist exam (R4.3)
    works: list[Work] | None = None
    course_ends: dict[str, date] = field(default_factory=dict)
    plans_exam: bool = False
    # R8.2/R8.3 (rules.supervisors): Supervisor rows, or (name, trained on) with the main first
    supervisors: list[Supervisor | tuple[str, date | None]] = field(default_factory=list)
    main_supervisor_appointment: Appointment | None = None  # R8.2
    # R6.11/R6.12 (V, rules.rotation_cover): the rotations (first, last), the unplanned absences,
    # and who watches the resident's incoming results meanwhile ("" nobody named)
    rotations: list[tuple[date, date]] = field(default_factory=list)
    rotation_absences: list[RotationAbsence] = field(default_factory=list)
    results_covered_by: str = ""
    absence_spans: list[tuple[date, date]] = field(default_factory=list)  # R6.12: all absences
    # R8.4 (G): the home-return days of the rotations, inside them, not wholly off
    home_return_days: list[date] = field(default_factory=list)
    # R5.5 (rules.readiness): delmål not judged met by the supervisor; met, not agreed by the
    # unit head where the routine names both judges (V)
    goals_not_met: list[str] = field(default_factory=list)
    goals_not_agreed: list[str] = field(default_factory=list)
    # R10.1/R10.2 (rules.clinical_work): the employment steps (from, percent), the patient list
    # sizes recorded and the on-call milestones
    employment: list[tuple[date, int]] = field(default_factory=list)
    patient_list: list[ListCount] = field(default_factory=list)
    on_call: list[OnCall] = field(default_factory=list)
    history: History | None = None  # the timeline's, for months served (R10.1)


def follow_up(profile: RoutineProfile, facts: Facts) -> list[Finding]:
    found = [
        *_supervision(profile, facts),
        *_home_return_supervision(profile, facts),
        *_study_time(profile, facts),
        *_assessments(profile, facts),
        *_assessment_methods(profile, facts),
        *_annual_reviews(profile, facts),
        *_courses(profile, facts),
        *_goals(facts),
        *_application_goals(profile, facts),
        *_scholarly(profile, facts),
        *_supervisor_training(profile, facts),
        *clinical_work_findings(
            profile,
            as_of=facts.as_of,
            start=facts.start,
            completion=facts.completion,
            employment=facts.employment,
            list_counts=facts.patient_list,
            on_call=facts.on_call,
            history=facts.history,
        ),
        *rotation_cover_findings(
            profile,
            as_of=facts.as_of,
            rotations=facts.rotations,
            absences=facts.rotation_absences,
            results_covered_by=facts.results_covered_by,
            other_absences=facts.absence_spans,
        ),
    ]
    return sorted(found, key=lambda finding: finding.due)


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
    """R8.4: at least the routine's minutes a week, over recent weeks at work.

    G: "Sommartid (semesterperiod från mitten av juni till mitten av augusti) kan
    handledningstillfällena glesas ut eller planeras på annat sätt. Handledning kan t ex ske i form
    av grupphandledning, men ska även då ske kontinuerligt och vara schemalagd." Summer weeks are
    therefore not dropped (issue 11): they are judged by the gap between sessions, at most the
    profile's `summer_max_weeks_between` weeks at work in a row without one. The other weeks keep
    the weekly minimum (V: "minst en timme i veckan även under sommaren")."""
    recent = [
        w
        for w in _recent_weeks(facts.as_of, RECENT_WEEKS)
        if w >= facts.start and w not in facts.weeks_away
    ]
    weeks = [w for w in recent if not _in_summer(profile, w)]
    summer = [w for w in recent if _in_summer(profile, w)]
    if weeks:
        got = sum(m for day, m in facts.supervision if any(w <= day < w + WEEK for w in weeks))
        expected = profile.supervision.min_minutes_per_week * len(weeks)
        if got < expected:
            message = _(
                "Supervision: %(expected)d minutes expected over the last %(weeks)d weeks at "
                "work, %(got)d logged. Schedule supervision every week and log it."
            ) % {"expected": expected, "weeks": len(weeks), "got": got}
            yield _finding(
                "supervision_below_minimum", profile.supervision.rules[0], facts.as_of, message
            )
    yield from _summer_supervision(profile, facts, summer)


def _summer_supervision(
    profile: RoutineProfile, facts: Facts, summer: list[date]
) -> Iterator[Finding]:
    """R8.4 (G): in the summer window, a session at least every n weeks at work."""
    gap = profile.supervision.summer_max_weeks_between
    if gap is None or len(summer) < gap:
        return
    held = {day - timedelta(days=day.weekday()) for day, minutes in facts.supervision if minutes}
    run = 0
    for week in summer:  # consecutive weeks at work in the summer window, oldest first
        run = 0 if week in held else run + 1
        if run >= gap:
            message = _(
                "Supervision in summer: none logged in %(weeks)d weeks at work in a row; in summer "
                "it may be sparser or in groups, but still continuous and scheduled (at least "
                "every %(gap)d weeks). Schedule the next session."
            ) % {"weeks": run, "gap": gap}
            yield _finding(
                "supervision_summer_gap", profile.supervision.rules[0], facts.as_of, message
            )
            return


def _home_return_supervision(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R8.4 (G 5.1.2): "Handledningstiden ska vara minst en timme per vecka och även
    schemaläggas på hemvändardagarna." Judged over the same recent weeks as the weekly minimum,
    up to yesterday (today's session may still be logged): a home-return day without a session
    logged on it. Older days are not raised again: a missed day cannot be made up."""
    if not profile.home_return_days.supervision_on_home_return_days:
        return
    first = _recent_weeks(facts.as_of, RECENT_WEEKS)[0]
    held = {day for day, minutes in facts.supervision if minutes}
    missed = [
        day
        for day in facts.home_return_days
        if first <= day < facts.as_of and day >= facts.start and day not in held
    ]
    if missed:
        message = _(
            "Supervision on home-return days: none logged on %(days)s. Supervision is scheduled "
            "on the home-return days too; log it, or schedule it on the next one."
        ) % {"days": ", ".join(day.isoformat() for day in missed)}
        rule = profile.supervision.rules[0]
        yield _finding("supervision_home_return_day", rule, facts.as_of, message)


def hours(minutes: int) -> str:
    """Minutes as hours the way the routines state study time ("4 timmar", "1,5 timmar"): whole
    hours without decimals, else one decimal with a decimal comma."""
    if minutes % 60 == 0:
        return str(minutes // 60)
    return f"{minutes / 60:.1f}".replace(".", ",")


def _study_time(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R3.2–R3.5: study time taken against what is due, over recent weeks. A week is taken as
    scheduled unless it is recorded as differing (issue 12: "taken as scheduled by default with
    exceptions recorded"); the weeks are summed, so G's "åtta timmar varannan vecka eller två
    dagar per månad" evens out over the twelve weeks."""
    recent = set(_recent_weeks(facts.as_of, STUDY_WEEKS))
    due_by_week = {week: m for week, m in facts.study_due if week in recent}
    due = sum(due_by_week.values())
    taken = sum(facts.study_exceptions.get(week, m) for week, m in due_by_week.items())
    if due and taken < due:
        message = _(
            "Study time: %(due)s hours due over the last %(weeks)d weeks, %(taken)s taken by "
            "the weeks recorded as differing from the schedule. Plan the missing study time in "
            "the schedule."
        ) % {"due": hours(due), "weeks": STUDY_WEEKS, "taken": hours(taken)}
        rules = profile.study_time.rules
        rule = next((r for r in rules if r in ("R3.2", "R3.5")), rules[0])  # the weekly rule
        yield _finding("study_time_below_due", rule, facts.as_of, message)


def _st_year(facts: Facts) -> tuple[int, date, date]:
    """The running ST year, its first day and the day it ends."""
    year = 1
    while add_months(facts.start, 12 * year) <= facts.as_of:
        year += 1
    return year, add_months(facts.start, 12 * (year - 1)), add_months(facts.start, 12 * year)


def _year_bounds(facts: Facts, year: int) -> tuple[date, date]:
    """The first day of ST year `year` and the first day after it."""
    return add_months(facts.start, 12 * (year - 1)), add_months(facts.start, 12 * year)


def yearly_shortfalls(
    start: date, as_of: date, held: list[date], low: int
) -> list[tuple[int, int, int]]:
    """R9.1, pure: (ST year, done in it, still to make up) for each closed ST year that had fewer
    than `low`, oldest first.

    Each ST year is judged whole: the lower bound is due by the year's end. A closed year's
    shortfall stays until it is dealt with, which means made up: what a later year (the running one
    included) holds beyond its own lower bound pays the oldest shortfall first. Nothing else clears
    it; an assessment is never dated into a year it was not held in."""
    year = 1
    shortfalls: list[list[int]] = []  # [year, done, owed]
    while add_months(start, 12 * (year - 1)) <= as_of:
        first, end = add_months(start, 12 * (year - 1)), add_months(start, 12 * year)
        done = sum(1 for day in held if first <= day < end and day <= as_of)
        surplus = done - low
        for row in shortfalls:
            if surplus <= 0:
                break
            paid = min(row[2], surplus)
            row[2] -= paid
            surplus -= paid
        if end <= as_of and done < low:
            shortfalls.append([year, done, low - done])
        year += 1
    return [(y, done, owed) for y, done, owed in shortfalls if owed > 0]


def _assessments(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R9.1: "Sådan ska göras 4 – 6 gånger per år" (G 5.1.4; V the same by method).

    Each ST year is judged whole (issue 11): a closed year with fewer than the lower bound raises
    an overdue finding until the shortfall is made up (`yearly_shortfalls`); the running year
    raises a warning when it falls behind the lower bound pro rata, or when it ends within the
    warning days without it."""
    low, high = profile.assessments.per_year
    rule = profile.assessments.rules[0]
    for year, done, owed in yearly_shortfalls(facts.start, facts.as_of, facts.assessments, low):
        _first, end = _year_bounds(facts, year)
        message = _(
            "Assessments: ST year %(year)d ended %(end)s with %(done)d of at least %(low)d "
            "(%(low)d–%(high)d a year); %(owed)d still to make up. Plan the missing assessments."
        ) % {"year": year, "end": end, "done": done, "low": low, "high": high, "owed": owed}
        yield _finding("assessments_year_missed", rule, end, message, Severity.OVERDUE, year=year)
    year, first, end = _st_year(facts)
    elapsed = (facts.as_of - first).days / max(1, (end - first).days)
    expected = int(low * elapsed)
    if (end - facts.as_of).days <= profile.milestones.warning_days:
        expected = low
    done = sum(1 for day in facts.assessments if first <= day <= facts.as_of)
    if done < expected:
        message = _(
            "Assessments: at least %(expected)d expected by now in ST year %(year)d "
            "(%(low)d–%(high)d a year), %(done)d done. Request an assessment."
        ) % {"expected": expected, "year": year, "low": low, "high": high, "done": done}
        yield _finding("assessments_below_range", rule, end, message, year=year)


def _assessment_methods(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R9.2 (V): the frequencies the routine gives per method, from the profile: "Medsittning/
    Sit-in 4–6 gånger/år; Bedömning 360 grader alt ST-kollegium; Journalgenomgång några
    gånger/månad". A yearly one is judged like R9.1, per closed ST year (made up by later ones);
    a monthly one over the last full calendar month, unless the resident was away all of it.
    G's routine names no method ("på förhand kända och överenskomna metoder"), so none is
    checked there."""
    rules = profile.assessments.rules
    rule = "R9.2" if "R9.2" in rules else rules[0]  # the per-method rule, whatever else is listed
    names = profile.assessments.method_names()
    for method in profile.assessments.methods:
        codes = {method.code, *method.counts_with}
        held = [day for day, code in facts.assessment_methods if code in codes]
        label = " / ".join(names.get(code, code) for code in [method.code, *method.counts_with])
        if method.per_year is not None:
            low = method.per_year[0]
            for year, done, owed in yearly_shortfalls(facts.start, facts.as_of, held, low):
                _first, end = _year_bounds(facts, year)
                message = _(
                    "%(method)s: ST year %(year)d ended %(end)s with %(done)d of at least "
                    "%(low)d a year; %(owed)d still to make up."
                ) % {
                    "method": label,
                    "year": year,
                    "end": end,
                    "done": done,
                    "low": low,
                    "owed": owed,
                }
                yield _finding(
                    "assessment_method_missed",
                    rule,
                    end,
                    message,
                    Severity.OVERDUE,
                    method=method.code,
                    year=year,
                )
        if method.per_month is not None:
            yield from _monthly(facts, rule, method.code, label, method.per_month[0], held)


def _monthly(
    facts: Facts, rule: str, code: str, label: str, low: int, held: list[date]
) -> Iterator[Finding]:
    """A method due `low` times a month, judged over the last full calendar month at work at the
    home unit (V lists it among the assessments of the VC years; a month wholly on rotation or
    away is not judged)."""
    month_end = facts.as_of.replace(day=1) - timedelta(days=1)
    month = month_end.replace(day=1)
    if month < facts.start:
        return
    if facts.home_unit is not None and not any(
        first <= month_end and month <= last for first, last in facts.home_unit
    ):
        return
    mondays = {
        month + timedelta(days=n) - timedelta(days=(month + timedelta(days=n)).weekday())
        for n in range((month_end - month).days + 1)
    }
    if mondays <= facts.weeks_away:
        return
    done = sum(1 for day in held if month <= day <= month_end)
    if done < low:
        message = _(
            "%(method)s: at least %(low)d expected in %(month)s, %(done)d done. Schedule them."
        ) % {"method": label, "low": low, "month": month.strftime("%Y-%m"), "done": done}
        yield _finding("assessment_method_monthly", rule, month_end, message, method=code)


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


# R9.5: the curriculum's activity kinds that only a document shows, and the evidence that does.
# "ST-läkaren ska kontinuerligt dokumentera uppnådda kompetenser, spara alla kurs- och
# tjänstgöringsintyg" (V): a delmål that prescribes a course is shown by a course (its
# certificate), not by service at the home unit (issue 11).
DOCUMENTED_BY = {
    "course": "course",
    "written_work": "written_work",
    "quality_work": "quality_work",
    "development_work": "quality_work",  # HSLF-FS 2021:8's development work
}
MISSING_DOCUMENT = {
    "course": gettext_noop(
        "The curriculum prescribes a course for delmål %(codes)s and none is linked to them yet; "
        "service does not stand in for it. Record the course with its delmål."
    ),
    "written_work": gettext_noop(
        "The curriculum prescribes the written work for delmål %(codes)s and none is linked to "
        "them yet. Link the written work to its delmål."
    ),
    "quality_work": gettext_noop(
        "The curriculum prescribes quality or development work for delmål %(codes)s and none "
        "is linked to them yet. Link the work to its delmål."
    ),
}


def goals_missing_documents(
    prescribed: dict[str, list[list[str]]], evidence: dict[str, set[str]]
) -> dict[str, list[str]]:
    """R9.5, pure: for each kind of document evidence, the delmål (in the given order) whose
    prescribed activities include a requirement only that kind can meet (every alternative of it
    a documented kind) and that have no evidence of it. `prescribed`: delmål -> the curriculum's
    activities (a list of alternatives lists, all required); `evidence`: delmål -> the kinds of
    evidence found ("course", "written_work", "quality_work", "assessment", "certificate",
    "service")."""
    missing: dict[str, list[str]] = {}
    for code, groups in prescribed.items():
        found = evidence.get(code, set())
        for group in groups:
            if not group or any(kind not in DOCUMENTED_BY for kind in group):
                continue  # service, auskultation, … or a choice that includes them
            kinds = {DOCUMENTED_BY[kind] for kind in group}
            if not kinds & found:
                for kind in sorted(kinds):
                    codes = missing.setdefault(kind, [])
                    if code not in codes:
                        codes.append(code)
    return missing


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
    if facts.as_of >= halfway:
        for kind, codes in facts.goals_missing_documents.items():
            if codes:
                message = _(MISSING_DOCUMENT[kind]) % {"codes": ", ".join(codes)}
                yield _finding(
                    "goal_without_prescribed_evidence", "R9.5", facts.as_of, message, kind=kind
                )
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


def _application_goals(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R5.5 (V: "ST-läkaren ska uppfylla alla delmål [...] vilket bedöms av handledare och
    verksamhetschef"; the certificate needs the same under either regulation): from the profile's
    `goals_judged_months_before` the projected completion (G: the final evaluation's "Två till tre
    månader före"), every delmål not yet judged met by whom the routine names; the BT delmål are
    judged in the BT. Earlier the delmål are work in progress, shown on the delmål page."""
    months = profile.final_evaluation.goals_judged_months_before
    if months is None or facts.as_of < add_months(facts.completion, -months):
        return
    severity = Severity.OVERDUE if facts.as_of > facts.completion else Severity.WARNING
    if facts.goals_not_met:
        message = _(
            "Before the application: %(count)d delmål not yet judged met by the supervisor "
            "(%(codes)s); the ST is projected to be complete %(due)s. Judge them on the delmål "
            "page, or plan what remains."
        ) % {
            "count": len(facts.goals_not_met),
            "codes": _some(facts.goals_not_met),
            "due": facts.completion,
        }
        yield _finding("application_goals_not_met", "R5.5", facts.completion, message, severity)
    if facts.goals_not_agreed:
        message = _(
            "Before the application: the unit head has not yet agreed that %(count)d delmål are "
            "met (%(codes)s); the ST is projected to be complete %(due)s."
        ) % {
            "count": len(facts.goals_not_agreed),
            "codes": _some(facts.goals_not_agreed),
            "due": facts.completion,
        }
        yield _finding("application_goals_not_agreed", "R5.5", facts.completion, message, severity)


def _some(codes: list[str], shown: int = 6) -> str:
    """The first codes, and "…" when there are more (the delmål page lists them all)."""
    return ", ".join(codes[:shown]) + (", …" if len(codes) > shown else "")


def _scholarly(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R4.1, R4.3, R4.4, R4.5: in `stportal.rules.scholarly_work` (issue 11). Without `works`,
    the works are those of `scholarly_planned` (kind -> plan agreed)."""
    works = facts.works
    if works is None:
        works = [Work(kind, planned_on=day) for kind, day in facts.scholarly_planned.items()]
    yield from scholarly_findings(
        profile,
        ScholarlyFacts(
            as_of=facts.as_of,
            start=facts.start,
            completion=facts.completion,
            regulation=facts.regulation,
            works=works,
            course_ends=facts.course_ends,
            courses_taken=facts.courses_taken,
            plans_exam=facts.plans_exam,
        ),
    )


def _supervisor_training(profile: RoutineProfile, facts: Facts) -> Iterator[Finding]:
    """R8.2/R8.3: the main supervisor and the supervisors' training (rules.supervisors)."""
    yield from supervisor_findings(
        profile,
        as_of=facts.as_of,
        start=facts.start,
        regulation=facts.regulation,
        supervisors=facts.supervisors,
        appointment=facts.main_supervisor_appointment,
    )
