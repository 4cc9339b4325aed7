"""Issue 12 item 10: rules cited in the user's language – the region's routine and section
("Gävleborgs rutin 5.1.2", "Västmanlands rutin: Schemalagd handledning"), the rule's wording on
demand, the R-code only as a small label (R8.4, R8.5, R1.1, R2.2, R5.3, R5.6 as examples)."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from stportal.routines.citations import _ref_sections, cite, cite_all, rule_catalogue
from stportal.routines.loader import load_profiles

ROOT = Path(__file__).resolve().parent.parent
PROFILES = load_profiles([ROOT / "stportal/routines/profiles"])
G, V = PROFILES["gavleborg"], PROFILES["vastmanland"]
BARE_CODE = re.compile(r'<span class="rule">\(R\d')


def test_the_routine_sections_come_from_the_profiles_refs():
    """R8.4 is in both routines: G 5.1.2, V "Schemalagd handledning" (profiles' `ref`)."""
    g, v = cite(G, "R8.4"), cite(V, "R8.4")
    assert (g.region, g.sections, g.numbered) == ("Gävleborgs", ("5.1.2",), True)
    assert (v.region, v.sections, v.numbered) == (
        "Västmanlands",
        ("Schemalagd handledning",),
        False,
    )
    assert g.wording.startswith("Scheduled supervision at least one hour a week")


def test_an_entry_citing_many_sections_is_narrowed_by_the_rule_catalogue():
    """G's education_account cites "G 4.1.6, 4.1.4, 5.1.7, 5.1.8" for R7.1–R7.3, R5.1, R5.2;
    R5.1 is G 4.1.4 (docs/rules.md), R5.3 (slutvärdering) G 5.1.8."""
    assert cite(G, "R5.1").sections == ("4.1.4",)
    assert cite(G, "R5.3").sections == ("5.1.8",)


def test_a_rule_the_regions_routine_does_not_state_is_not_pinned_on_it():
    """R8.5 (distance supervision) is Gävleborg's alone: Västmanland's citation has no section."""
    assert cite(G, "R8.5").sections == ("5.1.2",)
    assert cite(V, "R8.5").sections == ()
    assert cite(V, "R5.6").sections == ("År 5(6)",)  # the closing conversation (V År 5(6))


def test_refs_are_read_without_the_regions_letter():
    assert _ref_sections("G 4.1.1 (refers to SOSFS 2015:8 and HSLF-FS 2021:8)") == ["4.1.1"]
    assert _ref_sections("G 4.1.6, 4.1.4") == ["4.1.6", "4.1.4"]
    assert _ref_sections("V: Individuell utbildningsplan (IUP); År 1") == [
        "Individuell utbildningsplan (IUP); År 1"
    ]


def test_every_rule_of_the_catalogue_has_its_wording():
    catalogue = rule_catalogue()
    assert len(catalogue) >= 68 and all(text for _, text in catalogue.values())
    assert [c.code for c in cite_all(G, "R3.1, R3.3, R12.1, R3.1")] == ["R3.1", "R3.3", "R12.1"]


def _render(profile, codes, inline=False):
    source = "{% load st_units %}{% rule_ref codes profile inline=inline %}"
    return Template(source).render(Context({"codes": codes, "profile": profile, "inline": inline}))


@pytest.mark.parametrize(
    ("profile", "label"),
    [(G, "Gävleborgs rutin 5.1.2"), (V, "Västmanlands rutin: Schemalagd handledning")],
    ids=["G", "V"],
)
def test_the_partial_shows_routine_and_section_with_the_code_as_a_small_label(
    profile, label, settings
):
    settings.LANGUAGE_CODE = "sv"
    html = _render(profile, "R8.4")
    assert html.startswith('<details class="rule rule-ref"><summary>')
    assert f'{label} <small class="rule-code">R8.4</small></summary>' in html
    assert "Schemalagd handledning minst en timme i veckan" in html  # on demand, in Swedish
    inline = _render(profile, "R8.4", inline=True)
    assert "<details" not in inline and 'title="Schemalagd handledning minst' in inline


def test_without_a_region_the_code_alone():
    html = Template("{% load st_units %}{% rule_ref 'R8.4' %}").render(Context({}))
    assert html == '<span class="rule">(R8.4)</span>'


@pytest.mark.parametrize(
    ("username", "region"),
    [("resident-g3", "Gävleborgs rutin"), ("resident-v3", "Västmanlands rutin")],
    ids=["G", "V"],
)
def test_the_time_page_cites_the_regions_routine(demo, username, region):
    """A G and a V resident near the end: the findings on the time page cite their routine."""
    training = demo.training_of(username)
    page = demo.client_for(username).get(f"/trainings/{training.pk}/time/").content.decode()
    assert 'class="rule rule-ref"' in page and region in page
    assert not BARE_CODE.search(page)
    # The milestones table too: the IUP's rule (R2.2) by the routine's section.
    section = "rutin 4.1.1" if region.startswith("G") else "rutin: Startseminarium ST"
    assert f"{section}; " in page or f'{section} <small class="rule-code">R2.2</small>' in page


def test_the_supervision_page_cites_gavleborgs_routine_for_distance_supervision(demo):
    """R8.5 (G 5.1.2): the heading cites "Gävleborgs rutin 5.1.2" (inline, wording as title)."""
    training = demo.training_of("resident-g2")
    page = demo.client_for("resident-g2").get(f"/trainings/{training.pk}/portfolio/supervision/")
    html = page.content.decode()
    assert 'Gävleborgs rutin 5.1.2 <small class="rule-code">R8.5</small>' in html


def test_every_rules_wording_is_in_swedish(settings):
    """The wording on demand is Swedish for every rule of docs/rules.md (R3.1's "20 %" too)."""
    from django.utils import translation

    from stportal.web.templatetags.st_units import _wording

    with translation.override("sv"):
        english = [code for code, (_, text) in rule_catalogue().items() if _wording(text) == text]
        assert english == []
        assert _wording(rule_catalogue()["R3.1"][1]).startswith("Cirka 20 % av den totala tiden")
