"""Issue 12 items 10 and 13, the last words: R-codes only as a secondary label, never inside a
Swedish sentence (R8.4, R8.5, R9.4, R5.5 … cited as "Gävleborgs rutin 5.1.2" by web/_rule.html),
and no English assessment method names (R9.1: G 5.1.4 "på förhand kända och överenskomna
metoder"; V "Bedömning med feedback")."""

import re
from pathlib import Path

import pytest

from stportal.routines.loader import load_profiles

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "stportal/locale/sv/LC_MESSAGES/django.po"
PROFILES = load_profiles([ROOT / "stportal/routines/profiles"])
R_CODE = re.compile(r"\bR\d{1,2}\.\d{1,2}\b")
# A bare "(R8.5)" beside a text, where the region's routine should be cited (web/_rule.html).
BARE_CODE = re.compile(r'<span class="rule">\(R\d|\(R\d{1,2}\.\d{1,2}[,)]')
# English words that gave the Gävleborg methods away before (issue 12 item 13).
ENGLISH = re.compile(r"\b(case|based|discussion|review|assessment|observed|procedural)\b", re.I)


def _msgstrs(text: str) -> list[str]:
    """Every msgstr of the catalogue, its continued lines joined."""
    found = []
    for block in re.finditer(r'^msgstr(?:\[\d\])? ((?:"(?:[^"\\]|\\.)*"\n?)+)', text, re.M):
        found.append("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block.group(1))))
    return found


def test_no_swedish_text_carries_an_r_code():
    """Item 10: no msgstr cites a rule by its R-code; the routine and section are shown beside the
    text by {% rule_ref %} (the R-code a small label there), or the text says it in words."""
    texts = _msgstrs(CATALOGUE.read_text(encoding="utf-8"))
    assert len(texts) > 1000
    assert [t for t in texts if R_CODE.search(t)] == []


def test_the_check_catches_a_code_in_a_sentence():
    sample = 'msgid "x"\nmsgstr ""\n"Minst 60 minuter i veckan "\n"(R8.4)."\n'
    assert [t for t in _msgstrs(sample) if R_CODE.search(t)] == [
        "Minst 60 minuter i veckan (R8.4)."
    ]


@pytest.mark.parametrize("region", ["gavleborg", "vastmanland"], ids=["G", "V"])
def test_the_methods_have_swedish_names(region):
    """Item 13, R9.1: every method is named in Swedish; an established abbreviation is kept in
    parentheses ("Fallbaserad diskussion (CbD)")."""
    names = PROFILES[region].assessments.method_names()
    assert names and not [n for n in names.values() if ENGLISH.search(n)]


def test_gavleborgs_methods_as_a_swedish_st_lakare_reads_them():
    """G 5.1.4 names no methods ("på förhand kända och överenskomna metoder"): ours, assumed."""
    g = PROFILES["gavleborg"].assessments
    assert g.method_names() == {
        "sit_in": "Medsittning",
        "mini_cex": "Mini-CEX (strukturerad observation)",
        "cbd": "Fallbaserad diskussion (CbD)",
        "dops": "DOPS (observation av procedur)",
        "assessment_360": "360-gradersbedömning",
        "record_review": "Journalgenomgång",
    }
    assert "methods" in g.assumed


def test_vastmanlands_methods_keep_the_routines_words():
    """V: "Medsittning/Sit-in 4–6 gånger/år", "Bedömning 360 grader alt ST-kollegium",
    "Journalgenomgång några gånger/månad", "Föreläsning med feedback" (the routine's words)."""
    assert list(PROFILES["vastmanland"].assessments.method_names().values()) == [
        "Medsittning/sit-in",
        "360-gradersbedömning",
        "ST-kollegium",
        "Journalgenomgång",
        "Föreläsning med feedback",
    ]


HOME_ACCOUNTS = [
    "resident-g1",
    "resident-g2",
    "supervisor-g1",
    "supervisor-g2",
    "unithead-g",
    "unithead-g2",
    "director-g",
    "medadviser-g",
    "resident-v1",
    "resident-v3",
    "supervisor-v1",
    "unithead-v",
    "director-v",
]


@pytest.mark.parametrize("username", HOME_ACCOUNTS)
def test_home_pages_show_no_bare_r_code(demo, username):
    """Item 10 on every role's start page (both regions): the tasks' rules (R8.6, R9.1, R9.4,
    R5.5, R8.5 …) are cited by the region's routine, the R-code only as its small label."""
    page = demo.client_for(username).get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not BARE_CODE.search(html), BARE_CODE.search(html)


def test_a_residents_tasks_cite_the_routine(demo):
    """G: Jonas Strand's own tasks carry "Gävleborgs rutin …" with the code as a small label."""
    html = demo.client_for("resident-g2").get("/").content.decode()
    assert re.search(r'Gävleborgs rutin [\d., ]+ <small class="rule-code">R\d', html)


def test_the_medical_advisers_heading_cites_gavleborgs_routine(demo):
    """R8.5 (G 5.1.2 "distanshandledning … godkännas"): the adviser's start page cites
    "Gävleborgs rutin 5.1.2" beside the heading, not "(R8.5)"."""
    html = demo.client_for("medadviser-g").get("/").content.decode()
    assert "Att godkänna" in html or "distans" in html
    assert "(R8.5)" not in html


@pytest.mark.parametrize(
    ("username", "region"),
    [("resident-g3", "Gävleborgs rutin"), ("resident-v3", "Västmanlands rutin")],
    ids=["G", "V"],
)
def test_the_portfolio_cites_readiness_by_the_routine(demo, username, region):
    """R5.5 (application for the specialist certificate): the heading carries the routine's
    label; the sentences ("Inte än. Saknas:") no code."""
    training = demo.training_of(username)
    html = demo.client_for(username).get(f"/trainings/{training.pk}/portfolio/").content.decode()
    assert '<small class="rule-code">R5.5</small>' in html
    assert region in html or "Socialstyrelsens" in html
    assert "(R5.5)" not in html


@pytest.mark.parametrize("username", ["resident-g2", "resident-v1"], ids=["G", "V"])
@pytest.mark.parametrize(
    "page",
    [
        "portfolio/supervision/",  # R8.4 "minst … minuter i veckan", R8.5
        "portfolio/works/written_work/",  # R4.3, R4.4
        "portfolio/works/quality_work/",
        "portfolio/annual/1/",  # R9.3, R9.4, R2.6 "Senast …"
        "agreement/",  # R2.7
    ],
)
def test_a_residents_pages_show_no_bare_r_code(demo, username, page):
    """Item 10 on the pages whose sentences carried an R-code: the code is gone from the
    sentence; where a rule is cited, it is by the region's routine with the code as a label."""
    training = demo.training_of(username)
    response = demo.client_for(username).get(f"/trainings/{training.pk}/{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert not BARE_CODE.search(html), BARE_CODE.search(html)
