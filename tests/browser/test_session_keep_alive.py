"""The keep-alive in the browser (issue 10, review finding 9), with the page's clock run forward:
a form with unsaved changes renews the session every few minutes, an untouched page does not,
and a session that has ended anyway shows the warning to copy the text. All under the site's
CSP, which the browser enforces."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stportal.training.models import Training

pytestmark = pytest.mark.browser
KEEP_ALIVE = "/session/keep-alive/"


def _annual_report_page(open_as):
    page = open_as("resident-g2")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    pings = []
    page.on("request", lambda request: pings.append(request) if KEEP_ALIVE in request.url else None)
    page.clock.install()
    training = Training.objects.get(resident__username="resident-g2")
    page.goto(reverse("portfolio:annual_review", args=[training.pk, 1]))
    return page, pings, violations


def test_a_form_being_written_in_keeps_the_session_alive(open_as):
    page, pings, violations = _annual_report_page(open_as)
    page.clock.run_for("10:00")
    assert pings == []  # nothing written: the idle timeout runs as before
    page.locator('textarea[name="resident_report-text"]').fill("Året har gått bra.")
    with page.expect_response(lambda response: KEEP_ALIVE in response.url) as answer:
        page.clock.run_for("04:01")
    assert answer.value.status == 204
    assert violations == []


def test_a_session_that_ended_anyway_shows_the_warning(open_as):
    page, _, violations = _annual_report_page(open_as)
    page.locator('textarea[name="resident_report-text"]').fill("Året har gått bra.")
    expect(page.locator("#session-ended")).to_be_hidden()
    page.context.clear_cookies()  # logged out meanwhile, as after the idle timeout
    with page.expect_response(lambda response: KEEP_ALIVE in response.url):
        page.clock.run_for("04:01")
    expect(page.locator("#session-ended")).to_be_visible()
    expect(page.locator("#session-ended")).to_contain_text("Din inloggning har upphört")
    assert violations == []
