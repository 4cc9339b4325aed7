"""Issue 10, review findings 7, 9 and 10, each attack performed and refused: login throttling
that a sprayer behind a hospital's NAT, a host rotating IPv6 addresses, a proxy writing ports
and a guesser spread over many addresses cannot exploit; a long text written for longer than
the idle timeout is not lost on saving; an oversized API request answers the API's JSON."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from stportal.api import ErrorOut
from stportal.login_throttle import LoginThrottleHandler, client_address
from stportal.middleware import max_request_bytes
from stportal.portfolio.models import AnnualReview

PASSWORD = "st-demo-2026"
PROXY = "10.0.0.1"
HOSPITAL_NAT = "198.51.100.7"  # every computer of a hospital, as the internet sees them
HOME = "192.0.2.44"


def _login(username, password="fel-losen", address=HOSPITAL_NAT, **meta):
    return Client(REMOTE_ADDR=address, **meta).post(
        reverse("login"), {"username": username, "password": password}
    )


def _spray(settings, address=HOSPITAL_NAT):
    """One guess each for as many made-up usernames as lock an address (the last guess is
    refused): no username reaches its own limit."""
    for n in range(settings.STPORTAL_LOGIN_SPRAY_LIMIT):
        _login(f"lakare{n}", "Sommar2026!", address)
    assert _login("lakare-x", "Sommar2026!", address).status_code == 429


# --- Finding 7: a sprayer behind a NAT does not lock out the people who work there --------------


def test_a_sprayer_behind_the_hospitals_nat_does_not_lock_out_who_logs_in_there(demo, settings):
    assert _login("resident-g1", PASSWORD).status_code == 302  # the resident's usual place
    _spray(settings)
    assert _login("resident-g1", PASSWORD).status_code == 302
    # Someone who has not logged in there lately is stopped there as the sprayer is ...
    assert _login("resident-g2", PASSWORD).status_code == 429
    # ... and logs in anywhere else.
    assert _login("resident-g2", PASSWORD, HOME).status_code == 302


def test_the_sprayer_gets_no_more_guesses_against_those_users_than_before(demo, settings):
    assert _login("resident-g1", PASSWORD).status_code == 302
    _spray(settings)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("resident-g1")
    assert _login("resident-g1", PASSWORD).status_code == 429


def test_an_address_is_known_for_a_month_after_the_last_login_from_it(demo, settings):
    known_for = timedelta(days=settings.STPORTAL_LOGIN_KNOWN_ADDRESS_DAYS)
    with time_machine.travel(timezone.now() - known_for - timedelta(hours=1), tick=False):
        assert _login("resident-g1", PASSWORD).status_code == 302
    _spray(settings)
    assert _login("resident-g1", PASSWORD).status_code == 429


# --- Finding 7: IPv6 clients are keyed on their /64, and ports are stripped -------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (1, PROXY, "203.0.113.9:51234", "203.0.113.9"),
        (1, PROXY, "[2001:db8::1]:443", "2001:db8::"),
        (1, PROXY, "[2001:db8::1]", "2001:db8::"),
        (1, PROXY, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        (1, PROXY, "::ffff:203.0.113.9", "203.0.113.9"),
        (1, PROXY, "proxy.example:80", PROXY),
        (1, PROXY, "[not-an-address]:443", PROXY),
        (0, "2001:db8:0:7::42", "203.0.113.9", "2001:db8:0:7::"),
        (1, "2001:db8:ffff::1", "", "2001:db8:ffff::"),
    ],
)
def test_the_client_address_has_no_port_and_an_ipv6_client_is_its_64(
    settings, proxies, remote, forwarded, expected
):
    settings.STPORTAL_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/login/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_a_host_rotating_its_ipv6_addresses_gets_no_more_guesses(demo, settings):
    for n in range(1, 51):
        _login("resident-g3", f"gissning-{n}", f"2001:db8::{n:x}")
    assert _login("resident-g3", PASSWORD, "2001:db8::ffff").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"2001:db8::"}
    # The next network over is someone else.
    assert _login("resident-g3", PASSWORD, "2001:db8:0:1::1").status_code == 302


def test_a_proxy_that_writes_ports_does_not_make_every_login_the_proxys(demo, settings):
    settings.STPORTAL_TRUSTED_PROXY_COUNT = 1
    for port in range(40000, 40000 + settings.AXES_FAILURE_LIMIT):
        _login("resident-g1", address=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.66:{port}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    # The stranger's failures locked the stranger, not everyone behind the proxy.
    ok = _login("resident-g1", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20:51234")
    assert ok.status_code == 302


# --- Finding 7: one username guessed from many addresses ----------------------------------------


def _guess_from_many_addresses(settings, username="resident-g1"):
    for n in range(settings.STPORTAL_LOGIN_ACCOUNT_LIMIT):
        assert _login(username, f"gissning-{n}", f"203.0.113.{n + 1}").status_code == 200


def test_guessing_one_username_from_many_addresses_is_stopped(demo, settings):
    _guess_from_many_addresses(settings)
    assert _login("resident-g1", PASSWORD, "203.0.113.200").status_code == 429
    assert _login("resident-g1", PASSWORD, HOME).status_code == 429


def test_the_real_user_still_logs_in_from_where_they_did_before(demo, settings):
    assert _login("resident-g1", PASSWORD, HOME).status_code == 302
    _guess_from_many_addresses(settings)
    assert _login("resident-g1", PASSWORD, HOME).status_code == 302
    # Other users are not affected anywhere.
    assert _login("resident-g2", PASSWORD, "203.0.113.200").status_code == 302


def test_the_lock_of_a_username_ends_after_its_window_or_with_an_administrators_reset(
    demo, settings
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _guess_from_many_addresses(settings)
        assert _login("resident-g1", PASSWORD, HOME).status_code == 429
        call_command("axes_reset_username", "resident-g1", stdout=None)
        assert _login("resident-g1", PASSWORD, HOME).status_code == 302
        _guess_from_many_addresses(settings, "resident-g3")
        call_command("axes_reset", stdout=None)  # everyone's locks
        assert _login("resident-g3", PASSWORD, HOME).status_code == 302
        _guess_from_many_addresses(settings, "resident-g2")
        clock.shift(settings.STPORTAL_LOGIN_ACCOUNT_WINDOW - timedelta(minutes=1))
        assert _login("resident-g2", PASSWORD, HOME).status_code == 429
        clock.shift(timedelta(minutes=2))
        assert _login("resident-g2", PASSWORD, HOME).status_code == 302


def test_knocking_on_at_a_locked_address_does_not_lock_the_username_everywhere(demo, settings):
    """Refused tries test no password: a stranger at one address cannot cheaply push the
    username into its lock across addresses."""
    for _ in range(settings.STPORTAL_LOGIN_ACCOUNT_LIMIT + 10):
        _login("resident-g1", address="203.0.113.66")
    assert _login("resident-g1", PASSWORD, "203.0.113.66").status_code == 429
    assert _login("resident-g1", PASSWORD, HOME).status_code == 302


def test_the_failure_log_keeps_a_usernames_newest_failures(demo, settings):
    """A guesser past the log's per-username limit must stay counted: the oldest rows go."""
    settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 3
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(5):
            clock.shift(timedelta(minutes=1))
            AccessFailureLog.objects.create(username="resident-g1", ip_address=f"192.0.2.{n}")
        LoginThrottleHandler().remove_out_of_limit_failure_logs(username="resident-g1")
    kept = AccessFailureLog.objects.filter(username="resident-g1")
    assert sorted(kept.values_list("ip_address", flat=True)) == [
        "192.0.2.2",
        "192.0.2.3",
        "192.0.2.4",
    ]


# --- Finding 9: writing for longer than the idle timeout ---------------------------------------

KEEP_ALIVE = "/session/keep-alive/"


def test_the_keep_alive_address_answers_a_session_and_sends_anyone_else_to_log_in(demo):
    assert reverse("keep_alive") == KEEP_ALIVE
    response = demo.client_for("resident-g2").get(KEEP_ALIVE)
    assert response.status_code == 204 and response.content == b""
    assert "no-store" in response["Cache-Control"]
    anonymous = Client().get(KEEP_ALIVE)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    assert demo.client_for("resident-g2").post(KEEP_ALIVE).status_code == 405


def test_a_text_written_for_longer_than_the_idle_timeout_is_saved(demo, settings):
    """The resident writes the annual report for 40 minutes; the page pings while the form has
    unsaved changes, and the POST at the end is saved instead of landing on the login page."""
    training = demo.training_of("resident-g2")
    page = reverse("portfolio:annual_review", args=[training.pk, 1])
    part = reverse("portfolio:annual_review_part", args=[training.pk, 1, "resident_report"])
    idle = timedelta(minutes=settings.STPORTAL_SESSION_IDLE_MINUTES)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = demo.client_for("resident-g2")
        assert client.get(page).status_code == 200
        written = timedelta()
        while written <= idle + timedelta(minutes=10):
            clock.shift(timedelta(minutes=4))
            written += timedelta(minutes=4)
            assert client.get(KEEP_ALIVE).status_code == 204
        text = "Året har gått bra. " * 200
        response = client.post(part, {"resident_report-text": text})
    assert response.status_code == 302 and not response.url.startswith(reverse("login"))
    assert AnnualReview.objects.get(training=training, year=1).resident_report == text.strip()


def _script_tags(html):
    return re.findall(r"<script\b[^>]*>", html)


def test_logged_in_pages_load_the_keep_alive_script_from_the_site_under_the_csp(demo, settings):
    page = demo.client_for("resident-g2").get("/")
    html = page.content.decode()
    [tag] = _script_tags(html)
    src = static("stportal/keep-alive.js")
    assert f'src="{src}"' in tag and " defer" in tag
    assert f'data-keep-alive-url="{KEEP_ALIVE}"' in tag
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in tag
    assert 'id="session-ended"' in html and "Din inloggning har upphört" in html
    policy = page["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    script = Client().get(src)
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
    body = b"".join(script.streaming_content).decode()
    assert "document.currentScript" in body and "keepAliveUrl" in body
    # The login page has no session to keep.
    assert _script_tags(Client().get(reverse("login")).content.decode()) == []


# --- Finding 10: an oversized API request answers the API's JSON --------------------------------


class UnreadableBody:
    def read(self, *args):
        raise AssertionError("the body of an oversized request was read")

    readline = read


def test_an_oversized_api_request_answers_the_apis_error_shape_without_reading_it(demo):
    response = demo.client_for("resident-g2").generic(
        "POST",
        "/api/v1/timeline",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(max_request_bytes() + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = ErrorOut.model_validate(response.json())
    assert body.detail == "Förfrågan är för stor." and body.errors == []


def test_an_oversized_api_request_of_a_stranger_is_json_too(db):
    response = Client().post(
        "/api/v1/trainings/", "x" * (max_request_bytes() + 1), content_type="application/json"
    )
    assert response.status_code == 413 and response.json()["errors"] == []
