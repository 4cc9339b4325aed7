"""The time plan's checks against the region's routine (issue 4; R6.2, R6.4, R6.6, R6.8–R6.10).

Pure Python: the placements as plain data in, findings (the timeline's Finding) out.

BT (issue 11). Under HSLF-FS 2021:8 the ST "ska inledas med bastjänstgöring under minst sex
månader" (patientsäkerhetsförordningen 4 kap. 1 §), with at least three months of acute care and
three of primary care (regulations-notes §2.3). V's structure (R6.8: "ST bör inledas på
vårdcentralen … (ca 1 år) … däremellan sidotjänstgöring år 2–4") and its home-return days (R6.9)
are about the side rotations of the ST proper, so BT's placements never raise them. The data
does not say which placements are BT (no placement kind, note or BT end date records it), so
`bt_until` takes the one thing the regulation makes certain: a 2021 training's first six months,
less any credited months (the credit may be BT done earlier), are BT. A rotation that starts
before then is BT; one starting later is judged as the ST proper, even when a longer BT in fact
still runs (a possible false warning rather than a silence). A placement whose `bt` is given
(True/False) overrides the inference.
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
# National, not regional: the regulation whose ST begins with BT, and BT's least length.
BT_REGULATION = "HSLF-FS 2021:8"
BT_MIN_MONTHS = 6


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
    supervisor_named: bool = False  # a rotation supervisor is named (R6.4)
    certified: bool = False  # the rotation supervisor has certified the service (R6.4)
    bt: bool | None = None  # part of BT (HSLF-FS 2021:8); None: judged by `bt_until`

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def bt_until(regulation: str, start: date, credited_months: int = 0) -> date | None:
    """The first day after the part of the ST that is certainly BT, or None when no part is.

    A 2021 training begins with at least six months of BT; credited months may be BT done
    earlier, so they shorten what is certain (six or more credited months: nothing is)."""
    if regulation != BT_REGULATION or credited_months >= BT_MIN_MONTHS:
        return None
    return add_months(start, BT_MIN_MONTHS - credited_months)


def is_bt(placement: PlannedPlacement, until: date | None) -> bool:
    if placement.bt is not None:
        return placement.bt
    return until is not None and placement.first < until


def check_time_plan(
    profile: RoutineProfile,
    start: date,
    completion: date,
    placements: Iterable[PlannedPlacement],
    as_of: date,
    *,
    bt_until: date | None = None,
) -> list[Finding]:
    """The time plan's findings on `as_of`; `bt_until` as `bt_until()` computes it."""
    placements = sorted(placements, key=lambda p: p.first)
    rotations = [p for p in placements if p.kind == "rotation"]
    # R6.8/R6.9 are the ST proper's side-rotation rules: BT's placements never raise them.
    side_rotations = [r for r in rotations if not is_bt(r, bt_until)]
    found = [
        *_home_unit_periods(profile, start, completion, side_rotations),
        *_external(profile, rotations),
        *_auskultation(profile, placements),
        *_home_return_days(profile, side_rotations),
        *_contact_deadlines(profile, rotations, as_of),
        *_rotation_supervisors(profile, rotations, as_of),
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
    """R6.10 (V): "Auskultation är normalt ett fåtal dagar och absolut max fyra veckor under
    VC-tjänstgöringen." Each auskultation is judged on its own (it is "normalt ett fåtal
    dagar"), not their sum over the ST (issue 11)."""
    weeks = profile.auskultation.max_weeks_during_home_unit
    if not weeks:
        return
    for auskultation in placements:
        if auskultation.kind != "auskultation" or auskultation.days <= 7 * weeks:
            continue
        message = _(
            "%(auskultation)s lasts %(days)d days; an auskultation is normally a few days and at "
            "most %(weeks)d weeks during the home-unit period."
        ) % {"auskultation": auskultation.label, "days": auskultation.days, "weeks": weeks}
        yield _finding(
            "auskultation_too_long",
            profile.auskultation.rules[0],
            auskultation.first,
            message,
            auskultation,
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


def _rotation_supervisors(
    profile: RoutineProfile, rotations: list[PlannedPlacement], as_of: date
) -> Iterator[Finding]:
    """R6.4 (G 4.1.5): "Mottagande verksamhet ska meddela vem som ska vara handledare före
    sidotjänstgöringens start. Handledaren på sidotjänstgöringen ska skyndsamt utfärda intyg …
    efter genomförd sidotjänstgöring." A rotation without a named supervisor is a task from
    `warning_days` before its start, overdue from the start until it ends; after it ends without
    a certificate, a finding due the day after (a warning: "skyndsamt" sets no date)."""
    entry = profile.rotation_supervisor
    for rotation in rotations:
        if (
            entry.named_before_start
            and not rotation.supervisor_named
            and as_of <= rotation.last
            and (rotation.first - as_of).days <= profile.milestones.warning_days
        ):
            message = _(
                "No rotation supervisor is named for %(rotation)s; the receiving unit names one "
                "before the rotation starts on %(first)s."
            ) % {"rotation": rotation.label, "first": rotation.first}
            severity = Severity.OVERDUE if as_of >= rotation.first else Severity.WARNING
            yield _finding(
                "rotation_supervisor_missing",
                entry.rules[0],
                rotation.first,
                message,
                rotation,
                severity,
            )
        if entry.certificate_after and not rotation.certified and as_of > rotation.last:
            if rotation.supervisor_named:
                message = _(
                    "%(rotation)s has ended without a certificate of clinical service; the "
                    "rotation supervisor issues it promptly after the rotation."
                ) % {"rotation": rotation.label}
            else:
                message = _(
                    "%(rotation)s has ended without a certificate of clinical service, and no "
                    "rotation supervisor is named to issue it."
                ) % {"rotation": rotation.label}
            yield _finding(
                "rotation_certificate_missing",
                entry.rules[0],
                rotation.last + ONE_DAY,
                message,
                rotation,
            )
