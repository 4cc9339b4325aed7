"""R8.5 (G 5.1.2): the medical adviser approves supervision at a distance where the unit head is
not a doctor (issue 11).

G 5.1.2: "En formell handledning på distans ska godkännas av studierektor i samråd med närmaste
chef (om chef inte är läkare i samråd med medicinsk rådgivare på hälsocentralen) samt med aktuell
huvudhandledare och bör ej ske förrän in på år 2 – 3 av läkarens ST."

The demo: Gävleborg's second home unit (Hälsocentralen Hudiksvall, resident-g3's) is headed by
unithead-g2, recorded as not a doctor, and has the medical adviser medadviser-g; the first home
unit's head (unithead-g) has no doctor-ness recorded, so stays the approver (the safe default).
Västmanland's routine asks for no approval at all.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from stportal import access
from stportal.people.models import Membership, Person, Role, unit_head_is_doctor
from stportal.portfolio import services
from stportal.portfolio.models import DistanceApproval, SupervisionSession
from stportal.routines.registry import get_profile
from stportal.rules.supervision import distance_approvers, distance_supervision_allowed
from stportal.timeline.dates import add_months
from tests.conftest import DEMO_TODAY

G = get_profile("gavleborg").distance_supervision
V = get_profile("vastmanland").distance_supervision
LAST_MONDAY = DEMO_TODAY - timedelta(days=DEMO_TODAY.weekday() + 7)
DISTANCE = {"held_on": LAST_MONDAY, "minutes": 60, "form": "distance"}


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


def _approve(demo, training, username, role):
    return demo.client_for(username).post(url("portfolio:distance_approve", training, role))


# --- The pure rule ----------------------------------------------------------------------------


def test_r8_5_pure_rule_swaps_the_unit_head_for_the_medical_adviser_only_in_gavleborg():
    """R8.5: G names the medical adviser in the unit head's place "om chef inte är läkare"; a
    unit head who is (or may be) a doctor stays; V's routine asks for no approval at all."""
    assert distance_approvers(G) == ["director", "unit_head", "main_supervisor"]
    assert distance_approvers(G, unit_head_is_doctor=True) == distance_approvers(G)
    assert distance_approvers(G, unit_head_is_doctor=False) == [
        "director",
        "medical_adviser",
        "main_supervisor",
    ]
    assert distance_approvers(V, unit_head_is_doctor=False) == []
    assert distance_approvers(V, unit_head_is_doctor=True) == []


START = date(2024, 1, 1)
WITH_HEAD = {"director", "unit_head", "main_supervisor"}
WITH_ADVISER = {"director", "medical_adviser", "main_supervisor"}


@given(
    start=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
    days=st.integers(min_value=0, max_value=6 * 366),
    doctor=st.booleans(),
)
def test_r8_5_the_approvals_needed_follow_the_unit_heads_doctorness(start, days, doctor):
    """R8.5 (G): from ST year 2 on, the unit head's approval counts where the head is a doctor
    and the medical adviser's where not; never both ways; before year 2 neither suffices. V
    allows any day."""
    held_on = start + timedelta(days=days)
    in_year_2 = held_on >= add_months(start, 12)
    kwargs = {"start_date": start, "held_on": held_on, "unit_head_is_doctor": doctor}
    assert distance_supervision_allowed(G, approved=WITH_HEAD, **kwargs) == (in_year_2 and doctor)
    assert distance_supervision_allowed(G, approved=WITH_ADVISER, **kwargs) == (
        in_year_2 and not doctor
    )
    assert distance_supervision_allowed(V, approved=set(), **kwargs)


def test_r8_5_worked_examples_for_both_regions():
    """G: start 2024-01-01, unit head not a doctor: the adviser's approval allows a session on
    2025-01-01 (year 2), not on 2024-12-31; V asks nothing, year 1 included."""
    no_doctor = {"start_date": START, "unit_head_is_doctor": False}
    assert distance_supervision_allowed(
        G, approved=WITH_ADVISER, held_on=date(2025, 1, 1), **no_doctor
    )
    assert not distance_supervision_allowed(
        G, approved=WITH_ADVISER, held_on=date(2024, 12, 31), **no_doctor
    )
    assert not distance_supervision_allowed(
        G, approved=WITH_HEAD, held_on=date(2025, 1, 1), **no_doctor
    )
    assert distance_supervision_allowed(V, approved=set(), held_on=date(2024, 2, 1), **no_doctor)


# --- Whether the unit head is a doctor --------------------------------------------------------


def test_r8_5_a_unit_head_is_taken_for_a_doctor_until_recorded_otherwise(demo):
    """Unknown (the default) keeps the unit head as approver; only "not a doctor" hands it on."""
    brynas = demo.training_of("resident-g1").home_unit
    hudiksvall = demo.training_of("resident-g3").home_unit
    assert demo.person("unithead-g").is_physician is None
    assert unit_head_is_doctor(brynas.pk)
    assert demo.person("unithead-g2").is_physician is False
    assert not unit_head_is_doctor(hudiksvall.pk)
    # A second head whose doctor-ness is unknown keeps the unit head's approval.
    other = Person.objects.create(username="second-head")
    Membership.objects.create(
        person=other, role=Role.UNIT_HEAD, region=hudiksvall.region, unit=hudiksvall
    )
    assert unit_head_is_doctor(hudiksvall.pk)
    other.is_physician = False
    other.save()
    assert not unit_head_is_doctor(hudiksvall.pk)


def test_r8_5_a_unit_without_a_head_keeps_the_unit_head_as_approver(demo):
    unit = demo.training_of("resident-g3").home_unit
    Membership.objects.filter(role=Role.UNIT_HEAD, unit=unit).delete()
    assert unit_head_is_doctor(unit.pk)


def test_r8_5_the_medical_adviser_is_a_unit_role(demo):
    """Like the unit head's, the medical adviser's membership needs a unit (database too)."""
    region = demo.training_of("resident-g3").home_unit.region
    membership = Membership(
        person=demo.person("supervisor-g1"), role=Role.MEDICAL_ADVISER, region=region
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resident", "supervision", "other_pages"),
    [
        ("resident-g3", 200, 403),  # at the adviser's unit: the supervision page only
        ("resident-g2", 404, 404),  # another unit of the region
        ("resident-v3", 404, 404),  # the other region
    ],
)
def test_r8_5_the_medical_adviser_sees_the_supervision_page_of_their_unit_only(
    demo, resident, supervision, other_pages
):
    training = demo.training_of(resident)
    client = demo.client_for("medadviser-g")
    assert client.get(url("portfolio:supervision", training)).status_code == supervision
    for name in ("training:detail", "training:time", "portfolio:portfolio", "plans:plan"):
        assert client.get(url(name, training)).status_code == other_pages, name
    assert client.get(url("portfolio:assessments", training)).status_code == other_pages
    # Nothing written there: not the log, not a confirmation.
    logged = client.post(url("portfolio:supervision", training), DISTANCE)
    assert logged.status_code == (403 if supervision == 200 else 404)


def test_r8_5_the_medical_adviser_lists_no_training_and_the_page_links_nothing_refused(demo):
    client = demo.client_for("medadviser-g")
    assert client.get("/api/v1/trainings/").json() == []
    training = demo.training_of("resident-g3")
    page = client.get(url("portfolio:supervision", training)).content.decode()
    for name in ("portfolio:portfolio", "plans:plan", "training:time"):
        assert f'href="{reverse(name, args=[training.pk])}"' not in page, name
    assert "Maria Falk" in page


@pytest.mark.parametrize(
    ("where", "g3"),
    [
        ("brynas", 404),  # a medical adviser of another unit of the region
        ("skultuna", 404),  # a medical adviser of the other region
    ],
)
def test_r8_5_a_medical_adviser_elsewhere_sees_nothing_of_the_training(demo, where, g3):
    units = {
        "brynas": demo.training_of("resident-g1").home_unit,
        "skultuna": demo.training_of("resident-v1").home_unit,
    }
    unit = units[where]
    adviser = Person.objects.create(username=f"adviser-{where}")
    Membership.objects.create(
        person=adviser, role=Role.MEDICAL_ADVISER, region=unit.region, unit=unit
    )
    training = demo.training_of("resident-g3")
    client = demo.client_for(adviser.username)
    assert client.get(url("portfolio:supervision", training)).status_code == g3
    assert _approve(demo, training, adviser.username, "medical_adviser").status_code == g3
    assert access.distance_approvals_awaited(adviser) == []


def test_r8_5_a_medical_adviser_where_the_head_may_be_a_doctor_sees_nothing(demo):
    """Review of issue 11: at Brynäs the unit head's doctor-ness is not recorded, so the unit
    head approves. Before the fix a medical adviser of Brynäs saw the supervision page (and its
    log) of every training there; now the training is not found for them (404), nor is
    anything waiting for them. In Västmanland nothing is approved at all: 404 too."""
    brynas = demo.training_of("resident-g2").home_unit
    adviser = Person.objects.create(username="adviser-brynas", is_physician=True)
    Membership.objects.create(
        person=adviser, role=Role.MEDICAL_ADVISER, region=brynas.region, unit=brynas
    )
    training = demo.training_of("resident-g2")
    page = demo.client_for("adviser-brynas").get(url("portfolio:supervision", training))
    assert page.status_code == 404
    assert _approve(demo, training, "adviser-brynas", "medical_adviser").status_code == 404
    assert access.distance_approvals_awaited(adviser) == []
    assert access.distance_approver_roles(demo.person("unithead-g"), training) == ["unit_head"]
    skultuna = demo.training_of("resident-v1").home_unit
    v_adviser = Person.objects.create(username="adviser-skultuna", is_physician=True)
    Membership.objects.create(
        person=v_adviser, role=Role.MEDICAL_ADVISER, region=skultuna.region, unit=skultuna
    )
    v_training = demo.training_of("resident-v1")
    v_client = demo.client_for("adviser-skultuna")
    assert v_client.get(url("portfolio:supervision", v_training)).status_code == 404
    assert _approve(demo, v_training, "adviser-skultuna", "medical_adviser").status_code == 404


def test_r8_5_the_medical_adviser_sees_the_approvals_not_the_log(demo):
    """Review of issue 11: the adviser read the log's topics and agreed actions (the probe's
    PRIVATE-TOPIC). They see who must approve and approve; the log is left out for them, while
    the resident and the unit head still see it."""
    training = demo.training_of("resident-g3")
    SupervisionSession.objects.create(
        training=training,
        held_on=DEMO_TODAY - timedelta(days=3),
        minutes=60,
        form="individual",
        topics="PRIVATE-TOPIC sjukskrivning",
        agreed_actions="PRIVATE-ACTION",
        written_by=training.resident,
    )
    adviser = demo.client_for("medadviser-g").get(url("portfolio:supervision", training))
    text = adviser.content.decode()
    assert adviser.status_code == 200
    assert "PRIVATE-TOPIC" not in text and "PRIVATE-ACTION" not in text
    assert 'id="sessions"' not in text and 'id="distance"' in text
    assert "Godkänn som medicinsk rådgivare" in text
    for who in ("resident-g3", "unithead-g2"):
        seen = demo.client_for(who).get(url("portfolio:supervision", training)).content.decode()
        assert "PRIVATE-TOPIC" in seen, who


# --- Who may be a medical adviser -------------------------------------------------------------


def test_r8_5_only_a_physician_may_be_made_a_medical_adviser(demo):
    """Review of issue 11: "om chef inte är läkare i samråd med medicinsk rådgivare" – the
    adviser stands in for a head who is not a doctor, so the membership is refused (Swedish
    message) unless the person is recorded as a physician; unknown is not enough."""
    unit = demo.training_of("resident-g3").home_unit
    for flag in (None, False):
        person = Person.objects.create(username=f"nurse-{flag}", is_physician=flag)
        membership = Membership(
            person=person, role=Role.MEDICAL_ADVISER, region=unit.region, unit=unit
        )
        with pytest.raises(ValidationError, match="Bara en läkare kan vara medicinsk rådgivare"):
            membership.full_clean()
    doctor = Person.objects.create(username="doctor", is_physician=True)
    Membership(person=doctor, role=Role.MEDICAL_ADVISER, region=unit.region, unit=unit).full_clean()


def test_r8_5_the_unit_head_may_not_be_the_units_medical_adviser(demo):
    """Review of issue 11 (the probe's head-as-adviser): the head of the unit is refused as its
    medical adviser, whatever the doctor flag, and an adviser is refused as head of the same
    unit; as adviser of another unit they are fine."""
    training = demo.training_of("resident-g3")
    unit = training.home_unit
    head = demo.person("unithead-g2")
    head.is_physician = True
    head.save()
    membership = Membership(person=head, role=Role.MEDICAL_ADVISER, region=unit.region, unit=unit)
    with pytest.raises(ValidationError, match="kan inte också vara"):
        membership.full_clean()
    adviser = demo.person("medadviser-g")
    as_head = Membership(person=adviser, role=Role.UNIT_HEAD, region=unit.region, unit=unit)
    with pytest.raises(ValidationError, match="kan inte också vara"):
        as_head.full_clean()
    elsewhere = demo.training_of("resident-g1").home_unit
    Membership(
        person=head, role=Role.MEDICAL_ADVISER, region=elsewhere.region, unit=elsewhere
    ).full_clean()


def test_r8_5_a_head_made_adviser_behind_the_forms_back_approves_nothing(demo):
    """The probe: the non-doctor head given the adviser role (bypassing the form) approved in
    their own place. Re-checked at approval time: neither role, and 404 for the adviser's."""
    training = demo.training_of("resident-g3")
    head = demo.person("unithead-g2")
    Membership.objects.create(
        person=head,
        role=Role.MEDICAL_ADVISER,
        region=training.home_unit.region,
        unit=training.home_unit,
    )
    assert access.distance_approver_roles(head, training) == []
    assert _approve(demo, training, "unithead-g2", "medical_adviser").status_code == 403
    head.is_physician = True  # and even recorded as a physician: still not in their own place
    head.save()
    assert access.distance_approver_roles(head, training) == ["unit_head"]


def test_r8_5_a_physician_flag_cleared_later_takes_the_approval_away(demo):
    """Given the role as a physician, later recorded as not one (or unknown): approving is
    refused at that moment, the page is not found and nothing waits for them."""
    training = demo.training_of("resident-g3")
    _approve(demo, training, "director-g", "director")
    adviser = demo.person("medadviser-g")
    assert access.distance_approver_roles(adviser, training) == ["medical_adviser"]
    for flag in (False, None):
        adviser.is_physician = flag
        adviser.save()
        adviser = demo.person("medadviser-g")
        assert access.distance_approver_roles(adviser, training) == []
        assert access.distance_approvals_awaited(adviser) == []
        assert _approve(demo, training, "medadviser-g", "medical_adviser").status_code == 404
        assert not DistanceApproval.objects.filter(role="medical_adviser").exists()


def test_r8_5_the_admin_refuses_a_non_physician_adviser_in_swedish(demo):
    """Through the region administrator's form too (Membership.clean)."""
    unit = demo.training_of("resident-g3").home_unit
    person = Person.objects.create(username="newbie")
    response = demo.client_for("admin-g").post(
        reverse("admin:people_membership_add"),
        {"person": person.pk, "role": "medical_adviser", "region": unit.region_id, "unit": unit.pk},
    )
    assert response.status_code == 200
    assert "Bara en läkare kan vara medicinsk rådgivare" in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()


# --- What waits for the adviser ---------------------------------------------------------------


def test_r8_5_nothing_waits_for_the_adviser_until_another_approver_asked(demo):
    """Review of issue 11: the home list named every training of the unit from day one. The
    portal has no step to ask for distance supervision, so it counts as asked once another
    approver (director, main supervisor) approved; before that nothing waits."""
    training = demo.training_of("resident-g3")
    adviser = demo.person("medadviser-g")
    assert access.distance_approvals_awaited(adviser, DEMO_TODAY) == []
    home = demo.client_for("medadviser-g").get("/").content.decode()
    assert "Ingen handledning på distans väntar på ditt godkännande." in home
    assert _approve(demo, training, "supervisor-g2", "main_supervisor").status_code == 302
    assert access.distance_approvals_awaited(adviser, DEMO_TODAY) == [training]


@pytest.mark.parametrize(("months", "waits"), [(0, False), (11, False), (12, True), (30, True)])
def test_r8_5_nothing_waits_for_the_adviser_before_the_routines_st_year(demo, months, waits):
    """G 5.1.2 "bör ej ske förrän in på år 2 – 3 av läkarens ST" (profile
    distance_supervision.earliest_training_year = 2): a training that started `months` before
    the day is listed only from its second ST year."""
    assert G.earliest_training_year == 2
    training = demo.training_of("resident-g3")
    training.start_date = add_months(DEMO_TODAY, -months)
    training.save()
    _approve(demo, training, "director-g", "director")
    awaited = access.distance_approvals_awaited(demo.person("medadviser-g"), DEMO_TODAY)
    assert (awaited == [training]) is waits


@given(
    start=st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31)),
    days=st.integers(min_value=-400, max_value=1200),
)
def test_r8_5_the_awaited_list_starts_on_the_first_day_of_st_year_two(start, days):
    """Property: the first day listed is the one distance_supervision_allowed starts at."""
    first = add_months(start, 12 * (G.earliest_training_year - 1))
    today = first + timedelta(days=days)
    assert (today >= first) == distance_supervision_allowed(
        G, start_date=start, held_on=today, approved=WITH_ADVISER, unit_head_is_doctor=False
    ) or today < start


# --- The journey ------------------------------------------------------------------------------


def test_r8_5_journey_the_medical_adviser_approves_in_the_place_of_a_unit_head_not_a_doctor(demo):
    """The issue's case (G, resident-g3 in ST year 6, whose unit head is not a doctor): before
    the fix the unit head approved and the medical adviser could not. Now the unit head is
    refused, the page and the adviser's home page name the adviser, and once the director, the
    adviser and the main supervisor approved, a session at a distance is logged."""
    training = demo.training_of("resident-g3")
    assert access.distance_approvers_of(training) == [
        "director",
        "medical_adviser",
        "main_supervisor",
    ]
    # The unit head, not a doctor, can no longer approve.
    assert _approve(demo, training, "unithead-g2", "unit_head").status_code == 403
    with pytest.raises(ValidationError, match="Regionens rutin anger ingen sådan godkännare"):
        services.distance_approval_grant(
            training=training, role="unit_head", person=demo.person("unithead-g2")
        )
    head_page = demo.client_for("unithead-g2").get(url("portfolio:supervision", training))
    text = head_page.content.decode()
    assert "Medicinsk rådgivare" in text and "Chefen är inte läkare" in text
    assert "Godkänn som" not in text
    # Director and main supervisor alone do not suffice. Once the director approved (asked
    # for it), the adviser's home page lists the training waiting for them, and nobody else's.
    assert _approve(demo, training, "director-g", "director").status_code == 302
    home = demo.client_for("medadviser-g").get("/").content.decode()
    assert "Att godkänna: handledning på distans" in home
    assert "Maria Falk" in home and reverse("portfolio:supervision", args=[training.pk]) in home
    assert "Jonas Strand" not in home and "Sara Holm" not in home
    assert _approve(demo, training, "supervisor-g2", "main_supervisor").status_code == 302
    client = demo.client_for("supervisor-g2")
    refused = client.post(url("portfolio:supervision", training), DISTANCE)
    assert "kräver de godkännanden" in refused.content.decode()
    # The adviser approves from their page; the session is then allowed.
    adviser_page = demo.client_for("medadviser-g").get(url("portfolio:supervision", training))
    assert "Godkänn som medicinsk rådgivare" in adviser_page.content.decode()
    assert _approve(demo, training, "medadviser-g", "medical_adviser").status_code == 302
    approval = DistanceApproval.objects.get(training=training, role="medical_adviser")
    assert approval.person == demo.person("medadviser-g")
    assert client.post(url("portfolio:supervision", training), DISTANCE).status_code == 302
    assert SupervisionSession.objects.filter(
        training=training, form="distance", held_on=LAST_MONDAY
    ).exists()
    home = demo.client_for("medadviser-g").get("/").content.decode()
    assert "Ingen handledning på distans väntar på ditt godkännande." in home


def test_r8_5_when_the_head_is_a_doctor_again_the_unit_head_approves(demo):
    """Recorded as a doctor (or unknown again), the unit head approves and the adviser no more."""
    training = demo.training_of("resident-g3")
    head = demo.person("unithead-g2")
    head.is_physician = True
    head.save()
    assert access.distance_approvers_of(training) == ["director", "unit_head", "main_supervisor"]
    assert _approve(demo, training, "medadviser-g", "medical_adviser").status_code == 404
    assert _approve(demo, training, "unithead-g2", "unit_head").status_code == 302
    assert access.distance_approvals_awaited(demo.person("medadviser-g")) == []


def test_r8_5_the_region_administrator_records_whether_a_person_is_a_doctor(demo):
    head = demo.person("unithead-g2")
    client = demo.client_for("admin-g")
    change = reverse("admin:people_person_change", args=[head.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="is_physician"' in page.content.decode()
    assert demo.client_for("admin-v").get(change).status_code in (302, 403, 404)
