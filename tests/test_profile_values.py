"""Issue 11, "The profiles say only what the routines say": each profile value is marked the
routine's own (with the routine's section) or assumed (with the reason), value by value; values
the routines do not state are gone; R2.4 (G) who signs the ST-kontrakt is shown as assumed."""

import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from stportal.routines.loader import ProfileError, load_profile, load_profiles

PROFILES = Path(__file__).resolve().parent.parent / "stportal" / "routines" / "profiles"


@pytest.fixture(scope="module")
def profiles():
    return load_profiles([PROFILES])


def _value(profile, entry, field):
    return next(v for v in profile.values() if (v.entry, v.field) == (entry, field))


def test_values_the_routines_state_are_not_assumed(profiles):
    """G 5.1.4 "4 – 6 gånger per år" (R9.1); V "Studietid minst 2 timmar/vecka" (R3.5), "IUP ska
    upprättas inom 6 månader" (R2.2), "ST-överenskommelse skall skrivas mellan ST – läkare,
    huvudhandledare och verksamhetschef" (R2.5), "ca 1 år" first and last (R6.8)."""
    g, v = profiles["gavleborg"], profiles["vastmanland"]
    stated = [
        (g, "assessments", "per_year", "G 5.1.4"),
        (v, "study_time", "minutes_per_week", "V: Studietid"),
        (v, "training_plan", "due_months", "V: Individuell utbildningsplan (IUP); År 1"),
        (v, "agreement", "signers", "V: ST-överenskommelse; År 1"),
        (v, "home_unit_periods", "start_months", "V: Sidotjänstgöring/Auskultation"),
        (v, "home_unit_periods", "end_months", "V: Sidotjänstgöring/Auskultation"),
    ]
    for profile, entry, field, ref in stated:
        value = _value(profile, entry, field)
        assert not value.assumed, (entry, field)
        assert value.ref == ref and value.why == ""
    assert _value(v, "study_time", "minutes_per_week").value == 120
    assert _value(g, "assessments", "per_year").value == [4, 6]


def test_assumed_values_carry_their_reason(profiles):
    g, v = profiles["gavleborg"], profiles["vastmanland"]
    for profile, entry, field in [
        (g, "agreement", "signers"),  # R2.4
        (g, "absence_review", "threshold_days"),  # R1.3
        (v, "study_time", "pro_rata"),  # R3.5
        (v, "assessments", "per_year"),  # R9.1: the V routine gives 4–6 only for sit-in
        (v, "mitt_i_st", "registration_months_before_completion"),  # R5.4: SFAM's, not V's
    ]:
        value = _value(profile, entry, field)
        assert value.assumed and value.why and value.ref == "", (entry, field)
    # R9.2 (V): the methods are the routine's; two of their frequencies are our reading.
    assert not _value(v, "assessments", "methods").assumed
    assert _value(v, "assessments", "methods.record_review.per_month").assumed
    assert _value(v, "assessments", "methods.assessment_360.per_year").value == [1, 1]
    assert "några" in _value(v, "assessments", "methods.record_review.per_month").why
    for profile in profiles.values():
        for value in profile.values():
            assert value.assumed == bool(value.why), (value.entry, value.field)


def test_values_the_v_routine_does_not_state_are_gone(profiles):
    """V has no revision date, no education account (R7.1–R7.3 are G's), no travel/housing or
    per-diem rule (R6.7 is G's) and no year for the last two courses; its annual follow-up names
    neither a supervisor statement nor a director review (only "vid behov") (R9.4)."""
    v = profiles["vastmanland"]
    assert v.meta.revised is None
    account = v.education_account
    assert (
        account.individual_account,
        account.apply_to_director_in_tool,
        account.discuss_with_supervisor_first,
        account.employer_tasks_charged,
    ) == (None, None, None, None)
    assert (v.rotation_costs.travel_or_housing_not_both, v.rotation_costs.per_diem) == (None, None)
    years = {course.code: course.years for course in v.courses.catalogue}
    assert years["allmanmedicinskt_arbetssatt"] is None and years["halsoframjande"] is None
    assert years["vetenskapsmetodik"] == [2, 3]
    # Not removed yet (the annual-review check reads them): marked assumed instead.
    assert v.annual_review.is_assumed("parts") and "vid behov" in v.annual_review.why["parts"]
    shown = {(value.entry, value.field) for value in v.values()}
    assert ("rotation_costs", "per_diem") not in shown
    assert ("education_account", "individual_account") not in shown
    g = profiles["gavleborg"]
    assert g.meta.revised == "2023-06-02" and g.rotation_costs.per_diem is False


def test_values_the_routines_state_are_data(profiles):
    """Values the routines state that had none (data only; no rule reads them yet)."""
    g, v = profiles["gavleborg"], profiles["vastmanland"]
    # R2.2 (G 4.1.1) "på ett startseminarium, ungefär 6 månader in"; R2.8 (V) "Startseminarium".
    assert g.start_seminar.enabled and g.start_seminar.about_months_after_start == 6
    assert v.start_seminar.rotations_planned and v.start_seminar.plan_drawn_up
    # R6.4 (G 4.1.5) "Mottagande verksamhet ska meddela vem som ska vara handledare före … start"
    assert g.rotation_supervisor.named_before_start
    assert not v.rotation_supervisor.named_before_start
    # R7.4 (V) "under förutsättningen att ST-läkaren beviljas ledighet … och godkännande från
    # studierektorer"
    assert v.education_account.funding_requires == ["unit_head_leave", "director_approval"]
    assert v.education_account.funded_other == ["Mellansvenskt läkemedelsforum"]
    # R9.4 (V) "Verksamhetschefen ska få återkoppling om dokumenterade bedömningar!"
    assert v.assessments.unit_head_feedback and not g.assessments.unit_head_feedback
    # R10.2 (G 5.1.3) "Möjlighet att gå dubbelt med handledare … ska erbjudas"
    assert g.on_call.double_shifts_offered and not v.on_call.double_shifts_offered


def _copy(tmp_path: Path, key: str = "gavleborg") -> Path:
    target = tmp_path / f"{key}.toml"
    shutil.copy(PROFILES / f"{key}.toml", target)
    return target


def test_the_schema_refuses_an_assumed_naming_no_field(tmp_path):
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace('assumed = ["warning_days"]', 'assumed = ["warning_dayz"]')
    text = text.replace("[milestones.why]\nwarning_days", "[milestones.why]\nwarning_dayz")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"milestones: .*assumed names no field.*warning_dayz"):
        load_profile(path)


def test_the_schema_refuses_an_assumed_without_reason_and_a_stray_reason(tmp_path):
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('assumed = ["warning_days"]', "assumed = []"), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"milestones: .*why explains warning_days"):
        load_profile(path)
    path.write_text(
        text.replace("[milestones.why]\nwarning_days = ", "[milestones.why]\nx = "),
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=r"why gives no reason for assumed warning_days"):
        load_profile(path)


def test_the_routine_values_page_marks_each_value(demo):
    page = demo.client_for("resident-v1").get(reverse("routine_values", args=["vastmanland"]))
    html = page.content.decode()
    row = html.split('data-value="study_time.minutes_per_week"')[1].split("</tr>")[0]
    assert "120" in row and "rutinens (V: Studietid)" in row and "antaget" not in row
    row = html.split('data-value="study_time.pro_rata"')[1].split("</tr>")[0]
    assert "antaget" in row and "deltid" in row  # the reasons are in Swedish (I3)
    assert 'data-value="rotation_costs.per_diem"' not in html
    assert "reviderad" not in html
    g = demo.client_for("resident-g1").get(reverse("routine_values", args=["gavleborg"]))
    row = g.content.decode().split('data-value="assessments.per_year"')[1].split("</tr>")[0]
    assert "4–6" in row and "rutinens (G 5.1.4)" in row
    assert demo.client_for("resident-g1").get("/routines/nowhere/").status_code == 404


def test_r2_4_the_st_kontrakt_page_says_who_signs_is_assumed(demo):
    """R2.4 (G 4.1.1): "ST-kontraktet undertecknas i två exemplar, ett till ST-läkaren och ett
    till ST-studierektorn" names who gets a copy, not who signs; V's signers are the routine's."""
    g = demo.training_of("resident-g2")
    page = demo.client_for("resident-g2").get(reverse("plans:agreement", args=[g.pk]))
    assert "Vilka som skriver under är ett antagande: rutinen (G 4.1.1)" in page.content.decode()
    v = demo.training_of("resident-v1")
    page = demo.client_for("resident-v1").get(reverse("plans:agreement", args=[v.pk]))
    assert "Vilka som skriver under är ett antagande" not in page.content.decode()
