"""Issue 10, item 13: a text of a million characters, or a plan posted item by item without end,
is refused with a Swedish message naming what is too long, and nothing is saved; so the pages
and PDFs made in the request stay bounded (their time is measured by `make bench`)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from stportal.plans import services
from stportal.plans.models import DocumentKind, RotationContract
from stportal.rules.plan_content import MAX_DOCUMENT_CHARACTERS, MAX_ITEMS, PlannedActivity
from tests.conftest import DEMO_NOW

MILLION = "x" * 1_000_000


def rotation_of(demo):
    training = demo.training_of("resident-g2")
    return training, training.placements.filter(kind="rotation").order_by("from_date").first()


def test_a_million_characters_of_wishes_are_refused_by_the_field(demo):
    training, placement = rotation_of(demo)
    page = demo.client_for("resident-g2").post(
        reverse("plans:rotation_contract", args=[training.pk, placement.pk]),
        {"receiving_email": "klinik@example.invalid", "wishes": MILLION},
    )
    assert page.status_code == 200
    assert re.search(r"Önskemål[^<]* får innehålla högst 4000 tecken", page.content.decode())
    assert not RotationContract.objects.filter(placement=placement).exists()


def test_a_million_characters_of_certificate_are_refused_and_the_link_still_works(demo, client):
    training, placement = rotation_of(demo)
    contract = services.rotation_contract_save(
        placement=placement, person=training.resident, receiving_email="klinik@example.invalid"
    )
    supervisor = demo.person("supervisor-g1")
    base = "http://testserver"
    name_token = services.rotation_contract_send(
        contract=contract, person=supervisor, base_url=base, now=DEMO_NOW
    )
    services.rotation_supervisor_name(
        token=name_token,
        supervisor_name="Dr Eva Ek",
        supervisor_title="Internmedicin",
        supervisor_email="eva.ek@example.invalid",
        now=DEMO_NOW,
    )
    contract.refresh_from_db()
    services.rotation_certificate_request(
        contract=contract, person=supervisor, base_url=base, now=DEMO_NOW
    )
    link = re.search(r"http://testserver(/links/\S+/)", mail.outbox[-1].body).group(1)
    data = {"goals": ["c2"], "certified_by_name": "Eva Ek", "confirm": "on"}
    page = client.post(link, {**data, "description": MILLION})
    assert page.status_code == 200 and "får innehålla högst" in page.content.decode()
    assert RotationContract.objects.get(pk=contract.pk).certified_at is None
    assert (
        "Intyget är utfärdat" in client.post(link, {**data, "description": "Akut"}).content.decode()
    )


@pytest.mark.parametrize(
    "grow",
    [
        lambda goal: goal.model_copy(
            update={
                "activities": [
                    PlannedActivity(kind="clinical_service", description=f"Aktivitet {n}")
                    for n in range(MAX_ITEMS + 1)
                ]
            }
        ),
        lambda goal: goal.model_copy(update={"notes": "x" * 4001}),
        lambda goal: goal.model_copy(update={"notes": "x" * 3999}),  # the whole is too large
    ],
    ids=["too-many-activities", "too-long-notes", "too-large-as-a-whole"],
)
def test_a_plan_that_would_outgrow_its_bounds_is_refused_and_nothing_is_saved(demo, grow):
    training = demo.training_of("resident-g2")
    person = demo.person("resident-g2")
    version = services.plan_version_start(
        training=training, kind=DocumentKind.TRAINING_PLAN, person=person
    )
    before = version.content

    def edit(document):  # every delmål grown alike
        grown = {code: grow(goal) for code, goal in document.goals.items()}
        assert len(grown) * 3999 > MAX_DOCUMENT_CHARACTERS
        return document.model_copy(update={"goals": grown})

    with pytest.raises(services.PlanError, match="Inget sparades"):
        services.plan_version_save(
            training=training,
            kind=DocumentKind.TRAINING_PLAN,
            base_digest=version.digest,
            person=person,
            edit=edit,
        )
    version.refresh_from_db()
    assert version.content == before


def test_a_version_stored_before_the_bounds_is_still_read_and_shown(demo):
    """The bounds hold for what is written; a plan stored larger before them (signed versions
    cannot be edited down) still opens, on its page and on the home pages listing it."""
    training = demo.training_of("resident-g3")
    version = training.plan_versions.order_by("-number").first()
    courses = [{"code": f"k{n}", "name": f"Kurs {n}", "years": []} for n in range(MAX_ITEMS + 1)]
    type(version).objects.filter(pk=version.pk).update(
        content={**version.content, "courses": courses}
    )
    for username, path in [
        ("resident-g3", reverse("plans:plan", args=[training.pk])),
        ("resident-g3", reverse("portfolio:goals", args=[training.pk])),
        ("resident-g3", "/"),
        ("supervisor-g1", "/"),
        ("supervisor-g2", "/"),
    ]:
        assert demo.client_for(username).get(path).status_code == 200, (username, path)
