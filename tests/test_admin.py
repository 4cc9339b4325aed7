"""The region administrator manages people, units and memberships of their own region only."""

import pytest

from stportal.people.models import Membership
from stportal.units.models import Unit


def test_the_admin_lists_only_their_regions_objects(demo):
    client = demo.client_for("admin-g")
    units = client.get("/admin/units/unit/").content.decode()
    assert "Hälsocentralen Brynäs" in units and "Vårdcentralen Skultuna" not in units
    people = client.get("/admin/people/person/").content.decode()
    assert "director-g" in people and "director-v" not in people
    trainings = client.get("/admin/training/training/").content.decode()
    assert "Sara Holm" in trainings and "Amir Karimi" not in trainings


def test_another_regions_objects_cannot_be_opened(demo):
    client = demo.client_for("admin-g")
    other_unit = Unit.objects.get(name="Vårdcentralen Skultuna")
    response = client.get(f"/admin/units/unit/{other_unit.pk}/change/")
    assert response.status_code in (302, 403, 404)
    other_training = demo.training_of("resident-v1")
    response = client.get(f"/admin/training/training/{other_training.pk}/change/")
    assert response.status_code in (302, 403, 404)


def test_the_admin_adds_a_unit_and_a_membership(demo):
    client = demo.client_for("admin-g")
    region = demo.training_of("resident-g1").region
    response = client.post(
        "/admin/units/unit/add/",
        {"region": region.pk, "name": "Hälsocentralen Sandviken", "kind": "primary_care"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Hälsocentralen Sandviken")
    person = demo.person("supervisor-g2")
    response = client.post(
        "/admin/people/membership/add/",
        {"person": person.pk, "role": "unit_head", "region": region.pk, "unit": unit.pk},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(person=person, unit=unit, role="unit_head").exists()


def test_an_absence_decision_in_the_admin_records_who_decided(demo):
    client = demo.client_for("admin-g")
    training = demo.training_of("resident-g2")
    page = client.get(f"/admin/training/training/{training.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["co_supervisors"] = []
    data["resident"] = training.resident_id
    data["home_unit"] = training.home_unit_id
    data["main_supervisor"] = training.main_supervisor_id
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        data.update({f"{prefix}-{k}": v for k, v in management.initial.items()})
        for index, inline in enumerate(formset.formset.forms):
            for name, field in inline.fields.items():
                value = inline.initial.get(name, field.initial)
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = getattr(value, "pk", value)
    sick = training.absences.get(kind="sick_leave")
    absences = next(
        f.formset
        for f in page.context["inline_admin_formsets"]
        if f.formset.model.__name__ == "Absence"
    )
    index = [form.instance.pk for form in absences.forms].index(sick.pk)
    data[f"{absences.prefix}-{index}-counts"] = "false"
    data = {k: v for k, v in data.items() if v != [] and v is not False}
    response = client.post(f"/admin/training/training/{training.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    sick.refresh_from_db()
    assert sick.counts is False and sick.decided_by.username == "admin-g"
    assert sick.decided_at is not None


@pytest.mark.parametrize("username", ["resident-g1", "supervisor-g1", "director-g"])
def test_others_do_not_get_the_admin(demo, username):
    response = demo.client_for(username).get("/admin/units/unit/")
    assert response.status_code == 302 and "/admin/login/" in response.url
