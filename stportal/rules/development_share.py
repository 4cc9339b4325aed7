"""The share of working time spent on professional development (R3.1, G), pure Python.

G 4.1.2: "Cirka 20 % av den totala tjänstgöringstiden ska anslås till kompetensutveckling. I denna
tid ingår kompetensutvecklingssamtal, auskultation, medsittning, kurser, seminarier, andra
utbildningsaktiviteter, som FQ-grupper, ”tisdags-utbildningar” tid för egna studier, dokumentation
och portföljsammanställning. I praktiken innebär det att fyra timmars studietid ska avsättas varje
vecka […]". "Cirka" and "i praktiken" make the 20 % a yardstick, not a requirement to check: the
requirement is the weekly study time (R3.2/R3.3, rules.study_time). So this is information shown
on the time page, never a finding.

What is counted, as far as the portal records it: study time logged, supervision logged, the
working days of courses (WeekFacts.education) and the minutes of the ST-days, lectures, seminars
and FQ-groups recorded (`events`). Auskultation and portfolio work are not recorded separately
and so are not in it; the share is a lower bound. Working time: each weekday from the start to
`as_of`, 8 hours at the employment percent less the absences' percent (as
rules.study_time.week_at_work counts a day).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.rules.study_time import WeekFacts, employment_on

DAY_MINUTES = 8 * 60  # a full-time working day


@dataclass(frozen=True)
class DevelopmentShare:
    target_percent: int  # the routine's "cirka 20 %"
    working_minutes: int  # working time from the start to as_of
    study_minutes: int
    supervision_minutes: int
    education_minutes: int  # working time on courses and other theoretical education
    event_minutes: int = 0  # ST-days, lectures and seminars, FQ-groups

    @property
    def development_minutes(self) -> int:
        return (
            self.study_minutes
            + self.supervision_minutes
            + self.education_minutes
            + self.event_minutes
        )

    @property
    def percent(self) -> float | None:
        """The recorded share in percent; None before any working time."""
        if self.working_minutes <= 0:
            return None
        return 100 * self.development_minutes / self.working_minutes


def _day_minutes(facts: WeekFacts, day: date) -> int:
    """A weekday's working minutes: employment less the absences covering it."""
    if day.weekday() >= 5:
        return 0
    leave = sum(p.percent for p in facts.days_off if p.first <= day <= p.last)
    return DAY_MINUTES * max(0, employment_on(facts, day) - leave) // 100


def development_share(
    profile: RoutineProfile,
    facts: WeekFacts,
    *,
    start: date,
    as_of: date,
    study: dict[date, int],
    supervision: list[tuple[date, int]],
    events: Iterable[tuple[date, int]] = (),
) -> DevelopmentShare | None:
    """R3.1: the share of working time from `start` to `as_of` (inclusive) recorded as
    professional development, against the profile's target; None when the routine has none.
    `study`: minutes by week (Monday), `supervision` and `events`: (date, minutes)."""
    entry = profile.development_share
    if entry is None:
        return None
    working = 0
    education = 0
    day = start
    while day <= as_of:
        minutes = _day_minutes(facts, day)
        working += minutes
        if minutes and any(p.first <= day <= p.last for p in facts.education):
            education += minutes
        day += timedelta(days=1)
    return DevelopmentShare(
        target_percent=entry.percent,
        working_minutes=working,
        study_minutes=sum(
            m for week, m in study.items() if start <= week + timedelta(6) and week <= as_of
        ),
        supervision_minutes=sum(m for held, m in supervision if start <= held <= as_of),
        education_minutes=education,
        event_minutes=sum(m for held, m in events if start <= held <= as_of),
    )
