"""Every view for every role: allowed, refused (403) and invisible (404) (issue 2)."""

import pytest
from django.urls import reverse

# The training of resident-g2: home unit Hälsocentralen Brynäs, main supervisor supervisor-g1.
DETAIL_AND_HISTORY = [
    # (who, detail status, history status)
    ("resident-g2", 200, 403),  # their own ST; the history is the director's
    ("resident-g1", 404, 404),  # another resident's ST does not exist for them
    ("supervisor-g1", 200, 403),  # main supervisor
    ("supervisor-g2", 404, 404),  # not this resident's supervisor
    ("director-g", 200, 200),  # director of the region
    ("director-v", 404, 404),  # director of another region
    ("unithead-g", 200, 403),  # head of the home unit
    ("unithead-v", 404, 404),
    ("admin-g", 404, 404),  # manages people and units, not the ST itself
]


@pytest.mark.parametrize(("username", "detail", "history"), DETAIL_AND_HISTORY)
def test_training_pages_for_each_role(demo, username, detail, history):
    training = demo.training_of("resident-g2")
    client = demo.client_for(username)
    assert client.get(reverse("training:detail", args=[training.pk])).status_code == detail
    assert client.get(reverse("training:history", args=[training.pk])).status_code == history


def test_a_co_supervisor_sees_the_training(demo):
    training = demo.training_of("resident-g1")  # supervisor-g2 is co-supervisor
    response = demo.client_for("supervisor-g2").get(reverse("training:detail", args=[training.pk]))
    assert response.status_code == 200


def test_the_unit_head_sees_only_the_units_residents(demo):
    training = demo.training_of("resident-g3")  # home unit Hälsocentralen Hudiksvall
    response = demo.client_for("unithead-g").get(reverse("training:detail", args=[training.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["home", "training:detail", "training:history", "password_change"])
def test_anonymous_visitors_are_sent_to_log_in(demo, name):
    args = [demo.training_of("resident-g1").pk] if name.startswith("training") else []
    response = demo.client_for(None).get(reverse(name, args=args))
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_an_unknown_training_is_404_even_for_the_director(demo):
    assert demo.client_for("director-g").get("/trainings/999999/").status_code == 404


def test_refusal_and_absence_pages_are_in_swedish(demo):
    training = demo.training_of("resident-g2")
    refused = demo.client_for("resident-g2").get(reverse("training:history", args=[training.pk]))
    assert "Du har inte behörighet" in refused.content.decode()
    missing = demo.client_for("resident-g1").get(reverse("training:detail", args=[training.pk]))
    assert "Sidan hittades inte" in missing.content.decode()


def _home(demo, username: str) -> str:
    response = demo.client_for(username).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_resident_sees_their_own_st(demo):
    page = _home(demo, "resident-g2")
    assert "Min ST" in page and "SOSFS 2015:8" in page and "Hälsocentralen Brynäs" in page
    assert "Eva Lind" in page  # main supervisor
    assert "Föräldraledighet" in page and "Nej (förlänger ST)" in page
    assert "Medicinkliniken Gävle" in page and "Dr Nils Åberg" in page  # a rotation
    assert "Maria Falk" not in page  # another resident


def test_the_supervisor_sees_their_residents(demo):
    page = _home(demo, "supervisor-g1")
    assert "Mina ST-läkare" in page
    for name in ("Sara Holm", "Jonas Strand", "Maria Falk"):  # main, main, co-supervisor
        assert name in page
    assert "Amir Karimi" not in page


def test_the_director_sees_every_resident_of_the_region_only(demo):
    page = _home(demo, "director-v")
    # resident-v1 to -v3 and resident-v4, ready to apply (issue 13)
    assert "Alla ST-läkare i Region Västmanland" in page and "4 ST-läkare" in page
    for name in ("Amir Karimi", "Elin Vik", "Johan Ström"):
        assert name in page
    assert "Sara Holm" not in page


def test_the_director_searches_by_name_and_unit(demo):
    client = demo.client_for("director-g")
    page = client.get(reverse("home"), {"q": "holm"}).content.decode()
    assert "1 ST-läkare" in page and "Sara Holm" in page and "Jonas Strand" not in page
    unit = demo.training_of("resident-g3").home_unit
    page = client.get(reverse("home"), {"unit": unit.pk}).content.decode()
    assert "Maria Falk" in page and "Sara Holm" not in page
    page = client.get(reverse("home"), {"unit": "x'; drop", "page": "9999"}).content.decode()
    assert "4 ST-läkare" in page  # with resident-g4, ready to apply (issue 13)


def test_the_unit_head_sees_the_units_residents(demo):
    page = _home(demo, "unithead-g")
    assert "ST-läkare på min enhet" in page and "Hälsocentralen Brynäs" in page
    assert "Sara Holm" in page and "Jonas Strand" in page and "Maria Falk" not in page


def test_the_region_admin_gets_the_administration_links(demo):
    page = _home(demo, "admin-g")
    assert "Regionadministration" in page and "/admin/people/person/" in page
    assert "Sara Holm" not in page


def test_a_person_without_roles_is_told_what_to_do(demo):
    from stportal.people.models import Person

    Person.objects.create(username="newcomer")
    assert "ingen roll i ST-portalen" in _home(demo, "newcomer")
