"""Issue 12 item 11: the delmål picker, grouped as the regulations group the delmål (SOSFS 2015:8
a1–a6, b1–b5, c1–c14; HSLF-FS 2021:8 STa1–STa7, STb1–STb4, STc1–STc15, BT1–BT18), each group a
<details> open when it holds a chosen or planned delmål, planned delmål first within their group,
each delmål one checkbox; posting is as before (same name, same values, unknown codes refused).
"Planned" is what the training's plan (G 4.1.1, V: the IUP, R2.6) holds for the form's kind of
record: a course form the delmål with a planned course, the assessment forms those with an
assessment agreed in advance (R9.1)."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from stportal.curricula.goal_picker import GoalChoices, group_of, set_goal_choices
from stportal.plans import services as plan_services
from stportal.plans.models import DocumentKind
from stportal.portfolio.models import CourseRecord
from tests.conftest import DEMO_TODAY

DATA = Path(__file__).resolve().parent.parent / "stportal/curricula/data"
COURSE_FIRST = DEMO_TODAY - timedelta(days=52)


def codes_of(name: str) -> list[str]:
    return [goal["code"] for goal in json.loads((DATA / f"{name}.json").read_text())["goals"]]


SOSFS = codes_of("sosfs-2015-8")
HSLF = codes_of("hslf-fs-2021-8")


class PickerForm(forms.Form):
    goals = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        set_goal_choices(self, "goals", goals)


def groups_of(goals: GoalChoices, chosen: list[str] = ()) -> list[dict]:
    form = PickerForm(initial={"goals": list(chosen)}, goals=goals)
    bound = form["goals"]
    return bound.field.widget.get_context("goals", list(chosen), {"id": "id_goals"})["widget"][
        "groups"
    ]


def choices(codes: list[str], planned=()) -> GoalChoices:
    return GoalChoices(choices=tuple((c, f"{c} namn") for c in codes), planned=frozenset(planned))


def test_sosfs_2015_8_is_grouped_a_b_c_each_code_once():
    """Issue 12 item 11, SOSFS 2015:8: a1–a6, b1–b5, c1–c14, in the curriculum's order."""
    groups = groups_of(choices(SOSFS))
    assert [(g["key"], g["codes"], len(g["options"])) for g in groups] == [
        ("a", "a1–a6", 6),
        ("b", "b1–b5", 5),
        ("c", "c1–c14", 14),
    ]
    assert [o["value"] for g in groups for o in g["options"]] == SOSFS


def test_hslf_fs_2021_8_is_grouped_sta_stb_stc_bt_each_code_once():
    """Issue 12 item 11, HSLF-FS 2021:8: STa1–STa7, STb1–STb4, STc1–STc15, BT1–BT18."""
    groups = groups_of(choices(HSLF))
    assert [(g["key"], g["codes"], len(g["options"])) for g in groups] == [
        ("a", "STa1–STa7", 7),
        ("b", "STb1–STb4", 4),
        ("c", "STc1–STc15", 15),
        ("bt", "BT1–BT18", 18),
    ]
    with translation.override("sv"):
        labels = [str(g["label"]) for g in groups_of(choices(HSLF))]
    assert labels == [
        "Gemensamma delmål (a)",
        "Gemensamma delmål (b)",
        "Specialitetsspecifika delmål (c)",
        "Bastjänstgöring (BT)",
    ]


@given(
    regulation=st.sampled_from([SOSFS, HSLF]),
    data=st.data(),
)
def test_planned_first_within_the_group_and_every_code_exactly_once(regulation, data):
    """Issue 12 item 11: whatever is planned and chosen, each delmål renders as one checkbox, the
    planned ones first in their group (otherwise the curriculum's order), and a group is open
    exactly when it holds a chosen or a planned delmål."""
    planned = data.draw(st.sets(st.sampled_from(regulation)))
    chosen = data.draw(st.lists(st.sampled_from(regulation), unique=True))
    form = PickerForm(initial={"goals": chosen}, goals=choices(regulation, planned))
    html = str(form["goals"])
    for code in regulation:
        assert html.count(f'value="{code}"') == 1, code
    groups = groups_of(choices(regulation, planned), chosen)
    for group in groups:
        values = [o["value"] for o in group["options"]]
        flags = [o["planned"] for o in group["options"]]
        assert flags == sorted(flags, reverse=True)
        assert [v for v in values if v not in planned] == [
            c for c in regulation if c in values and c not in planned
        ]
        assert group["open"] == any(v in planned or v in chosen for v in values)
        assert set(values) == {c for c in regulation if group_of(c) == group["key"]}


def test_the_summary_says_how_many_are_chosen_and_planned_ones_are_marked():
    """Issue 12 item 11: "2 valda" in the group's summary; a planned delmål is marked."""
    with translation.override("sv"):
        form = PickerForm(initial={"goals": ["c2", "c5"]}, goals=choices(SOSFS, planned={"a5"}))
        html = str(form["goals"])
    details = re.findall(r"<details[^>]*>.*?</details>", html, re.S)
    assert len(details) == 3
    a_group, b_group, c_group = details
    assert " open" in a_group.split(">")[0] and "0 valda" in a_group
    assert "planerat" in a_group and a_group.index('value="a5"') < a_group.index('value="a1"')
    assert " open" not in b_group.split(">")[0]
    assert " open" in c_group.split(">")[0] and "2 valda" in c_group
    assert 'value="c2" id="id_goals_' in html and "checked" in html


@pytest.mark.parametrize("resident", ["resident-g2", "resident-v1"])
def test_a_course_posts_as_before_and_unknown_codes_are_refused(demo, resident):
    """Issue 12 item 11, both regions (G on SOSFS 2015:8, V on HSLF-FS 2021:8): the resident
    records a course with two delmål from two groups; the same field name and values as before,
    and a code not of the regulation is refused with an error connected to the fieldset."""
    training = demo.training_of(resident)
    client = demo.client_for(resident)
    url = reverse("portfolio:courses", args=[training.pk])
    prefix = "ST" if training.regulation.startswith("HSLF") else ""
    page = client.get(url).content.decode()
    assert page.count('<details class="goal-group') == (4 if prefix else 3)
    assert f'name="goals" value="{prefix}a2"' in page
    data = {
        "name": "Etik i primärvården",
        "from_date": COURSE_FIRST,
        "to_date": COURSE_FIRST + timedelta(days=1),
    }
    refused = client.post(url, {**data, "goals": [f"{prefix}a2", "z9"]})
    assert refused.status_code == 200
    html = refused.content.decode()
    fieldset = re.search(r'<fieldset[^>]*aria-describedby="([^"]+)"[^>]*>\s*<legend>Delmål', html)
    assert fieldset and 'id="id_goals_error"' in html
    assert "id_goals_error" in fieldset[1].split()
    assert not CourseRecord.objects.filter(training=training).exists()
    chosen = [f"{prefix}a2", f"{prefix}c3"]
    assert client.post(url, {**data, "goals": chosen}).status_code == 302
    assert CourseRecord.objects.get(training=training).goals == chosen


@pytest.mark.parametrize("resident", ["resident-g3", "resident-v2"])
def test_planned_is_what_the_plan_holds_for_the_kind_of_record(demo, resident):
    """Issue 12 item 11 with the plan (R2.6): on the course form the delmål whose plan entry holds
    a course come first and their groups are open; on the assessment forms those with an
    assessment agreed in advance (R9.1)."""
    training = demo.training_of(resident)
    plan = plan_services.in_force(training, DocumentKind.TRAINING_PLAN) or plan_services.latest(
        training, DocumentKind.TRAINING_PLAN
    )
    goals = plan.document.goals
    courses = plan_services.goal_choices(training, planned_as={"course"})
    assert courses.planned == {
        code for code, entry in goals.items() if any(a.kind == "course" for a in entry.activities)
    }
    assert courses.planned and courses.planned < {code for code, _name in courses}
    agreed = plan_services.goal_choices(training)
    assert agreed.planned == {code for code, entry in goals.items() if entry.assessments}
    page = demo.client_for(resident).get(reverse("portfolio:courses", args=[training.pk]))
    html = page.content.decode()
    first = sorted(courses.planned, key=[c for c, _n in courses].index)[0]
    assert re.search(
        rf'value="{first}"[^>]*>\s*<span class="goal-text">[^<]*<span class="goal-planned">', html
    )
