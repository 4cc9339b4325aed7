"""The demo world as the URL matrix (tests/test_url_matrix.py) sees it: who relates to which
resident's training, written down by hand from the demo seed (so the matrix does not take the
relations from the module it tests), and the objects inside each training that fill the URL
patterns' ids, made when a pattern first needs them.

The trainings are named by their resident: "g2" is resident-g2's (Jonas Strand, Gävleborg),
"v3" resident-v3's (Johan Ström, Västmanland).
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from stportal import links
from stportal.access import Relation
from stportal.demo.seed import REGIONS as DEMO_REGIONS
from stportal.links import Purpose
from stportal.people.models import Person
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind, PlanVersion, RotationContract
from stportal.portfolio.models import (
    AnnualReview,
    Assessment,
    CourseRecord,
    EducationEvent,
    ScholarlyWork,
    SupervisionSession,
)
from stportal.timeline.dates import add_months
from stportal.timeline.milestones import RECORDABLE_MILESTONES
from stportal.training.models import (
    REVIEWABLE_KINDS,
    Absence,
    AbsenceKind,
    EmploymentStep,
    HomeReturnDay,
    OnCallEvent,
    PatientListCount,
    Placement,
    Training,
)
from stportal.units.models import Unit
from tests.conftest import DEMO_TODAY

R = Relation
REGIONS = ("g", "v")
OTHER = {"g": "v", "v": "g"}


def _region_accounts(r: str) -> list[str]:
    return [
        f"resident-{r}1",
        f"resident-{r}2",
        f"resident-{r}3",
        f"supervisor-{r}1",
        f"supervisor-{r}2",
        f"unithead-{r}",
        f"unithead-{r}2",
        f"director-{r}",
        f"admin-{r}",
    ]


# R8.5 (G 5.1.2): Gävleborg's medical adviser of resident-g3's home unit, whose head
# (unithead-g2) is recorded as not a doctor, so the adviser approves distance supervision there.
MEDICAL_ADVISER, ADVISED, NOT_DOCTOR_HEADED = "medadviser-g", "g3", frozenset({"g3"})
ACCOUNTS: tuple[str, ...] = (
    *(a for r in REGIONS for a in _region_accounts(r)),
    MEDICAL_ADVISER,
)
REGION_ADMINS = ("admin-g", "admin-v")
TRAINING_KEYS = tuple(f"{r}{n}" for r in REGIONS for n in "123")
# The research supervisor of resident-g2's written work works in the other region (made by
# World): a relation to one work of a training, not to the training.
RESEARCHER, RESEARCHED = "supervisor-v2", "g2"


def _region_relations(r: str) -> dict[str, dict[str, frozenset[Relation]]]:
    """As demo_seed makes them: resident 1 and 2 at the unit head's home unit, supervisor 1 main
    supervisor of 1 and 2 and co-supervisor of 3, supervisor 2 main supervisor of 3 and
    co-supervisor of 1; unit head 2 heads resident 3's home unit (issue 12 item 3)."""
    one = frozenset
    return {
        f"{r}1": {
            f"resident-{r}1": one({R.RESIDENT}),
            f"supervisor-{r}1": one({R.MAIN_SUPERVISOR}),
            f"supervisor-{r}2": one({R.CO_SUPERVISOR}),
            f"unithead-{r}": one({R.UNIT_HEAD}),
            f"director-{r}": one({R.DIRECTOR}),
        },
        f"{r}2": {
            f"resident-{r}2": one({R.RESIDENT}),
            f"supervisor-{r}1": one({R.MAIN_SUPERVISOR}),
            f"unithead-{r}": one({R.UNIT_HEAD}),
            f"director-{r}": one({R.DIRECTOR}),
        },
        f"{r}3": {
            f"resident-{r}3": one({R.RESIDENT}),
            f"supervisor-{r}2": one({R.MAIN_SUPERVISOR}),
            f"supervisor-{r}1": one({R.CO_SUPERVISOR}),
            f"unithead-{r}2": one({R.UNIT_HEAD}),
            f"director-{r}": one({R.DIRECTOR}),
        },
    }


RELATIONS: dict[str, dict[str, frozenset[Relation]]] = {
    key: relations for r in REGIONS for key, relations in _region_relations(r).items()
}
RELATIONS[RESEARCHED][RESEARCHER] = frozenset({R.RESEARCH_SUPERVISOR})
RELATIONS[ADVISED][MEDICAL_ADVISER] = frozenset({R.MEDICAL_ADVISER})
# The demo's residents ready to apply (issue 13, stportal/demo/ready.py): resident 4 at the unit
# head's home unit, supervisor 1 main supervisor. Not in TRAINING_KEYS (the matrix walks its pages
# for residents 1-3); the API's list (test_url_matrix.py) shows them to whom they relate.
READY_KEYS = tuple(f"{r}4" for r in REGIONS)
for _r in REGIONS:
    RELATIONS[f"{_r}4"] = {
        f"resident-{_r}4": frozenset({R.RESIDENT}),
        f"supervisor-{_r}1": frozenset({R.MAIN_SUPERVISOR}),
        f"unithead-{_r}": frozenset({R.UNIT_HEAD}),
        f"director-{_r}": frozenset({R.DIRECTOR}),
    }

RESIDENT_NAMES = {
    "g1": "Sara Holm",
    "g2": "Jonas Strand",
    "g3": "Maria Falk",
    "v1": "Amir Karimi",
    "v2": "Elin Vik",
    "v3": "Johan Ström",
    "g4": "Emma Sjöberg",
    "v4": "Henrik Söderlund",
}


def relations_of(account: str | None, key: str | None) -> frozenset[Relation]:
    if account is None or key is None:
        return frozenset()
    return RELATIONS[key].get(account, frozenset())


@cache
def visible_trainings(account: str | None) -> frozenset[str]:
    """The trainings whose resident's name the account may meet: those it relates to, and for a
    region administrator the residents of the region, whom it manages as people."""
    related = {key for key in TRAINING_KEYS if relations_of(account, key)}
    if account in REGION_ADMINS:
        related |= {key for key in TRAINING_KEYS if key[0] == account[-1]}
    return frozenset(related)


# What a region administrator must not learn of the other region: its name and its units' names
# (the administration of one region has no business with the other's organisation).
OTHER_REGIONS_NAMES = {
    f"admin-{OTHER[region.suffix]}": (region.name, *region.home_units, *region.clinics)
    for region in DEMO_REGIONS
}


def hidden_names(account: str | None, also_visible: frozenset[str] = frozenset()) -> list[str]:
    """What must never be in a page the account gets: the names and usernames of the residents
    out of its reach, and for a region administrator the other region's organisation."""
    keys = set(TRAINING_KEYS) - visible_trainings(account) - also_visible
    residents = [text for key in sorted(keys) for text in (RESIDENT_NAMES[key], f"resident-{key}")]
    return [*residents, *OTHER_REGIONS_NAMES.get(str(account), ())]


def _targets(r: str) -> dict[str, tuple[str, ...]]:
    """Per account: first a training it relates to (none for the administrator), then one it
    does not, chosen to be the likeliest attack: a fellow resident's, a colleague's resident,
    another unit's, the other region's."""
    o = OTHER[r]
    return {
        f"resident-{r}1": (f"{r}1", f"{r}2"),
        f"resident-{r}2": (f"{r}2", f"{o}2"),
        f"resident-{r}3": (f"{r}3", f"{r}1"),
        f"supervisor-{r}1": (f"{r}2", f"{o}2"),
        f"supervisor-{r}2": (f"{r}1", f"{r}2"),
        f"unithead-{r}": (f"{r}2", f"{r}3"),
        f"unithead-{r}2": (f"{r}3", f"{r}1"),
        f"director-{r}": (f"{r}3", f"{o}3"),
        f"admin-{r}": (f"{r}2", f"{o}2"),
    }


TARGETS: dict[str | None, tuple[str, ...]] = {
    None: ("g2",),
    **{account: keys for r in REGIONS for account, keys in _targets(r).items()},
}
TARGETS[RESEARCHER] = (*TARGETS[RESEARCHER], RESEARCHED)
# The medical adviser: their unit's training, another unit's, the other region's.
TARGETS[MEDICAL_ADVISER] = (ADVISED, "g2", "v3")


class World:
    """The demo world of one test, with the objects the URL patterns need, made on first use
    inside the test's transaction."""

    def __init__(self, demo: Any) -> None:
        self.demo = demo
        trainings = Training.objects.select_related(
            "resident", "main_supervisor", "home_unit__region"
        ).filter(resident__username__in=[f"resident-{key}" for key in TRAINING_KEYS])
        self.training = {t.resident.username.removeprefix("resident-"): t for t in trainings}
        self.person = {p.username: p for p in Person.objects.filter(username__in=ACCOUNTS)}
        self._made: dict[tuple[str, str], Any] = {}
        researched = self.training[RESEARCHED]
        ScholarlyWork.objects.create(
            training=researched,
            kind="written_work",
            topic="Astma i primärvården",
            research_supervisor=self.person[RESEARCHER],
        )
        ScholarlyWork.objects.create(training=researched, kind="quality_work", topic="Journaler")

    def key_of(self, training: Training) -> str:
        return next(key for key, t in self.training.items() if t.pk == training.pk)

    def _once(self, what: str, training: Training, make: Any) -> Any:
        slot = (what, self.key_of(training))
        if slot not in self._made:
            self._made[slot] = make()
        return self._made[slot]

    # --- The training's own rows -----------------------------------------------------------

    def plan(self, t: Training, kind: str = DocumentKind.TRAINING_PLAN) -> PlanVersion:
        return self._once(
            f"plan-{kind}",
            t,
            lambda: (
                plan_services.latest(t, kind)
                or plan_services.plan_version_start(training=t, kind=kind, person=t.resident)
            ),
        )

    def goal_code(self, t: Training) -> str:
        return plan_services.goal_specs(t)[0].code

    def absence(self, t: Training) -> Absence:
        return self._once("absence", t, lambda: t.absences.order_by("from_date").first())

    def reviewable_absence(self, t: Training) -> Absence:
        def make() -> Absence:
            found = t.absences.filter(kind__in=REVIEWABLE_KINDS).first()
            if found is not None:
                return found
            day = add_months(t.start_date, 1)
            return Absence.objects.create(
                training=t, kind=AbsenceKind.SICK_LEAVE, from_date=day, to_date=day
            )

        return self._once("reviewable", t, make)

    def employment_step(self, t: Training) -> EmploymentStep:
        return self._once(
            "step",
            t,
            lambda: (
                t.employment_steps.first()
                or EmploymentStep.objects.create(training=t, from_date=t.start_date, percent=100)
            ),
        )

    def placement(self, t: Training) -> Placement:
        return self._once("placement", t, lambda: t.placements.order_by("from_date").first())

    def rotation(self, t: Training) -> Placement:
        """The training's first rotation; the first-year residents get one after their year at
        the home unit."""

        def make() -> Placement:
            found = t.placements.filter(kind=Placement.Kind.ROTATION).order_by("from_date").first()
            if found is not None:
                return found
            clinic = Unit.objects.filter(region=t.home_unit.region, kind="clinic").first()
            first = add_months(t.start_date, 12)
            return Placement.objects.create(
                training=t,
                kind=Placement.Kind.ROTATION,
                unit=clinic,
                from_date=first,
                to_date=add_months(first, 3) - timedelta(days=1),
                supervisor_name="Dr Klinik",
            )

        return self._once("rotation", t, make)

    def home_return_day(self, t: Training) -> HomeReturnDay:
        rotation = self.rotation(t)
        return self._once(
            "day",
            t,
            lambda: HomeReturnDay.objects.create(
                placement=rotation, day=rotation.from_date + timedelta(days=7)
            ),
        )

    def contract(self, t: Training) -> RotationContract:
        rotation = self.rotation(t)
        return self._once(
            "contract",
            t,
            lambda: RotationContract.objects.create(
                placement=rotation,
                receiving_email="mottagning@example.invalid",
                wishes="Dagtid",
                supervisor_email="",
                created_by=t.resident,
            ),
        )

    def certified_contract(self, t: Training) -> RotationContract:
        """The contract once the rotation supervisor has certified the rotation."""

        def certify() -> RotationContract:
            contract = self.contract(t)
            contract.supervisor_name = "Dr Klinik"
            contract.description = "Tjänstgöring under handledning."
            contract.goals = [self.goal_code(t)]
            contract.certified_by_name = "Dr Klinik"
            contract.certified_at = timezone.now()
            contract.save()
            return contract

        return self._once("certified", t, certify)

    def supervision_session(self, t: Training) -> SupervisionSession:
        return self._once(
            "session",
            t,
            lambda: SupervisionSession.objects.create(
                training=t,
                held_on=DEMO_TODAY - timedelta(days=3),
                minutes=60,
                form="individual",
                topics="Patientfall",
                written_by=t.resident,
            ),
        )

    def patient_list_count(self, t: Training) -> PatientListCount:
        """A size of the own patient list the resident recorded (issue 11, R10.1)."""
        return self._once(
            "patient-list-count",
            t,
            lambda: PatientListCount.objects.create(
                training=t, on=DEMO_TODAY - timedelta(days=3), patients=600, recorded_by=t.resident
            ),
        )

    def on_call_event(self, t: Training) -> OnCallEvent:
        """A shift together with a specialist the resident recorded (issue 11, R10.2)."""
        return self._once(
            "on-call-event",
            t,
            lambda: OnCallEvent.objects.create(
                training=t,
                kind="double_shift",
                on=DEMO_TODAY - timedelta(days=3),
                recorded_by=t.resident,
            ),
        )

    def education_event(self, t: Training) -> EducationEvent:
        """An ST day the resident recorded (issue 11)."""
        return self._once(
            "education-event",
            t,
            lambda: EducationEvent.objects.create(
                training=t,
                kind="st_day",
                held_on=DEMO_TODAY - timedelta(days=3),
                minutes=240,
                title="ST-dag",
                recorded_by=t.resident,
            ),
        )

    def assessment(self, t: Training) -> Assessment:
        """Asked of the main supervisor, not yet completed."""
        return self._once(
            "assessment",
            t,
            lambda: Assessment.objects.create(
                training=t,
                method="mini_cex",
                assessor=t.main_supervisor,
                requested_by=t.resident,
            ),
        )

    def course(self, t: Training) -> CourseRecord:
        def make() -> CourseRecord:
            record = CourseRecord(
                training=t,
                name="Akutkurs",
                from_date=t.start_date,
                to_date=t.start_date,
                certificate_type="application/pdf",
                uploaded_by=t.resident,
            )
            record.certificate.save("intyg.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
            return record

        return self._once("course", t, make)

    def annual_review(self, t: Training, year: int = 1) -> AnnualReview:
        return self._once(
            f"annual-{year}",
            t,
            lambda: AnnualReview.objects.get_or_create(training=t, year=year)[0],
        )

    @staticmethod
    def milestone_code() -> str:
        return sorted(RECORDABLE_MILESTONES)[0]

    # --- Links for people without an account ----------------------------------------------

    def assessment_link_item(self, t: Training) -> Assessment:
        """Asked of an assessor without an account, by e-mail."""
        return self._once(
            "assessment-link",
            t,
            lambda: Assessment.objects.create(
                training=t,
                method="mini_cex",
                assessor_name="Dr Extern",
                assessor_email="extern@example.invalid",
                requested_by=t.resident,
            ),
        )

    def certificate_request(self, t: Training) -> Any:
        """Issue 13 item 3: a course certificate sent to its course leader, who has no account."""
        from stportal.application.models import CertificateRequest

        course = self.course(t)
        return self._once(
            "certificate-request",
            t,
            lambda: CertificateRequest.objects.create(
                training=t,
                key=f"course:{course.pk}",
                to_name="Karin Kursledare",
                to_email="kursledare@example.invalid",
                as_course_leader=True,
                sent_by=t.main_supervisor or t.resident,
                sent_at=timezone.now(),
            ),
        )

    def token(self, item: Any, purpose: Purpose, state: str) -> str:
        """A link's token: `genuine`, `tampered` (its signature broken) or `replaced` (a newer
        link was sent since)."""
        token = links.issue(item, purpose)
        if state == "tampered":  # one character of the signed payload changed
            return token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
        if state == "replaced":
            links.issue(item, purpose)
        return token
