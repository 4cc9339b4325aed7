"""Issue 12 item 6: every page of a resident's ST says whose it is (a breadcrumb with the
resident's name and home unit for staff; "Min ST" for the resident)."""

import pytest
from django.urls import reverse

PAGES = [
    ("plans:plan", ()),
    ("plans:time_plan", ()),
    ("plans:agreement", ()),
    ("portfolio:portfolio", ()),
    ("portfolio:supervision", ()),
    ("portfolio:study_time", ()),
    ("portfolio:assessments", ()),
    ("portfolio:courses", ()),
    ("portfolio:goals", ()),
    ("training:time", ()),
    ("training:clinical_work", ()),
    ("plans:plan_versions", ("training_plan",)),
]


@pytest.mark.parametrize(("name", "extra"), PAGES, ids=[n for n, _ in PAGES])
def test_staff_see_whose_st_the_page_is(demo, name, extra):
    training = demo.training_of("resident-g2")
    url = reverse(name, args=[training.pk, *extra])
    body = demo.client_for("director-g").get(url).content.decode()
    assert 'class="whose"' in body, name
    assert f"ST för {training.resident}" in body and training.home_unit.name in body


def test_the_resident_sees_my_st(demo):
    training = demo.training_of("resident-g2")
    body = demo.client_for("resident-g2").get(reverse("plans:plan", args=[training.pk]))
    crumbs = body.content.decode().split('class="whose"')[1].split("</nav>")[0]
    assert "Min ST" in crumbs and str(training.resident) not in crumbs
