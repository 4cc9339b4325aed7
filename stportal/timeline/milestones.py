"""The dated milestones of a training, from the region's routine profile (timeline.md).

Dates follow the start (training plan, agreement, annual reviews, and Mitt i ST when the region's
routine places it in an ST year) or the projected completion C (Mitt i ST registration when the
routine counts back from the application, final evaluation window, closing conversation), so
leave and part time move the latter with C.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from stportal.routines.schema import RoutineProfile
from stportal.timeline.dates import add_months

MILESTONE_CODES = (
    "training_plan",
    "agreement",
    "mitt_i_st_registration",
    "mitt_i_st",
    "final_evaluation",
    "closing_conversation",
    "annual_review",
)


class Status(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"  # the due date has passed
    OPEN = "open"  # within its window
    DUE_SOON = "due_soon"  # within the profile's warning days
    UPCOMING = "upcoming"


# Milestones that nothing else in the portal documents: done once someone records them
# (registration for Mitt i ST, taking part in it, the final evaluation, the closing conversation;
# R5.2, R5.4, R5.3, R5.6). Who may record which is stportal.access's MILESTONE_RECORDERS.
RECORDABLE_MILESTONES = (
    "mitt_i_st_registration",
    "mitt_i_st",
    "final_evaluation",
    "closing_conversation",
)


@dataclass(frozen=True)
class Milestone:
    """Due on `due`; a window milestone (`opens` set) may be done from `opens` to `due`."""

    code: str
    rule: str
    due: date
    opens: date | None = None
    year: int | None = None

    @property
    def key(self) -> tuple[str, int | None]:
        """What identifies it among a training's milestones (the code, and the year if yearly)."""
        return self.code, self.year

    def status(
        self, as_of: date, warning_days: int, done: Collection[tuple[str, int | None]] = ()
    ) -> Status:
        if self.key in done:
            return Status.DONE
        if self.due < as_of:
            return Status.OVERDUE
        if self.opens is not None and self.opens <= as_of:
            return Status.OPEN
        if (self.due - as_of).days <= warning_days:
            return Status.DUE_SOON
        return Status.UPCOMING

    def as_json(self) -> dict[str, object]:
        result: dict[str, object] = {"code": self.code}
        if self.opens is None:
            result["date"] = self.due.isoformat()
        else:
            result["from"] = self.opens.isoformat()
            result["to"] = self.due.isoformat()
        if self.year is not None:
            result["year"] = self.year
        return result


def milestones(
    profile: RoutineProfile, start: date, completion: date, *, exam: bool
) -> list[Milestone]:
    """Every milestone of the training, in date order."""
    found = [
        Milestone(
            "training_plan",
            profile.training_plan.rules[0],  # R2.2
            add_months(start, profile.training_plan.due_months),
        ),
        Milestone(
            "agreement",
            profile.agreement.rules[0],  # G R2.4, V R2.5
            add_months(start, profile.agreement.due_months),
        ),
        *_mitt_i_st(profile, start, completion),
        *_final_evaluation(profile, completion, exam=exam),
        *_closing_conversation(profile, completion),
        *_annual_reviews(profile, start, completion),
    ]
    return sorted(found, key=lambda milestone: milestone.due)  # stable: the order above on ties


def _st_year(start: date, year: int) -> tuple[date, date]:
    """ST year `year` (1, 2, …) counted in calendar years from the start, as the annual reviews
    are: (its first day, the day after its last, i.e. start + 12·year months)."""
    return add_months(start, 12 * (year - 1)), add_months(start, 12 * year)


def _mitt_i_st(profile: RoutineProfile, start: date, completion: date) -> list[Milestone]:
    """Registration for Mitt i ST and taking part in it (G R5.2, V R5.4).

    G 5.1.7: "Mitt-i-ST, som är obligatorisk för alla ST-läkare i allmänmedicin, är en
    mittvärdering som ska beställas från SFAM. En extern värderare utses och genomför Mitt-i-ST
    med ST-läkaren. […] Anmälan ska ske senast 24 månader innan beräknad ansökan om
    specialistkompetens." Registration is due C − 24 months; taking part is mandatory but the
    routine gives it no date, so it is due by the projected completion C.

    V's year plan: year 2 "Ev. anmäl till Mitt i ST", year 3 "Delta i planerad Mitt i ST".
    Registration is a window over ST year 2 (`register_in_year`), taking part one over ST year 3
    (`take_part_in_year`). SFAM's own deadline (C − `registration_months_before_completion`,
    18 months) still bounds the registration when it comes earlier, as after credited time.
    """
    entry = profile.mitt_i_st
    rule = entry.rules[0]
    latest = add_months(completion, -entry.registration_months_before_completion)
    if entry.register_in_year is None:
        registration = Milestone("mitt_i_st_registration", rule, latest)
    else:
        opens, ends = _st_year(start, entry.register_in_year)
        due = min(ends - timedelta(days=1), latest)
        registration = Milestone("mitt_i_st_registration", rule, due, opens=min(opens, due))
    found = [registration]
    if entry.take_part_in_year is not None:
        opens, ends = _st_year(start, entry.take_part_in_year)
        due = min(ends - timedelta(days=1), completion)
        found.append(Milestone("mitt_i_st", rule, due, opens=min(opens, due)))
    elif entry.mandatory:
        found.append(Milestone("mitt_i_st", rule, completion))
    return found


def _final_evaluation(profile: RoutineProfile, completion: date, *, exam: bool) -> list[Milestone]:
    """R5.3: a window before completion, unless the resident takes the specialist exam."""
    entry = profile.final_evaluation
    window = entry.window_months_before_completion
    if not entry.enabled or window is None or (exam and entry.not_needed_with_exam):
        return []
    nearest, farthest = sorted(window)
    return [
        Milestone(
            "final_evaluation",
            entry.rules[0],
            add_months(completion, -nearest),
            opens=add_months(completion, -farthest),
        )
    ]


def _closing_conversation(profile: RoutineProfile, completion: date) -> list[Milestone]:
    entry = profile.closing_conversation  # R5.6
    return [Milestone("closing_conversation", entry.rules[0], completion)] if entry.enabled else []


def _annual_reviews(profile: RoutineProfile, start: date, completion: date) -> Iterable[Milestone]:
    """start + interval·k months for k = 1, 2, … while the date is not after completion (R9.3)."""
    entry = profile.annual_review
    year = 1
    while (due := add_months(start, entry.interval_months * year)) <= completion:
        yield Milestone("annual_review", entry.rules[0], due, year=year)
        year += 1
