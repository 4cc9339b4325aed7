"""The plans app's writes, called directly (issue 9): each is atomic, validated, given the clock,
and refuses what the domain forbids with a message for the person, leaving nothing half-written.
Dates are relative to DEMO_TODAY, so the file also passes at STPORTAL_TEST_TODAY=2028-02-29 and
2027-12-31."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from stportal import links
from stportal.adapters.timeline import timeline_of
from stportal.links import LinkError, LinkProblem, Purpose
from stportal.people.models import Person
from stportal.plans import services
from stportal.plans.models import DirectorReview, DocumentKind, PlanVersion, RotationContract
from stportal.training.models import HomeReturnDay, Placement
from tests.conftest import DEMO_NOW, DEMO_TODAY

BASE_URL = "http://testserver"
# An hour before the test clock, so a stamp shows it came from `now` and not from the clock.
NOW = DEMO_NOW - timedelta(hours=1)
G_SIGNERS = [  # R2.3: four sign-offs in Gävleborg
    ("resident-g2", "resident"),
    ("supervisor-g1", "main_supervisor"),
    ("unithead-g", "unit_head"),
    ("director-g", "director"),
]


def rotation_of(demo, username="resident-g2"):
    training = demo.training_of(username)
    return training.placements.filter(kind="rotation").order_by("from_date").first()


def contract_for(demo, username="resident-g2"):
    return services.rotation_contract_save(
        placement=rotation_of(demo, username),
        person=demo.person(username),
        receiving_email="klinik@example.invalid",
        wishes="Dagtid",
    )


def sender():
    """The main supervisor of resident-g2, who vouches for the addresses links go to."""
    return Person.objects.get(username="supervisor-g1")


def read(token, purpose=Purpose.NAME_SUPERVISOR):
    return links.read(token, RotationContract.objects.all(), {purpose})[0]


def name_supervisor(token, **changes):
    data = {
        "supervisor_name": "Dr Eva Ek",
        "supervisor_title": "Specialist i internmedicin",
        "supervisor_email": "eva.ek@example.invalid",
        **changes,
    }
    return services.rotation_supervisor_name(token=token, **data, now=NOW)


def named_and_requested(demo, username="resident-g2"):
    contract = contract_for(demo, username)
    name_supervisor(
        services.rotation_contract_send(
            contract=contract, person=sender(), base_url=BASE_URL, now=NOW
        )
    )
    contract.refresh_from_db()
    token = services.rotation_certificate_request(
        contract=contract, person=sender(), base_url=BASE_URL, now=NOW
    )
    return contract, token


def as_stored(contract):
    """The contract's row as the database holds it, to compare before and after a refusal."""
    return RotationContract.objects.values().get(pk=contract.pk)


# --- Plan versions ---------------------------------------------------------------------------


def test_a_plan_version_started_twice_is_one(demo):
    training = demo.training_of("resident-g2")
    first = services.plan_version_start(
        training=training, kind=DocumentKind.TRAINING_PLAN, person=demo.person("resident-g2")
    )
    again = services.plan_version_start(
        training=training, kind=DocumentKind.TRAINING_PLAN, person=demo.person("supervisor-g1")
    )
    assert first.pk == again.pk and first.document.goals["c1"].activities
    agreement = services.plan_version_start(
        training=training, kind=DocumentKind.AGREEMENT, person=demo.person("resident-g2")
    )
    assert agreement.document.plan_version == 1
    assert training.plan_versions.count() == 2


def test_a_save_on_a_stale_version_is_refused_and_changes_nothing(demo):
    training = demo.training_of("resident-g2")
    person = demo.person("resident-g2")
    version = services.plan_version_start(
        training=training, kind=DocumentKind.TRAINING_PLAN, person=person
    )
    stale = version.digest
    saved = services.plan_version_save(
        training=training,
        kind=DocumentKind.TRAINING_PLAN,
        base_digest=stale,
        person=person,
        edit=lambda document: document.model_copy(update={"overall_goals": "Först"}),
    )
    with pytest.raises(services.PlanError, match="Någon annan ändrade"):
        services.plan_version_save(
            training=training,
            kind=DocumentKind.TRAINING_PLAN,
            base_digest=stale,
            person=demo.person("supervisor-g1"),
            edit=lambda document: document.model_copy(update={"overall_goals": "Sedan"}),
        )
    saved.refresh_from_db()
    assert saved.document.overall_goals == "Först"
    assert training.plan_versions.count() == 1


def test_the_last_signature_establishes_the_version_at_the_time_given(demo):
    training = demo.training_of("resident-g2")
    version = services.plan_version_start(
        training=training, kind=DocumentKind.TRAINING_PLAN, person=demo.person("resident-g2")
    )
    completion = timeline_of(training, DEMO_TODAY).projected_completion
    for username, role in G_SIGNERS:
        services.plan_version_sign(
            training=training,
            version_id=version.pk,
            seen_digest=version.digest,
            role=role,
            person=demo.person(username),
            completion=completion,
            now=NOW,
        )
    version.refresh_from_db()
    assert version.established_at == NOW
    with pytest.raises(services.PlanError, match="inte signera"):
        services.plan_version_sign(
            training=training,
            version_id=version.pk,
            seen_digest=version.digest,
            role="director",
            person=demo.person("director-g"),
            completion=completion,
            now=NOW,
        )
    assert version.signatures.count() == len(G_SIGNERS)


def test_a_signature_in_a_role_not_ones_own_is_refused(demo):
    training = demo.training_of("resident-g2")
    version = services.plan_version_start(
        training=training, kind=DocumentKind.TRAINING_PLAN, person=demo.person("resident-g2")
    )
    with pytest.raises(services.PlanError):
        services.plan_version_sign(
            training=training,
            version_id=version.pk,
            seen_digest=version.digest,
            role="director",
            person=demo.person("supervisor-g1"),
            completion=timeline_of(training, DEMO_TODAY).projected_completion,
            now=NOW,
        )
    assert not PlanVersion.objects.get(pk=version.pk).signatures.exists()


# --- The director's yearly review (R2.6) ------------------------------------------------------


def test_a_second_director_review_for_the_same_year_is_refused(demo):
    training = demo.training_of("resident-g2")
    director = demo.person("director-g")
    held_on = DEMO_TODAY - timedelta(days=30)
    first = services.director_review_record(
        training=training, person=director, year=1, held_on=held_on, note="Genomgång"
    )
    assert (first.recorded_by, first.held_on, first.note) == (director, held_on, "Genomgång")
    with pytest.raises(ValidationError, match="redan registrerad för det året") as refused:
        services.director_review_record(
            training=training, person=director, year=1, held_on=DEMO_TODAY, note="Igen"
        )
    assert "year" in refused.value.message_dict
    [stored] = DirectorReview.objects.filter(training=training, year=1)
    assert (stored.pk, stored.held_on, stored.note) == (first.pk, held_on, "Genomgång")
    services.director_review_record(training=training, person=director, year=2, held_on=DEMO_TODAY)
    assert training.director_reviews.count() == 2


@pytest.mark.parametrize(
    ("year", "note", "field"),
    [(0, "", "year"), (1, "x" * 501, "note")],
)
def test_a_director_review_with_bad_input_is_refused_and_nothing_written(demo, year, note, field):
    training = demo.training_of("resident-v1")
    with pytest.raises(ValidationError) as refused:
        services.director_review_record(
            training=training,
            person=demo.person("director-v"),
            year=year,
            held_on=DEMO_TODAY,
            note=note,
        )
    assert field in refused.value.message_dict
    assert not DirectorReview.objects.filter(training=training).exists()


# --- The rotation contract (R6.3) -------------------------------------------------------------


def test_the_rotation_contract_is_created_once_and_then_changed(demo):
    placement = rotation_of(demo)
    first = contract_for(demo)
    assert (first.created_by, first.wishes) == (demo.person("resident-g2"), "Dagtid")
    again = services.rotation_contract_save(
        placement=placement,
        person=demo.person("supervisor-g1"),
        receiving_email="annan@example.invalid",
        wishes="Kvällar",
    )
    assert again.pk == first.pk
    [stored] = RotationContract.objects.filter(placement=placement)
    assert (stored.receiving_email, stored.wishes) == ("annan@example.invalid", "Kvällar")
    assert stored.created_by == demo.person("resident-g2")


@pytest.mark.parametrize("email", ["", "inte en adress"])
def test_a_rotation_contract_with_a_bad_address_is_refused_and_nothing_written(demo, email):
    placement = rotation_of(demo)
    with pytest.raises(ValidationError) as refused:
        services.rotation_contract_save(
            placement=placement, person=demo.person("resident-g2"), receiving_email=email
        )
    assert "receiving_email" in refused.value.message_dict
    assert not RotationContract.objects.filter(placement=placement).exists()


def test_only_a_rotation_has_a_contract(demo):
    home = demo.training_of("resident-g2").placements.filter(kind="home_unit").first()
    with pytest.raises(ValidationError, match="Bara en sidotjänstgöring"):
        services.rotation_contract_save(
            placement=home,
            person=demo.person("resident-g2"),
            receiving_email="klinik@example.invalid",
        )
    assert not RotationContract.objects.filter(placement=home).exists()


def test_a_contract_sent_twice_has_a_new_link_and_the_old_one_stops_working(demo):
    contract = contract_for(demo)
    old = services.rotation_contract_send(
        contract=contract, person=sender(), base_url=BASE_URL, now=NOW
    )
    later = NOW + timedelta(minutes=5)
    new = services.rotation_contract_send(
        contract=contract, person=sender(), base_url=BASE_URL, now=later
    )
    assert old != new
    assert [m.to for m in mail.outbox] == [["klinik@example.invalid"]] * 2
    assert f"{BASE_URL}/links/{new}/" in mail.outbox[1].body
    with pytest.raises(LinkError) as used:
        read(old)
    assert used.value.problem == LinkProblem.USED
    assert read(new).pk == contract.pk
    contract.refresh_from_db()
    assert contract.sent_at == later


def test_a_contract_whose_mail_fails_is_not_marked_sent_and_its_link_still_works(demo, monkeypatch):
    contract = contract_for(demo)
    token = services.rotation_contract_send(
        contract=contract, person=sender(), base_url=BASE_URL, now=NOW
    )
    before = as_stored(contract)

    def broken(*args, **kwargs):
        raise OSError("the mail server is down")

    monkeypatch.setattr(services, "send_templated", broken)
    with pytest.raises(OSError):
        services.rotation_contract_send(
            contract=contract, person=sender(), base_url=BASE_URL, now=NOW + timedelta(hours=1)
        )
    assert as_stored(contract) == before
    assert read(token).pk == contract.pk


def test_a_contract_is_neither_sent_nor_changed_once_the_supervisor_is_named(demo):
    contract = contract_for(demo)
    name_supervisor(
        services.rotation_contract_send(
            contract=contract, person=sender(), base_url=BASE_URL, now=NOW
        )
    )
    contract.refresh_from_db()
    before, sent = as_stored(contract), len(mail.outbox)
    with pytest.raises(ValidationError, match="redan utsedd"):
        services.rotation_contract_send(
            contract=contract, person=sender(), base_url=BASE_URL, now=NOW
        )
    with pytest.raises(ValidationError, match="kontraktet kan inte längre ändras"):
        services.rotation_contract_save(
            placement=contract.placement,
            person=demo.person("resident-g2"),
            receiving_email="annan@example.invalid",
        )
    assert as_stored(contract) == before and len(mail.outbox) == sent


# --- Through the links: naming the rotation supervisor (R6.4), the certificate -----------------


def test_a_rotation_supervisor_named_twice_through_the_same_link_is_refused(demo):
    contract = contract_for(demo)
    token = services.rotation_contract_send(
        contract=contract, person=sender(), base_url=BASE_URL, now=NOW
    )
    named = name_supervisor(token)
    assert (named.supervisor_name, named.named_at, named.link_nonce) == ("Dr Eva Ek", NOW, "")
    with pytest.raises(LinkError) as used:
        name_supervisor(token, supervisor_name="Dr Someone Else")
    assert used.value.problem == LinkProblem.USED
    stored = RotationContract.objects.get(pk=contract.pk)
    assert (stored.supervisor_name, stored.named_at) == ("Dr Eva Ek", NOW)
    placement = Placement.objects.get(pk=contract.placement_id)
    assert placement.supervisor_name == "Dr Nils Åberg"  # the demo's earlier name is kept


def test_a_placement_without_a_supervisor_takes_the_one_named(demo):
    contract = contract_for(demo, "resident-g3")
    assert not contract.placement.supervisor_name
    name_supervisor(
        services.rotation_contract_send(
            contract=contract, person=sender(), base_url=BASE_URL, now=NOW
        )
    )
    assert Placement.objects.get(pk=contract.placement_id).supervisor_name == "Dr Eva Ek"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"supervisor_email": "inte en adress"}, "supervisor_email"),
        ({"supervisor_title": "  "}, "supervisor_title"),
        ({"supervisor_name": "x" * 151}, "supervisor_name"),
    ],
)
def test_naming_with_bad_input_is_refused_and_the_link_still_works(demo, changes, field):
    contract = contract_for(demo)
    token = services.rotation_contract_send(
        contract=contract, person=sender(), base_url=BASE_URL, now=NOW
    )
    before = as_stored(contract)
    with pytest.raises(ValidationError) as refused:
        name_supervisor(token, **changes)
    assert field in refused.value.message_dict
    assert as_stored(contract) == before
    assert Placement.objects.get(pk=contract.placement_id).supervisor_name == "Dr Nils Åberg"
    assert name_supervisor(token).named_at == NOW  # corrected, the same link works


def test_a_name_link_does_not_certify_and_a_certificate_link_does_not_name(demo):
    contract = contract_for(demo)
    token = services.rotation_contract_send(
        contract=contract, person=sender(), base_url=BASE_URL, now=NOW
    )
    with pytest.raises(LinkError) as wrong:
        services.rotation_certificate_issue(
            token=token, description="D", goals=["c2"], certified_by_name="Eva Ek", now=NOW
        )
    assert wrong.value.problem == LinkProblem.INVALID
    assert RotationContract.objects.get(pk=contract.pk).certified_at is None


def test_a_certificate_is_requested_only_of_a_named_supervisor(demo):
    contract = contract_for(demo)
    before = as_stored(contract)
    with pytest.raises(ValidationError, match="när en handledare är utsedd"):
        services.rotation_certificate_request(
            contract=contract, person=sender(), base_url=BASE_URL, now=NOW
        )
    assert as_stored(contract) == before and mail.outbox == []


def test_the_rotation_supervisor_certifies_once(demo):
    contract, token = named_and_requested(demo)
    assert mail.outbox[-1].to == ["eva.ek@example.invalid"]
    assert RotationContract.objects.get(pk=contract.pk).certificate_requested_at == NOW
    issued = services.rotation_certificate_issue(
        token=token,
        description="Akutmottagning",
        goals=["c2", "c4"],
        certified_by_name="Eva Ek",
        now=NOW,
    )
    assert (issued.certified_at, issued.goals, issued.link_nonce) == (NOW, ["c2", "c4"], "")
    with pytest.raises(LinkError):
        services.rotation_certificate_issue(
            token=token, description="Igen", goals=["c1"], certified_by_name="X", now=NOW
        )
    with pytest.raises(ValidationError):
        services.rotation_certificate_request(
            contract=contract, person=sender(), base_url=BASE_URL, now=NOW
        )
    stored = RotationContract.objects.get(pk=contract.pk)
    assert (stored.description, stored.goals) == ("Akutmottagning", ["c2", "c4"])


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"goals": ["STc1"]}, "goals"),  # a delmål of the other regulation
        ({"goals": []}, "goals"),
        ({"description": " "}, "description"),
        ({"certified_by_name": ""}, "certified_by_name"),
    ],
)
def test_a_certificate_with_bad_input_is_refused_and_nothing_written(demo, data, field):
    contract, token = named_and_requested(demo)
    before = as_stored(contract)
    issue = {"description": "Akut", "goals": ["c2"], "certified_by_name": "Eva Ek", **data}
    with pytest.raises(ValidationError) as refused:
        services.rotation_certificate_issue(token=token, **issue, now=NOW)
    assert field in refused.value.message_dict
    assert as_stored(contract) == before
    assert read(token, Purpose.CERTIFY).pk == contract.pk  # the link still works


# --- Home-return days (R6.9) ------------------------------------------------------------------


def test_a_home_return_day_is_planned_once_within_the_rotation(demo):
    rotation = rotation_of(demo, "resident-v2")
    day = rotation.from_date + timedelta(days=10)
    saved = services.home_return_day_add(placement=rotation, day=day)
    with pytest.raises(ValidationError, match="redan planerad") as twice:
        services.home_return_day_add(placement=rotation, day=day)
    assert "day" in twice.value.message_dict
    for outside in (rotation.from_date - timedelta(days=1), rotation.to_date + timedelta(days=1)):
        with pytest.raises(ValidationError, match="inte inom sidotjänstgöringen"):
            services.home_return_day_add(placement=rotation, day=outside)
    assert list(rotation.home_return_days.values_list("pk", flat=True)) == [saved.pk]


def test_only_a_rotation_has_home_return_days(demo):
    home = demo.training_of("resident-v2").placements.filter(kind="home_unit").first()
    with pytest.raises(ValidationError, match="Bara en sidotjänstgöring"):
        services.home_return_day_add(placement=home, day=home.from_date)
    assert not HomeReturnDay.objects.filter(placement=home).exists()


def test_a_home_return_day_removed_twice_is_removed_once(demo):
    rotation = rotation_of(demo, "resident-v2")
    kept = services.home_return_day_add(placement=rotation, day=rotation.from_date)
    gone = services.home_return_day_add(placement=rotation, day=rotation.to_date)
    other = rotation_of(demo, "resident-g2")
    services.home_return_day_remove(placement=other, day_id=kept.pk)  # not that rotation's day
    services.home_return_day_remove(placement=rotation, day_id=gone.pk)
    services.home_return_day_remove(placement=rotation, day_id=gone.pk)
    assert list(rotation.home_return_days.values_list("pk", flat=True)) == [kept.pk]
