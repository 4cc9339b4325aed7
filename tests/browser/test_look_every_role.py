"""Issue 12 item 16, the look, walked by every role of the demo in both regions: the home page
and one resident's main pages (time, IUP, portfolio) at desktop (1280 px) and phone (390 px)
width. Each is saved as test-artifacts/look-<role>-<page>-<width>.png, no date wraps on the phone,
axe finds no serious or critical WCAG 2.1 AA violation, and the IUP with its delmål folded to one
line each (R2.2) stays below a bound set from measuring it (see IUP_BOUND)."""

import pytest
from django.test import Client
from django.urls import reverse

from stportal.people.models import Person
from tests.browser.conftest import ARTIFACTS, screenshot, serious_violations

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 390}
# Measured with the demo's drafted plans (resident-g1, G; resident-v1, V): folded about 3 970 px
# on a desktop and 7 600 on a phone; with every delmål, the courses and the year plan open
# 9 200-9 700 and 17 500-19 700 (the issue saw 5 900 and 14 300 on a shorter page; see
# test_the_folded_iup_is_much_shorter_than_the_open_one). The bounds leave some room.
IUP_BOUND = {"desktop": 4600, "phone": 8600}

# (role, the resident whose pages they open: their own, or one they work with; None: home only)
ROLES = [
    ("resident-g1", "resident-g1"),
    ("resident-v1", "resident-v1"),
    ("supervisor-g1", "resident-g1"),  # main supervisor
    ("supervisor-g2", "resident-g1"),  # co-supervisor
    ("supervisor-v1", "resident-v1"),
    ("unithead-g", "resident-g1"),
    ("unithead-v", "resident-v1"),
    ("director-g", "resident-g3"),
    ("director-v", "resident-v1"),
    ("medadviser-g", "resident-g3"),
    ("admin-g", None),
    ("admin-v", None),
]

# Every fold of the IUP opened: what the page showed before issue 12 item 16.
OPEN_ALL = (
    "document.querySelectorAll('main details.goal, main details.fold').forEach(d => d.open = true)"
)

# The lines each date spans: a date's text must sit on one line (distinct tops of its text boxes).
WRAPPED_DATES = """() => [...document.querySelectorAll('main .date, main time')]
  .filter(e => e.getClientRects().length > 0)
  .map(e => { const r = document.createRange(); r.selectNodeContents(e);
              const tops = new Set([...r.getClientRects()].filter(b => b.width > 0)
                                   .map(b => Math.round(b.top)));
              return [e.textContent.trim(), tops.size]; })
  .filter(([text, lines]) => text && lines > 1)"""


def _pages(resident: str | None) -> dict[str, str]:
    pages = {"home": "/"}
    if resident:
        training = Person.objects.get(username=resident).training
        pages |= {
            "time": reverse("training:time", args=[training.pk]),
            "iup": reverse("plans:plan", args=[training.pk]),
            "portfolio": reverse("portfolio:portfolio", args=[training.pk]),
        }
    return pages


def _draft_plans() -> None:
    """The demo's first-year residents have no IUP yet: each drafts it (as on the page)."""
    for username in ("resident-g1", "resident-v1"):
        client = Client()
        person = Person.objects.get(username=username)
        client.force_login(person)
        training = person.training
        client.post(reverse("plans:plan_start", args=[training.pk, "training_plan"]))


@pytest.mark.parametrize(("role", "resident"), ROLES)
def test_every_role_at_desktop_and_phone_width(open_as, role, resident):
    """Screenshots of each role's pages at both widths; dates on one line on the phone; axe."""
    _draft_plans()
    page = open_as(role)
    problems = []
    for name, path in _pages(resident).items():
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response is not None
            if response.status in (403, 404) and name != "home":
                continue  # a page this role may not open (the medical adviser's IUP)
            assert response.status == 200, (role, path)
            screenshot(page, f"look-{role}-{name}-{width}")
            if width_name == "phone":
                wrapped = page.evaluate(WRAPPED_DATES)
                assert wrapped == [], (role, name, wrapped)
            violations = serious_violations(page)
            if violations:
                problems.append((name, width, violations))
            if name == "iup" and page.locator("details.goal").count():
                height = page.evaluate("document.body.scrollHeight")
                assert height < IUP_BOUND[width_name], (role, width, height)
    assert problems == []
    assert (ARTIFACTS / f"look-{role}-home-390.png").exists()


@pytest.mark.parametrize("resident", ["resident-g1", "resident-v1"])
def test_the_folded_iup_is_much_shorter_than_the_open_one(open_as, resident):
    """R2.2, both regions: the IUP with every delmål one line, then with all opened (what the
    page showed before: every delmål in full); the folded one is less than half as long on a
    phone. The figures are printed for the note (pytest -s)."""
    _draft_plans()
    page = open_as(resident)
    path = _pages(resident)["iup"]
    for width_name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        folded = page.evaluate("document.body.scrollHeight")
        screenshot(page, f"look-{resident}-iup-folded-{width}")
        page.evaluate(OPEN_ALL)
        opened = page.evaluate("document.body.scrollHeight")
        screenshot(page, f"look-{resident}-iup-open-{width}")
        print(f"IUP {resident} {width_name} {width}px: folded {folded} px, open {opened} px")
        assert folded < IUP_BOUND[width_name] and folded * 2 < opened
    # Open on demand: a delmål's line opens with the keyboard and shows its activities.
    page.goto(path)
    summary = page.locator("details.goal > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.goal").first.get_attribute("open") is not None
    assert page.locator("details.goal .goal-body").first.is_visible()
