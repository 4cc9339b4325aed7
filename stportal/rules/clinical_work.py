"""The resident's clinical work: the own patient list (R10.1) and on-call duty (R10.2), pure.

Plain data in (the list sizes recorded, the on-call milestones, the ST's start and projected
completion, the employment steps, the timeline's history), findings out, each with its R-code.
Called by the follow-up (rules.followup), whose findings the page "Kliniskt arbete" shows.

What the routines say, and how each is checked here:

- G 5.1.1 (R10.1): "I normalfallet (heltid) är det lämpligt att börja med eget patientansvar för
  ca 500-600 patienter och under ST-tiden öka detta med ca 150 patienter om året upp till
  1200-1300 under det sista halvåret. [...] Vid deltidsarbete minskas listan i motsvarande
  grad." The expected range on a day (`expected_range`) is the start range plus
  `growth_per_year` for each whole year of ST time served (150 × months / 12, rounded down: "om
  året" read as growing month by month; months served at full time, from the timeline's history
  when given, so two years of parental leave add nothing), at most the last half-year's range,
  and that range itself from six months before the projected completion; times the employment
  percent on that day when `pro_rata` (the low end rounded down, the high end up).
  The latest size is judged against its own day; when it is older than `recount_months` (or none
  is recorded that long after the start) the current size is asked for.
  "ca" is a tolerance: the latest recorded size more than `tolerance_percent` (an assumed value
  of the profile) outside the range is a finding. Above it, because the list grows faster than
  the routine says and eats the time the routine keeps for "icke patientbunden
  kompetensutveckling" (ca 20 %), which protects the resident; below it too, because "Det är
  en stor fördel för kompetensutvecklingen om ST-läkaren kan ha en egen patientlista": both are
  something for the supervisor and the unit head to talk about, not an error (the routine also
  says the size is "anpassad efter kompetens och erfarenhetsnivå"), so both are warnings.
  V's routine gives no numbers ("en avgränsad patientlista som ökas gradvis"): no range, no
  finding.
- G 5.1.3 (R10.2): "Jourtjänstgöring bör dock inte fördröjas utan påbörjas under första
  anställningsåret": no on-call duty of any kind recorded (a first shift, a double shift, a
  weekend or standby: "Jourtjänstgöring inklusive beredskapstjänstgöring") by the end of ST year
  `begin_in_year` is a warning from the day after. "Möjlighet att gå dubbelt med handledare eller
  annan specialistkompetent läkare ska erbjudas under ett par tillfällen"
  (`double_shifts_offered`): on-call begun and no double shift recorded is a warning. "ST-läkaren
  bör påbörja beredskapstjänstgöring under andra halvan av sin ST-tid" (`standby_in_second_half`):
  standby begun before the midpoint of the start and the projected completion is a warning (a
  "bör", so it asks for a word, nothing more). "Helgjourtjänstgöring påbörjas när handledare och
  ST-läkare bedömer att arbetstakten är tillräckligt hög" sets no date: the first weekend on-call
  is recorded, not judged. V's profile sets none of these: no finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stportal.routines.schema import RoutineProfile
from stportal.timeline.dates import add_months
from stportal.timeline.findings import Finding, Severity
from stportal.timeline.findings import finding as _finding
from stportal.timeline.served import History, served_percent_days
from stportal.timeline.text import _

# The kinds of on-call milestones (OnCall.kind).
FIRST_SHIFT = "first_shift"
DOUBLE_SHIFT = "double_shift"
WEEKEND = "weekend"
STANDBY = "standby"
ON_CALL_KINDS = (FIRST_SHIFT, DOUBLE_SHIFT, WEEKEND, STANDBY)
ONE_DAY = timedelta(days=1)
DAYS_A_MONTH = 365.25 / 12
# The bounds of a recorded list size, shared by the page's form and the follow-up document.
PATIENTS_MAX = 5000


@dataclass(frozen=True)
class ListCount:
    """The resident's own patient list held `patients` patients on `on`."""

    on: date
    patients: int


@dataclass(frozen=True)
class OnCall:
    """An on-call milestone: `kind` one of ON_CALL_KINDS, on the day `on`."""

    kind: str
    on: date


@dataclass(frozen=True)
class Band:
    """The expected list size on a day, both ends included, and how it was reached."""

    low: int
    high: int
    percent: int  # the employment percent it was scaled by (100 when not pro rata)
    last_half_year: bool


def months_between(start: date, day: date) -> int:
    """Whole calendar months from `start` to `day` (0 before a month has passed)."""
    if day <= start:
        return 0
    months = (day.year - start.year) * 12 + day.month - start.month
    while months > 0 and add_months(start, months) > day:
        months -= 1
    return months


def months_served(history: History, day: date) -> int:
    """Whole months served at full time from the start to `day` (the timeline's served days:
    part time counts pro rata, parental leave not at all)."""
    if day < history.start:
        return 0
    return int(served_percent_days(history, day) / 100 / DAYS_A_MONTH)


def percent_on(employment: Iterable[tuple[date, int]], day: date) -> int:
    """The employment percent on `day`: the last step begun on or before it, else 100 (before
    the first step, as the timeline counts)."""
    percent = 100
    for begins, step_percent in sorted(employment):
        if begins <= day:
            percent = step_percent
    return percent


def last_half_year_start(completion: date) -> date:
    """The first day of the last half-year of an ST whose last day is `completion`."""
    return add_months(completion + ONE_DAY, -6)


def expected_range(
    profile: RoutineProfile,
    day: date,
    *,
    start: date,
    completion: date,
    employment: Iterable[tuple[date, int]] = (),
    history: History | None = None,
) -> Band | None:
    """R10.1: the list size the routine expects on `day`, or None when it gives no numbers. The
    growth counts months served (`history`), else calendar months from the start."""
    entry = profile.patient_list
    if entry.start is None or entry.growth_per_year is None or entry.last_half_year is None:
        return None
    last = day >= last_half_year_start(completion)
    if last:
        low, high = entry.last_half_year
    else:
        months = months_between(start, day) if history is None else months_served(history, day)
        growth = entry.growth_per_year * months // 12
        low = min(entry.start[0] + growth, entry.last_half_year[0])
        high = min(entry.start[1] + growth, entry.last_half_year[1])
    percent = percent_on(employment, day) if entry.pro_rata else 100
    return Band(low * percent // 100, -(-high * percent // 100), percent, last)


def outside_band(profile: RoutineProfile, band: Band, patients: int) -> int:
    """+1 when `patients` is clearly above the band, −1 clearly below, 0 within "ca": more than
    `tolerance_percent` of the band's end beyond it."""
    tolerance = profile.patient_list.tolerance_percent or 0
    if patients * 100 > band.high * (100 + tolerance):
        return 1
    if patients * 100 < band.low * (100 - tolerance):
        return -1
    return 0


def clinical_work_findings(
    profile: RoutineProfile,
    *,
    as_of: date,
    start: date,
    completion: date,
    employment: Sequence[tuple[date, int]] = (),
    list_counts: Sequence[ListCount] = (),
    on_call: Sequence[OnCall] = (),
    history: History | None = None,
) -> list[Finding]:
    """R10.1 and R10.2 on `as_of`; records dated after it are not yet known. `employment` is
    the (first day, percent) steps; `completion` the projected last day of the ST; `history` the
    timeline's, for the months served."""
    counts = [count for count in list_counts if count.on <= as_of]
    events = [event for event in on_call if event.on <= as_of]
    found = [
        *_list_findings(profile, counts, start, completion, employment, history),
        *_list_recount(profile, counts, as_of, start),
        *_on_call_findings(profile, events, as_of, start, completion),
    ]
    return sorted(found, key=lambda finding: finding.due)


def _list_findings(
    profile: RoutineProfile,
    counts: list[ListCount],
    start: date,
    completion: date,
    employment: Sequence[tuple[date, int]],
    history: History | None,
) -> Iterator[Finding]:
    if not counts:
        return
    latest = max(counts, key=lambda count: count.on)
    band = expected_range(
        profile,
        latest.on,
        start=start,
        completion=completion,
        employment=employment,
        history=history,
    )
    if band is None:
        return
    side = outside_band(profile, band, latest.patients)
    values = {"patients": latest.patients, "low": band.low, "high": band.high}
    rule = "R10.1"
    if side > 0:
        text = _(
            "The own patient list has %(patients)d patients, more than the routine's about "
            "%(low)d–%(high)d at this point of the ST and employment: part of the working time "
            "is kept for training. Talk it over with the supervisor and the unit head."
        )
        message = text % values
        yield _finding(
            "patient_list_above_range", rule, latest.on, message, Severity.WARNING, **values
        )
    elif side < 0:
        text = _(
            "The own patient list has %(patients)d patients, fewer than the routine's about "
            "%(low)d–%(high)d at this point of the ST and employment. Talk over with the "
            "supervisor how the list should grow."
        )
        message = text % values
        yield _finding(
            "patient_list_below_range", rule, latest.on, message, Severity.WARNING, **values
        )


def _list_recount(
    profile: RoutineProfile, counts: list[ListCount], as_of: date, start: date
) -> Iterator[Finding]:
    """R10.1: the current size asked for when the latest is older than `recount_months`, or none
    is recorded that long after the start (the list is "eget patientansvar" from the start)."""
    entry = profile.patient_list
    if entry.recount_months is None or entry.start is None:
        return
    latest = max((count.on for count in counts), default=start)
    due = add_months(latest, entry.recount_months)
    if as_of < due:
        return
    if counts:
        message = _(
            "The own patient list's size was last recorded on %(day)s. Record its current size, "
            "so that its growth can be followed."
        ) % {"day": latest.isoformat()}
    else:
        message = _(
            "No size of the own patient list is recorded. Record it, so that its growth can be "
            "followed."
        )
    yield _finding("patient_list_not_recorded", "R10.1", due, message)


def _on_call_findings(
    profile: RoutineProfile,
    events: list[OnCall],
    as_of: date,
    start: date,
    completion: date,
) -> Iterator[Finding]:
    entry = profile.on_call
    rule = "R10.2"
    # "Jourtjänstgöring inklusive beredskapstjänstgöring": any on-call recorded is on-call begun.
    first = min((e.on for e in events), default=None)
    if entry.begin_in_year is not None and first is None:
        year_end = add_months(start, 12 * entry.begin_in_year) - ONE_DAY
        if as_of > year_end:
            message = _(
                "No on-call shift is recorded, and on-call duty should begin in ST year "
                "%(year)d. Plan the first on-call shift."
            ) % {"year": entry.begin_in_year}
            yield _finding("on_call_not_begun", rule, year_end, message)
    doubles = [e for e in events if e.kind == DOUBLE_SHIFT]
    alone = min((e.on for e in events if e.kind != DOUBLE_SHIFT), default=None)
    if entry.double_shifts_offered and alone is not None and not doubles:
        message = _(
            "On-call duty has begun, but no shift together with the supervisor or another "
            "specialist is recorded: the routine says it should be offered a couple of times."
        )
        yield _finding("on_call_no_double_shift", rule, alone, message)
    standby = min((e.on for e in events if e.kind == STANDBY), default=None)
    if entry.standby_in_second_half and standby is not None:
        midpoint = start + (completion - start) // 2
        if standby < midpoint:
            message = _(
                "Standby duty began on %(day)s, in the first half of the ST; the routine says "
                "it should begin in the second half (from %(midpoint)s), after some experience "
                "of nursing homes and of LPT/LVM."
            ) % {"day": standby.isoformat(), "midpoint": midpoint.isoformat()}
            yield _finding(
                "on_call_standby_early", rule, standby, message, midpoint=midpoint.isoformat()
            )
