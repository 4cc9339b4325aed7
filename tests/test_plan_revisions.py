"""A living plan (issue 12 item 12, R2.6): the established plan stays in force until a revision is
established, and which revisions need which signatures comes from the region's profile.

G 4.1.1: "Utbildnings- och tjänstgöringsplanen ska stämmas av och revideras kontinuerligt, av
handledare och ST-läkare." A revision that changes only activities, assessments, notes or the
study time is established by the resident and the main supervisor; a change of the overall plan
(a delmål added or removed, the overall goals, the supervision, the courses, the year plan, a new
main supervisor) by all the routine's signers again (G R2.3: four; V: three). Both regions'
profiles mark that split as assumed, with a Swedish reason (V's routine names no reviser at all).

Worked examples for both regions at the frozen DEMO_NOW; before issue 12 every change after a
signature needed all signers again (the reproduced case: test_r2_6_g_*_by_two).
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from stportal.adapters.timeline import done_milestones, timeline_of
from stportal.plans import services
from stportal.plans.models import DocumentKind, PlanVersion, Signature
from stportal.plans.revisions import changed_parts
from stportal.routines.loader import load_profiles
from stportal.rules.plan_content import GoalPlan, PlanContent, PlannedActivity, YearPlanStep
from tests.conftest import DEMO_NOW, DEMO_TODAY

PLAN = DocumentKind.TRAINING_PLAN
NOW = DEMO_NOW - timedelta(hours=1)
G_SIGNERS = [  # R2.3: four sign-offs in Gävleborg
    ("resident-g2", "resident"),
    ("supervisor-g1", "main_supervisor"),
    ("unithead-g", "unit_head"),
    ("director-g", "director"),
]


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


def sign(demo, training, version, username, role, *, digest=None, now=NOW):
    return services.plan_version_sign(
        training=training,
        version_id=version.pk,
        seen_digest=digest or version.digest,
        role=role,
        person=demo.person(username),
        completion=timeline_of(training, DEMO_TODAY).projected_completion,
        now=now,
    )


def established_g(demo):
    """resident-g2's IUP, version 1, established by all four (R2.3) an hour before the clock."""
    training = demo.training_of("resident-g2")
    version = services.plan_version_start(
        training=training, kind=PLAN, person=demo.person("resident-g2")
    )
    for username, role in G_SIGNERS:
        sign(demo, training, version, username, role, now=NOW - timedelta(days=30))
    version.refresh_from_db()
    assert version.established_at is not None
    return training, version


def revise(demo, training, username, edit):
    return services.plan_version_save(
        training=training,
        kind=PLAN,
        base_digest=services.latest(training, PLAN).digest,
        person=demo.person(username),
        edit=edit,
    )


def with_notes(code, notes):
    def edit(document):
        goal = document.goals.get(code, GoalPlan()).model_copy(update={"notes": notes})
        return document.model_copy(update={"goals": {**document.goals, code: goal}})

    return edit


def with_activity(code, description):
    def edit(document):
        old = document.goals.get(code, GoalPlan())
        activity = PlannedActivity(kind="course", description=description, year=2)
        goal = old.model_copy(update={"activities": [*old.activities, activity]})
        return document.model_copy(update={"goals": {**document.goals, code: goal}})

    return edit


def without_activities(code):
    def edit(document):
        goal = document.goals[code].model_copy(update={"activities": []})
        return document.model_copy(update={"goals": {**document.goals, code: goal}})

    return edit


# --- Gävleborg ----------------------------------------------------------------------------------


def test_r2_6_g_a_revision_of_activities_and_notes_is_established_by_two(demo):
    """The reproduced case: resident-g2's established IUP gets a note and an activity; before
    issue 12 the revision waited for all four signers, now the resident and the main supervisor
    establish it, and version 1 stays in force (with its signatures) until they have."""
    training, first = established_g(demo)
    revise(demo, training, "resident-g2", with_notes("c1", "Fokus på multisjuka"))
    revision = revise(demo, training, "supervisor-g1", with_activity("c1", "Kurs i geriatrik"))
    assert revision.number == 2 and revision.established_at is None
    needed = services.requirement(training, revision)
    assert needed.revision and needed.roles == ["resident", "main_supervisor"]
    assert needed.parts == {"activities", "notes"} and needed.base.pk == first.pk
    assert services.in_force(training, PLAN).pk == first.pk  # still in force
    assert services.roles_to_sign(demo.person("unithead-g"), training, revision) == []
    assert services.roles_to_sign(demo.person("director-g"), training, revision) == []
    with pytest.raises(services.PlanError):
        sign(demo, training, revision, "unithead-g", "unit_head")
    sign(demo, training, revision, "resident-g2", "resident")
    assert services.in_force(training, PLAN).pk == first.pk  # one signature is not enough
    sign(demo, training, revision, "supervisor-g1", "main_supervisor")
    revision.refresh_from_db()
    assert (revision.established_at, revision.established_as) == (NOW, "revision")
    assert services.in_force(training, PLAN).pk == revision.pk
    first.refresh_from_db()  # the earlier version, frozen, in the history as it was
    assert first.established_at == NOW - timedelta(days=30) and first.established_as == "plan"
    assert first.signatures.count() == 4 and first.document.goals["c1"].notes == ""


@pytest.mark.parametrize(
    ("edit", "part"),
    [
        (lambda d: d.model_copy(update={"overall_goals": "Nya mål"}), "overall_goals"),
        (lambda d: d.model_copy(update={"supervision": "Varannan vecka"}), "supervision"),
        (lambda d: d.model_copy(update={"courses": d.courses[1:]}), "courses"),
        (without_activities("c1"), "goals"),  # a delmål removed from the plan
    ],
)
def test_r2_6_g_a_change_of_the_overall_plan_needs_all_four_again(demo, edit, part):
    training, first = established_g(demo)
    revision = revise(demo, training, "resident-g2", edit)
    needed = services.requirement(training, revision)
    assert part in needed.parts and not needed.revision
    assert needed.roles == [role for _, role in G_SIGNERS]
    sign(demo, training, revision, "resident-g2", "resident")
    sign(demo, training, revision, "supervisor-g1", "main_supervisor")
    revision.refresh_from_db()
    assert revision.established_at is None  # two of four: the first version stays in force
    assert services.in_force(training, PLAN).pk == first.pk
    for username, role in G_SIGNERS[2:]:
        sign(demo, training, revision, username, role)
    revision.refresh_from_db()
    assert revision.established_as == "plan" and services.in_force(training, PLAN) == revision


def test_r2_6_g_a_new_main_supervisor_makes_a_revision_a_change_for_all(demo):
    """The main supervisor who signed the plan in force is no longer the main supervisor: even a
    note is then established by all four."""
    training, _first = established_g(demo)
    revision = revise(demo, training, "resident-g2", with_notes("c2", "Ny handledare"))
    assert services.requirement(training, revision).revision
    training.main_supervisor = demo.person("supervisor-g2")
    training.save(update_fields=["main_supervisor"])
    needed = services.requirement(training, revision)
    assert "main_supervisor" in needed.parts and not needed.revision and len(needed.roles) == 4


def test_r2_6_the_milestone_stays_done_while_a_revision_is_pending(demo):
    """The plan milestones stay done once the first plan is established: a pending (even partly
    signed) revision never undoes them."""
    training, _first = established_g(demo)
    revision = revise(
        demo, training, "resident-g2", lambda d: d.model_copy(update={"overall_goals": "X"})
    )
    sign(demo, training, revision, "resident-g2", "resident")
    assert ("training_plan", None) in done_milestones(training)
    overdue = {f.subject.get("milestone") for f in timeline_of(training, DEMO_TODAY).findings}
    assert "training_plan" not in overdue


def test_r2_6_a_revision_signed_on_a_stale_fingerprint_or_twice_is_refused(demo):
    """Concurrency as before: a signature naming a fingerprint the revision no longer has, on the
    version in force once a revision exists, or in a role already signed, records nothing."""
    training, first = established_g(demo)
    revision = revise(demo, training, "resident-g2", with_notes("c1", "Först"))
    stale = revision.digest
    revision = revise(demo, training, "supervisor-g1", with_notes("c1", "Sedan"))
    assert revision.number == 2  # an unsigned revision changes in place
    with pytest.raises(services.PlanError, match="ändrades efter att du öppnade"):
        sign(demo, training, revision, "resident-g2", "resident", digest=stale)
    with pytest.raises(services.PlanError, match="ändrades efter att du öppnade"):
        sign(demo, training, first, "director-g", "director")
    sign(demo, training, revision, "resident-g2", "resident")
    with pytest.raises(services.PlanError):
        sign(demo, training, revision, "resident-g2", "resident")
    assert revision.signatures.count() == 1 and first.signatures.count() == 4


def test_r2_6_a_signed_revision_is_frozen_and_the_next_change_is_another_version(demo):
    training, first = established_g(demo)
    revision = revise(demo, training, "resident-g2", with_notes("c1", "A"))
    sign(demo, training, revision, "resident-g2", "resident")
    newer = revise(demo, training, "supervisor-g1", with_notes("c1", "B"))
    assert (
        newer.number == 3
        and PlanVersion.objects.get(pk=revision.pk).document.goals["c1"].notes == "A"
    )
    assert services.requirement(training, newer).base.pk == first.pk


# --- Västmanland --------------------------------------------------------------------------------


def test_r2_6_v_a_revision_of_the_established_iup_is_established_by_two(demo):
    """resident-v2's demo IUP is established by three (resident, main supervisor, unit head);
    a change of activities is established by the resident and the main supervisor, over the
    pages, and the page says what is in force and what is pending."""
    training = demo.training_of("resident-v2")
    first = services.in_force(training, PLAN)
    supervisor = training.main_supervisor.username
    version = services.latest(training, PLAN)
    assert first is not None and version.pk == first.pk
    code = services.goal_specs(training)[0].code
    data = {
        "base": version.digest,
        "assessments": list(version.document.goals.get(code, GoalPlan()).assessments),
        "notes": "Mer hemsjukvård",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-0-kind": "auskultation",
        "activities-0-description": "Hemsjukvården en vecka",
        "activities-0-year": "3",
    }
    client = demo.client_for("resident-v2")
    assert client.post(url("plans:plan_goal", training, code), data).status_code == 302
    revision = services.latest(training, PLAN)
    assert revision.number == first.number + 1
    page = client.get(url("plans:plan", training)).content.decode()
    assert f"Version {first.number} är den plan som gäller" in page
    assert f"Väntar: version {revision.number}" in page
    assert "Hemsjukvården en vecka" in page and "Mer hemsjukvård" in page
    assert "som fastställs av: ST-läkare, huvudhandledare." in page
    assert services.requirement(training, revision).roles == ["resident", "main_supervisor"]
    head = first.signatures.get(role="unit_head").person
    assert services.roles_to_sign(head, training, revision) == []
    for username, role in (("resident-v2", "resident"), (supervisor, "main_supervisor")):
        response = demo.client_for(username).post(
            url("plans:plan_sign", training, PLAN),
            {"version": revision.pk, "digest": revision.digest, "role": role},
            follow=True,
        )
    assert "Revideringen är fastställd och är nu den plan som gäller." in response.content.decode()
    assert services.in_force(training, PLAN).pk == revision.pk
    versions = client.get(url("plans:plan_versions", training, PLAN)).content.decode()
    assert versions.count('data-testid="in-force-mark"') == 1 and "(revidering)" in versions
    assert ("training_plan", None) in done_milestones(training)


def test_r2_6_v_a_change_of_the_year_plan_needs_all_three(demo):
    """V's year plan is the IUP's time plan: changing it is a change of the overall plan."""
    training = demo.training_of("resident-v2")
    first = services.in_force(training, PLAN)
    revision = revise(
        demo,
        training,
        "resident-v2",
        lambda d: d.model_copy(
            update={"year_plan": [*d.year_plan, YearPlanStep(years=[5], items=["Forskning"])]}
        ),
    )
    needed = services.requirement(training, revision)
    assert needed.parts == {"year_plan"} and not needed.revision
    assert needed.roles == ["resident", "main_supervisor", "unit_head"]
    head = first.signatures.get(role="unit_head").person
    assert services.roles_to_sign(head, training, revision) == ["unit_head"]
    page = demo.client_for("resident-v2").get(url("plans:plan", training)).content.decode()
    assert "alla som skriver under planen skriver under igen" in page


def test_r2_6_v_the_agreement_has_no_revision_signers_so_all_sign_again(demo):
    """The agreements' profiles name no revision signers: a change is signed by all (R2.4/R2.5)."""
    training = demo.training_of("resident-v2")
    agreement = services.in_force(training, DocumentKind.AGREEMENT)
    revision = services.plan_version_save(
        training=training,
        kind=DocumentKind.AGREEMENT,
        base_digest=agreement.digest,
        person=demo.person("resident-v2"),
        edit=lambda d: d.model_copy(update={"other_terms": "Ny överenskommelse"}),
    )
    needed = services.requirement(training, revision)
    assert not needed.revision and len(needed.roles) == 3


# --- Someone else's plan ------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["supervisor-g2", "director-v", "resident-g1"])
def test_r2_6_nobody_outside_the_training_signs_or_edits_a_revision(demo, username):
    training, _first = established_g(demo)
    revision = revise(demo, training, "resident-g2", with_notes("c1", "Egen"))
    client = demo.client_for(username)
    response = client.post(
        url("plans:plan_sign", training, PLAN),
        {"version": revision.pk, "digest": revision.digest, "role": "main_supervisor"},
    )
    assert response.status_code == 404
    response = client.post(url("plans:plan_general", training), {"base": revision.digest})
    assert response.status_code == 404
    assert not Signature.objects.filter(version=revision).exists()


# --- What changed, as parts (pure) --------------------------------------------------------------

EDITS = {
    "notes": with_notes("c1", "Anteckning"),
    "assessments": lambda d: d.model_copy(
        update={"goals": {**d.goals, "c1": d.goals["c1"].model_copy(update={"assessments": ["x"]})}}
    ),
    "study_time": lambda d: d.model_copy(update={"study_time": "every_other_week"}),
    "overall_goals": lambda d: d.model_copy(update={"overall_goals": "Mål"}),
    "year_plan": lambda d: d.model_copy(
        update={"year_plan": [YearPlanStep(years=[1], items=["A"])]}
    ),
}
BASE = PlanContent(
    goals={"c1": GoalPlan(activities=[PlannedActivity(kind="course", description="K")])}
)


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(sorted(EDITS))))
def test_r2_6_the_parts_changed_are_exactly_the_parts_edited(chosen):
    document = BASE
    for name in sorted(chosen):
        document = EDITS[name](document)
    assert changed_parts(BASE, document) == chosen


def test_r2_6_a_delmal_gaining_its_first_activity_is_added_to_the_plan():
    added = with_activity("c2", "Ny kurs")(BASE)
    assert changed_parts(BASE, added) == {"goals", "activities"}
    assert changed_parts(BASE, with_activity("c1", "Till")(BASE)) == {"activities"}


def test_r2_6_the_profiles_mark_the_revision_split_as_assumed_with_a_reason():
    """G names the revisers ("av handledare och ST-läkare"), V does not; the split is ours in
    both, with a Swedish reason."""
    profiles = load_profiles(
        [Path(__file__).resolve().parent.parent / "stportal/routines/profiles"]
    )
    g, v = profiles["gavleborg"].training_plan, profiles["vastmanland"].training_plan
    assert g.revision_signers == v.revision_signers == ["resident", "main_supervisor"]
    assert not g.is_assumed("revision_signers") and v.is_assumed("revision_signers")
    for entry in (g, v):
        assert entry.is_assumed("revision_may_change") and "R2.6" in entry.rules
        assert "ST-läkare" in entry.why["revision_may_change"]
        assert set(entry.revision_may_change) == {
            "activities",
            "assessments",
            "notes",
            "study_time",
        }


def test_r2_6_a_revision_posted_twice_is_one_version(demo):
    """The same change of the established plan posted twice (a double click) makes one revision;
    the second post names version 1's fingerprint, which is no longer the newest, and is refused."""
    training, first = established_g(demo)
    document = first.document
    data = {
        "base": first.digest,
        "study_time": "every_other_week",
        "overall_goals": document.overall_goals,
        "supervision": document.supervision,
    }
    client = demo.client_for("resident-g2")
    assert client.post(url("plans:plan_general", training), data).status_code == 302
    again = client.post(url("plans:plan_general", training), data, follow=True)
    assert "Någon annan ändrade" in again.content.decode()
    assert training.plan_versions.filter(kind=PLAN).count() == 2
    revision = services.latest(training, PLAN)
    needed = services.requirement(training, revision)
    assert needed.parts == {"study_time"} and needed.revision  # the study time: a revision
