"""Issue 12 items 2, 14 and 15 in the browser: the password pages are the product's own (the
header's "Byt lösenord", the login page's "Glömt lösenordet?"), a reset by the e-mailed link;
the admin's history pages within the content security policy, its date widget in Swedish; a
course not yet taken refused with the message on its field."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from stportal.people.models import Person
from tests.browser.conftest import log_in, screenshot, serious_violations
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Kaffekopp-blå-2027"


def _csp_refusals(page: Page) -> list[str]:
    """Every message the browser logs when the content security policy refuses something."""
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refusals


def test_change_password_log_out_and_in_with_the_new_one(page):
    """Item 2: the header's "Byt lösenord" opens the product's page, in its layout; the new
    password is the one that logs in afterwards."""
    log_in(page, "supervisor-v1")
    page.get_by_role("navigation").get_by_role("link", name="Byt lösenord").click()
    expect(page).to_have_url(re.compile(r"/password/$"))
    expect(page).to_have_title("Byt lösenord – ST-portalen")
    expect(page.get_by_role("link", name="ST-portalen", exact=True)).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Gammalt lösenord").fill("st-demo-2026")
    page.get_by_label("Nytt lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill("något annat")
    page.get_by_role("button", name="Byt lösenord").click()
    # The error is tied to its field for a screen reader (item 14).
    confirmation = page.get_by_label("Bekräfta nytt lösenord")
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(confirmation).to_have_accessible_description(re.compile("De två lösenordsfälten"))
    assert serious_violations(page) == []
    page.get_by_label("Gammalt lösenord").fill("st-demo-2026")
    page.get_by_label("Nytt lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Byt lösenord").click()
    expect(page.get_by_role("heading", name="Lösenordet är bytt")).to_be_visible()
    screenshot(page, "password-changed")
    page.get_by_role("button", name=re.compile("Logga ut")).click()
    log_in(page, "supervisor-v1", "st-demo-2026")
    expect(page.get_by_role("alert")).to_contain_text("korrekt användarnamn och lösenord")
    log_in(page, "supervisor-v1", NEW_PASSWORD)
    expect(page.get_by_role("button", name=re.compile("Logga ut"))).to_be_visible()


def test_forgotten_password_by_the_e_mailed_link(page):
    """Item 2 (issue 18 item 2): "Glömt lösenordet?" on the login page, a Swedish e-mail with a
    link that sets a new password once; then the new password logs in."""
    person = Person.objects.get(username="resident-g1")
    mail.outbox.clear()
    page.goto("/login/")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    expect(page.get_by_role("heading", name="Glömt lösenord")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("E-postadress").fill(person.email)
    page.get_by_role("button", name="Skicka länken").click()
    expect(page.get_by_role("heading", name="Kontrollera din e-post")).to_be_visible()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Nytt lösenord" in message.subject
    link = re.search(r"https?://\S+/password/reset/\S+/", message.body)
    assert link, message.body
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Välj ett nytt lösenord")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Nytt lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara det nya lösenordet").click()
    expect(page.get_by_role("heading", name="Lösenordet är bytt")).to_be_visible()
    # Not logged in by the link: the new password is tried on the login page.
    expect(page.get_by_role("button", name=re.compile("Logga ut"))).to_have_count(0)
    page.goto(link.group(0))
    expect(page.locator("main")).to_contain_text("Länken fungerar inte")
    log_in(page, "resident-g1", NEW_PASSWORD)
    expect(page.get_by_role("button", name=re.compile("Logga ut"))).to_be_visible()


def test_the_admin_history_pages_keep_the_content_security_policy(open_as):
    """Item 14: a region admin's history pages load nothing the policy refuses."""
    training = Person.objects.get(username="resident-g1").training
    page = open_as("admin-g")
    refusals = _csp_refusals(page)
    for path in (
        f"/admin/training/training/{training.pk}/history/",
        f"/admin/people/person/{training.resident_id}/history/",
    ):
        page.goto(path)
        expect(page.locator("#change-history")).to_be_visible()
    assert refusals == []


def test_the_admin_date_widget_is_swedish(open_as):
    """Item 14: the admin's calendar, and what a screen reader reads of it, in Swedish: Django's
    Swedish catalogue lacks "Today (%(date)s)" and the like (the browser's own clock gives the
    date, so only its form is checked)."""
    training = Person.objects.get(username="resident-g1").training
    page = open_as("admin-g")
    refusals = _csp_refusals(page)
    page.goto(f"/admin/training/training/{training.pk}/change/")
    shortcuts = page.locator(".datetimeshortcuts").first
    today = shortcuts.get_by_role("button", name=re.compile(r"^I dag \(\d{1,2} [a-zåäö]+ \d{4}\)$"))
    expect(today).to_have_text("I dag")
    shortcuts.locator("button[id^=calendarlink]").click()
    calendar = page.locator("#calendarbox0")
    expect(calendar).to_be_visible()
    expect(calendar.locator("caption")).to_have_text(re.compile(rf"^({'|'.join(MONTHS)}) \d{{4}}$"))
    expect(calendar.locator(".calendarnav-previous")).to_have_attribute(
        "aria-label", re.compile(rf"^Föregående \(({'|'.join(MONTHS)}) \d{{4}}\)$")
    )
    expect(calendar).to_contain_text("Avbryt")
    assert refusals == []


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti")
MONTHS += ("september", "oktober", "november", "december")


@pytest.mark.parametrize("username", ["resident-g2", "resident-v2"])
def test_a_course_not_yet_taken_is_refused_on_its_field(open_as, username):
    """Item 15 (R9.5): a course is recorded once taken; the refusal is read with its field
    (item 14)."""
    training = Person.objects.get(username=username).training
    page = open_as(username)
    page.goto(f"/trainings/{training.pk}/portfolio/courses/")
    page.get_by_label("Kurs", exact=True).fill("Akutkurs")
    later = DEMO_TODAY + timedelta(days=30)
    page.get_by_label("Från", exact=True).fill(later.isoformat())
    page.get_by_label("Till och med").fill((later + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Spara kursen").click()
    last_day = page.get_by_label("Till och med")
    expect(last_day).to_have_attribute("aria-invalid", "true")
    expect(last_day).to_have_accessible_description(
        re.compile("En kurs registreras när den är genomförd")
    )
    assert serious_violations(page) == []
