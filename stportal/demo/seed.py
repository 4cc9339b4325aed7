"""Demo data per region: a director, a unit head, two supervisors, three residents at different
stages, and a region administrator. Dates are relative to today so the stages stay true."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from stportal.people.models import Membership, Person, Role
from stportal.timeline.dates import add_months
from stportal.training.models import Absence, AbsenceKind, EmploymentStep, Placement, Training
from stportal.units.models import Region, Unit

DEMO_PASSWORD = "st-demo-2026"


@dataclass(frozen=True)
class RegionDemo:
    suffix: str
    code: str
    name: str
    home_units: tuple[str, str]
    clinics: tuple[str, str, str]
    people: dict[str, tuple[str, str, str]]  # role key -> first name, last name, work title


REGIONS = (
    RegionDemo(
        suffix="g",
        code="gavleborg",
        name="Region Gävleborg",
        home_units=("Hälsocentralen Brynäs", "Hälsocentralen Hudiksvall"),
        clinics=("Medicinkliniken Gävle", "Psykiatriska kliniken Gävle", "Kvinnokliniken Gävle"),
        people={
            "director": ("Karin", "Wall", "Studierektor"),
            "unithead": ("Lars", "Berg", "Verksamhetschef"),
            "supervisor1": ("Eva", "Lind", "Specialist i allmänmedicin"),
            "supervisor2": ("Per", "Ek", "Specialist i allmänmedicin"),
            "resident1": ("Sara", "Holm", "ST-läkare"),
            "resident2": ("Jonas", "Strand", "ST-läkare"),
            "resident3": ("Maria", "Falk", "ST-läkare"),
            "admin": ("Anna", "Nord", "Regionadministratör"),
        },
    ),
    RegionDemo(
        suffix="v",
        code="vastmanland",
        name="Region Västmanland",
        home_units=("Vårdcentralen Skultuna", "Vårdcentralen Köping"),
        clinics=("Medicinkliniken Västerås", "Psykiatrin Västerås", "Kvinnokliniken Västerås"),
        people={
            "director": ("Sofie", "Dahl", "Studierektor"),
            "unithead": ("Erik", "Sjö", "Vårdenhetschef"),
            "supervisor1": ("Lena", "Björk", "Specialist i allmänmedicin"),
            "supervisor2": ("Olof", "Gran", "Specialist i allmänmedicin"),
            "resident1": ("Amir", "Karimi", "ST-läkare"),
            "resident2": ("Elin", "Vik", "ST-läkare"),
            "resident3": ("Johan", "Ström", "ST-läkare"),
            "admin": ("Ulla", "Sand", "Regionadministratör"),
        },
    ),
)


def usernames(region: RegionDemo) -> list[str]:
    return list(_username_map(region.suffix).values())


@transaction.atomic
def demo_seed(today: date) -> list[str]:
    """Creates what is missing (running it twice changes nothing); returns the usernames."""
    created = []
    for region_demo in REGIONS:
        _seed_region(region_demo, today)
        created += usernames(region_demo)
    return created


def _person(username: str, names: tuple[str, str, str]) -> Person:
    first, last, title = names
    person, made = Person.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "work_title": title,
            "email": f"{username}@example.invalid",
        },
    )
    if made:
        person.set_password(DEMO_PASSWORD)
        person.save()
    return person


def _seed_region(demo: RegionDemo, today: date) -> None:
    region, _ = Region.objects.get_or_create(
        code=demo.code, defaults={"name": demo.name, "routine_profile": demo.code}
    )
    home = [
        Unit.objects.get_or_create(region=region, name=n, defaults={"kind": "primary_care"})[0]
        for n in demo.home_units
    ]
    clinics = [
        Unit.objects.get_or_create(region=region, name=n, defaults={"kind": "clinic"})[0]
        for n in demo.clinics
    ]
    s = demo.suffix
    people = {key: _person(name, demo.people[key]) for key, name in _username_map(s).items()}
    _member(people["director"], Role.DIRECTOR, region)
    _member(people["unithead"], Role.UNIT_HEAD, region, home[0])
    _member(people["supervisor1"], Role.SUPERVISOR, region, home[0])
    _member(people["supervisor2"], Role.SUPERVISOR, region, home[1])
    _member(people["admin"], Role.ADMIN, region)
    if not people["admin"].is_staff:
        people["admin"].is_staff = True
        people["admin"].save(update_fields=["is_staff"])
    for key in ("resident1", "resident2", "resident3"):
        _member(people[key], Role.RESIDENT, region, home[1] if key == "resident3" else home[0])
    if not Training.objects.filter(resident=people["resident1"]).exists():
        _first_year(people, home[0], today)
    if not Training.objects.filter(resident=people["resident2"]).exists():
        _midway(people, home[0], clinics, today)
    if not Training.objects.filter(resident=people["resident3"]).exists():
        _near_end(people, home[1], clinics, today)
        near_end = Training.objects.get(resident=people["resident3"])
        _plan_being_signed(near_end, people)
        _portfolio(near_end, people, today)
    _supervisor_training(people, today)


def _username_map(suffix: str) -> dict[str, str]:
    return {
        "director": f"director-{suffix}",
        "unithead": f"unithead-{suffix}",
        "supervisor1": f"supervisor-{suffix}1",
        "supervisor2": f"supervisor-{suffix}2",
        "resident1": f"resident-{suffix}1",
        "resident2": f"resident-{suffix}2",
        "resident3": f"resident-{suffix}3",
        "admin": f"admin-{suffix}",
    }


def _member(person: Person, role: Role, region: Region, unit: Unit | None = None) -> None:
    Membership.objects.get_or_create(person=person, role=role, region=region, unit=unit)


def _first_year(people: dict[str, Person], home: Unit, today: date) -> None:
    """Started five months ago under HSLF-FS 2021:8; a week of vacation taken."""
    start = _month_start(add_months(today, -5))
    training = Training.objects.create(
        resident=people["resident1"],
        regulation="HSLF-FS 2021:8",
        start_date=start,
        home_unit=home,
        main_supervisor=people["supervisor1"],
    )
    training.co_supervisors.add(people["supervisor2"])
    Placement.objects.create(
        training=training,
        kind=Placement.Kind.HOME_UNIT,
        unit=home,
        from_date=start,
        to_date=add_months(start, 12) - timedelta(days=1),
        supervisor=people["supervisor1"],
    )
    Absence.objects.create(
        training=training,
        kind=AbsenceKind.VACATION,
        from_date=add_months(start, 2),
        to_date=add_months(start, 2) + timedelta(days=6),
    )


def _midway(people: dict[str, Person], home: Unit, clinics: list[Unit], today: date) -> None:
    """Thirty months in under SOSFS 2015:8, with a part-time period, parental leave, rotations
    and a sick-leave spell still waiting for the director's decision (R1.3)."""
    start = _month_start(add_months(today, -30))
    training = Training.objects.create(
        resident=people["resident2"],
        regulation="SOSFS 2015:8",
        start_date=start,
        home_unit=home,
        main_supervisor=people["supervisor1"],
    )
    EmploymentStep.objects.create(training=training, from_date=start, percent=100)
    EmploymentStep.objects.create(training=training, from_date=add_months(start, 14), percent=75)
    EmploymentStep.objects.create(training=training, from_date=add_months(start, 20), percent=100)
    spans = [
        (Placement.Kind.HOME_UNIT, home, 0, 12, people["supervisor1"], ""),
        (Placement.Kind.ROTATION, clinics[0], 12, 15, None, "Dr Nils Åberg"),
        (Placement.Kind.ROTATION, clinics[1], 15, 18, None, "Dr Ida Lund"),
        (Placement.Kind.HOME_UNIT, home, 18, 24, people["supervisor1"], ""),
        (Placement.Kind.ROTATION, clinics[2], 24, 27, None, "Dr Maja Rask"),
        (Placement.Kind.HOME_UNIT, home, 27, 36, people["supervisor1"], ""),
    ]
    for kind, unit, first, last, supervisor, name in spans:
        Placement.objects.create(
            training=training,
            kind=kind,
            unit=unit,
            from_date=add_months(start, first),
            to_date=add_months(start, last) - timedelta(days=1),
            supervisor=supervisor,
            supervisor_name=name,
        )
    Absence.objects.create(
        training=training,
        kind=AbsenceKind.PARENTAL_LEAVE,
        from_date=add_months(start, 20),
        to_date=add_months(start, 24) - timedelta(days=1),
    )
    Absence.objects.create(
        training=training,
        kind=AbsenceKind.SICK_LEAVE,
        from_date=add_months(start, 9),
        to_date=add_months(start, 9) + timedelta(days=15),
        note="Lunginflammation",
    )


def _near_end(people: dict[str, Person], home: Unit, clinics: list[Unit], today: date) -> None:
    """Began before July 2021 (SOSFS 2015:8), a parental leave of six months, exam planned."""
    start = _month_start(add_months(today, -63))
    training = Training.objects.create(
        resident=people["resident3"],
        regulation="SOSFS 2015:8",
        start_date=start,
        home_unit=home,
        main_supervisor=people["supervisor2"],
        plans_exam=True,
    )
    training.co_supervisors.add(people["supervisor1"])
    spans = [
        (Placement.Kind.HOME_UNIT, home, 0, 12),
        (Placement.Kind.ROTATION, clinics[0], 12, 16),
        (Placement.Kind.ROTATION, clinics[1], 16, 19),
        (Placement.Kind.ROTATION, clinics[2], 19, 21),
        (Placement.Kind.HOME_UNIT, home, 21, 70),
    ]
    for kind, unit, first, last in spans:
        Placement.objects.create(
            training=training,
            kind=kind,
            unit=unit,
            from_date=add_months(start, first),
            to_date=add_months(start, last) - timedelta(days=1),
            supervisor=people["supervisor2"] if unit == home else None,
        )
    Absence.objects.create(
        training=training,
        kind=AbsenceKind.PARENTAL_LEAVE,
        from_date=add_months(start, 30),
        to_date=add_months(start, 36) - timedelta(days=1),
    )
    Absence.objects.create(
        training=training,
        kind=AbsenceKind.CARE_OF_CHILD,
        from_date=add_months(start, 40),
        to_date=add_months(start, 40) + timedelta(days=3),
    )


def _plan_being_signed(training: Training, people: dict[str, Person]) -> None:
    """An IUP drafted from the routine and signed by all but the unit head (R2.3, R2.5)."""
    from stportal.plans import services  # the demo builds on the plans app
    from stportal.plans.models import Signature, SignerRole

    version = services.plan_version_start(
        training=training, kind="training_plan", person=people["resident3"]
    )
    signers = {
        SignerRole.RESIDENT: training.resident,
        SignerRole.MAIN_SUPERVISOR: training.main_supervisor,
        SignerRole.DIRECTOR: people["director"],
    }
    for role in services.required_signers(training, version.kind):
        if role in signers:
            Signature.objects.create(
                version=version, role=role, person=signers[role], digest=version.digest
            )


def _supervisor_training(people: dict[str, Person], today: date) -> None:
    """R8.3: one supervisor trained two years ago, the other six (a finding to show)."""
    for key, years in (("supervisor1", 2), ("supervisor2", 6)):
        person = people[key]
        if person.supervisor_training_on is None:
            person.supervisor_training_on = add_months(today, -12 * years)
            person.save(update_fields=["supervisor_training_on"])


def _portfolio(training: Training, people: dict[str, Person], today: date) -> None:
    """A documented ST: weekly supervision lately, an assessment, signed annual reviews."""
    from stportal.portfolio.models import AnnualReview, Assessment, SupervisionSession

    supervisor = training.main_supervisor
    for weeks_ago in range(1, 7):
        SupervisionSession.objects.create(
            training=training,
            held_on=today - timedelta(weeks=weeks_ago),
            minutes=60,
            form="individual",
            topics="Patientfall och journalgenomgång",
            written_by=training.resident,
            confirmed_by=supervisor,
            confirmed_at=timezone.now(),
        )
    Assessment.objects.create(
        training=training,
        method="sit_in",
        goals=["c1", "c2"],
        assessor=supervisor,
        requested_by=training.resident,
        held_on=today - timedelta(weeks=3),
        feedback="Trygg i konsultationen.",
        judgement="at",
        completed_at=timezone.now(),
    )
    now = timezone.now()
    for year in range(1, 5):
        AnnualReview.objects.create(
            training=training,
            year=year,
            resident_report="Årsrapport.",
            report_signed_by=training.resident,
            report_signed_at=now,
            supervisor_statement="Utlåtande.",
            statement_signed_by=supervisor,
            statement_signed_at=now,
            director_review="Genomgången.",
            review_signed_by=people["director"],
            review_signed_at=now,
        )


def _month_start(day: date) -> date:
    return day.replace(day=1)
