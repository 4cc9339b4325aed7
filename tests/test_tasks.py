"""Issue 12, items 1, 4 and 5: every finding links to where it is done, for whom; each home page
starts with what this person must do now ("Att göra"), apart from what waits for others
("Väntar på andra"); the director's count of things to do is the set the linked page shows.

The worked examples are the demo's residents of both regions on DEMO_TODAY (tests/conftest.py).
"""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from stportal.access import Relation
from stportal.adapters import tasks as task_table
from stportal.adapters.followup import findings_of
from stportal.adapters.tasks import (
    FINDING_CODES,
    MILESTONE_PLACES,
    PLACES,
    Task,
    actors_of,
    finding_url,
    place_of,
    tasks_for,
)
from stportal.adapters.time_plan import placements_of, time_plan_findings
from stportal.adapters.timeline import timeline_of
from stportal.people.models import Membership, Person, Role
from stportal.plans import services as plan_services
from stportal.plans.models import Signature
from stportal.portfolio.models import (
    Assessment,
    DistanceApproval,
    GoalProgress,
    SupervisionSession,
)
from stportal.timeline.findings import Finding, FindingCode, Severity
from stportal.timeline.milestones import MILESTONE_CODES
from stportal.training.models import Placement, Training
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parent.parent
RESIDENTS = [
    "resident-g1",
    "resident-g2",
    "resident-g3",
    "resident-v1",
    "resident-v2",
    "resident-v3",
]
# A finding's code as the rule modules write it: _finding("code", …), Finding("code", …).
CODE = re.compile(r'\b_?[fF]inding\(\s*"([a-z_]+)"')


def codes_in_source() -> set[str]:
    """Every finding code the pure core's rule modules can produce, read from their source."""
    found = {str(code) for code in FindingCode}
    for folder in ("rules", "timeline"):
        for path in (ROOT / "stportal" / folder).glob("*.py"):
            found |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_issue_12_item_1_every_finding_code_any_rule_produces_has_a_place():
    """R-codes of every rule module: each code has a page where it is done and its actors."""
    produced = codes_in_source()
    assert len(produced) > 40
    assert sorted(produced - FINDING_CODES) == []
    assert sorted(FINDING_CODES - produced) == []  # no stale entries either
    assert set(MILESTONE_CODES) == set(MILESTONE_PLACES)
    for place in [*PLACES.values(), *MILESTONE_PLACES.values()]:
        assert place.actors <= set(Relation) and place.actors
        assert place.label


def person_as(training: Training, relation: Relation) -> Person | None:
    """A demo person who holds `relation` to the training."""
    if relation == Relation.RESIDENT:
        return training.resident
    if relation == Relation.MAIN_SUPERVISOR:
        return training.main_supervisor
    if relation == Relation.CO_SUPERVISOR:
        return training.co_supervisors.first()
    unit_roles = {
        Relation.UNIT_HEAD: Role.UNIT_HEAD,
        Relation.MEDICAL_ADVISER: Role.MEDICAL_ADVISER,
    }
    if relation in unit_roles:
        member = Membership.objects.filter(
            role=unit_roles[relation], unit=training.home_unit
        ).first()
    else:
        member = Membership.objects.filter(
            role=Role.DIRECTOR, region=training.home_unit.region
        ).first()
    return member.person if member else None


def example(training: Training, code: str, **subject: object) -> Finding:
    return Finding(code, "R8.4", Severity.WARNING, DEMO_TODAY, "", subject)


@pytest.mark.parametrize("username", RESIDENTS)
def test_issue_12_item_1_every_place_opens_for_those_who_must_act(demo, username):
    """Each page of the table resolves and opens (200) for every relation that must act there,
    on the demo resident's training (both regions; the rotation contract of a placement)."""
    training = demo.training_of(username)
    placement = Placement.objects.filter(training=training, kind=Placement.Kind.ROTATION).first()
    subject: dict[str, object] = {"year": 1, "kind": "written_work"}
    if placement is not None:
        subject["key"] = placement.pk
    cases = [(code, example(training, code, **subject)) for code in PLACES]
    cases += [
        (code, example(training, FindingCode.MILESTONE_DUE, milestone=code, **subject))
        for code in MILESTONE_PLACES
    ]
    for code, finding in cases:
        if "key" not in subject and place_of(finding).url_name == "plans:rotation_contract":
            continue
        url = finding_url(training, finding)
        for relation in place_of(finding).actors:
            person = person_as(training, relation)
            if person is None:
                continue
            client = demo.client_for(person.username)
            response = client.get(url)
            assert response.status_code == 200, (code, relation, url, response.status_code)


@pytest.mark.parametrize("username", RESIDENTS)
def test_issue_12_item_1_each_demo_finding_links_to_a_page_its_actors_open(demo, username):
    """The findings the demo's residents really have (the follow-up's and the time plan's):
    every one has a place, and its link opens for each person who must act."""
    training = demo.training_of(username)
    result = timeline_of(training, DEMO_TODAY)
    found = [
        *findings_of(training, result),
        *time_plan_findings(training, placements_of(training), DEMO_TODAY),
    ]
    assert found
    for finding in found:
        assert finding.code in FINDING_CODES, finding.code
        if finding.code in (FindingCode.MILESTONE_DUE, FindingCode.MILESTONE_OVERDUE):
            assert finding.subject["milestone"] in MILESTONE_PLACES
        url = finding_url(training, finding)
        for relation in actors_of(training, finding):
            person = person_as(training, relation)
            if person is not None:
                response = demo.client_for(person.username).get(url)
                assert response.status_code == 200, (finding.code, relation, url)


def test_issue_12_item_1_the_annual_review_finding_links_to_the_annual_review(demo):
    """The issue's case (R9.3, G): the resident is told to write the annual report, and the
    finding now links to that year's annual review page, on the follow-up page and at home."""
    training = demo.training_of("resident-g2")
    annual = reverse("portfolio:annual_review", args=[training.pk, 1])
    client = demo.client_for("resident-g2")
    follow_up = client.get(reverse("portfolio:portfolio", args=[training.pk])).content.decode()
    assert f'href="{annual}"' in follow_up and "Öppna den årliga uppföljningen" in follow_up
    home = client.get("/").content.decode()
    tasks = home.split('id="tasks-heading"')[1].split("</ul>")[0]
    assert f'href="{annual}"' in tasks
    assert client.get(annual).status_code == 200


def test_r9_3_only_the_authors_of_the_missing_parts_must_act(demo):
    """R9.3 (G 5.1.4: "Huvudhandledaren skriver ett handledarutlåtande årligen, ST-läkaren en
    årsrapport"): once the resident has signed the report, the annual review is the main
    supervisor's and the director's to do, no longer the resident's."""
    training = demo.training_of("resident-g2")
    review = training.annual_reviews.filter(year=1).first()
    if review is None:
        review = training.annual_reviews.create(year=1)
    review.resident_report = "Årsrapport."
    review.report_signed_by = training.resident
    review.report_signed_at = timezone.now()
    review.save()
    finding = example(training, "annual_review_due", year=1)
    actors = actors_of(training, finding)
    assert Relation.RESIDENT not in actors and Relation.MAIN_SUPERVISOR in actors


@pytest.mark.parametrize("username", ["resident-g2", "resident-v2"])
def test_r1_3_is_the_unit_heads_decision_and_the_residents_information(demo, username):
    """R1.3 (G 5.1.6: "efter individuell bedömning"): a long sick leave without a decision is a
    task of the unit head and the director, shown to the resident as waiting for them."""
    resident = demo.person(username)
    tasks = tasks_for(resident, DEMO_TODAY)
    assert not [t for t in tasks.mine if t.rule.startswith("R1.3")]
    [waiting] = [t for t in tasks.others if t.rule.startswith("R1.3")]
    assert "verksamhetschef" in waiting.waiting_for
    training = demo.training_of(username)
    head = person_as(training, Relation.UNIT_HEAD)
    assert head is not None
    theirs = tasks_for(head, DEMO_TODAY)
    assert [t for t in theirs.mine if t.rule.startswith("R1.3") and t.training.pk == training.pk]


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("resident-g2", "/portfolio/annual/1/"),
        ("resident-v1", "/plan/"),
        ("supervisor-g1", "/portfolio/supervision/"),
        ("supervisor-v1", "/portfolio/assessments/"),
        ("unithead-g", "/time/"),
        ("unithead-v", "/time/"),
        ("director-g", "/time/"),
        ("director-v", "/time/"),
        ("medadviser-g", "/portfolio/supervision/"),
    ],
)
def test_issue_12_item_5_each_home_page_starts_with_what_the_person_must_do(demo, username, path):
    """Every role of both regions: the home page's first section is "Att göra", its items link
    to where they are done, the one named among them; staff see each resident's name."""
    if username == "medadviser-g":
        distance_asked(demo)
    page = demo.client_for(username).get("/").content.decode()
    main = page.split("<h1")[1]
    assert main.index('id="tasks-heading"') < main.index("</section>")  # the first section
    mine = main.split('id="tasks-heading"')[1].split("</ul>")[0]
    assert "Att göra" in main.split('id="tasks-heading"')[1][:40]
    links = re.findall(r'class="task-link" href="([^"]+)"', mine)
    assert links and any(path in link for link in links), links
    if not username.startswith("resident"):
        assert "<strong>" in mine  # the resident's name


def test_issue_12_item_5_others_duties_are_information(demo):
    """The resident's page shows someone else's duty under "Väntar på andra", not as a task:
    (V) Amir Karimi's supervisors' training covers another målbeskrivning (R8.3)."""
    page = demo.client_for("resident-v1").get("/").content.decode()
    mine = page.split('id="tasks-heading"')[1].split("</ul>")[0]
    others = page.split('id="others-heading"')[1].split("</details>")[0]
    assert "Väntar på andra" in page
    assert "handledarutbildning" in others and "handledarutbildning" not in mine
    assert "Väntar på: huvudhandledare, studierektor." in others


def test_tasks_are_sorted_overdue_first_then_by_date(demo):
    for username in ["supervisor-g1", "unithead-v2", "resident-g2"]:
        mine = tasks_for(demo.person(username), DEMO_TODAY).mine
        keys = [task.sort_key for task in mine]
        assert keys == sorted(keys)
        overdue = [task.overdue for task in mine]
        assert overdue == sorted(overdue, reverse=True)


# --- The pending steps that are not findings ---------------------------------------------------


@pytest.mark.parametrize("username", ["resident-g1", "resident-v1"])
def test_r8_6_a_supervision_entry_waits_for_the_other_side(demo, username):
    """R8.6 (V: "En loggbok för handledning förs"; portfolio.services.supervision_session_confirm):
    the resident's entry waits for the supervisors, a supervisor's for the resident only."""
    training = demo.training_of(username)
    by_resident = SupervisionSession.objects.create(
        training=training,
        held_on=DEMO_TODAY - timedelta(days=3),
        minutes=60,
        form="individual",
        written_by=training.resident,
    )
    by_main = SupervisionSession.objects.create(
        training=training,
        held_on=DEMO_TODAY - timedelta(days=10),
        minutes=60,
        form="individual",
        written_by=training.main_supervisor,
    )

    def confirmations(person: Person) -> list[str]:
        return [
            t.text
            for t in tasks_for(person, DEMO_TODAY).mine
            if t.rule == "R8.6" and t.training.pk == training.pk
        ]

    assert confirmations(training.main_supervisor) == [
        f"Bekräfta handledningstillfället {by_resident.held_on}."
    ]
    assert confirmations(training.resident) == [
        f"Bekräfta handledningstillfället {by_main.held_on}."
    ]
    co = training.co_supervisors.first()
    if co is not None:  # a co-supervisor confirms the resident's, never the main supervisor's
        assert confirmations(co) == [f"Bekräfta handledningstillfället {by_resident.held_on}."]


@pytest.mark.parametrize("username", ["resident-g1", "resident-v1"])
def test_r2_3_a_signed_version_waits_for_the_other_signers(demo, username):
    """R2.3 (G 4.1.1: "upprättas gemensamt av ST-läkare, handledare, verksamhetschef [...] och
    studierektor"), R2.5 (V: ST-läkare, huvudhandledare, verksamhetschef): once the resident has
    signed, the version waits for each signer the region's routine names, and not for others."""
    training = demo.training_of(username)
    version = plan_services.latest(training, "training_plan") or plan_services.plan_version_start(
        training=training, kind="training_plan", person=training.resident
    )
    version.signatures.all().delete()
    Signature.objects.create(
        version=version, role="resident", person=training.resident, digest=version.digest
    )
    signers = {str(r) for r in plan_services.required_signers(training, "training_plan")}
    for relation in (Relation.MAIN_SUPERVISOR, Relation.UNIT_HEAD, Relation.DIRECTOR):
        person = person_as(training, relation)
        assert person is not None
        waiting = [
            t
            for t in tasks_for(person, DEMO_TODAY).mine
            if t.rule == "R2.3" and t.training.pk == training.pk
        ]
        assert bool(waiting) == (str(relation) in signers), relation
    mine = tasks_for(training.resident, DEMO_TODAY)
    assert not [t for t in mine.mine if t.rule == "R2.3"]
    assert [t for t in mine.others if t.rule == "R2.3"]


def test_r9_4_r5_5_the_unit_heads_feedback_and_agreement_only_where_the_routine_asks(demo):
    """R9.4 (V: "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!") and R5.5
    (V: "vilket bedöms av handledare och verksamhetschef"): in Västmanland the unit head is asked;
    in Gävleborg, whose routine does not say so, never."""
    now = timezone.now()
    for username, asked in (("resident-v1", True), ("resident-g1", False)):
        training = demo.training_of(username)
        Assessment.objects.create(
            training=training,
            method="sit_in",
            goals=["c1"],
            assessor=training.main_supervisor,
            requested_by=training.resident,
            held_on=DEMO_TODAY - timedelta(days=2),
            judgement="at",
            completed_at=now,
        )
        GoalProgress.objects.update_or_create(
            training=training,
            goal="c1",
            defaults={"status": "met", "judged_by": training.main_supervisor},
        )
        head = person_as(training, Relation.UNIT_HEAD)
        assert head is not None
        rules = {t.rule for t in tasks_for(head, DEMO_TODAY).mine if t.training.pk == training.pk}
        assert ({"R9.4", "R5.5"} <= rules) == asked, (username, rules)
        if not asked:
            assert not {"R9.4", "R5.5"} & rules


@pytest.mark.parametrize("username", ["resident-g2", "resident-v2"])
def test_r9_1_an_assessment_asked_of_a_person_is_their_task(demo, username):
    """R9.1: an assessment requested of an assessor with an account is on the assessor's list,
    linked to its form."""
    training = demo.training_of(username)
    assessor = demo.person("supervisor-g2" if username.endswith("g2") else "supervisor-v2")
    item = Assessment.objects.create(
        training=training,
        method="mini_cex",
        goals=["c1"],
        assessor=assessor,
        requested_by=training.resident,
    )
    urls = [t.url for t in tasks_for(assessor, DEMO_TODAY).mine if t.rule == "R9.1"]
    assert reverse("portfolio:assessment_complete", args=[item.pk]) in urls


def distance_asked(demo) -> Training:
    """Supervision at a distance asked for Maria Falk (G, Hudiksvall, whose unit head is not a
    doctor): the director has approved, the medical adviser's approval is awaited (R8.5)."""
    training = demo.training_of("resident-g3")
    DistanceApproval.objects.get_or_create(
        training=training, role="director", defaults={"person": demo.person("director-g")}
    )
    return training


def test_r8_5_the_medical_advisers_approval_is_their_task(demo):
    """R8.5 (G 5.1.2: "om chef inte är läkare i samråd med medicinsk rådgivare på
    hälsocentralen"): the adviser's home page lists the approval in "Att göra"."""
    training = distance_asked(demo)
    mine = tasks_for(demo.person("medadviser-g"), DEMO_TODAY).mine
    assert [t.url for t in mine] == [
        reverse("portfolio:supervision", args=[training.pk]) + "#distance"
    ]


# --- Item 4: the director's count is the set the page it links to shows ------------------------


@pytest.mark.parametrize("username", ["director-g", "director-v", "unithead-g", "unithead-v"])
def test_issue_12_item_4_the_count_of_things_to_do_is_the_linked_pages_set(demo, username):
    """The director's (and the unit head's) table counted only the timeline's milestones and
    decisions, and linked to the follow-up page, which lists every finding: a larger set. Now
    each row's count is the number of findings the linked page shows."""
    client = demo.client_for(username)
    page = client.get("/").content.decode()
    rows = re.findall(
        r'<a href="(/trainings/(\d+)/portfolio/)">(\d+)<span class="visually-hidden">', page
    )
    assert rows
    for link, pk, count in rows:
        linked = client.get(link).content.decode()
        shown = linked.split('id="findings-heading"')[1].split("</section>")[0]
        assert shown.count('<li class="finding') == int(count), (pk, count)
        training = Training.objects.get(pk=pk)
        assert int(count) == len(findings_of(training, timeline_of(training, DEMO_TODAY)))


def test_the_table_is_complete(demo):
    """Every relation named in the table is one a person can hold to a training."""
    names = set(task_table.RELATION_NAMES)
    for place in [*PLACES.values(), *MILESTONE_PLACES.values()]:
        assert place.actors <= names


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.one_of(st.none(), st.dates()),
            st.one_of(st.none(), st.dates()),
        ),
        max_size=12,
    )
)
def test_the_order_is_overdue_first_then_by_date_then_undated(items):
    """Any mix of findings (due), pending steps (waiting since) and undated steps: overdue
    first, then by the date, due or since; the undated last."""
    tasks = [
        Task(Training(), "", "", "", frozenset(), due=due, since=since, overdue=overdue)
        for overdue, due, since in items
    ]
    ordered = sorted(tasks, key=lambda task: task.sort_key)
    for before, after in pairwise(ordered):
        assert before.overdue >= after.overdue
        if before.overdue == after.overdue:
            first = before.due or before.since
            second = after.due or after.since
            assert second is None or (first is not None and first <= second)
