"""The curricula as reference data, and the demo data (issue 2)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from stportal.curricula.models import Curriculum, Goal
from stportal.curricula.reference import curricula_load
from stportal.demo.management.commands import seed_demo
from stportal.people.models import Membership, Person
from stportal.routines.registry import get_profile
from stportal.training.models import Training


@pytest.fixture
def curricula(db):
    curricula_load()


def _codes(regulation: str, group: str) -> list[str]:
    return list(
        Goal.objects.filter(curriculum__regulation=regulation, group=group).values_list(
            "code", flat=True
        )
    )


def test_the_delmal_of_both_regulations(curricula):
    assert _codes("SOSFS 2015:8", "a") == [f"a{i}" for i in range(1, 7)]
    assert _codes("SOSFS 2015:8", "b") == [f"b{i}" for i in range(1, 6)]
    assert _codes("SOSFS 2015:8", "c") == [f"c{i}" for i in range(1, 15)]
    assert _codes("HSLF-FS 2021:8", "a") == [f"STa{i}" for i in range(1, 8)]
    assert _codes("HSLF-FS 2021:8", "b") == [f"STb{i}" for i in range(1, 5)]
    assert _codes("HSLF-FS 2021:8", "c") == [f"STc{i}" for i in range(1, 16)]
    assert _codes("HSLF-FS 2021:8", "bt") == [f"BT{i}" for i in range(1, 19)]


def test_c_goals_have_our_label_not_an_official_title_and_every_text_a_source(curricula):
    for goal in Goal.objects.filter(group="c"):
        assert goal.title == "" and goal.label, goal.code
    assert not Goal.objects.filter(source="").exists()
    a5 = Goal.objects.get(curriculum__regulation="SOSFS 2015:8", code="a5")
    assert a5.activities == [["clinical_service"], ["written_work"], ["course"]]


def test_loading_again_changes_nothing(curricula):
    before = list(Goal.objects.values_list("pk", "code"))
    curricula_load()
    assert list(Goal.objects.values_list("pk", "code")) == before
    assert Curriculum.objects.count() == 2


def test_every_course_in_the_profiles_bears_on_known_delmal(curricula):
    for key in ("gavleborg", "vastmanland"):
        for course in get_profile(key).courses.catalogue:
            for regulation, codes in (
                ("SOSFS 2015:8", course.goals_2015),
                ("HSLF-FS 2021:8", course.goals_2021),
            ):
                known = set(
                    Goal.objects.filter(curriculum__regulation=regulation).values_list(
                        "code", flat=True
                    )
                )
                assert set(codes) <= known, (key, course.code)


def test_the_demo_has_every_role_in_both_regions(demo):
    for s in ("g", "v"):
        assert Membership.objects.filter(region__code__startswith=s[0]).count() >= 8
        for name in ("director", "unithead", "supervisor-1", "admin"):
            username = name.replace("-1", f"-{s}1") if "-" in name else f"{name}-{s}"
            assert Person.objects.filter(username=username).exists(), username
        trainings = Training.objects.filter(resident__username__startswith=f"resident-{s}")
        assert trainings.count() == 4  # resident 4: ready to apply (issue 13, demo/ready.py)
    midway = demo.training_of("resident-g2")
    assert list(midway.employment_steps.values_list("percent", flat=True)) == [100, 75, 100]
    assert midway.absences.filter(kind="parental_leave").exists()
    assert demo.person("resident-v3").check_password("st-demo-2026")


def test_seeding_twice_changes_nothing(demo):
    counts = (Person.objects.count(), Training.objects.count(), Membership.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Person.objects.count(), Training.objects.count(), Membership.objects.count()) == counts


@override_settings(STPORTAL_ENVIRONMENT="production")
def test_seeding_refuses_a_production_configuration(db, monkeypatch):
    seeded = []
    monkeypatch.setattr(seed_demo, "demo_seed", seeded.append)
    with pytest.raises(CommandError, match="never seeded in a production"):
        call_command("seed_demo")
    assert seeded == []
