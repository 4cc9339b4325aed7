"""Issue 12 item 16, the look: one status include (words, icon, colour) in the tables, the IUP's
compact summary with its delmål one line each (R2.2 coverage, R5.5 judged met), signature rows
that say whose turn it is (R2.3), dates that do not wrap. Worked examples in both regions, at the
suite's frozen DEMO_TODAY. The browser side (screenshots, phone width, axe) is
tests/browser/test_look_every_role.py."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from stportal.plans import services
from stportal.plans.views.plan import goal_state
from stportal.portfolio.models import GoalProgress
from stportal.rules.drafting import GoalCoverage

STATES = {
    "overdue": "Försenad",
    "due_soon": "Snart",
    "open": "Nu",
    "waiting_for_me": "Väntar på dig",
    "waiting_for_others": "Väntar på andra",
    "done": "Klar",
    "upcoming": "Kommande",
    "planned": "Planerad",
    "incomplete": "Ofullständigt",
    "nothing_planned": "Inget planerat",
    "met": "Bedömt uppfyllt",
}


def url(name, training, *args):
    return reverse(name, args=[training.pk, *args])


@pytest.mark.parametrize("state", STATES)
def test_the_status_include_renders_each_state_with_words_and_a_hidden_icon(state):
    """The words are always there (colour is not the only carrier); the icon is decoration."""
    with translation.override("sv"):
        shown = render_to_string("web/_status.html", {"state": state})
    assert f'class="badge badge-{state}"' in shown
    assert f'<span class="badge-text">{STATES[state]}</span>' in shown
    assert re.search(r'<svg class="badge-icon" aria-hidden="true" focusable="false"', shown)
    assert shown.count("<svg") == 1


def test_the_status_include_takes_other_words():
    with translation.override("sv"):
        shown = render_to_string("web/_status.html", {"state": "done", "label": "Gäller"})
    assert '<span class="badge-text">Gäller</span>' in shown and "Klar" not in shown


def test_the_states_of_a_delmål_r2_2_r5_5():
    """R5.5 judged met wins; otherwise R2.2 coverage: nothing planned, incomplete or planned."""
    assert goal_state(GoalCoverage("a1", 0, []), met=True) == "met"
    assert goal_state(GoalCoverage("a1", 0, []), met=False) == "nothing_planned"
    assert goal_state(GoalCoverage("a1", 2, [["rotation"]]), met=False) == "incomplete"
    assert goal_state(GoalCoverage("a1", 2, []), met=False) == "planned"
    assert goal_state(GoalCoverage("BT1", 0, [], planned_with="bt"), met=False) == "planned"


def _summary_numbers(page):
    planned = int(re.search(r'data-testid="summary-planned">(\d+)<', page).group(1))
    missing = int(re.search(r'data-testid="summary-missing">(\d+)<', page).group(1))
    return planned, missing


@pytest.mark.parametrize("username", ["resident-g2", "resident-v1"])
def test_the_iup_summary_counts_the_delmål_lines_r2_2(demo, username):
    """Both regions: the summary's counts are those of the one-line delmål below it; one delmål
    judged met by the supervisor (R5.5) shows as such and still counts as planned."""
    training = demo.training_of(username)
    client = demo.client_for(username)
    client.post(url("plans:plan_start", training, "training_plan"))
    page = client.get(url("plans:plan", training)).content.decode()
    states = re.findall(r'<article class="goal-row goal" id="goal-[^"]+" data-state="(\w+)"', page)
    assert states and page.count('<details class="goal">') == len(states)
    planned, missing = _summary_numbers(page)
    assert planned == states.count("planned") + states.count("met")
    assert missing == states.count("incomplete") + states.count("nothing_planned")
    assert planned + missing == len(states)
    assert 'href="#coverage-heading"' in page or missing == 0

    code = re.search(r'<article class="goal-row goal" id="goal-([^"]+)"', page).group(1)
    GoalProgress.objects.create(
        training=training, goal=code, status="met", judged_by=training.main_supervisor
    )
    page = client.get(url("plans:plan", training)).content.decode()
    assert f'id="goal-{code}" data-state="met"' in page
    assert "Bedömt uppfyllt" in page and "1 bedömt uppfyllt" in page
    assert _summary_numbers(page)[0] == planned + (states[0] != "planned" and states[0] != "met")


def test_the_pdf_of_the_plan_keeps_every_delmål_open(demo):
    """The page folds the delmål; the printed document (plan_pdf.html) shows them all."""
    from stportal.plans.views.plan import _plan_body

    training = demo.training_of("resident-g2")
    demo.client_for("resident-g2").post(url("plans:plan_start", training, "training_plan"))
    version = services.latest(training, "training_plan")
    with translation.override("sv"):
        html = render_to_string(
            "plans/plan_pdf.html",
            {"training": training, "version": version, **_plan_body(training, version)},
        )
    assert "<details" not in html and html.count('<article class="goal"') >= 10
    assert "Bedömningar som överenskommits i förväg" in html or "agreed" not in html


def test_signature_rows_say_whose_turn_it_is_r2_3(demo):
    """R2.3 (G: four sign-offs, "ST-läkare, handledare, verksamhetschef [...] och studierektor"):
    in the demo resident-g3's plan waits for the unit head at Hudiksvall alone. That unit head
    sees the row as waiting for them (filled); the director, who has signed, sees it as waiting
    for others (dashed), and the signed rows as done."""
    training = demo.training_of("resident-g3")

    def signing(username):
        page = demo.client_for(username).get(url("plans:plan", training)).content.decode()
        return page.split('id="signing"')[1].split("</section>")[0]

    unit_head = signing("unithead-g2")
    assert "badge-waiting_for_me" in unit_head and "Väntar på din signatur" in unit_head
    assert "badge-waiting_for_others" not in unit_head
    director = signing("director-g")
    assert "badge-waiting_for_me" not in director
    assert "badge-waiting_for_others" in director and "Inte signerad ännu" in director
    assert director.count('class="badge badge-done"') == 3


@pytest.mark.parametrize("username", ["director-g", "director-v"])
def test_the_directors_list_shows_the_state_of_what_is_to_do(demo, username):
    """Both regions: each count of things to do has its state beside it, and start dates do not
    wrap; the table scrolls in a labelled region."""
    page = demo.client_for(username).get("/").content.decode()
    table = page.split('id="director-heading"')[1]
    assert 'class="table-wrap" tabindex="0" role="region"' in table
    counts = re.findall(r'<td class="todo"><a href="[^"]+">\d+<span', table)
    assert counts
    assert table.count('class="badge badge-overdue"') + table.count(
        'class="badge badge-due_soon"'
    ) == len(counts)
    assert '<td class="date">' in table


@pytest.mark.parametrize("username", ["resident-g1", "resident-v1"])
def test_the_milestones_table_has_states_and_unbroken_dates(demo, username):
    training = demo.training_of(username)
    page = demo.client_for(username).get(url("training:time", training)).content.decode()
    table = page.split('id="milestones-heading"')[1].split("</section>")[0]
    assert 'role="region" aria-labelledby="milestones-heading"' in table
    assert table.count('<span class="badge badge-') == table.count("<tr>") - 1
    assert re.search(r'<time class="date" datetime="\d{4}-\d\d-\d\d">', table)
