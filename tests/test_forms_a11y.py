"""Issue 12 item 14: a field's help and errors are tied to it for screen readers. The shared field
partial (web/_field.html) gives the help and the error the ids Django's aria-describedby names
(`<id>_helptext`, `<id>_error`; before, the help was `<id>_help`, an id nothing named), the
input aria-invalid on an error, and a group of radios or checkboxes a fieldset with a legend.
Also the favicon."""

import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse


class Elements(HTMLParser):
    """Every start tag's attributes, and the ids of the document."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    @property
    def ids(self) -> set[str]:
        return {attrs["id"] for _tag, attrs in self.tags if "id" in attrs}

    def described(self) -> list[tuple[str, dict[str, str]]]:
        return [(tag, attrs) for tag, attrs in self.tags if "aria-describedby" in attrs]

    def by_id(self, element_id: str) -> tuple[str, dict[str, str]]:
        return next((t, a) for t, a in self.tags if a.get("id") == element_id)


def dangling_descriptions(html: str) -> list[str]:
    """The ids that an aria-describedby names and no element has."""
    page = Elements(html)
    named = [i for _t, a in page.described() for i in a["aria-describedby"].split()]
    return [i for i in named if i not in page.ids]


class ExampleForm(forms.Form):
    week = forms.DateField(label="Vecka", help_text="Valfri dag i veckan.")
    minutes = forms.IntegerField(label="Minuter")
    kind = forms.ChoiceField(
        label="Slag",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        help_text="Välj ett.",
    )
    goals = forms.MultipleChoiceField(
        label="Delmål",
        choices=[("a1", "a1"), ("a2", "a2")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _rendered(form: forms.Form) -> str:
    return render_to_string("web/_form.html", {"form": form})


def test_help_and_errors_are_named_by_their_field():
    """Item 14's reproduced case: a field with help and an error."""
    form = ExampleForm({"week": "inte ett datum", "minutes": "", "kind": "x"})
    assert not form.is_valid()
    html = _rendered(form)
    assert dangling_descriptions(html) == []
    page = Elements(html)
    _tag, week = page.by_id("id_week")
    assert week["aria-describedby"].split() == ["id_week_helptext", "id_week_error"]
    assert week["aria-invalid"] == "true"
    assert page.by_id("id_week_helptext")[0] == "div"
    assert page.by_id("id_week_error")[0] == "p"
    _tag, minutes = page.by_id("id_minutes")
    assert minutes["aria-describedby"] == "id_minutes_error" and minutes["aria-invalid"] == "true"
    assert 'for="id_week"' in html


def test_a_group_of_choices_is_a_fieldset_described_by_its_help_and_error():
    form = ExampleForm({"week": "2026-11-16", "minutes": "60", "kind": "x"})
    assert not form.is_valid()
    html = _rendered(form)
    assert dangling_descriptions(html) == []
    page = Elements(html)
    fieldsets = [a for t, a in page.tags if t == "fieldset"]
    assert {
        "aria-describedby": "id_kind_helptext id_kind_error",
        "class": "field field-invalid",
    } in (fieldsets)
    assert html.count("<legend>") == 2  # kind and goals: no label pointing at nothing
    assert 'for=""' not in html


def test_a_valid_field_is_not_marked_invalid():
    form = ExampleForm(initial={"week": "2026-11-16"})
    html = _rendered(form)
    assert "aria-invalid" not in html
    assert dangling_descriptions(html) == []
    assert Elements(html).by_id("id_week")[1]["aria-describedby"] == "id_week_helptext"


@pytest.mark.parametrize(
    ("username", "name", "data"),
    [
        ("resident-g1", "portfolio:study_time", {"week": "", "minutes": "x"}),
        ("resident-v1", "portfolio:supervision", {"held_on": "", "minutes": "0"}),
        ("resident-g2", "portfolio:courses", {"name": "", "from_date": "x"}),
    ],
)
def test_the_portfolio_forms_name_only_ids_that_exist(demo, username, name, data):
    """Real pages, G and V, shown and after a post with errors."""
    client = demo.client_for(username)
    url = reverse(name, args=[demo.training_of(username).pk])
    shown = client.get(url).content.decode()
    assert dangling_descriptions(shown) == []
    refused = client.post(url, data).content.decode()
    assert 'aria-invalid="true"' in refused
    assert dangling_descriptions(refused) == []


def test_the_favicon_is_named_and_served(demo, client):
    """Item 14: a favicon, linked from every page of the site and at /favicon.ico for the
    admin's pages, which do not name one."""
    login = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/stportal/favicon.svg" type="image/svg+xml">' in login
    icon = client.get("/static/stportal/favicon.svg")
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 302 and redirect.url == "/static/stportal/favicon.svg"


def test_a_help_text_with_a_list_stays_inside_the_described_element(demo):
    """The password rules are a list: inside a p the browser would end the p before the list,
    and the described element would be empty."""
    page = demo.client_for("resident-g1").get(reverse("password_change")).content.decode()
    assert dangling_descriptions(page) == []
    assert re.search(r'<div class="help" id="id_new_password1_helptext"><ul>', page)
