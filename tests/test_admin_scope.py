"""Issue 10, critical: a region administrator never reaches outside their regions through the
Django admin, even with forged ids; staff and superusers are out of every region admin's scope."""

import pytest

from stportal.people.models import Membership, Person, Role
from stportal.training.models import Placement, Training
from stportal.units.models import Region, Unit


def form_data(page) -> dict:
    """What the admin's change page would post back unchanged: the main form and every inline."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None and value is not False:
            data[name] = getattr(value, "pk", value)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({f"{formset.prefix}-{k}": v for k, v in management.initial.items()})
        for index, row in enumerate(formset.forms):
            for name, field in row.fields.items():
                value = row.initial.get(name, field.initial)
                if value is not None and value is not False:
                    data[f"{formset.prefix}-{index}-{name}"] = getattr(value, "pk", value)
    return {key: value for key, value in data.items() if value != []}


def add_inline_row(data: dict, prefix: str, row: dict) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})


@pytest.fixture
def admin_g(demo):
    return demo.client_for("admin-g")


def test_the_admin_cannot_open_or_change_their_own_account(demo, admin_g):
    me = demo.person("admin-g")
    assert admin_g.get(f"/admin/people/person/{me.pk}/change/").status_code == 302
    other = Region.objects.get(code="vastmanland")
    admin_g.post(
        "/admin/people/membership/add/", {"person": me.pk, "role": "director", "region": other.pk}
    )
    assert not Membership.objects.filter(person=me, region=other).exists()
    assert set(Membership.objects.filter(person=me).values_list("role", flat=True)) == {"admin"}


def test_a_person_page_offers_and_accepts_only_the_admins_region_for_a_new_role(demo, admin_g):
    person = demo.person("supervisor-g2")
    url = f"/admin/people/person/{person.pk}/change/"
    page = admin_g.get(url)
    assert page.status_code == 200
    inline = page.context["inline_admin_formsets"][0].formset
    region_choices = {str(c[0]) for c in inline.empty_form.fields["region"].choices if c[0]}
    gavleborg, vastmanland = (Region.objects.get(code=c) for c in ("gavleborg", "vastmanland"))
    assert region_choices == {str(gavleborg.pk)}
    data = form_data(page)
    add_inline_row(data, inline.prefix, {"role": "director", "region": vastmanland.pk})
    refused = admin_g.post(url, data)
    assert refused.status_code == 200  # the form again, with its error
    assert not Membership.objects.filter(person=person, region=vastmanland).exists()


def test_a_superuser_is_out_of_scope_and_its_password_cannot_be_reset(demo, admin_g):
    root = Person.objects.create_superuser("root", "root@example.se", "rot-losen-2026")
    assert "root" not in admin_g.get("/admin/people/person/").content.decode()
    assert admin_g.get(f"/admin/people/person/{root.pk}/change/").status_code == 302
    forged = {"password1": "ny-losen-2026!", "password2": "ny-losen-2026!"}
    response = admin_g.post(f"/admin/people/person/{root.pk}/password/", forged)
    assert response.status_code == 404
    root.refresh_from_db()
    assert root.check_password("rot-losen-2026")


def test_a_person_of_the_other_region_cannot_be_given_a_role_nor_a_new_password(demo, admin_g):
    resident_v = demo.person("resident-v1")
    gavleborg = Region.objects.get(code="gavleborg")
    forged = {"person": resident_v.pk, "role": "supervisor", "region": gavleborg.pk}
    assert admin_g.post("/admin/people/membership/add/", forged).status_code == 200
    assert not Membership.objects.filter(person=resident_v, region=gavleborg).exists()
    password = {"password1": "ny-losen-2026!", "password2": "ny-losen-2026!"}
    assert (
        admin_g.post(f"/admin/people/person/{resident_v.pk}/password/", password).status_code == 404
    )
    resident_v.refresh_from_db()
    assert resident_v.check_password("st-demo-2026")


def test_a_person_with_a_role_in_both_regions_is_for_a_superuser_to_manage(demo, admin_g):
    shared = demo.person("supervisor-g2")
    Membership.objects.create(
        person=shared, role=Role.SUPERVISOR, region=Region.objects.get(code="vastmanland")
    )
    assert admin_g.get(f"/admin/people/person/{shared.pk}/change/").status_code == 302


@pytest.mark.parametrize(
    ("field", "foreign"),
    [
        ("main_supervisor", lambda demo: demo.person("supervisor-v1").pk),
        ("resident", lambda demo: demo.person("unithead-v").pk),
        ("home_unit", lambda demo: Unit.objects.get(name="Vårdcentralen Skultuna").pk),
        ("co_supervisors", lambda demo: [demo.person("supervisor-v2").pk]),
    ],
)
def test_a_training_refuses_people_and_units_of_the_other_region(demo, admin_g, field, foreign):
    training = demo.training_of("resident-g2")
    url = f"/admin/training/training/{training.pk}/change/"
    data = form_data(admin_g.get(url))
    data[field] = foreign(demo)
    response = admin_g.post(url, data)
    assert response.status_code == 200 and field in response.context["adminform"].form.errors
    training.refresh_from_db()
    assert training.home_unit.region.code == "gavleborg"
    assert training.main_supervisor.username == "supervisor-g1"
    assert not training.co_supervisors.filter(username__endswith="-v2").exists()


def test_a_unit_cannot_be_added_to_the_other_region(demo, admin_g):
    vastmanland = Region.objects.get(code="vastmanland")
    forged = {"region": vastmanland.pk, "name": "Vårdcentralen Falsk", "kind": "primary_care"}
    assert admin_g.post("/admin/units/unit/add/", forged).status_code == 200
    assert not Unit.objects.filter(name="Vårdcentralen Falsk").exists()


@pytest.mark.parametrize(
    ("unit", "supervisor", "saved"),
    [
        ("Medicinkliniken Gävle", "supervisor-g1", True),  # the same row in the region is saved
        ("Medicinkliniken Västerås", "supervisor-g1", False),
        ("Medicinkliniken Gävle", "supervisor-v1", False),
    ],
)
def test_a_placement_at_a_unit_or_with_a_supervisor_of_the_other_region_is_refused(
    demo, admin_g, unit, supervisor, saved
):
    training = demo.training_of("resident-g2")
    url = f"/admin/training/training/{training.pk}/change/"
    page = admin_g.get(url)
    data = form_data(page)
    placements = next(
        i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Placement
    )
    count = training.placements.count()
    add_inline_row(
        data,
        placements.prefix,
        {
            "kind": "rotation",
            "unit": Unit.objects.get(name=unit).pk,
            "supervisor": demo.person(supervisor).pk,
            "from_date": "2040-01-01",
            "to_date": "2040-02-01",
        },
    )
    assert admin_g.post(url, data).status_code == (302 if saved else 200)
    assert training.placements.count() == count + saved


def test_the_unchanged_training_page_still_saves(demo, admin_g):
    training = demo.training_of("resident-g2")
    url = f"/admin/training/training/{training.pk}/change/"
    response = admin_g.post(url, form_data(admin_g.get(url)))
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Training.objects.get(pk=training.pk).main_supervisor.username == "supervisor-g1"
