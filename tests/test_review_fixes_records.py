"""Issue 10, review of the fixes (findings 1, 2, 8 and 12): each attack the review performed,
performed again and refused.

1. A resident moved a certified rotation (another unit, other dates) after the receiving unit
   named its supervisor, and the certificate's PDF followed.
2. A region administrator took over a resident of the other region whose role was taken away.
8. A link sent before the links were vouched for still worked after the deployment.
12. A resident's edit racing the unit head's decision on a spell wiped the decision.
"""

import importlib
import io
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from stportal import links
from stportal.fields import SEEN_VERSION
from stportal.links import LinkError, LinkProblem, Purpose
from stportal.people.models import Membership, Person, Role
from stportal.plans import services as plans
from stportal.plans.models import RotationContract
from stportal.portfolio.models import Assessment, ScholarlyWork
from stportal.training import services
from stportal.training.models import Absence, AbsenceKind, Placement, Training
from stportal.units.models import Region, Unit
from tests.conftest import DEMO_NOW
from tests.test_admin_scope import form_data

BASE_URL = "http://testserver"
NOW = DEMO_NOW - timedelta(hours=1)
# The message a change of a named rotation gets (Placement.check_not_named), in Swedish.
NAMED = "Den mottagande enheten har utsett en handledare för den här placeringen"


def migration(name):
    return importlib.import_module(f"stportal.plans.migrations.{name}")


def rotation_of(training):
    return training.placements.filter(kind="rotation").order_by("from_date").first()


def drafted(demo):
    """resident-g2's first rotation with its contract drafted, not yet sent."""
    training = demo.training_of("resident-g2")
    placement = rotation_of(training)
    plans.rotation_contract_save(
        placement=placement,
        person=demo.person("resident-g2"),
        receiving_email="klinik@example.invalid",
    )
    return training, placement


def send(demo, placement):
    contract = RotationContract.objects.get(placement=placement)
    return plans.rotation_contract_send(
        contract=contract, person=demo.person("supervisor-g1"), base_url=BASE_URL, now=NOW
    )


def name(token):
    return plans.rotation_supervisor_name(
        token=token,
        supervisor_name="Dr Eva Ek",
        supervisor_title="Specialist i internmedicin",
        supervisor_email="eva.ek@example.invalid",
        now=NOW,
    )


def named(demo):
    """resident-g2's first rotation, whose supervisor the receiving unit has named."""
    training, placement = drafted(demo)
    name(send(demo, placement))
    return training, placement


def request_certificate(demo, placement):
    contract = RotationContract.objects.get(placement=placement)
    return plans.rotation_certificate_request(
        contract=contract, person=demo.person("supervisor-g1"), base_url=BASE_URL, now=NOW
    )


def certify(token):
    return plans.rotation_certificate_issue(
        token=token, description="Akutmottagning", goals=["c2"], certified_by_name="Eva Ek", now=NOW
    )


def edit_data(client, url, *, version=True):
    """What the edit page's form posts back unchanged (with or without its hidden version)."""
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    if not version:
        data.pop(SEEN_VERSION)
    return {name: "" if value is None else value for name, value in data.items()}


def as_stored(placement):
    return Placement.objects.values(*Placement.NAMED_FIELDS).get(pk=placement.pk)


def pdf_text(response):
    pages = PdfReader(io.BytesIO(response.content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


# --- 1. A named rotation keeps its place and period; the certificate keeps what it certified --


def other_unit(training, placement):
    return (
        Unit.objects.filter(region=training.home_unit.region_id)
        .exclude(pk=placement.unit_id)
        .order_by("pk")
        .last()
    )


CHANGES = {
    "unit": lambda training, p: {"unit": other_unit(training, p).pk},
    "outside the region": lambda training, p: {"unit": "", "external_unit": "Sjukhuset i Oslo"},
    "kind": lambda training, p: {"kind": "auskultation"},
    "first day": lambda training, p: {"from_date": (p.from_date + timedelta(days=1)).isoformat()},
    "last day": lambda training, p: {"to_date": (p.to_date - timedelta(days=7)).isoformat()},
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_named_rotation_keeps_its_kind_unit_and_dates_on_the_time_plan(demo, change):
    training, placement = named(demo)
    before = as_stored(placement)
    resident = demo.client_for("resident-g2")
    url = reverse("training:row_edit", args=[training.pk, "placements", placement.pk])
    data = {**edit_data(resident, url), **CHANGES[change](training, placement)}
    response = resident.post(url, data)
    assert response.status_code == 200
    assert NAMED in " ".join(response.context["form"].non_field_errors())
    assert as_stored(placement) == before


def test_a_named_rotation_is_not_removed_from_the_time_plan(demo):
    training, placement = named(demo)
    url = reverse("training:row_delete", args=[training.pk, "placements", placement.pk])
    demo.client_for("resident-g2").post(url)
    assert Placement.objects.filter(pk=placement.pk).exists()


def test_a_named_rotation_still_takes_the_other_changes(demo):
    training, placement = named(demo)
    resident = demo.client_for("resident-g2")
    url = reverse("training:row_edit", args=[training.pk, "placements", placement.pk])
    response = resident.post(url, {**edit_data(resident, url), "rural": "on"})
    assert response.status_code == 302
    assert Placement.objects.get(pk=placement.pk).rural


def test_a_rotation_whose_supervisor_is_not_named_yet_still_moves(demo):
    training, placement = drafted(demo)
    send(demo, placement)  # sent, not yet answered
    resident = demo.client_for("resident-g2")
    url = reverse("training:row_edit", args=[training.pk, "placements", placement.pk])
    later = (placement.from_date + timedelta(days=1)).isoformat()
    response = resident.post(url, {**edit_data(resident, url), "from_date": later})
    assert response.status_code == 302
    assert Placement.objects.get(pk=placement.pk).from_date.isoformat() == later


def test_a_resident_edit_does_not_undo_the_supervisor_the_receiving_unit_named(demo, monkeypatch):
    """The receiving unit names the supervisor while the resident's change is being saved;
    the save writes only what the resident changed."""
    training, placement = drafted(demo)
    token = send(demo, placement)
    Placement.objects.filter(pk=placement.pk).update(supervisor_name="")
    resident = demo.client_for("resident-g2")
    url = reverse("training:row_edit", args=[training.pk, "placements", placement.pk])
    data = edit_data(resident, url, version=False)
    racing(monkeypatch, lambda: name(token))
    assert resident.post(url, {**data, "rural": "on"}).status_code == 302
    stored = Placement.objects.get(pk=placement.pk)
    assert (stored.rural, stored.supervisor_name) == (True, "Dr Eva Ek")


def admin_training_page(demo, training):
    admin = demo.client_for("admin-g")
    url = f"/admin/training/training/{training.pk}/change/"
    page = admin.get(url)
    inline = next(
        i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Placement
    )
    index = next(
        i for i, form in enumerate(inline.forms) if form.instance.pk == rotation_of(training).pk
    )
    return admin, url, form_data(page), f"{inline.prefix}-{index}-"


@pytest.mark.parametrize(
    "change",
    [
        lambda p: {"to_date": (p.to_date - timedelta(days=7)).isoformat()},
        lambda p: {"DELETE": "on"},
    ],
    ids=["last day", "removed"],
)
def test_nor_does_the_django_admin_change_or_remove_it(demo, change):
    training, placement = named(demo)
    before = as_stored(placement)
    admin, url, data, row = admin_training_page(demo, training)
    data.update({row + key: value for key, value in change(placement).items()})
    response = admin.post(url, data)
    assert response.status_code == 200
    assert NAMED in response.content.decode()
    assert as_stored(placement) == before


def test_the_certificate_keeps_the_place_and_period_certified(demo):
    training, placement = named(demo)
    issued = certify(request_certificate(demo, placement))
    place, first, last = placement.unit_name, placement.from_date, placement.to_date
    assert (issued.certified_place, issued.certified_from, issued.certified_to) == (
        place,
        first,
        last,
    )
    # However the placement changes afterwards (the database written directly), the certificate
    # says what was certified.
    Placement.objects.filter(pk=placement.pk).update(
        unit=other_unit(training, placement), from_date=first + timedelta(days=7)
    )
    url = reverse("plans:rotation_pdf", args=[training.pk, placement.pk, "certificate"])
    text = pdf_text(demo.client_for("director-g").get(url))
    assert f"{first:%Y-%m-%d} – {last:%Y-%m-%d}" in text
    assert place in text
    assert other_unit(training, placement).name not in text


def test_a_certificate_issued_before_keeps_its_placement_as_it_was_then(demo):
    """Migration plans.0005 gives the certificates issued before it the place and period from
    the placement's history at the moment of certifying."""
    training, placement = named(demo)
    contract = certify(request_certificate(demo, placement))
    place, first, last = placement.unit_name, placement.from_date, placement.to_date
    RotationContract.objects.filter(pk=contract.pk).update(
        certified_place="", certified_from=None, certified_to=None, certified_at=DEMO_NOW
    )
    Placement.objects.filter(pk=placement.pk).update(
        unit=other_unit(training, placement), to_date=last - timedelta(days=7)
    )
    moved = Placement.objects.get(pk=placement.pk)
    moved.save()  # a history row of the change, a day after the certificate
    latest = Placement.history.filter(id=placement.pk).latest("history_id")
    Placement.history.filter(history_id=latest.history_id).update(
        history_date=DEMO_NOW + timedelta(days=1)
    )
    Placement.history.filter(id=placement.pk).exclude(history_id=latest.history_id).update(
        history_date=DEMO_NOW - timedelta(days=1)
    )
    migration("0005_certified_place_and_period").certified_as_it_was(apps, None)
    stored = RotationContract.objects.get(pk=contract.pk)
    assert (stored.certified_place, stored.certified_from, stored.certified_to) == (
        place,
        first,
        last,
    )


# --- 2. A region administrator reaches only people of their regions ----------------------------


def test_a_resident_of_the_other_region_without_a_role_cannot_be_taken_over(demo):
    """The review's repro: admin-v removes resident-v1's role; admin-g then opened the person,
    set a password, logged in as resident-v1 and read the training."""
    resident = demo.person("resident-v1")
    admin_v = demo.client_for("admin-v")
    for membership in Membership.objects.filter(person=resident):
        admin_v.post(f"/admin/people/membership/{membership.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.filter(person=resident).exists()
    admin_g = demo.client_for("admin-g")
    person = f"/admin/people/person/{resident.pk}/"
    assert admin_g.get(person + "change/").status_code == 302  # the admin's "no such person"
    assert resident.username not in admin_g.get("/admin/people/person/").content.decode()
    assert admin_g.get(person + "history/").status_code in (403, 404)
    assert admin_g.get(person + "password/").status_code == 404
    password = {
        "password1": "Ny-hemlig-fras-42!",
        "password2": "Ny-hemlig-fras-42!",
        "usable_password": "true",
    }
    assert admin_g.post(person + "password/", password).status_code == 404
    resident.refresh_from_db()
    assert not resident.check_password("Ny-hemlig-fras-42!")
    login = Client().post("/login/", {"username": "resident-v1", "password": password["password1"]})
    assert login.status_code == 200  # the login form again
    # Their own region's administrator still manages them.
    assert admin_v.get(person + "change/").status_code == 200


def a_person(username, **extra):
    return Person.objects.create_user(username, f"{username}@example.invalid", **extra)


def tie_to(demo, person, tie):
    """Ties the person, who has no role, to resident-v1's training (Västmanland)."""
    training = demo.training_of("resident-v1")
    if tie == "co-supervisor":
        training.co_supervisors.add(person)
    elif tie == "main supervisor":
        Training.objects.filter(pk=training.pk).update(main_supervisor=person)
    elif tie == "research supervisor":
        ScholarlyWork.objects.create(
            training=training, kind="written", topic="Astma", research_supervisor=person
        )
    elif tie == "assessor":
        Assessment.objects.create(
            training=training,
            method="mini_cex",
            assessor=person,
            requested_by=demo.person("resident-v1"),
        )
    elif tie == "former role":
        vastmanland = Region.objects.get(code="vastmanland")
        Membership.objects.create(person=person, role=Role.SUPERVISOR, region=vastmanland)
        Membership.objects.filter(person=person).delete()


@pytest.mark.parametrize(
    "tie", ["co-supervisor", "main supervisor", "research supervisor", "assessor", "former role"]
)
def test_a_person_without_a_role_tied_to_the_other_region_is_not_in_scope(demo, tie):
    person = a_person("klinikern")
    tie_to(demo, person, tie)
    url = f"/admin/people/person/{person.pk}/change/"
    assert demo.client_for("admin-g").get(url).status_code == 302
    assert demo.client_for("admin-v").get(url).status_code == 200


def test_a_new_account_without_a_role_is_still_manageable(demo):
    person = a_person("nyanstalld")
    url = f"/admin/people/person/{person.pk}/change/"
    assert demo.client_for("admin-g").get(url).status_code == 200
    assert demo.client_for("admin-v").get(url).status_code == 200
    staff = a_person("personal", is_staff=True)
    assert (
        demo.client_for("admin-g").get(f"/admin/people/person/{staff.pk}/change/").status_code
        == 302
    )


def test_an_account_the_other_regions_administrator_made_is_theirs_to_give_a_first_role(demo):
    admin_v = demo.client_for("admin-v")
    password = {"password1": "Ny-hemlig-fras-42!", "password2": "Ny-hemlig-fras-42!"}
    made = admin_v.post(
        "/admin/people/person/add/",
        {
            "username": "ny-st-lakare",
            "usable_password": "true",
            **password,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )
    assert made.status_code == 302
    person = Person.objects.get(username="ny-st-lakare")
    url = f"/admin/people/person/{person.pk}/change/"
    assert demo.client_for("admin-g").get(url).status_code == 302
    assert admin_v.get(url).status_code == 200


# --- 8. Links sent before they were vouched for stop working ------------------------------------


def unvouched_name_link(demo):
    _training, placement = drafted(demo)
    return links.issue(RotationContract.objects.get(placement=placement), Purpose.NAME_SUPERVISOR)


def vouched_name_link(demo):
    _training, placement = drafted(demo)
    return send(demo, placement)


def unvouched_certificate_link(demo):
    _training, placement = named(demo)
    return links.issue(RotationContract.objects.get(placement=placement), Purpose.CERTIFY)


def vouched_certificate_link(demo):
    _training, placement = named(demo)
    return request_certificate(demo, placement)


@pytest.mark.parametrize(
    ("link", "works"),
    [
        (unvouched_name_link, False),
        (vouched_name_link, True),
        (unvouched_certificate_link, False),
        (vouched_certificate_link, True),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_a_link_nobody_vouched_for_stops_working_at_the_migration(demo, link, works):
    token = link(demo)
    migration("0006_resend_unvouched_links").stop_unvouched_links(apps, None)
    purposes = {Purpose.NAME_SUPERVISOR, Purpose.CERTIFY}
    if works:
        links.read(token, RotationContract.objects.all(), purposes)
    else:
        with pytest.raises(LinkError) as refused:
            links.read(token, RotationContract.objects.all(), purposes)
        assert refused.value.problem == LinkProblem.USED


def test_the_migration_leaves_certificates_issued(demo):
    _training, placement = named(demo)
    contract = certify(request_certificate(demo, placement))
    migration("0006_resend_unvouched_links").stop_unvouched_links(apps, None)
    assert RotationContract.objects.get(pk=contract.pk).certified_at == NOW


# --- 12. A decision made while the resident edits the spell is kept -----------------------------


@pytest.fixture
def undecided_spell(demo):
    training = demo.training_of("resident-g2")
    spell = training.absences.get(kind=AbsenceKind.SICK_LEAVE)
    Absence.objects.filter(pk=spell.pk).update(counts=None, decided_by=None, decided_at=None)
    return training, Absence.objects.get(pk=spell.pk)


def decide(demo, spell):
    services.absence_decide(
        absence=Absence.objects.get(pk=spell.pk),
        counts=False,
        note="Räknas inte (beslut)",
        person=demo.person("unithead-g"),
        now=NOW,
    )


def decision_of(spell):
    stored = Absence.objects.get(pk=spell.pk)
    return stored.counts, stored.decided_by.username if stored.decided_by else None


def racing(monkeypatch, decide_now):
    """The other write is made after the resident's request loaded the row and before the save
    of the resident's change begins (its own transaction, committed as another request's)."""
    save = services.row_save

    def other_write_first(**kwargs):
        decide_now()
        return save(**kwargs)

    monkeypatch.setattr(services, "row_save", other_write_first)


def test_a_note_saved_while_the_unit_head_decides_keeps_the_decision(
    demo, undecided_spell, monkeypatch
):
    training, spell = undecided_spell
    resident = demo.client_for("resident-g2")
    url = reverse("training:row_edit", args=[training.pk, "absences", spell.pk])
    data = {**edit_data(resident, url, version=False), "note": "Intyg inlämnat"}
    racing(monkeypatch, lambda: decide(demo, spell))
    assert resident.post(url, data).status_code == 302
    assert decision_of(spell) == (False, "unithead-g")
    assert Absence.objects.get(pk=spell.pk).note == "Intyg inlämnat"


def test_a_shorter_spell_saved_while_the_unit_head_decides_is_refused(
    demo, undecided_spell, monkeypatch
):
    training, spell = undecided_spell
    resident = demo.client_for("resident-g2")
    url = reverse("training:row_edit", args=[training.pk, "absences", spell.pk])
    shorter = (spell.to_date - timedelta(days=1)).isoformat()
    data = {**edit_data(resident, url, version=False), "to_date": shorter}
    racing(monkeypatch, lambda: decide(demo, spell))
    response = resident.post(url, data)
    assert response.status_code == 200  # the form again, with the refusal
    assert decision_of(spell) == (False, "unithead-g")
    assert Absence.objects.get(pk=spell.pk).to_date == spell.to_date


def test_the_service_checks_the_stored_decision_not_the_row_it_was_given(demo, undecided_spell):
    _training, spell = undecided_spell
    loaded = Absence.objects.get(pk=spell.pk)  # the resident's request loads the spell
    decide(demo, spell)  # the unit head decides
    loaded.note = "Intyg inlämnat"
    services.absence_save(absence=loaded, changed_fields=["note"], may_decide=False)
    assert decision_of(spell) == (False, "unithead-g")
    loaded.to_date -= timedelta(days=1)
    with pytest.raises(ValidationError):
        services.absence_save(absence=loaded, changed_fields=["to_date"], may_decide=False)
    assert decision_of(spell) == (False, "unithead-g")
