"""Two demo residents ready to apply for bevis om specialistkompetens (issue 13, "Done when": "A
demo resident in each region, under each regulation, can produce the complete package").

- `resident-g4` (Gävleborg, SOSFS 2015:8): began 66 months before `today`, full time, so the 60
  months are served.
- `resident-v4` (Västmanland, HSLF-FS 2021:8): began at the earliest 2021-07-01 (when HSLF-FS
  2021:8 came into force) with a BT done earlier credited as 6 months, so 60 of the 66 months
  are served here ("Minst 60 månaders tjänstgöring under handledning [...] och 66 månader
  inklusive BT enligt HSLF -FS 2021:8", V's requirements before applying); finished once `today`
  is past its completion (the suite's DEMO_TODAY 2026-11-22 is).

Each has the home unit with the region's first supervisor as main supervisor, a rotation
certified by its rotation supervisor through the rotation contract (as the link flow leaves it),
an auskultation, the mandatory courses, the quality or development work and (2015) the written
work finished, every application delmål judged met by the main supervisor (V: and agreed to by the
unit head, R5.5: "ST-läkaren ska uppfylla alla delmål [...] vilket bedöms av handledare och
verksamhetschef"), and then every certificate of the package confirmed by the person who signs it
(stportal.application.services.confirm). Created once: a second run changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from stportal.adapters.timeline import timeline_of
from stportal.people.models import Person, Role
from stportal.timeline.dates import add_months
from stportal.training.models import Placement, Training
from stportal.units.models import Region, Unit

KEY = "resident4"
# HSLF-FS 2021:8 applies to an ST begun on or after 2021-07-01 (regulations-notes §1).
HSLF_2021_FROM = date(2021, 7, 1)
# What each region's ready resident did besides the home unit: the rotation (clinic index, first
# and last month of the ST, the delmål its supervisor certified) and the auskultation (clinic
# index, month, the delmål the main supervisor certifies for it).
ROTATION = {
    "SOSFS 2015:8": (2, 12, 18, ["c6", "c7", "c8"]),
    "HSLF-FS 2021:8": (2, 12, 18, ["STc6", "STc7", "STc8"]),
}
AUSKULTATION = {"SOSFS 2015:8": (1, 24, ["c13"]), "HSLF-FS 2021:8": (1, 24, ["STc13"])}
ROTATION_SUPERVISOR = {
    "g": ("Dr Sofia Engström", "Specialist i obstetrik och gynekologi, överläkare"),
    "v": ("Dr Gustav Lindholm", "Specialist i obstetrik och gynekologi, överläkare"),
}
AUSKULTATION_SUPERVISOR = "Dr Petra Holmgren"
# The works' delmål as each målbeskrivning names them: 2015 a4 and 2021 STa2 "Systematiskt
# kvalitets- och patientsäkerhetsarbete"; 2015 a5 and 2021 STa3 "Medicinsk vetenskap".
# 2021: the målbeskrivning prescribes development work for STa2, STa4 and STa7.


def ready_resident(
    suffix: str,
    people: dict[str, Person],
    region: Region,
    home: Unit,
    clinics: list[Unit],
    today: date,
) -> None:
    """Seeds the region's ready resident once (stportal.demo.seed._seed_region calls it after the
    supervisors' training is recorded, which the achieved-competence certificate prints)."""
    from stportal.demo import seed  # seed imports this module inside _seed_region

    resident = people[KEY]
    seed._member(resident, Role.RESIDENT, region, home)
    if Training.objects.filter(resident=resident).exists():
        return
    v = suffix == "v"
    training = _training(resident, people, home, today, v=v)
    # The ST's last day as the timeline counts it (the required months less the credited ones).
    completion = timeline_of(training, today).projected_completion
    _placements(training, people, home, clinics, suffix, completion)
    away: list[tuple[date, date]] = []
    seed._plans_established(training, people, "unithead")
    seed._assessments(training, people["unithead"], completion, away, make_up=False)
    courses = seed._courses(training, completion, away, near_end=False)
    seed._works(training, completion, courses, near_end=True)
    seed._reviews(training, people, completion + timedelta(days=1), skip=None)
    seed._milestones(training, completion, near_end=True)
    _closing(training, people, v=v, completion=completion)
    if not v:  # R10.1/R10.2 are Gävleborg's (G 5.1.1, 5.1.3), as in the seed
        seed._clinical_work(training, completion)
    _goals_met(training, people["unithead"] if v else None, completion)
    _confirmed(training, people, today)


def _training(
    resident: Person, people: dict[str, Person], home: Unit, today: date, *, v: bool
) -> Training:
    if v:
        start = max(HSLF_2021_FROM, seed_month_start(add_months(today, -64)))
        extra = {
            "regulation": "HSLF-FS 2021:8",
            "credited_months": 6,
            # R1.6: credit is whole months with a reason.
            "credit_reason": "BT fullgjord i Region Västmanland före ST (bevis om godkänd BT).",
            # R6.12 (V): "bevakningen av inkommande svar och ärenden till ST-läkaren".
            "results_covered_by": "Huvudhandledaren, enligt enhetens bevakningslista",
        }
    else:
        start = seed_month_start(add_months(today, -66))
        extra = {"regulation": "SOSFS 2015:8"}
    training = Training.objects.create(
        resident=resident,
        start_date=start,
        home_unit=home,
        main_supervisor=people["supervisor1"],
        plans_exam=True,
        # R8.2: "Verksamhetschef/vårdenhetschef ansvarar för att en huvudhandledare (specialist i
        # allmänmedicin) utses inför ST-tjänstgöringens start" (G 5.1.2).
        main_supervisor_appointed_by=people["unithead"],
        main_supervisor_appointed_on=add_months(start, -1),
        **extra,
    )
    return training


def seed_month_start(day: date) -> date:
    return day.replace(day=1)


def _placements(
    training: Training,
    people: dict[str, Person],
    home: Unit,
    clinics: list[Unit],
    suffix: str,
    end: date,
) -> None:
    """The home unit around a rotation (certified through its contract, R6.4) and a two-week
    auskultation (R6.10), up to the ST's last day `end`."""
    start = training.start_date
    clinic, first, last, goals = ROTATION[training.regulation]
    listening, month, _goals = AUSKULTATION[training.regulation]
    rotation_from, rotation_to = add_months(start, first), add_months(start, last) - timedelta(1)
    listen_from = add_months(start, month)
    listen_to = listen_from + timedelta(days=11)
    supervisor = people["supervisor1"]
    spans = [
        (Placement.Kind.HOME_UNIT, home, start, rotation_from - timedelta(1), supervisor, ""),
        (Placement.Kind.ROTATION, clinics[clinic], rotation_from, rotation_to, None, ""),
        (
            Placement.Kind.HOME_UNIT,
            home,
            rotation_to + timedelta(1),
            listen_from - timedelta(1),
            supervisor,
            "",
        ),
        (
            Placement.Kind.AUSKULTATION,
            clinics[listening],
            listen_from,
            listen_to,
            None,
            AUSKULTATION_SUPERVISOR,
        ),
        (Placement.Kind.HOME_UNIT, home, listen_to + timedelta(1), end, supervisor, ""),
    ]
    for kind, unit, from_date, to_date, person, name in spans:
        placement = Placement.objects.create(
            training=training,
            kind=kind,
            unit=unit,
            from_date=from_date,
            to_date=to_date,
            supervisor=person,
            supervisor_name=name,
        )
        if kind == Placement.Kind.ROTATION:
            _certified(placement, people, suffix, goals)


def _certified(
    placement: Placement, people: dict[str, Person], suffix: str, goals: list[str]
) -> None:
    """The rotation contract as the link flow leaves it (plans.services: sent by the main
    supervisor, the rotation supervisor named by the receiving unit, the certificate requested by
    the main supervisor and issued through its link, with the place and period certified)."""
    from stportal.demo import seed
    from stportal.plans.models import RotationContract

    name, title = ROTATION_SUPERVISOR[suffix]
    main = people["supervisor1"]
    sent = seed._at(placement.from_date - timedelta(days=90))
    done = seed._at(placement.to_date + timedelta(days=7))
    clinic = placement.unit_name.lower().replace(" ", "-").replace("ä", "a").replace("å", "a")
    RotationContract.objects.create(
        placement=placement,
        receiving_email=f"kansli@{clinic}.example.invalid",
        wishes="Mottagning och avdelning; gynekologisk undersökning och mödrahälsovård.",
        sent_at=sent,
        sent_to=f"kansli@{clinic}.example.invalid",
        sent_by=main,
        supervisor_name=name,
        supervisor_title=title,
        supervisor_email=f"handledare@{clinic}.example.invalid",
        named_at=sent + timedelta(days=10),
        certificate_requested_at=done - timedelta(days=5),
        certificate_requested_to=f"handledare@{clinic}.example.invalid",
        certificate_requested_by=main,
        description=(
            "Klinisk tjänstgöring på mottagning och avdelning med gynekologiska och obstetriska "
            "frågeställningar, under handledning."
        ),
        goals=goals,
        certified_by_name=name,
        certified_at=done,
        certified_place=placement.unit_name,
        certified_from=placement.from_date,
        certified_to=placement.to_date,
        created_by=placement.training.resident,
    )
    if not placement.supervisor_name:
        Placement.objects.filter(pk=placement.pk).update(supervisor_name=name)


def _closing(training: Training, people: dict[str, Person], *, v: bool, completion: date) -> None:
    """The end of the ST as each routine has it (portfolio.services.milestone_record): G's final
    evaluation (R5.3, G 5.1.8: "Två till tre månader före beräknad tidpunkt för uppnådd
    specialistkompetens"), V's closing conversation (R5.6, V "År 5(6)")."""
    from stportal.portfolio import services

    if v:
        services.milestone_record(
            training=training,
            code="closing_conversation",
            person=people["director"],
            today=completion - timedelta(days=14),
        )
    else:
        services.milestone_record(
            training=training,
            code="final_evaluation",
            person=training.main_supervisor,
            today=add_months(completion, -3) + timedelta(days=7),
        )


def _goals_met(training: Training, unit_head: Person | None, completion: date) -> None:
    """R5.5: every delmål of the application judged met by the main supervisor; V: each agreed
    to by the unit head."""
    from stportal.demo import seed
    from stportal.plans import services as plan_services
    from stportal.portfolio import services
    from stportal.portfolio.models import GoalStatus
    from stportal.rules import application as rules

    curriculum = [goal.code for goal in plan_services.goal_specs(training)]
    now = seed._at(completion)
    for code in rules.application_goals(training.regulation, curriculum):
        services.goal_progress_judge(
            training=training,
            goal=code,
            status=GoalStatus.MET,
            note="Uppnått enligt bedömningar och intyg.",
            person=training.main_supervisor,
        )
        if unit_head is not None:
            services.goal_unit_head_agree(training=training, goal=code, person=unit_head, now=now)


def _confirmed(training: Training, people: dict[str, Person], today: date) -> None:
    """Every certificate confirmed by whoever signs it: the main supervisor (home service, the
    auskultation, courses, works, STa3, achieved competence), the unit head (achieved
    competence's second signer, 2021's completed ST); the rotation was certified through its
    contract. The home service's certificate names the delmål no other certificate names, as
    the main supervisor would correct them when confirming."""
    from stportal.adapters.application import assembled
    from stportal.application import drafts as drafting
    from stportal.application import services
    from stportal.rules import application as rules

    parts = assembled(training, today)
    wanted = rules.application_goals(training.regulation, parts.curriculum)
    elsewhere = {
        code
        for document in parts.package.documents
        if document.key != "home"
        for code in (
            document.content.goals
            if document.kind != rules.AUSKULTATION
            else AUSKULTATION[training.regulation][2]
        )
    }
    signer = {
        drafting.MAIN_SUPERVISOR: training.main_supervisor,
        drafting.UNIT_HEAD: people["unithead"],
    }
    now = timezone.now()
    for document in parts.package.documents:
        if document.kind == rules.APPLICATION or not document.is_draft:
            continue
        edits: dict[str, object] = {}
        if document.key == "home":
            edits["goals"] = [
                code for code in wanted if code in document.draft.goals or code not in elsewhere
            ]
        elif document.kind == rules.AUSKULTATION:
            edits["goals"] = AUSKULTATION[training.regulation][2]
            edits["description"] = (
                "Auskultation på psykiatrisk mottagning: bedömning av patienter med psykisk "
                "sjukdom och samverkan med primärvården."
            )
        elif document.kind == rules.STA3:
            edits["verification"] = (
                "Skriftligt arbete enligt vetenskapliga principer, granskat av vetenskaplig "
                "handledare och presenterat muntligt; godkänd kurs i medicinsk vetenskap."
            )
        keys = [(document.key, document.certifier_role)]
        if document.kind == rules.ACHIEVED:
            keys.append(("achieved:second", drafting.UNIT_HEAD))
        for key, role in keys:
            content = services.confirmed_content(
                document, edits, signer=signer[role], second=key == "achieved:second"
            )
            services.confirm(
                training=training,
                key=key,
                document=document,
                content=content,
                person=signer[role],
                role=role,
                now=now,
            )
