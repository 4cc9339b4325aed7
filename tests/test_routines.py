"""The regions' routine profiles: loaded, validated, and extendable by a file (issue 2)."""

import shutil
from pathlib import Path

import pytest

from stportal.routines import registry
from stportal.routines.loader import ProfileError, load_profile, load_profiles

PROFILES = Path(__file__).resolve().parent.parent / "stportal" / "routines" / "profiles"


def test_both_regions_load_with_their_differences():
    profiles = load_profiles([PROFILES])
    g, v = profiles["gavleborg"], profiles["vastmanland"]
    assert g.required_months.by_regulation == {"SOSFS 2015:8": 60, "HSLF-FS 2021:8": 66}
    assert g.agreement.name == "ST-kontrakt" and g.agreement.signers == ["resident", "director"]
    assert v.agreement.name == "ST-överenskommelse"
    assert v.agreement.signers == ["resident", "main_supervisor", "unit_head"]  # R2.5
    assert g.training_plan.signers == ["resident", "main_supervisor", "unit_head", "director"]
    assert (g.study_time.minutes_per_week, v.study_time.minutes_per_week) == (240, 120)  # R3.2/5
    assert (g.mitt_i_st.registration_months_before_completion, 24) == (24, 24)  # R5.2
    assert v.mitt_i_st.registration_months_before_completion == 18
    assert g.final_evaluation.enabled and not v.final_evaluation.enabled  # R5.3
    assert v.closing_conversation.enabled and not g.closing_conversation.enabled  # R5.6
    assert (g.rotation_contact.lead_months, v.rotation_contact.lead_months) == ([2, 3], [3, 4])
    assert (g.external_rotation.max_months, v.external_rotation.max_months) == (1, 5)  # R6.6
    assert (
        v.auskultation.max_weeks_during_home_unit == 4
        and g.auskultation.max_weeks_during_home_unit is None
    )
    assert g.supervision.summer is not None and v.supervision.summer is None  # R8.4
    assert g.assessments.per_year == [4, 6] == v.assessments.per_year  # R9.1
    assert len(v.courses.catalogue) == 15  # R7.4
    # The last two stand after the År 2–5 block with no year of their own (issue 11).
    without_years = [c.code for c in v.courses.catalogue if not c.years]
    assert without_years == ["allmanmedicinskt_arbetssatt", "halsoframjande"]


def test_every_entry_cites_rule_codes():
    for profile in load_profiles([PROFILES]).values():
        for name in type(profile).model_fields:
            entry = getattr(profile, name)
            if name != "meta" and entry is not None:  # optional entries: one region only
                assert entry.rules, name


def _copy(tmp_path: Path, key: str = "gavleborg") -> Path:
    target = tmp_path / f"{key}.toml"
    shutil.copy(PROFILES / f"{key}.toml", target)
    return target


def test_a_missing_entry_names_the_file_and_the_key(tmp_path):
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index("[mitt_i_st]")
    end = text.index("[final_evaluation]")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(path) in str(error.value)
    assert "mitt_i_st: missing" in str(error.value)


def test_a_malformed_value_names_the_key(tmp_path):
    path = _copy(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "minutes_per_week = 240", 'minutes_per_week = "4h"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=r"study_time\.minutes_per_week"):
        load_profile(path)


def test_an_approver_the_portal_cannot_reach_is_refused_at_start_up(tmp_path):
    """R8.5: an approver no portal role holds (here a chief physician) would leave distance
    supervision unapprovable, so it is refused with the key named (issue 9). The medical
    adviser is a role now (people.Role.MEDICAL_ADVISER), tests/test_medical_adviser.py."""
    path = _copy(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'approvers = ["director", "unit_head", "main_supervisor"]',
            'approvers = ["director", "chief_physician", "main_supervisor"]',
        ),
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=r"distance_supervision\.approvers"):
        load_profile(path)


def test_an_inverted_range_and_a_bad_rule_code_are_refused(tmp_path):
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("lead_months = [2, 3]", "lead_months = [3, 2]")
    text = text.replace('rules = ["R8.3"]', 'rules = ["8.3"]')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert "rotation_contact.lead_months" in str(error.value)
    assert "supervisor_training_valid.rules" in str(error.value)


def test_broken_toml_is_reported_with_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[meta\nkey=", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"broken\.toml: cannot be read as TOML"):
        load_profile(path)


def test_a_third_region_is_a_file_not_code(tmp_path):
    path = tmp_path / "uppsala.toml"
    path.write_text(
        (PROFILES / "vastmanland.toml")
        .read_text(encoding="utf-8")
        .replace('key = "vastmanland"', 'key = "uppsala"')
        .replace('name = "Region Västmanland"', 'name = "Region Uppsala"'),
        encoding="utf-8",
    )
    profiles = load_profiles([PROFILES, tmp_path])
    assert sorted(profiles) == ["gavleborg", "uppsala", "vastmanland"]


def test_the_file_name_must_match_the_key(tmp_path):
    path = tmp_path / "other.toml"
    shutil.copy(PROFILES / "gavleborg.toml", path)
    with pytest.raises(ProfileError, match="must equal the file name 'other'"):
        load_profile(path)


def test_the_running_app_follows_both_profiles():
    assert registry.profile_keys() == ["gavleborg", "vastmanland"]
    assert registry.get_profile("gavleborg").meta.name == "Region Gävleborg"
    with pytest.raises(LookupError):
        registry.get_profile("nowhere")
