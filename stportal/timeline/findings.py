"""What the timeline can tell on its own is missing or due (timeline.md, R1.3, R2.2, R5, R9.3).

Each finding names its rule, a severity, the date it is due and, in Swedish, what to do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stportal.routines.schema import RoutineProfile
from stportal.timeline.milestones import Milestone, Status
from stportal.timeline.served import ONE_DAY, Leave
from stportal.timeline.text import (
    NEUTER,
    _,
    gettext_noop,
    grouped,
    ngettext,
    npgettext,
    pgettext,
    swedish_gender,
)


class Severity(StrEnum):
    WARNING = "warning"  # due soon, or a decision is missing
    OVERDUE = "overdue"  # the date has passed


class FindingCode(StrEnum):
    ABSENCE_DECISION_MISSING = "absence_decision_missing"
    MILESTONE_DUE = "milestone_due"
    MILESTONE_OVERDUE = "milestone_overdue"


@dataclass(frozen=True)
class Finding:
    code: str  # a FindingCode here, other modules add their own
    rule: str
    severity: Severity
    due: date
    message: str
    subject: dict[str, object]

    def as_json(self) -> dict[str, object]:
        return {
            "code": str(self.code),
            "rule": self.rule,
            "severity": str(self.severity),
            "due": self.due.isoformat(),
            "message": self.message,
            "subject": self.subject,
        }


def finding(
    code: str,
    rule: str,
    due: date,
    message: str,
    severity: Severity = Severity.WARNING,
    **subject: object,
) -> Finding:
    """A finding whose subject is given by keywords: the rule modules' shorthand."""
    return Finding(code, rule, severity, due, message, dict(subject))


def findings(
    profile: RoutineProfile,
    absences: Iterable[Leave],
    milestones: Iterable[Milestone],
    as_of: date,
    done: Collection[tuple[str, int | None]] = (),
) -> list[Finding]:
    """Undecided long sick-leave/VAB spells, then milestones due soon or overdue, by due date."""
    found = [
        *_undecided_spells(profile, absences),
        *_milestone_findings(profile, milestones, as_of, done),
    ]
    return sorted(found, key=lambda finding: finding.due)


# --- R1.3: long sick leave or VAB without a decision ----------------------------------------


def _undecided_spells(profile: RoutineProfile, absences: Iterable[Leave]) -> Iterator[Finding]:
    """R1.3 (G 5.1.6): "Vid långa sjukskrivningar och/eller VAB kan ST-tiden - efter individuell
    bedömning- komma att förlängas." And/or: a spell is the undecided reviewable absences of any
    of those kinds that overlap or follow day after day, so 7 days' sick leave followed by 7
    days' VAB is one 14-day spell. The routine says only "long"; the number of days is the
    profile's threshold (assumed in both regions). Absences already decided are not joined: they
    have had their individual assessment."""
    threshold = profile.absence_review.threshold_days
    reviewable = set(profile.absence_review.reviewable_kinds)
    undecided = [a for a in absences if a.kind in reviewable and a.counts is None]
    for kinds, first, last in _spells(undecided):
        days = (last - first).days + 1
        if days < threshold:
            continue
        message = _(
            "%(kind)s from %(from)s to %(to)s (%(days)d days) has no decision on whether it "
            "counts as service. The unit head or the director of studies decides."
        ) % {"kind": _spell_name(kinds), "from": first, "to": last, "days": days}
        subject: dict[str, object] = {
            "kinds": list(kinds),
            "from": first.isoformat(),
            "to": last.isoformat(),
        }
        if len(kinds) == 1:
            subject = {"kind": kinds[0], **subject}
        yield Finding(
            FindingCode.ABSENCE_DECISION_MISSING,
            profile.absence_review.rules[0],
            Severity.WARNING,
            first + (threshold - 1) * ONE_DAY,
            message,
            subject,
        )


def _spells(absences: list[Leave]) -> Iterator[tuple[tuple[str, ...], date, date]]:
    """Absences that overlap or follow day after day, whatever their kind, joined into spells:
    (the kinds in it, in the order they first occur; first day; last day)."""
    current: tuple[tuple[str, ...], date, date] | None = None
    for absence in sorted(absences, key=lambda a: (a.start, a.end)):
        if current and absence.start <= current[2] + ONE_DAY:
            kinds = current[0] if absence.kind in current[0] else (*current[0], absence.kind)
            current = (kinds, current[1], max(current[2], absence.end))
            continue
        if current:
            yield current
        current = ((absence.kind,), absence.start, absence.end)
    if current:
        yield current


ABSENCE_NAMES = {
    "sick_leave": gettext_noop("Sick leave"),
    "care_of_child": gettext_noop("Care of sick child (VAB)"),
}


SPELL_OF_BOTH = gettext_noop("Sick leave and VAB")


def _spell_name(kinds: tuple[str, ...]) -> str:
    return _(ABSENCE_NAMES[kinds[0]]) if len(kinds) == 1 else _(SPELL_OF_BOTH)


# --- Milestones due within the warning window, or overdue -----------------------------------


def _milestone_findings(
    profile: RoutineProfile,
    milestones: Iterable[Milestone],
    as_of: date,
    done: Collection[tuple[str, int | None]],
) -> Iterator[Finding]:
    warning_days = profile.milestones.warning_days
    for milestone in milestones:
        status = milestone.status(as_of, warning_days, done)
        days_left = (milestone.due - as_of).days
        if status is Status.OVERDUE:
            yield _milestone_finding(
                profile, milestone, FindingCode.MILESTONE_OVERDUE, Severity.OVERDUE, days_left
            )
        elif status in (Status.OPEN, Status.DUE_SOON) and days_left <= warning_days:
            yield _milestone_finding(
                profile, milestone, FindingCode.MILESTONE_DUE, Severity.WARNING, days_left
            )


def _milestone_finding(
    profile: RoutineProfile,
    milestone: Milestone,
    code: FindingCode,
    severity: Severity,
    days_left: int,
) -> Finding:
    subject: dict[str, object] = {"milestone": milestone.code}
    if milestone.year is not None:
        subject["year"] = milestone.year
    message = f"{_when(profile, milestone, days_left)} {_milestone_action(milestone.code)}"
    return Finding(code, milestone.rule, severity, milestone.due, message, subject)


def _when(profile: RoutineProfile, milestone: Milestone, days_left: int) -> str:
    """When the milestone is due, in a sentence whose Swedish agrees with the milestone's name:
    "ST-kontrakt ska vara klart", "IUP ska vara klar" (issue 12 item 13; text.swedish_gender)."""
    name = milestone_name(profile, milestone)
    values = {
        "milestone": name,
        "date": milestone.due,
        "opens": milestone.opens,
        "days": grouped(abs(days_left)),  # "1 755" (issue 12 item 13)
    }
    return when_sentence(swedish_gender(name), days_left, milestone.opens is not None) % values


def when_sentence(gender: str, days_left: int, window: bool) -> str:
    """The translated sentence (with %(milestone)s, %(date)s, %(opens)s, %(days)s to fill) for a
    milestone of the given Swedish gender (text.NEUTER or text.COMMON)."""
    neuter = gender == NEUTER
    if days_left < 0:
        if neuter:
            return npgettext(
                NEUTER,
                "%(milestone)s was due on %(date)s, %(days)s day ago.",
                "%(milestone)s was due on %(date)s, %(days)s days ago.",
                -days_left,
            )
        return ngettext(
            "%(milestone)s was due on %(date)s, %(days)s day ago.",
            "%(milestone)s was due on %(date)s, %(days)s days ago.",
            -days_left,
        )
    if window:
        return _("%(milestone)s should take place between %(opens)s and %(date)s.")
    if days_left == 0:
        if neuter:
            return pgettext(NEUTER, "%(milestone)s is due today.")
        return _("%(milestone)s is due today.")
    if neuter:
        return npgettext(
            NEUTER,
            "%(milestone)s is due on %(date)s, in %(days)s day.",
            "%(milestone)s is due on %(date)s, in %(days)s days.",
            days_left,
        )
    return ngettext(
        "%(milestone)s is due on %(date)s, in %(days)s day.",
        "%(milestone)s is due on %(date)s, in %(days)s days.",
        days_left,
    )


def milestone_name(profile: RoutineProfile, milestone: Milestone) -> str:
    """The milestone's Swedish name; the signed documents carry the region's own names."""
    if milestone.code == "training_plan":
        return profile.training_plan.name
    if milestone.code == "agreement":
        return profile.agreement.name
    if milestone.code == "annual_review":
        return _("Annual review, year %(year)d") % {"year": milestone.year}
    return _(MILESTONE_NAMES[milestone.code])


MILESTONE_NAMES = {
    "mitt_i_st_registration": gettext_noop("Registration for Mitt i ST"),
    "mitt_i_st": gettext_noop("Mitt i ST"),
    "final_evaluation": gettext_noop("Final evaluation"),
    "closing_conversation": gettext_noop("Closing conversation"),
}

MILESTONE_ACTIONS = {
    "training_plan": gettext_noop(
        "Draw up the training plan with the main supervisor and sign it."
    ),
    "agreement": gettext_noop("Have the agreement signed by everyone who signs it."),
    "mitt_i_st_registration": gettext_noop("Register for Mitt i ST with SFAM."),
    "mitt_i_st": gettext_noop(
        "Take part in Mitt i ST with the external assessor; record it here when it is held."
    ),
    "final_evaluation": gettext_noop("Book the final evaluation with the director of studies."),
    "closing_conversation": gettext_noop(
        "Book the closing conversation with the supervisor, the unit head and the director "
        "of studies."
    ),
    "annual_review": gettext_noop(
        "Write the annual report; the main supervisor writes a statement and the review is "
        "held and documented."
    ),
}


def _milestone_action(code: str) -> str:
    return _(MILESTONE_ACTIONS[code])
