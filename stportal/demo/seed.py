"""Demo data per region: a director, a unit head for each of the two home units, two supervisors,
three residents at different stages and a fourth ready to apply (demo/ready.py), and a region
administrator. Dates are relative to today so
the stages stay true."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from stportal.people.models import Membership, Person, Role
from stportal.timeline.dates import add_months
from stportal.training.models import Absence, AbsenceKind, EmploymentStep, Placement, Training
from stportal.training.routine import profile_of
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
            "unithead2": ("Ingrid", "Hed", "Verksamhetschef"),
            "supervisor1": ("Eva", "Lind", "Specialist i allmänmedicin"),
            "supervisor2": ("Per", "Ek", "Specialist i allmänmedicin"),
            "resident1": ("Sara", "Holm", "ST-läkare"),
            "resident2": ("Jonas", "Strand", "ST-läkare"),
            "resident3": ("Maria", "Falk", "ST-läkare"),
            "resident4": ("Emma", "Sjöberg", "ST-läkare"),  # ready to apply (demo/ready.py)
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
            "unithead2": ("Mats", "Ahl", "Vårdenhetschef"),
            "supervisor1": ("Lena", "Björk", "Specialist i allmänmedicin"),
            "supervisor2": ("Olof", "Gran", "Specialist i allmänmedicin"),
            "resident1": ("Amir", "Karimi", "ST-läkare"),
            "resident2": ("Elin", "Vik", "ST-läkare"),
            "resident3": ("Johan", "Ström", "ST-läkare"),
            "resident4": ("Henrik", "Söderlund", "ST-läkare"),  # ready to apply (demo/ready.py)
            "admin": ("Ulla", "Sand", "Regionadministratör"),
        },
    ),
)


# R8.5 (G 5.1.2): "En formell handledning på distans ska godkännas av studierektor i samråd med
# närmaste chef (om chef inte är läkare i samråd med medicinsk rådgivare på hälsocentralen)":
# Gävleborg's second home unit has a head who is not a doctor, and a medical adviser.
MEDICAL_ADVISERS = {"g": ("medadviser-g", ("Hanna", "Borg", "Medicinsk rådgivare"))}


def usernames(region: RegionDemo) -> list[str]:
    adviser = MEDICAL_ADVISERS.get(region.suffix)
    return [*_username_map(region.suffix).values(), *([adviser[0]] if adviser else [])]


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
    # Issue 12 item 3: the second home unit has its own head, so resident 3's plan and the unit
    # head's part of their ST can be completed too.
    _member(people["unithead2"], Role.UNIT_HEAD, region, home[1])
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
    _documented(people, today)
    from stportal.demo.ready import ready_resident  # issue 13: ready to apply

    ready_resident(s, people, region, home[0], clinics, today)
    if s in MEDICAL_ADVISERS:
        _medical_adviser(MEDICAL_ADVISERS[s], people["unithead2"], region, home[1])


def _medical_adviser(
    adviser: tuple[str, tuple[str, str, str]], unit_head: Person, region: Region, unit: Unit
) -> None:
    """R8.5 (G): the unit's head is recorded as not a doctor, so its medical adviser (a doctor)
    approves supervision at a distance in the head's place."""
    username, names = adviser
    person = _person(username, names)
    _member(person, Role.MEDICAL_ADVISER, region, unit)
    for who, is_physician in ((person, True), (unit_head, False)):
        if who.is_physician is None:
            who.is_physician = is_physician
            who.save(update_fields=["is_physician"])


def _username_map(suffix: str) -> dict[str, str]:
    return {
        "director": f"director-{suffix}",
        "unithead": f"unithead-{suffix}",
        "unithead2": f"unithead-{suffix}2",
        "supervisor1": f"supervisor-{suffix}1",
        "supervisor2": f"supervisor-{suffix}2",
        "resident1": f"resident-{suffix}1",
        "resident2": f"resident-{suffix}2",
        "resident3": f"resident-{suffix}3",
        "resident4": f"resident-{suffix}4",
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
    """R8.2/R8.3 (G 5.1.2: "en huvudhandledare (specialist i allmänmedicin)"; the supervisor
    training "ej bör vara äldre än fem år och [...] ska innehålla information om den för
    ST-läkaren aktuella målbeskrivningen"): both supervisors are specialists in general practice,
    trained two and four years ago on SOSFS 2015:8, which resident 1's HSLF-FS 2021:8 is not (a
    finding to show)."""
    for key, years in (("supervisor1", 2), ("supervisor2", 4)):
        person = people[key]
        if person.supervisor_training_on is None:
            person.supervisor_training_on = add_months(today, -12 * years)
            person.supervisor_training_regulation = "SOSFS 2015:8"
            person.specialty = "general_practice"
            person.save(
                update_fields=[
                    "supervisor_training_on",
                    "supervisor_training_regulation",
                    "specialty",
                ]
            )


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


# Issue 11's facts in the demo (task I3): what each resident's portfolio holds by `today`, so the
# follow-up shows a plausible, small set of findings. Resident 3 (near the end, both regions) and
# resident-v2 (midway) are documented; resident 1 (five months in) has logged nothing yet and
# resident-g2's portfolio stays empty, being the tests' to write. The gaps left on purpose:
# resident 1: the supervisors' training covered SOSFS 2015:8, not HSLF-FS 2021:8 (R8.3);
# resident-v2: the sick leave waits for a decision (R1.3), the parental leave took one of year
# 2's sit-ins (R9.2) and year 2's annual review is not done (R9.4); resident 3: the IUP waits for
# the unit head's signature (R2.2, so the agreement too) and one course is missing (R9.5, kept by
# tests/test_followup_rules_issue11_demo.py); G: the Mitt i ST registration (R5.2), which the
# tests mark done.
STAGES = (("resident1", "unithead"), ("resident2", "unithead"), ("resident3", "unithead2"))
# The course left out near the end, per region: a course delmål with home-unit service only.
COURSE_MISSING_NEAR_END = {
    "gavleborg": "allmanmedicinskt_arbetssatt",
    "vastmanland": "halsoframjande",
}
# The methods course before which the written work is not planned (R4.5).
METHODS_COURSES = ("medicinsk_vetenskap", "vetenskapsmetodik")


def _documented(people: dict[str, Person], today: date) -> None:
    """Records issue 11's facts for each resident once (the appointment marks it done)."""
    for key, head in STAGES:
        training = Training.objects.select_related("home_unit__region").get(resident=people[key])
        if training.main_supervisor_appointed_by_id is not None:
            continue
        # R8.2, G 5.1.2: "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare
        # (specialist i allmänmedicin) utses inför ST-tjänstgöringens start".
        training.main_supervisor_appointed_by = people[head]
        training.main_supervisor_appointed_on = add_months(training.start_date, -1)
        # saved, not updated, so that the history's newest entry holds it (tests/test_history.py)
        training.save(
            update_fields=["main_supervisor_appointed_by", "main_supervisor_appointed_on"]
        )
        away = [(a.from_date, a.to_date) for a in training.absences.all()]
        stage = key[-1]
        v = training.home_unit.region.routine_profile == "vastmanland"
        if v:
            _unit_head_part(training, people[head], today, away)
        if stage == "1" or (stage == "2" and not v):
            # The tests' residents whose portfolio is written from the start (test_portfolio*.py,
            # url_matrix_world.py, …): resident 1 has logged nothing yet, resident-g2 stays blank.
            continue
        _weekly(training, today, away)
        _assessments(training, people[head], today, away, make_up=stage == "3")
        courses = _courses(training, today, away, near_end=stage == "3")
        _works(training, today, courses, near_end=stage == "3")
        _reviews(training, people, today, skip=2 if stage == "2" else None)
        if v:  # G's Mitt i ST registration is the tests' to mark done (test_portfolio.py)
            _milestones(training, today, near_end=stage == "3")
        else:
            _clinical_work(training, today)
        if stage == "2":
            _plans_established(training, people, head)


def _is_away(day: date, away: list[tuple[date, date]]) -> bool:
    return any(first <= day <= last for first, last in away)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _weekly(training: Training, today: date, away: list[tuple[date, date]]) -> None:
    """R8.4 and R3.2/R3.5: an hour's supervision and the routine's study time each week at work
    (G 4.1.2: "fyra timmars studietid ska avsättas varje vecka"; V: "Studietid minst 2
    timmar/vecka under vårdcentralsplaceringen"), over the last fourteen weeks."""
    from stportal.portfolio.models import StudyTimeEntry, SupervisionSession

    minutes = profile_of(training).study_time.minutes_per_week
    monday = today - timedelta(days=today.weekday())
    has_sessions = training.supervision_sessions.exists()
    for n in range(1, 15):
        week = monday - timedelta(weeks=n)
        if week < training.start_date or any(
            _is_away(week + timedelta(days=d), away) for d in range(5)
        ):
            continue
        StudyTimeEntry.objects.create(
            training=training, week=week, minutes=minutes, note="Enligt schema"
        )
        if not has_sessions and n <= 8:
            SupervisionSession.objects.create(
                training=training,
                held_on=week + timedelta(days=2),
                minutes=60,
                form="individual",
                topics="Patientfall, journalgenomgång och IUP",
                written_by=training.resident,
                confirmed_by=training.main_supervisor,
                confirmed_at=_at(week + timedelta(days=3)),
            )


def _assessments(
    training: Training, head: Person, today: date, away: list[tuple[date, date]], *, make_up: bool
) -> None:
    """R9.1 (G 5.1.4: "Sådan ska göras 4 – 6 gånger per år"): four a ST year, one a quarter; V
    (R9.2): sit-ins, a 360 once a year ("Bedömning 360 grader alt ST-kollegium") and record
    reviews "några gånger/månad" lately. An assessment that falls in a leave moves after it:
    into the next ST year when `make_up` (the missed year made up), else it is missed. V tells
    the unit head of each but the newest (R9.4: "Verksamhetschefen ska få återkoppling om
    dokumenterade bedömningar!")."""
    from stportal.curricula.models import Goal
    from stportal.portfolio.models import Assessment

    v = training.home_unit.region.routine_profile == "vastmanland"
    goals = [
        code
        for code in Goal.objects.filter(curriculum__regulation=training.regulation)
        .order_by("position")
        .values_list("code", flat=True)
        if code.removeprefix("ST").startswith("c")
    ]
    methods = ["sit_in"] * 4 if v else ["sit_in", "mini_cex", "cbd", "assessment_360"]
    planned: list[tuple[date, str]] = []
    year = 1
    while (first := add_months(training.start_date, 12 * (year - 1))) < today:
        end = add_months(first, 12)
        slots = [(add_months(first, 3 * i) + timedelta(days=14), m) for i, m in enumerate(methods)]
        if v:
            slots.append((add_months(first, 7) + timedelta(days=21), "assessment_360"))
        for day, method in slots:
            for first_off, last_off in away:
                if first_off <= day <= last_off:
                    day = last_off + timedelta(days=3)
            if (day < end or make_up) and day < today - timedelta(days=2):
                planned.append((day, method))
        year += 1
    if v:
        month = today.replace(day=1)
        for back in range(3, -1, -1):
            start_of = add_months(month, -back)
            for day in (start_of + timedelta(days=5), start_of + timedelta(days=19)):
                if training.start_date <= day < today and not _is_away(day, away):
                    planned.append((day, "record_review"))
    planned.sort()
    for index, (day, method) in enumerate(planned):
        informed = v and index < len(planned) - 1
        Assessment.objects.create(
            training=training,
            method=method,
            goals=[goals[index % len(goals)]] if goals else [],
            assessor=training.main_supervisor,
            requested_by=training.resident,
            held_on=day,
            feedback="Strukturerad konsultation; arbeta vidare med att sammanfatta för patienten.",
            judgement="at",
            completed_at=_at(day),
            unit_head_informed_by=head if informed else None,
            unit_head_informed_at=_at(day + timedelta(days=7)) if informed else None,
        )


def _courses(
    training: Training, today: date, away: list[tuple[date, date]], *, near_end: bool
) -> dict[str, date]:
    """R7.4/R9.5: the mandatory courses taken in their suggested years (or, without years, one
    every few months), each with the delmål the catalogue gives; returns each course's last day.
    Near the end one course is left out on purpose (COURSE_MISSING_NEAR_END)."""
    from stportal.portfolio.models import CourseRecord

    profile = profile_of(training)
    region = training.home_unit.region.routine_profile
    ends: dict[str, date] = {}
    free = 0
    for index, course in enumerate(c for c in profile.courses.catalogue if c.mandatory):
        if near_end and course.code == COURSE_MISSING_NEAR_END[region]:
            continue
        if course.years:
            month = 12 * (course.years[0] - 1) + 2 + 3 * (index % 3)
        else:
            month = 3 + 4 * free
            free += 1
        first = add_months(training.start_date, month)
        first += timedelta(days=(7 - first.weekday()) % 7)  # a Monday
        for first_off, last_off in away:
            if first_off <= first + timedelta(days=2) and first <= last_off:
                first = last_off + timedelta(days=7 - last_off.weekday())
        last = first + timedelta(days=2)
        if last >= today - timedelta(days=7):
            continue  # not taken yet
        goals = course.goals_2015 if training.regulation == "SOSFS 2015:8" else course.goals_2021
        CourseRecord.objects.create(
            training=training,
            course_code=course.code,
            name=course.name,
            from_date=first,
            to_date=last,
            goals=goals,
            uploaded_by=training.resident,
        )
        ends[course.code] = last
    return ends


# The delmål of the works, per regulation: quality and patient safety, leadership and
# improvement (2015 a4; 2021 STa2, STa4, STa7), medical science (2015 a5; 2021 STa3).
QUALITY_GOALS = {"SOSFS 2015:8": ["a4"], "HSLF-FS 2021:8": ["STa2", "STa4", "STa7"]}
WRITTEN_GOALS = {"SOSFS 2015:8": ["a5"], "HSLF-FS 2021:8": ["STa3"]}


def _works(training: Training, today: date, courses: dict[str, date], *, near_end: bool) -> None:
    """R4.1–R4.5: the quality work planned early (V: "bör planeras tidigt") and done in 10
    working days (G 4.1.3); the written work planned after the methods course, with a
    scientific supervisor (G: "vetenskapligt kompetent handledare"), and near the end finished,
    presented orally and its 10 weeks (50 working days) recorded."""
    from stportal.portfolio.models import ScholarlyWork

    start = training.start_date
    ScholarlyWork.objects.create(
        training=training,
        kind="quality_work",
        topic="Uppföljning av blodtryck hos patienter med hypertoni på vårdcentralen",
        plan="Journalgranskning före och efter en ändrad kallelserutin.",
        planned_on=add_months(start, 6),
        completed_on=add_months(start, 17),
        presented_on=add_months(start, 18),
        working_days=10,
        goals=QUALITY_GOALS[training.regulation],
    )
    methods = [end for code, end in courses.items() if code in METHODS_COURSES]
    planned = max([*methods, add_months(start, 15)]) + timedelta(days=14)
    if planned >= today:
        return
    finished = near_end and add_months(start, 57) < today
    ScholarlyWork.objects.create(
        training=training,
        kind="written_work",
        topic="Antibiotikaförskrivning vid luftvägsinfektioner i primärvården",
        research_supervisor_name="Docent Anna Wiklund, Centrum för forskning och utveckling",
        plan="Registerstudie över fem år; handledning av den vetenskapliga handledaren.",
        planned_on=planned,
        completed_on=add_months(start, 56) if finished else None,
        presented_on=add_months(start, 57) if finished else None,
        working_days=50 if finished else None,
        goals=WRITTEN_GOALS[training.regulation],
    )


def _reviews(
    training: Training, people: dict[str, Person], today: date, *, skip: int | None
) -> None:
    """R9.3/R9.4: every closed ST year's review, each part signed by its author, but year `skip`
    (midway: year 2, which ended in the parental leave, is not reviewed yet: a real gap)."""
    from stportal.portfolio.models import AnnualReview

    year = 1
    while (end := add_months(training.start_date, 12 * year)) <= today:
        if year != skip and not training.annual_reviews.filter(year=year).exists():
            AnnualReview.objects.create(
                training=training,
                year=year,
                resident_report="Årsrapport: placeringar, kurser och bedömningar enligt IUP.",
                report_signed_by=training.resident,
                report_signed_at=_at(end),
                supervisor_statement="Utvecklas väl mot delmålen; fortsätt enligt IUP.",
                statement_signed_by=training.main_supervisor,
                statement_signed_at=_at(end + timedelta(days=7)),
                director_review="Genomgången vid årsuppföljningen.",
                review_signed_by=people["director"],
                review_signed_at=_at(end + timedelta(days=21)),
            )
        year += 1


def _milestones(training: Training, today: date, *, near_end: bool) -> None:
    """R5.2/R5.4: registered for Mitt i ST (after the parental leave midway) and, near the end,
    Mitt i ST held."""
    from stportal.portfolio.models import MilestoneRecord

    registered = add_months(training.start_date, 25)
    if registered < today:
        MilestoneRecord.objects.create(
            training=training,
            code="mitt_i_st_registration",
            done_on=registered,
            recorded_by=training.resident,
        )
    if near_end:
        MilestoneRecord.objects.create(
            training=training,
            code="mitt_i_st",
            done_on=add_months(training.start_date, 37),
            recorded_by=training.resident,
            # G 5.1.7: "En extern värderare utses och genomför Mitt-i-ST med ST-läkaren."
            assessor_name="Karin Ek, extern värderare (SFAM)",
            result="God progression. Fortsätt med det skriftliga arbetet och fler medsittningar.",
        )


def _clinical_work(training: Training, today: date) -> None:
    """R10.1/R10.2 (G 5.1.1, 5.1.3): the own list growing about 150 a year from about 550, and
    on-call begun in year 1 after two double shifts with a specialist."""
    from stportal.training.models import OnCallEvent, PatientListCount

    year = 1
    while (day := add_months(training.start_date, 12 * year)) < today:
        PatientListCount.objects.create(
            training=training, on=day, patients=550 + 150 * year, recorded_by=training.resident
        )
        year += 1
    events = [("double_shift", 4), ("double_shift", 5), ("first_shift", 6)]
    for kind, months in events:
        on = add_months(training.start_date, months)
        if on < today:
            OnCallEvent.objects.create(
                training=training, kind=kind, on=on, recorded_by=training.resident
            )


def _plans_established(training: Training, people: dict[str, Person], head: str) -> None:
    """R2.2–R2.5: the IUP and then the agreement, each signed by the region's signers."""
    from stportal.plans import services
    from stportal.plans.models import Signature, SignerRole

    signers = {
        SignerRole.RESIDENT: training.resident,
        SignerRole.MAIN_SUPERVISOR: training.main_supervisor,
        SignerRole.UNIT_HEAD: people[head],
        SignerRole.DIRECTOR: people["director"],
    }
    for kind, month in (("training_plan", 5), ("agreement", 6)):
        version = services.plan_version_start(
            training=training, kind=kind, person=training.resident
        )
        for role in services.required_signers(training, kind):
            Signature.objects.create(
                version=version, role=role, person=signers[role], digest=version.digest
            )
        established = _at(add_months(training.start_date, month))
        type(version).objects.filter(pk=version.pk).update(established_at=established)


def _unit_head_part(
    training: Training, head: Person, today: date, away: list[tuple[date, date]]
) -> None:
    """V: check-ins with the unit head twice a year (R9.4: "Regelbunden avstämning mellan
    ST-läkare och verksamhetschef på vårdcentralen rekommenderas"); who watches incoming results
    (R6.12: "bevakningen av inkommande svar och ärenden"); a VAB day during a rotation reported
    to both the clinic and the unit head (R6.11)."""
    from stportal.portfolio.models import UnitHeadCheckIn

    month = 2
    while (day := add_months(training.start_date, month)) < today:
        if not _is_away(day, away):
            UnitHeadCheckIn.objects.create(
                training=training,
                held_on=day,
                note="Avstämning av arbetsmiljö, schema och planering.",
                recorded_by=head,
            )
        month += 6
    training.results_covered_by = (
        f"{training.main_supervisor} (huvudhandledare), enligt enhetens bevakningslista"
    )
    training.save(update_fields=["results_covered_by"])
    for placement in training.placements.filter(kind=Placement.Kind.ROTATION, to_date__lt=today):
        day = placement.from_date + timedelta(days=30)
        day += timedelta(days=(7 - day.weekday()) % 7)
        Absence.objects.create(
            training=training,
            kind=AbsenceKind.CARE_OF_CHILD,
            from_date=day,
            to_date=day + timedelta(days=1),
            note="Anmält till kliniken och verksamhetschefen",
            reported_to_clinic_and_unit_head=True,
        )
        break  # one is enough to show


def _month_start(day: date) -> date:
    return day.replace(day=1)
