"""One training's timeline: what the UI, the API, the CLI and the dashboards all show."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from stportal.routines.schema import RoutineProfile
from stportal.timeline.findings import Finding, findings
from stportal.timeline.milestones import Milestone, milestones
from stportal.timeline.months import months_served
from stportal.timeline.served import History, projected_completion, served_percent_days, spans


@dataclass(frozen=True)
class Timeline:
    history: History
    as_of: date
    served_percent_days: int
    projected_completion: date
    milestones: list[Milestone]
    findings: list[Finding]
    done: frozenset[tuple[str, int | None]] = frozenset()  # milestones done, by key

    @property
    def required_days(self) -> int:
        return self.history.required_days

    @property
    def served_days(self) -> str:
        """Days served as a decimal string with two places (percent-days / 100)."""
        whole, hundredths = divmod(self.served_percent_days, 100)
        return f"{whole}.{hundredths:02d}"

    @property
    def served_days_number(self) -> Decimal:
        return Decimal(self.served_percent_days) / 100

    @property
    def served_whole_days(self) -> int:
        """Days served, rounded down to whole days (the pages show no decimals on days)."""
        return self.served_percent_days // 100

    @property
    def served_months(self) -> Fraction:
        """Months served as residents count them (months.py): credited months plus the
        full-time-equivalent months served since the start; `required_months` at completion."""
        served = months_served(self.history.start, self.served_percent_days)
        return self.history.credited_months + served

    @property
    def required_months(self) -> int:
        return self.history.required_months

    @property
    def extension_days(self) -> int:
        return (self.projected_completion - self.history.full_time_completion).days

    @property
    def served_share(self) -> float:
        """Share of the required time served, 0–1, for progress bars."""
        return min(1.0, self.served_percent_days / (100 * self.required_days))

    def as_json(self) -> dict[str, object]:
        return {
            "required_months": self.history.required_months,
            "required_days": self.required_days,
            "served_days": self.served_days,
            "projected_completion": self.projected_completion.isoformat(),
            "extension_days": self.extension_days,
            "milestones": [milestone.as_json() for milestone in self.milestones],
            "findings": [finding.as_json() for finding in self.findings],
        }


def timeline(
    profile: RoutineProfile,
    history: History,
    as_of: date,
    *,
    exam: bool = False,
    done: Collection[tuple[str, int | None]] = (),
) -> Timeline:
    parts = spans(history)
    completion = projected_completion(history, parts)
    dated = milestones(profile, history.start, completion, exam=exam)
    return Timeline(
        history,
        as_of,
        served_percent_days(history, as_of, parts),
        completion,
        dated,
        findings(profile, history.absences, dated, as_of, done),
        frozenset(done),
    )


def extension_by_cause(history: History) -> tuple[int, int]:
    """(days added by part time, days added by non-counting leave) to the full-time end."""
    without_leave = projected_completion(replace(history, absences=()))
    with_leave = projected_completion(history)
    return (
        (without_leave - history.full_time_completion).days,
        (with_leave - without_leave).days,
    )
