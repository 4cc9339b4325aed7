"""The IUP and the agreement: drafting, versions, signing, concurrency, PDFs, access (issue 4)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from stportal.adapters.timeline import timeline_of
from stportal.plans import services
from stportal.plans.models import DirectorReview, FrozenError, PlanVersion
from tests.conftest import DEMO_TODAY

G_SIGNERS = [  # R2.3: four sign-offs in Gävleborg
    ("resident-g2", "resident"),
    ("supervisor-g1", "main_supervisor"),
    ("unithead-g", "unit_head"),
    ("director-g", "director"),
]


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


def start(demo, username, kind="training_plan"):
    training = demo.training_of(username)
    demo.client_for(username).post(url("plans:plan_start", training, kind))
    return training, services.latest(training, kind)


def sign_as(demo, username, training, version, role):
    data = {"version": version.pk, "digest": version.digest, "role": role}
    return demo.client_for(username).post(url("plans:plan_sign", training, version.kind), data)


def test_the_plan_starts_prefilled_and_twice_started_is_one(demo):
    training, version = start(demo, "resident-g2")
    assert version.number == 1
    assert version.document.goals["c1"].activities
    demo.client_for("supervisor-g1").post(url("plans:plan_start", training, "training_plan"))
    assert training.plan_versions.count() == 1


def test_a_draft_changes_in_place_and_a_signed_version_never(demo):
    training, version = start(demo, "resident-g2")
    client = demo.client_for("supervisor-g1")
    data = {"base": version.digest, "study_time": "weekly", "overall_goals": "Mål A"}
    assert client.post(url("plans:plan_general", training), data).status_code == 302
    version.refresh_from_db()
    assert (version.number, version.document.overall_goals) == (1, "Mål A")
    assert sign_as(demo, "resident-g2", training, version, "resident").status_code == 302
    data = {"base": version.digest, "study_time": "weekly", "overall_goals": "Mål B"}
    client.post(url("plans:plan_general", training), data)
    version.refresh_from_db()
    newer = services.latest(training, "training_plan")
    assert version.document.overall_goals == "Mål A"
    assert (newer.number, newer.document.overall_goals) == (2, "Mål B")
    assert newer.signatures.count() == 0
    version.content = {**version.content, "overall_goals": "changed behind our back"}
    version.set_document(version.document)
    with pytest.raises(FrozenError):
        version.save()


def test_a_save_on_a_version_that_changed_meanwhile_is_refused(demo):
    training, version = start(demo, "resident-g2")
    stale = version.digest
    first = {"base": stale, "study_time": "weekly", "overall_goals": "Först"}
    demo.client_for("resident-g2").post(url("plans:plan_general", training), first)
    second = {"base": stale, "study_time": "weekly", "overall_goals": "Sedan"}
    response = demo.client_for("supervisor-g1").post(
        url("plans:plan_general", training), second, follow=True
    )
    assert "Någon annan ändrade eller signerade planen" in response.content.decode()
    assert services.latest(training, "training_plan").document.overall_goals == "Först"


def test_all_four_signatures_establish_the_plan_and_the_milestone_is_done(demo):
    training, version = start(demo, "resident-g2")
    overdue = {f.subject.get("milestone") for f in timeline_of(training, DEMO_TODAY).findings}
    assert "training_plan" in overdue
    for username, role in G_SIGNERS:
        assert sign_as(demo, username, training, version, role).status_code == 302
    version.refresh_from_db()
    assert version.established_at is not None
    assert sorted(version.signatures.values_list("role", flat=True)) == sorted(
        role for _, role in G_SIGNERS
    )
    overdue = {f.subject.get("milestone") for f in timeline_of(training, DEMO_TODAY).findings}
    assert "training_plan" not in overdue


def test_two_signers_with_the_same_page_both_count(demo):
    training, version = start(demo, "resident-g2")
    seen = PlanVersion.objects.get(pk=version.pk)  # both opened the page before either signed
    sign_as(demo, "resident-g2", training, seen, "resident")
    sign_as(demo, "supervisor-g1", training, seen, "main_supervisor")
    assert version.signatures.count() == 2


def test_a_signature_on_a_version_that_changed_is_refused(demo):
    training, version = start(demo, "resident-g2")
    seen = PlanVersion.objects.get(pk=version.pk)
    data = {"base": version.digest, "study_time": "weekly", "overall_goals": "Nytt"}
    demo.client_for("resident-g2").post(url("plans:plan_general", training), data)
    response = demo.client_for("director-g").post(
        url("plans:plan_sign", training, "training_plan"),
        {"version": seen.pk, "digest": seen.digest, "role": "director"},
        follow=True,
    )
    assert "Planen ändrades efter att du öppnade den" in response.content.decode()
    assert version.signatures.count() == 0


@pytest.mark.parametrize(
    ("username", "role"),
    [("supervisor-g1", "director"), ("resident-g2", "main_supervisor"), ("supervisor-g2", "x")],
)
def test_nobody_signs_in_a_role_that_is_not_theirs(demo, username, role):
    training, version = start(demo, "resident-g2")
    response = sign_as(demo, username, training, version, role)
    assert response.status_code in (302, 404)
    assert version.signatures.count() == 0


def test_gavleborgs_contract_waits_for_the_plan_and_a_complete_time_plan(demo):
    training, agreement = start(demo, "resident-g2", "agreement")
    response = sign_as(demo, "director-g", training, agreement, "director")
    page = demo.client_for("director-g").get(response.url).content.decode()
    assert "Utbildningsplanen måste först vara fastställd" in page
    assert "Tjänstgöringsplanen måste täcka hela ST" in page
    assert agreement.signatures.count() == 0


def test_vastmanlands_agreement_is_signed_by_three_and_its_pdf_says_so(demo):
    training, agreement = start(demo, "resident-v1", "agreement")
    for username, role in [
        ("resident-v1", "resident"),
        ("supervisor-v1", "main_supervisor"),
        ("unithead-v", "unit_head"),
    ]:
        sign_as(demo, username, training, agreement, role)
    agreement.refresh_from_db()
    assert agreement.established_at is not None
    response = demo.client_for("resident-v1").get(url("plans:plan_pdf", training, "agreement", 1))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "ST-överenskommelse" in text
    assert training.resident.get_full_name() in text
    assert "Version 1, fastställd" in text
    assert training.start_date.isoformat() in text
    for username in ("supervisor-v1", "unithead-v"):
        assert demo.person(username).get_full_name() in text


def test_the_versions_page_compares_two_versions(demo):
    training, version = start(demo, "resident-g2")
    sign_as(demo, "resident-g2", training, version, "resident")
    data = {"base": version.digest, "study_time": "every_other_week", "overall_goals": "X"}
    demo.client_for("resident-g2").post(url("plans:plan_general", training), data)
    page = demo.client_for("director-g").get(
        url("plans:plan_versions", training, "training_plan"), {"from": 1, "to": 2}
    )
    content = page.content.decode()
    assert "Övergripande mål" in content and "Studietidens förläggning" in content
    assert "every_other_week" in content


def test_the_goal_form_saves_activities_and_agreed_assessments(demo):
    training, version = start(demo, "resident-v1")
    code = "STc1"
    data = {
        "base": version.digest,
        "assessments": ["sit_in", "record_review"],
        "notes": "Fokus på multisjuka",
        "activities-TOTAL_FORMS": "2",
        "activities-INITIAL_FORMS": "0",
        "activities-0-kind": "rotation",
        "activities-0-description": "Medicinklinik 3 månader",
        "activities-0-year": "2",
        "activities-1-kind": "",
        "activities-1-description": "",
    }
    response = demo.client_for("supervisor-v1").post(url("plans:plan_goal", training, code), data)
    assert response.status_code == 302
    saved = services.latest(training, "training_plan").document.goals[code]
    assert [a.description for a in saved.activities] == ["Medicinklinik 3 månader"]
    assert saved.assessments == ["sit_in", "record_review"]
    bad = {
        **data,
        "base": services.latest(training, "training_plan").digest,
        "activities-0-kind": "",
        "activities-0-description": "Utan typ",
    }
    response = demo.client_for("supervisor-v1").post(url("plans:plan_goal", training, code), bad)
    assert "Välj typ av aktivitet." in response.content.decode()


@pytest.mark.parametrize(
    ("username", "view", "edit", "review"),
    [
        ("resident-g2", 200, 302, 403),
        ("supervisor-g1", 200, 302, 403),
        ("supervisor-g2", 404, 404, 404),
        ("unithead-g", 200, 403, 403),
        ("director-g", 200, 302, 302),
        ("director-v", 404, 404, 404),
        ("admin-g", 404, 404, 404),
    ],
)
def test_plan_pages_for_each_role(demo, username, view, edit, review):
    training = demo.training_of("resident-g2")
    client = demo.client_for(username)
    for name in ("plans:plan", "plans:agreement", "plans:time_plan"):
        assert client.get(url(name, training)).status_code == view
    assert client.post(url("plans:plan_start", training, "training_plan")).status_code == edit
    data = {"year": 1, "held_on": "2025-05-02", "note": ""}
    assert client.post(url("plans:director_review", training), data).status_code == review
    assert DirectorReview.objects.filter(training=training).exists() == (review == 302)


def test_anonymous_visitors_are_sent_to_log_in_from_plan_pages(demo):
    training = demo.training_of("resident-g2")
    for name in ("plans:plan", "plans:agreement", "plans:time_plan"):
        response = demo.client_for(None).get(url(name, training))
        assert response.status_code == 302 and response.url.startswith("/login/")


def test_the_director_records_one_review_a_year(demo):
    training = demo.training_of("resident-g2")
    client = demo.client_for("director-g")
    data = {"year": 1, "held_on": "2025-05-02", "note": "Genomgång"}
    client.post(url("plans:director_review", training), data)
    response = client.post(url("plans:director_review", training), data, follow=True)
    assert "En genomgång är redan registrerad" in response.content.decode()
    page = client.get(url("plans:plan", training)).content.decode()
    assert "Genomförd 2025-05-02" in page


@pytest.mark.parametrize(
    ("username", "read", "edit"),
    [
        ("resident-g3", 200, 200),
        ("supervisor-g2", 200, 200),  # main supervisor
        ("supervisor-g1", 200, 200),  # co-supervisor
        ("director-g", 200, 200),
        ("unithead-g", 404, 404),  # resident-g3's home unit has another head
        ("resident-g2", 404, 404),
        ("director-v", 404, 404),
    ],
)
def test_plan_documents_for_each_role(demo, username, read, edit):
    training = demo.training_of("resident-g3")  # the demo's plan being signed
    client = demo.client_for(username)
    assert client.get(url("plans:plan_versions", training, "training_plan")).status_code == read
    response = client.get(url("plans:plan_pdf", training, "training_plan", 1))
    assert response.status_code == read
    if read == 200:
        assert response["Content-Type"] == "application/pdf"
    assert client.get(url("plans:plan_general", training)).status_code == edit
    assert client.get(url("plans:plan_goal", training, "c1")).status_code == edit
    assert client.get(url("plans:plan_pdf", training, "training_plan", 9)).status_code == 404


def test_the_unit_head_reads_but_does_not_edit_the_plan(demo):
    training, _version = start(demo, "resident-g2")
    client = demo.client_for("unithead-g")
    assert client.get(url("plans:plan", training)).status_code == 200
    assert client.get(url("plans:plan_general", training)).status_code == 403
    assert client.get(url("plans:plan_goal", training, "c1")).status_code == 403


def test_unknown_documents_and_delmål_are_404(demo):
    training, _version = start(demo, "resident-g2")
    client = demo.client_for("resident-g2")
    assert (
        client.get(url("plans:plan_goal", training, "STc1")).status_code == 404
    )  # other regulation
    assert client.get(url("plans:plan_versions", training, "contract")).status_code == 404
    assert client.post(url("plans:plan_start", training, "contract")).status_code == 404


def test_the_demo_plan_shows_who_has_signed_and_who_has_not(demo):
    training = demo.training_of("resident-g3")
    page = demo.client_for("director-g").get(url("plans:plan", training)).content.decode()
    assert "Signeras" in page and "Inte signerad ännu" in page


def test_coverage_says_when_the_time_plan_lacks_the_service_the_plan_counts_on(demo):
    training, _version = start(demo, "resident-g1")  # a home-unit placement only
    page = demo.client_for("resident-g1").get(url("plans:plan", training)).content.decode()
    assert "Planen räknar med sidotjänstgöring, men tjänstgöringsplanen har ingen" in page
    other, _version = start(demo, "resident-g2")  # has rotations
    page = demo.client_for("resident-g2").get(url("plans:plan", other)).content.decode()
    assert "Planen räknar med sidotjänstgöring" not in page
