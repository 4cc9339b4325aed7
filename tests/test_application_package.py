"""The application's documents, their order, numbers and states (issue 13 items 1, 5), pure."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stportal.rules.application import (
    HSLF_2021,
    SOSFS_2015,
    Confirmation,
    Content,
    Draft,
    State,
    application_goals,
    collapse_numbers,
    compact_goals,
    goals_without_certificate,
    package,
)
from stportal.rules.curriculum import goal_specs

CURRICULUM_2021 = [spec.code for spec in goal_specs(HSLF_2021)]
CURRICULUM_2015 = [spec.code for spec in goal_specs(SOSFS_2015)]


def draft(kind, key, first=None, goals=(), missing=()):
    return Draft(kind, key, Content(key, first, first, tuple(goals)), "supervisor", tuple(missing))


APPLICATION = Draft("application", "application", Content("Allmänmedicin"), "resident")


def test_collapse_numbers_as_the_form_asks():
    assert collapse_numbers([2, 3, 4, 5, 8, 10, 11, 12]) == "2–5, 8, 10–12"
    assert collapse_numbers([]) == ""
    assert collapse_numbers([7]) == "7"


@given(st.sets(st.integers(1, 60)))
def test_collapsed_numbers_expand_to_the_same_set(numbers):
    expanded: set[int] = set()
    for part in filter(None, collapse_numbers(numbers).split(", ")):
        first, _, last = part.partition("–")
        expanded |= set(range(int(first), int(last or first) + 1))
    assert expanded == numbers


def test_compact_goals_collapses_runs_within_a_group_only():
    assert compact_goals(["STc3", "STc1", "STc2", "STb4", "STc5"], CURRICULUM_2021) == (
        "STb4, STc1–STc3, STc5"
    )
    assert compact_goals(["a6", "b1"], CURRICULUM_2015) == "a6, b1"
    assert compact_goals(["c14", "x9"], CURRICULUM_2015) == "c14, x9"


def test_the_2021_package_is_ordered_by_kind_then_date_and_numbered_from_one():
    drafts = [
        draft("course", "course:2", date(2023, 1, 1)),
        draft("clinical", "placement:5", date(2024, 1, 1)),
        draft("clinical", "home", date(2021, 9, 1)),
        draft("completed", "completed"),
        draft("achieved", "achieved"),
        draft("course", "course:1", date(2022, 1, 1)),
        draft("sta3", "sta3"),
    ]
    result = package(HSLF_2021, APPLICATION, drafts, [])
    assert [(d.key, d.form, d.number) for d in result.documents] == [
        ("application", "2021-5", None),
        ("completed", "2021-6", 1),
        ("achieved", "2021-7", 2),
        ("home", "2021-9", 3),
        ("placement:5", "2021-9", 4),
        ("course:1", "2021-10", 5),
        ("course:2", "2021-10", 6),
        ("sta3", "2021-12", 7),
    ]
    assert result.numbers_by_kind["clinical"] == "3–4"
    assert result.numbers_by_kind["auskultation"] == ""


def test_states_missing_waiting_confirmed_printed_and_changed():
    drafts = [
        draft("course", "course:1", date(2022, 1, 1), missing=("The course has no dates.",)),
        draft("course", "course:2", date(2022, 2, 1)),
        draft("course", "course:3", date(2022, 3, 1)),
        draft("course", "course:4", date(2022, 4, 1)),
        draft("course", "course:5", date(2022, 5, 1)),
    ]
    confirmed = [
        Confirmation("course:3", drafts[2].content),
        Confirmation("course:4", drafts[3].content, printed=True),
        # confirmed for other dates than the records now hold
        Confirmation("course:5", Content("course:5", date(2021, 5, 1), date(2021, 5, 1))),
    ]
    states = {d.key: d.state for d in package(SOSFS_2015, APPLICATION, drafts, confirmed).documents}
    assert states == {
        "application": State.CONFIRMED,  # the resident's own: nobody confirms it
        "course:1": State.MISSING,
        "course:2": State.WAITING,
        "course:3": State.CONFIRMED,
        "course:4": State.PRINTED,
        "course:5": State.CHANGED,
    }


def test_the_confirmed_content_is_what_is_printed_not_the_draft():
    proposed = Content("Kurs", date(2022, 1, 1), date(2022, 1, 3), ("c1",), "Utkast")
    confirmed = Content("Kurs", date(2022, 1, 1), date(2022, 1, 3), ("c1", "c2"), "Bekräftad")
    result = package(
        SOSFS_2015,
        APPLICATION,
        [Draft("course", "course:1", proposed, "course_leader")],
        [Confirmation("course:1", confirmed)],
    )
    assert result.documents[1].content.description == "Bekräftad"


def test_goals_without_certificate_excludes_bt_and_counts_sta3_by_its_form():
    wanted = application_goals(HSLF_2021, CURRICULUM_2021)
    assert not any(code.startswith("BT") for code in wanted) and "STa3" in wanted
    drafts = [
        draft("clinical", "home", date(2021, 9, 1), goals=[c for c in wanted if c != "STa3"]),
        draft("sta3", "sta3"),
    ]
    result = package(HSLF_2021, APPLICATION, drafts, [Confirmation("home", drafts[0].content)])
    none, unconfirmed = goals_without_certificate(HSLF_2021, CURRICULUM_2021, result.documents)
    assert none == [] and unconfirmed == ["STa3"]


def test_the_application_itself_waits_only_for_what_readiness_lacks():
    lacking = Draft("application", "application", Content("Allmänmedicin"), "resident", ("x",))
    result = package(SOSFS_2015, lacking, [], [Confirmation("application", Content("A"), True)])
    assert result.documents[0].state == State.MISSING
    result = package(SOSFS_2015, APPLICATION, [], [Confirmation("application", Content("A"), True)])
    assert result.documents[0].state == State.PRINTED
