"""The application's certificates as the records propose them (issue 13 item 3).

Each certificate is drafted from what the product holds: the placements (with the rotation
supervisor's certificate, R6.4), the courses, the works, the plan's delmål and the supervisors'
judgements; the certifier comes from the record. `drafts_of` gives the rules.application Drafts,
`confirmations_of` what was confirmed (the rotation certificate confirmed through its link counts
as its confirmation). The view passes the timeline's result in, so this module reads only models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from stportal.application.models import CertificateConfirmation
from stportal.people.models import Membership, Person, Role, Specialty
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind, RotationContract
from stportal.portfolio.models import ScholarlyKind
from stportal.rules import application as rules
from stportal.rules.application import Confirmation, Content, Draft
from stportal.rules.plan_content import PlanContent
from stportal.training.models import Placement, Training

MAIN_SUPERVISOR = "main_supervisor"
ROTATION_SUPERVISOR = "rotation_supervisor"
UNIT_HEAD = "unit_head"
RESIDENT = "resident"
# Who confirms a certificate of each role in the product: the relation to the training.
SPECIALTY_TEXT = {
    Specialty.GENERAL_PRACTICE: "Allmänmedicin",
}


def specialty_of(person: Person | None) -> str:
    """The specialty as the forms want it written; empty when not a specialist in allmänmedicin
    (the certifier writes their own in ink)."""
    if person is None:
        return ""
    return SPECIALTY_TEXT.get(Specialty(person.specialty), "") if person.specialty else ""


def _first_member(role: Role, **where: object) -> Person | None:
    """The first person (by membership) holding `role` where `where` says, or None."""
    membership = (
        Membership.objects.filter(role=role, **where)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return membership.person if membership else None


def unit_head_of(training: Training) -> Person | None:
    return _first_member(Role.UNIT_HEAD, unit=training.home_unit)


def director_of(training: Training) -> Person | None:
    return _first_member(Role.DIRECTOR, region=training.home_unit.region)


def _planned(training: Training, kind: str) -> tuple[str, ...]:
    """The delmål the plan meets with activities of `kind`, in the plan's order."""
    plan = plan_services.latest(training, DocumentKind.TRAINING_PLAN)
    if plan is None or not isinstance(plan.document, PlanContent):
        return ()
    return tuple(
        code
        for code, goal in plan.document.goals.items()
        if any(activity.kind == kind for activity in goal.activities)
    )


def _name(person: Person | None) -> str:
    return person.get_full_name() or person.username if person is not None else ""


def _home(training: Training, last: date) -> Draft:
    """The clinical service at the home unit (KT-PV, 2015 Bilaga 4 / 2021 Bilaga 9), certified
    by the main supervisor: the whole ST's service outside rotations and auskultations."""
    supervisor = training.main_supervisor
    place = training.home_unit.name
    content = Content(
        place,
        training.start_date,
        last,
        _planned(training, "clinical_service"),
        _("Clinical service under supervision at %(place)s, with an own list of patients.")
        % {"place": place},
        _name(supervisor),
        specialty_of(supervisor),
        place,
    )
    missing = () if supervisor else (_("The training has no main supervisor."),)
    return Draft(rules.CLINICAL, "home", content, MAIN_SUPERVISOR, missing)


def _placement(training: Training, placement: Placement) -> Draft:
    """A rotation (clinical service elsewhere) or an auskultation: the rotation supervisor
    certifies it through the rotation contract's link (R6.4)."""
    kind = rules.AUSKULTATION if placement.kind == Placement.Kind.AUSKULTATION else rules.CLINICAL
    contract: RotationContract | None = getattr(placement, "rotation_contract", None)
    certifier = contract.supervisor_name if contract and contract.supervisor_name else ""
    content = Content(
        placement.unit_name,
        placement.from_date,
        placement.to_date,
        tuple(contract.goals) if contract else (),
        contract.description if contract else "",
        certifier or placement.supervisor_display,
        contract.supervisor_title if contract else "",
        placement.unit_name,
    )
    if placement.kind == Placement.Kind.ROTATION:
        missing = () if certifier else (_("The receiving unit has not named a supervisor yet."),)
        return Draft(kind, f"placement:{placement.pk}", content, ROTATION_SUPERVISOR, missing)
    return Draft(kind, f"placement:{placement.pk}", content, MAIN_SUPERVISOR, ())


def _courses(training: Training) -> list[Draft]:
    supervisor = training.main_supervisor
    drafts = []
    for course in training.courses.all():
        content = Content(
            course.name,
            course.from_date,
            course.to_date,
            tuple(course.goals),
            course.name,
            _name(supervisor),
            specialty_of(supervisor),
            training.home_unit.name,
            signed_as="supervisor",
        )
        missing = () if course.goals else (_("No delmål are chosen for the course."),)
        drafts.append(Draft(rules.COURSE, f"course:{course.pk}", content, MAIN_SUPERVISOR, missing))
    return drafts


def _works(training: Training) -> list[Draft]:
    """2015: the quality work (Bilaga 6) and the written work (Bilaga 7); 2021: the development
    work (Bilaga 11), the written work going into STa3 (Bilaga 12)."""
    supervisor = training.main_supervisor
    drafts = []
    for work in training.scholarly_works.all():
        if work.kind == ScholarlyKind.QUALITY_WORK:
            kind = rules.QUALITY if training.regulation == rules.SOSFS_2015 else rules.DEVELOPMENT
        elif training.regulation == rules.SOSFS_2015:
            kind = rules.WRITTEN
        else:
            continue
        content = Content(
            work.topic,
            work.planned_on,
            work.completed_on or work.presented_on,
            tuple(work.goals),
            work.plan[:1500],
            _name(supervisor),
            specialty_of(supervisor),
            training.home_unit.name,
        )
        missing = (
            () if (work.completed_on or work.presented_on) else (_("The work is not finished."),)
        )
        drafts.append(Draft(kind, f"work:{work.kind}", content, MAIN_SUPERVISOR, missing))
    return drafts


def _sta3(training: Training) -> Draft:
    """STa3, medicinsk vetenskap (2021 Bilaga 12): the activities (the written work, the courses
    naming STa3) and how the delmål was checked, certified by the main supervisor."""
    supervisor = training.main_supervisor
    activities = [
        _("Written work: %(topic)s") % {"topic": work.topic}
        for work in training.scholarly_works.all()
        if work.kind == ScholarlyKind.WRITTEN_WORK
    ]
    activities += [
        _("Course: %(name)s") % {"name": course.name}
        for course in training.courses.all()
        if "STa3" in course.goals
    ]
    content = Content(
        "STa3",
        goals=("STa3",),
        description="\n".join(activities),
        certifier_name=_name(supervisor),
        certifier_specialty=specialty_of(supervisor),
        certifier_workplace=training.home_unit.name,
    )
    missing = () if activities else (_("No written work or course for STa3 is recorded."),)
    return Draft(rules.STA3, "sta3", content, MAIN_SUPERVISOR, missing)


def _achieved(training: Training, head: Person | None, gaps: tuple[str, ...]) -> Draft:
    """Achieved competence (2015 Bilaga 2, 2021 Bilaga 7): the main supervisor together with the
    unit head (2015: "verksamhetschefen", who may appoint a specialist; 2021: a specialist
    besides the main supervisor). Drafted for the unit head; confirmed by both."""
    supervisor = training.main_supervisor
    training_year = (
        str(supervisor.supervisor_training_on.year)
        if supervisor is not None and supervisor.supervisor_training_on
        else ""
    )
    content = Content(
        training.home_unit.name,
        certifier_name=_name(supervisor),
        certifier_specialty=specialty_of(supervisor),
        certifier_workplace=training.home_unit.name,
        second_name=_name(head),
        second_specialty=specialty_of(head),
        second_workplace=training.home_unit.name,
        supervisor_training_year=training_year,
    )
    missing = list(gaps)
    if head is None:
        missing.append(_("The home unit has no unit head."))
    elif supervisor is not None and head.pk == supervisor.pk:
        missing.append(
            _("The unit head is the main supervisor: another specialist must sign as well.")
        )
    return Draft(rules.ACHIEVED, "achieved", content, MAIN_SUPERVISOR, tuple(missing))


def _completed(training: Training, head: Person | None, last: date, gaps: tuple[str, ...]) -> Draft:
    """Completed ST with the service list (2021 Bilaga 6), signed by the unit head."""
    content = Content(
        training.home_unit.name,
        training.start_date,
        last,
        certifier_name=_name(head),
        certifier_workplace=training.home_unit.name,
    )
    missing = list(gaps)
    if head is None:
        missing.append(_("The home unit has no unit head."))
    return Draft(rules.COMPLETED, "completed", content, UNIT_HEAD, tuple(missing))


def drafts_of(
    training: Training, *, end: date, time_gaps: tuple[str, ...], goal_gaps: tuple[str, ...]
) -> tuple[Draft, list[Draft]]:
    """(the application, its attachments) as the records propose them. `end`: the ST's end as
    the timeline projects it (a certificate confirmed before the end stays confirmed unless the
    end moves); `time_gaps`/`goal_gaps`: what readiness still lacks."""
    application = Draft(
        rules.APPLICATION,
        "application",
        Content(_("General practice"), training.start_date, end),
        RESIDENT,
        (*time_gaps, *goal_gaps),
    )
    placements = training.placements.exclude(kind=Placement.Kind.HOME_UNIT).select_related(
        "unit", "rotation_contract"
    )
    prefetch_related_objects([training], "courses", "scholarly_works")
    head = unit_head_of(training)
    drafts = [
        _home(training, end),
        *(_placement(training, placement) for placement in placements),
        *_courses(training),
        *_works(training),
        _achieved(training, head, (*time_gaps, *goal_gaps)),
    ]
    if training.regulation == rules.HSLF_2021:
        drafts += [_completed(training, head, end, time_gaps), _sta3(training)]
    return application, drafts


def content_of(data: dict[str, object]) -> Content:
    """A Content from its stored JSON (dates as ISO text)."""
    values = dict(data)
    for key in ("first", "last"):
        text = values.get(key)
        values[key] = date.fromisoformat(str(text)) if text else None
    goals = values.get("goals")
    values["goals"] = tuple(str(code) for code in goals) if isinstance(goals, list) else ()
    return Content(**values)  # type: ignore[arg-type]


def stored(content: Content) -> dict[str, object]:
    """The JSON of a Content: dates as ISO text."""
    values: dict[str, object] = dict(content.__dict__)
    for key in ("first", "last"):
        day = values[key]
        values[key] = day.isoformat() if isinstance(day, date) else None
    values["goals"] = list(content.goals)
    return values


def _rotation_confirmations(training: Training) -> Iterable[Confirmation]:
    """A rotation certified through its link is confirmed: the certified place and period, as
    the rotation supervisor certified them (issue 10)."""
    contracts = RotationContract.objects.filter(
        placement__training=training, certified_at__isnull=False
    ).select_related("placement", "placement__unit")
    for contract in contracts:
        yield Confirmation(
            f"placement:{contract.placement_id}",
            Content(
                contract.certified_place or contract.placement.unit_name,
                contract.certified_from,
                contract.certified_to,
                tuple(contract.goals),
                contract.description,
                contract.certified_by_name or contract.supervisor_name,
                contract.supervisor_title,
                contract.certified_place or contract.placement.unit_name,
            ),
        )


def confirmations_of(training: Training) -> list[Confirmation]:
    """What was confirmed, by certificate key. Achieved competence counts as confirmed once
    both its signers confirmed ("achieved" and "achieved:second")."""
    rows = {row.key: row for row in CertificateConfirmation.objects.filter(training=training)}
    printed = {key for key, row in rows.items() if row.printed_at is not None}
    found = [
        Confirmation(key, content_of(row.content), key in printed)
        for key, row in rows.items()
        if not key.startswith("achieved")
    ]
    first, second = rows.get("achieved"), rows.get("achieved:second")
    # Two signers, two people (HSLF-FS 2021:8 Bilaga 7; SOSFS 2015:8 Bilaga 2).
    if first is not None and second is not None and first.confirmed_by_id != second.confirmed_by_id:
        content = content_of(first.content)
        other = content_of(second.content)
        merged = replace(
            content,
            second_name=other.second_name,
            second_specialty=other.second_specialty,
            second_workplace=other.second_workplace,
        )
        found.append(Confirmation("achieved", merged, first.printed_at is not None))
    found += list(_rotation_confirmations(training))
    return found
