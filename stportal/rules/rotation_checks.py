"""The time plan's checks against the region's routine (issue 4; R6.2, R6.6, R6.8–R6.10).

Pure Python: the placements as plain data in, findings (the timeline's Finding) out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.timeline.dates import add_months
from stportal.timeline.findings import Finding, Severity
from stportal.timeline.text import _, ngettext

ONE_DAY = timedelta(days=1)
DAYS_PER_MONTH = 30  # "a month" of rotation when counting home-return days (R6.9)


@dataclass(frozen=True)
class PlannedPlacement:
    kind: str  # home_unit, rotation, auskultation
    first: date
    last: date
    label: str
    outside_region: bool = False
    rural: bool = False
    home_return_days: int = 0
    contacted: bool = False  # the receiving unit has been contacted (R6.2)
    key: int | None = None  # the stored placement's id, named in the findings

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def check_time_plan(
    profile: RoutineProfile,
    start: date,
    completion: date,
    placements: Iterable[PlannedPlacement],
    as_of: date,
) -> list[Finding]:
    placements = sorted(placements, key=lambda p: p.first)
    rotations = [p for p in placements if p.kind == "rotation"]
    found = [
        *_home_unit_periods(profile, start, completion, rotations),
        *_external(profile, rotations),
        *_auskultation(profile, placements),
        *_home_return_days(profile, rotations),
        *_contact_deadlines(profile, rotations, as_of),
    ]
    return sorted(found, key=lambda finding: finding.due)


def _finding(
    code: str,
    rule: str,
    due: date,
    message: str,
    placement: PlannedPlacement,
    severity: Severity = Severity.WARNING,
) -> Finding:
    subject: dict[str, object] = {"placement": placement.label, "key": placement.key}
    return Finding(code, rule, severity, due, message, subject)


def _home_unit_periods(
    profile: RoutineProfile, start: date, completion: date, rotations: list[PlannedPlacement]
) -> Iterator[Finding]:
    """R6.8 (V): about a year at the home unit first and last; rotations in years 2–4."""
    entry = profile.home_unit_periods
    if not entry.enabled or not entry.start_months or not entry.end_months:
        return
    slack = timedelta(days=entry.tolerance_days or 0)
    earliest = add_months(start, entry.start_months) - slack
    latest = add_months(completion, -entry.end_months) + ONE_DAY + slack
    if entry.rotation_years:
        earliest = max(earliest, add_months(start, 12 * (entry.rotation_years[0] - 1)) - slack)
        latest = min(latest, add_months(start, 12 * entry.rotation_years[1]) + slack)
    for rotation in rotations:
        if rotation.first < earliest or rotation.last > latest:
            message = _(
                "%(rotation)s lies outside the years for rotations: the ST begins and ends with "
                "about a year at the home unit, rotations from %(earliest)s to %(latest)s."
            ) % {"rotation": rotation.label, "earliest": earliest, "latest": latest}
            yield _finding(
                "rotation_outside_years", entry.rules[0], rotation.first, message, rotation
            )


def _external(profile: RoutineProfile, rotations: list[PlannedPlacement]) -> Iterator[Finding]:
    """R6.6: G funds external rotations only for rural placement, at most a month; V allows up
    to five months outside the region."""
    entry = profile.external_rotation
    external = [r for r in rotations if r.outside_region]
    for rotation in external:
        if entry.only_rural and not rotation.rural:
            message = _(
                "%(rotation)s is outside the region but not a rural placement; the region funds "
                "external rotations only for rural placement."
            ) % {"rotation": rotation.label}
            yield _finding("external_not_rural", entry.rules[0], rotation.first, message, rotation)
    total = sum(r.days for r in external)
    if external and total > _month_days(external[0].first, entry.max_months):
        message = ngettext(
            "Rotations outside the region add up to %(days)d days; at most %(months)d month "
            "is allowed.",
            "Rotations outside the region add up to %(days)d days; at most %(months)d months "
            "are allowed.",
            entry.max_months,
        ) % {"days": total, "months": entry.max_months}
        yield _finding("external_too_long", entry.rules[0], external[0].first, message, external[0])


def _month_days(first: date, months: int) -> int:
    return (add_months(first, months) - first).days


def _auskultation(profile: RoutineProfile, placements: list[PlannedPlacement]) -> Iterator[Finding]:
    """R6.10 (V): auskultation at most four weeks during the home-unit period."""
    weeks = profile.auskultation.max_weeks_during_home_unit
    auskultations = [p for p in placements if p.kind == "auskultation"]
    total = sum(p.days for p in auskultations)
    if weeks and total > 7 * weeks:
        message = _(
            "Auskultation adds up to %(days)d days; at most %(weeks)d weeks during the home-unit "
            "period."
        ) % {"days": total, "weeks": weeks}
        first = auskultations[0]
        yield _finding(
            "auskultation_too_long", profile.auskultation.rules[0], first.first, message, first
        )


def _home_return_days(
    profile: RoutineProfile, rotations: list[PlannedPlacement]
) -> Iterator[Finding]:
    """R6.9 (V): about one home-return day a month in rotations longer than six weeks."""
    entry = profile.home_return_days
    if not entry.per_month or not entry.for_rotations_longer_than_weeks:
        return
    for rotation in rotations:
        if rotation.days <= 7 * entry.for_rotations_longer_than_weeks:
            continue
        expected = entry.per_month * (rotation.days // DAYS_PER_MONTH)
        if rotation.home_return_days < expected:
            message = _(
                "%(rotation)s has %(planned)d home-return days planned; about %(expected)d are "
                "expected (one a month)."
            ) % {
                "rotation": rotation.label,
                "planned": rotation.home_return_days,
                "expected": expected,
            }
            yield _finding(
                "home_return_days_missing", entry.rules[0], rotation.first, message, rotation
            )


def _contact_deadlines(
    profile: RoutineProfile, rotations: list[PlannedPlacement], as_of: date
) -> Iterator[Finding]:
    """R6.2: contact the receiving unit at least n months before the rotation: a dated task."""
    entry = profile.rotation_contact
    nearest, farthest = sorted(entry.lead_months)
    for rotation in rotations:
        if rotation.contacted or rotation.first <= as_of:
            continue
        due = add_months(rotation.first, -nearest)
        opens = add_months(rotation.first, -farthest)
        days_left = (due - as_of).days
        if days_left > profile.milestones.warning_days and as_of < opens:
            continue
        form = f" ({entry.form_name})" if entry.form_name else ""
        message = _(
            "Contact %(rotation)s about the rotation%(form)s between %(opens)s and %(due)s: "
            "wishes, working hours, home-return days, ST-days, leave and courses."
        ) % {"rotation": rotation.label, "form": form, "opens": opens, "due": due}
        severity = Severity.OVERDUE if days_left < 0 else Severity.WARNING
        yield _finding("rotation_contact_due", entry.rules[0], due, message, rotation, severity)
