"""Issue 11: the time plan's rotation rules as the routines say, for both regions.

- R6.8/R6.9: placements of BT (HSLF-FS 2021:8 begins with at least six months of BT, acute care
  among them) never raise V's side-rotation rules of the ST proper (rotations in years 2–4,
  home-return days).
- R6.10 (V): each auskultation is judged on its own, "normalt ett fåtal dagar och absolut max fyra
  veckor under VC-tjänstgöringen", not their sum over the ST.
- R6.4: "Mottagande verksamhet ska meddela vem som ska vara handledare före sidotjänstgöringens
  start. Handledaren … ska skyndsamt utfärda intyg … efter genomförd sidotjänstgöring" (G 4.1.5);
  V: "spara alla kurs- och tjänstgöringsintyg".

Pure cases with frozen dates first, then the adapter on the demo world (dates from the demo
trainings' own start, so any DEMO_TODAY works).
"""

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stportal.adapters.time_plan import placements_of, time_plan_findings
from stportal.plans.models import RotationContract
from stportal.routines.loader import load_profiles
from stportal.rules.rotation_checks import PlannedPlacement, bt_until, check_time_plan
from stportal.timeline.dates import add_months
from stportal.training.models import Placement
from stportal.units.models import Unit

PROFILES = load_profiles([Path(__file__).resolve().parent.parent / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
BT, ST2015 = "HSLF-FS 2021:8", "SOSFS 2015:8"
START = date(2024, 1, 1)
COMPLETION = date(2029, 6, 30)
R68_R69 = {"rotation_outside_years", "home_return_days_missing"}


def placement(kind, first, days, **extra):
    extra = {"contacted": True, "supervisor_named": True, "certified": True, **extra}
    label = f"{kind} {first}"
    return PlannedPlacement(kind, first, first + timedelta(days=days - 1), label, **extra)


def rotation(first, days, **extra):
    return placement("rotation", first, days, **extra)


def auskultation(first, days):
    return placement("auskultation", first, days)


def found(profile, *placements, as_of, regulation=BT, credited=0, start=START):
    until = bt_until(regulation, start, credited)
    return check_time_plan(profile, start, COMPLETION, placements, as_of, bt_until=until)


def codes(profile, *placements, as_of, **extra):
    return [finding.code for finding in found(profile, *placements, as_of=as_of, **extra)]


# --- R6.8/R6.9: BT -----------------------------------------------------------------------------

# The case: a 2021 training, three months at the VC, then three months of acute care
# (BT's "minst tre månader akut sjukvård") with no home-return days.
ACUTE_CARE = rotation(date(2024, 4, 1), 91)
BEFORE = date(2024, 3, 1)


def test_r6_8_r6_9_bt_acute_care_in_year_one_raises_nothing_in_v():
    assert codes(V, ACUTE_CARE, as_of=BEFORE) == []
    # The same rotation in a 2015 training is a side rotation of the ST proper: both rules hold.
    assert set(codes(V, ACUTE_CARE, as_of=BEFORE, regulation=ST2015)) == R68_R69


def test_r6_8_r6_9_g_has_neither_rule_for_bt_or_the_st_proper():
    assert codes(G, ACUTE_CARE, as_of=BEFORE) == []
    assert codes(G, ACUTE_CARE, as_of=BEFORE, regulation=ST2015) == []


def test_r6_6_still_judges_a_bt_rotation_outside_the_region_in_g():
    """Only R6.8/R6.9 are the ST proper's; G's funding rule for external rotations still holds."""
    external = rotation(date(2024, 4, 1), 20, outside_region=True)
    assert codes(G, external, as_of=BEFORE) == ["external_not_rural"]


def test_r6_8_bt_is_the_first_six_months_less_credited_months():
    assert bt_until(BT, START) == date(2024, 7, 1)
    assert bt_until(BT, START, 2) == date(2024, 5, 1)
    assert bt_until(BT, START, 6) is None  # BT may be among the credited months
    assert bt_until(ST2015, START) is None
    # Two credited months: BT is certain until May, so the April rotation is BT; with four,
    # only until March, so it is judged as the ST proper.
    assert codes(V, ACUTE_CARE, as_of=BEFORE, credited=2) == []
    assert set(codes(V, ACUTE_CARE, as_of=BEFORE, credited=4)) == R68_R69
    assert set(codes(V, ACUTE_CARE, as_of=BEFORE, credited=6)) == R68_R69


def test_r6_8_a_rotation_after_bts_least_six_months_is_judged_as_the_st_proper():
    seventh_month = rotation(date(2024, 7, 1), 91)
    assert set(codes(V, seventh_month, as_of=BEFORE)) == R68_R69


def test_r6_8_a_placement_known_to_be_bt_or_not_overrides_the_inference():
    late_bt = rotation(date(2024, 9, 1), 91, bt=True)
    assert codes(V, late_bt, as_of=BEFORE) == []
    not_bt = rotation(date(2024, 4, 1), 91, bt=False)
    assert set(codes(V, not_bt, as_of=BEFORE)) == R68_R69


@given(
    start=st.dates(date(2021, 7, 1), date(2030, 12, 31)),
    offset=st.integers(0, 400),
    days=st.integers(43, 200),
    credited=st.integers(0, 5),
)
def test_r6_8_r6_9_no_rotation_starting_inside_bt_raises_them(start, offset, days, credited):
    """Property: under HSLF-FS 2021:8 a rotation starting before `bt_until` never raises R6.8 or
    R6.9, and the boundary is the start plus six months less the credited months."""
    until = bt_until(BT, start, credited)
    assert until == add_months(start, 6 - credited)
    first = start + timedelta(days=offset)
    bare = rotation(first, days)
    raised = set(codes(V, bare, as_of=start, start=start, credited=credited)) & R68_R69
    if first < until:
        assert raised == set()
    else:
        assert raised  # outside BT the ST proper's rules speak (no home-return day is planned)


# --- R6.10 (V): per auskultation ---------------------------------------------------------------


def test_r6_10_auskultations_are_judged_one_by_one_not_summed():
    """The issue's case: 21 + 14 days of auskultation raised a finding; each is within four
    weeks, so none is raised now. One of 29 days raises one, naming that auskultation."""
    three_weeks, two_weeks = auskultation(date(2024, 3, 1), 21), auskultation(date(2024, 5, 1), 14)
    assert codes(V, three_weeks, two_weeks, as_of=BEFORE) == []
    four_weeks, longer = auskultation(date(2024, 3, 1), 28), auskultation(date(2024, 5, 1), 29)
    [finding] = found(V, four_weeks, longer, as_of=BEFORE)
    assert (finding.code, finding.rule, finding.due) == (
        "auskultation_too_long",
        "R6.10",
        date(2024, 5, 1),
    )
    assert finding.subject["placement"] == longer.label
    assert "29 dagar" in finding.message and "högst 4 veckor" in finding.message
    two_long = [auskultation(date(2024, 3, 1), 30), auskultation(date(2024, 5, 1), 35)]
    assert codes(V, *two_long, as_of=BEFORE) == ["auskultation_too_long"] * 2


def test_r6_10_g_sets_no_length_for_auskultation():
    assert codes(G, auskultation(date(2024, 3, 1), 60), as_of=BEFORE) == []


# --- R6.4: rotation supervisor named before the start, certificate afterwards -----------------

FIRST, LAST = date(2025, 6, 1), date(2025, 8, 31)
UNNAMED = rotation(FIRST, 92, supervisor_named=False, certified=False, home_return_days=3)
NAMED = rotation(FIRST, 92, certified=False, home_return_days=3)


def test_r6_4_g_no_supervisor_named_is_a_task_before_the_start_and_overdue_from_it():
    assert codes(G, UNNAMED, as_of=FIRST - timedelta(days=31)) == []
    [task] = found(G, UNNAMED, as_of=FIRST - timedelta(days=10))
    assert (task.code, task.rule, task.severity, task.due) == (
        "rotation_supervisor_missing",
        "R6.4",
        "warning",
        FIRST,
    )
    assert "Ingen handledare är utsedd" in task.message
    [late] = found(G, UNNAMED, as_of=FIRST)
    assert (late.code, late.severity) == ("rotation_supervisor_missing", "overdue")
    [still] = found(G, UNNAMED, as_of=LAST)
    assert still.code == "rotation_supervisor_missing"
    assert codes(G, NAMED, as_of=FIRST) == []


def test_r6_4_g_a_rotation_ended_without_a_certificate():
    [missing] = found(G, NAMED, as_of=LAST + timedelta(days=1))
    assert (missing.code, missing.rule, missing.severity, missing.due) == (
        "rotation_certificate_missing",
        "R6.4",
        "warning",  # "skyndsamt": the routine sets no date, so it never turns overdue
        LAST + timedelta(days=1),
    )
    assert "skyndsamt" in missing.message
    # Unnamed and ended: the certificate finding says no one is named to issue it.
    [unnamed] = found(G, UNNAMED, as_of=LAST + timedelta(days=40))
    assert unnamed.code == "rotation_certificate_missing"
    assert "ingen handledare är utsedd" in unnamed.message
    certified = rotation(FIRST, 92, home_return_days=3)
    assert codes(G, certified, as_of=LAST + timedelta(days=1)) == []
    assert codes(G, NAMED, as_of=LAST) == []  # the last day itself: not ended yet


def test_r6_4_v_names_no_deadline_for_the_supervisor_but_wants_the_certificate():
    assert codes(V, UNNAMED, as_of=FIRST) == []
    assert codes(V, NAMED, as_of=LAST + timedelta(days=1)) == ["rotation_certificate_missing"]
    assert codes(V, UNNAMED, as_of=LAST + timedelta(days=1)) == ["rotation_certificate_missing"]


def test_r6_4_bt_rotations_too_and_never_auskultation_or_the_home_unit():
    bt_rotation = rotation(date(2024, 4, 1), 91, supervisor_named=False, certified=False)
    after = date(2024, 7, 1)
    for profile in (G, V):
        assert codes(profile, bt_rotation, as_of=after) == ["rotation_certificate_missing"]
        others = [
            placement("home_unit", date(2024, 1, 1), 60, supervisor_named=False, certified=False),
            placement("auskultation", date(2024, 3, 1), 5, supervisor_named=False, certified=False),
        ]
        assert codes(profile, *others, as_of=after) == []


# --- the adapter: what the stored placements say -----------------------------------------------


def _bt_rotation(training):
    """The demo 2021 training's home-unit year shortened to three months, then three months at a
    clinic of the region: BT's acute care."""
    home = training.placements.get(kind=Placement.Kind.HOME_UNIT)
    home.to_date = add_months(training.start_date, 3) - timedelta(days=1)
    home.save()
    clinic = Unit.objects.filter(region=training.region, kind=Unit.Kind.CLINIC).first()
    return Placement.objects.create(
        training=training,
        kind=Placement.Kind.ROTATION,
        unit=clinic,
        from_date=add_months(training.start_date, 3),
        to_date=add_months(training.start_date, 6) - timedelta(days=1),
    )


def test_r6_8_r6_9_the_adapter_treats_a_2021_trainings_first_months_as_bt(demo):
    for username in ("resident-g1", "resident-v1"):
        training = demo.training_of(username)
        assert training.regulation == BT and training.credited_months == 0
        _bt_rotation(training)
        before = add_months(training.start_date, 2)
        raised = {f.code for f in time_plan_findings(training, placements_of(training), before)}
        assert not raised & R68_R69, username
        training.regulation = ST2015
        raised = {f.code for f in time_plan_findings(training, placements_of(training), before)}
        assert raised & R68_R69 == (R68_R69 if username == "resident-v1" else set())


def test_r6_4_the_adapter_reads_the_name_and_the_certificate(demo):
    training = demo.training_of("resident-g1")
    rotation = _bt_rotation(training)
    on_start = rotation.from_date
    missing = [f.code for f in time_plan_findings(training, placements_of(training), on_start)]
    assert "rotation_supervisor_missing" in missing
    contract = RotationContract.objects.create(
        placement=rotation,
        receiving_email="klinik@example.invalid",
        created_by=training.main_supervisor,
        supervisor_name="Dr Eva Ek",
        named_at=f"{rotation.from_date - timedelta(days=20)}T10:00:00+01:00",
    )
    after = rotation.to_date + timedelta(days=1)

    def codes_on(day):
        return [f.code for f in time_plan_findings(training, placements_of(training), day)]

    assert "rotation_supervisor_missing" not in codes_on(on_start)
    assert "rotation_certificate_missing" in codes_on(after)
    contract.certified_at = f"{after}T10:00:00+01:00"
    contract.save()
    assert "rotation_certificate_missing" not in codes_on(after)


def test_r6_4_a_supervisor_entered_on_the_placement_counts_as_named(demo):
    """The demo's midway resident (G) has rotations with a supervisor's name and no contract:
    named, but none certified in the portal."""
    training = demo.training_of("resident-g2")
    placements = placements_of(training)
    rotations = [p for p in placements if p.kind == Placement.Kind.ROTATION]
    assert rotations and all(p.supervisor_name for p in rotations)
    last_day = max(p.to_date for p in rotations)
    found_ = time_plan_findings(training, placements, last_day + timedelta(days=1))
    assert [f.code for f in found_ if f.rule == "R6.4"] == ["rotation_certificate_missing"] * len(
        rotations
    )
