"""The main supervisor and the supervisors' training (R8.2, R8.3), pure Python.

G 5.1.2: "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare (specialist i
allmänmedicin) utses inför ST-tjänstgöringens start […] Handledaren ska ha en uppdaterad
handledarutbildning som ej bör vara äldre än fem år och som ska innehålla information om den för
ST-läkaren aktuella målbeskrivningen." The V routine names the huvudhandledare but not these
conditions; its profile takes them from the national regulation and marks them assumed.

What is not recorded raises nothing here except the supervisor training itself (R8.3, as before):
a specialty, a målbeskrivning or an appointment that is not entered is unknown, not broken; one
that is entered and contradicts the routine is a finding. Who appointed the main supervisor is
checked where it is entered (training.models.Training.clean: a unit head of the home unit), so the
facts only say whether the recorded appointer is the unit head.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from stportal.routines.schema import RoutineProfile
from stportal.timeline.dates import add_months
from stportal.timeline.findings import Finding
from stportal.timeline.findings import finding as _finding
from stportal.timeline.text import _

GENERAL_PRACTICE = "general_practice"


@dataclass(frozen=True)
class Supervisor:
    """One of the resident's supervisors as the rules need them."""

    name: str
    trained_on: date | None = None  # supervisor training completed (R8.3)
    training_regulation: str = ""  # the målbeskrivning it covered; "" not recorded (R8.3)
    specialty: str = ""  # "general_practice", "other", "none"; "" not recorded (R8.2)
    main: bool = False


@dataclass(frozen=True)
class Appointment:
    """R8.2: when, and whether by the unit head, the main supervisor was appointed."""

    on: date | None = None  # None: not recorded
    by_unit_head: bool | None = None  # None: not recorded


def as_supervisors(entries: Iterable[Supervisor | tuple[str, date | None]]) -> list[Supervisor]:
    """Facts.supervisors holds Supervisor rows or, as before issue 11, (name, trained on) pairs;
    a list of pairs names the main supervisor first."""
    found = []
    for index, entry in enumerate(entries):
        if isinstance(entry, Supervisor):
            found.append(entry)
        else:
            name, trained_on = entry
            found.append(Supervisor(name, trained_on, main=index == 0))
    return found


def supervisor_findings(
    profile: RoutineProfile,
    *,
    as_of: date,
    start: date,
    regulation: str,
    supervisors: Iterable[Supervisor | tuple[str, date | None]],
    appointment: Appointment | None = None,
) -> list[Finding]:
    people = as_supervisors(supervisors)
    return [
        *_training_age(profile, as_of, people),
        *_training_curriculum(profile, as_of, regulation, people),
        *_main_supervisor(profile, as_of, start, people, appointment or Appointment()),
    ]


def _training_age(
    profile: RoutineProfile, as_of: date, people: list[Supervisor]
) -> Iterator[Finding]:
    """R8.3: the supervisor's supervisor training is at most n years old ("ej bör vara äldre än
    fem år")."""
    years = profile.supervisor_training_valid.years
    for person in people:
        trained_on = person.trained_on
        if trained_on is not None and add_months(trained_on, 12 * years) >= as_of:
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
            as_of,
            message % {"name": person.name, "date": trained_on, "years": years},
            supervisor=person.name,
        )


def _training_curriculum(
    profile: RoutineProfile, as_of: date, regulation: str, people: list[Supervisor]
) -> Iterator[Finding]:
    """R8.3: the training "ska innehålla information om den för ST-läkaren aktuella
    målbeskrivningen": one recorded as covering another målbeskrivning is a finding."""
    entry = profile.main_supervisor
    if entry is None or not entry.training_covers_curriculum:
        return
    for person in people:
        if not person.training_regulation or person.training_regulation == regulation:
            continue
        message = _(
            "%(name)s's supervisor training covered the målbeskrivning %(covered)s; the "
            "resident follows %(regulation)s. The supervisor needs training that covers it."
        ) % {"name": person.name, "covered": person.training_regulation, "regulation": regulation}
        yield _finding(
            "supervisor_training_other_curriculum",
            "R8.3",
            as_of,
            message,
            supervisor=person.name,
            covered=person.training_regulation,
        )


def _main_supervisor(
    profile: RoutineProfile,
    as_of: date,
    start: date,
    people: list[Supervisor],
    appointment: Appointment,
) -> Iterator[Finding]:
    """R8.2: the main supervisor is a specialist in allmänmedicin, appointed by the unit head
    before the ST starts ("utses inför ST-tjänstgöringens start")."""
    entry = profile.main_supervisor
    if entry is None:
        return
    main = next((person for person in people if person.main), None)
    if main is not None and main.specialty and main.specialty != entry.specialty:
        message = _(
            "The main supervisor %(name)s is recorded as not a specialist in general practice "
            "(allmänmedicin). The unit head appoints a main supervisor who is."
        ) % {"name": main.name}
        yield _finding(
            "main_supervisor_not_specialist", "R8.2", as_of, message, supervisor=main.name
        )
    if appointment.by_unit_head is False and entry.appointed_by == "unit_head":
        message = _(
            "The main supervisor was not appointed by the unit head (verksamhetschef). The unit "
            "head appoints the main supervisor."
        )
        yield _finding("main_supervisor_not_appointed_by_unit_head", "R8.2", as_of, message)
    if entry.appointed_before_start and appointment.on is not None and appointment.on > start:
        message = _(
            "The main supervisor was appointed on %(on)s, after the ST started on %(start)s; "
            "the routine has the unit head appoint one before the start."
        ) % {"on": appointment.on, "start": start}
        yield _finding("main_supervisor_appointed_late", "R8.2", as_of, message)
