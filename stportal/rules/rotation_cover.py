"""Absence during a rotation and who watches the resident's results (R6.11, R6.12; V), pure.

V, Sidotjänstgöring: "ST-läkarna ska under sin sidotjänstgöring meddela både kliniken och sin
verksamhetschef vid frånvaro pga. sjukdom, VAB eller dylikt." (R6.11) and "det är viktigt att det
finns en tydlig och välfungerande struktur för hur bevakningen av inkommande svar och ärenden till
ST-läkaren ska hanteras i samband med sidotjänstgöringar, samt vid annan frånvaro" (R6.12).

Which absences: the unplanned ones the routine names (sickness, VAB: "sjukdom, VAB eller dylikt"),
as the adapter passes them. Who watches the results is one named person or arrangement per
training (Training.results_covered_by); it is asked for from `warning_days` before a rotation or
another absence ("samt vid annan frånvaro") starts until it ends. G's routine says neither, so
its profile has no `rotation_absence`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.timeline.findings import Finding, Severity
from stportal.timeline.text import _


@dataclass(frozen=True)
class RotationAbsence:
    """An unplanned absence (sickness, VAB) and whether it was reported to both."""

    first: date
    last: date
    reported: bool


def rotation_cover_findings(
    profile: RoutineProfile,
    *,
    as_of: date,
    rotations: Iterable[tuple[date, date]],
    absences: Iterable[RotationAbsence],
    results_covered_by: str,
    other_absences: Iterable[tuple[date, date]] = (),
) -> list[Finding]:
    """R6.11: each unplanned absence during a rotation not reported to both; R6.12: nobody named
    to watch the results while a rotation, or another absence (`other_absences`: any kind, first
    and last day), is under way or starts within the profile's warning days."""
    entry = profile.rotation_absence
    if entry is None:
        return []
    spans = sorted(rotations)
    found: list[Finding] = []
    if entry.reported_to_clinic_and_unit_head:
        for absence in absences:
            if absence.reported or absence.first > as_of:
                continue
            if not any(first <= absence.last and absence.first <= last for first, last in spans):
                continue
            message = _(
                "The absence from %(first)s to %(last)s fell during a rotation; it is to be "
                "reported to both the clinic and the unit head. Record that it was."
            ) % {"first": absence.first, "last": absence.last}
            found.append(
                Finding(
                    "rotation_absence_unreported",
                    "R6.11",
                    Severity.OVERDUE,
                    absence.first,
                    message,
                    {"from": absence.first.isoformat()},
                )
            )
    if entry.results_watcher_named and not results_covered_by.strip():
        horizon = as_of + timedelta(days=profile.milestones.warning_days)

        def current(rows: Iterable[tuple[date, date]]) -> list[date]:
            return sorted(first for first, last in rows if last >= as_of and first <= horizon)

        rotation, away = current(spans), current(other_absences)
        if rotation or away:
            if rotation and (not away or rotation[0] <= away[0]):
                first = rotation[0]
                message = _(
                    "Nobody is named to watch the resident's incoming results and cases during "
                    "the rotation from %(first)s. Name who does, and tell the unit."
                ) % {"first": first}
            else:
                first = away[0]
                message = _(
                    "Nobody is named to watch the resident's incoming results and cases during "
                    "the absence from %(first)s. Name who does, and tell the unit."
                ) % {"first": first}
            severity = Severity.OVERDUE if first <= as_of else Severity.WARNING
            found.append(Finding("results_cover_missing", "R6.12", severity, first, message, {}))
    return found
