"""Issue 10, the platform: login throttling behind a proxy (item 14), sessions, passwords with å,
ä, ö, the production secret key, what 403s and 500s log, oversized uploads, and the history of
people and role memberships. Each attack is performed and refused."""

import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import (
    UserAttributeSimilarityValidator,
    validate_password,
)
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import timezone, translation

from stportal.login_throttle import client_address
from stportal.middleware import max_request_bytes
from stportal.people.models import Membership, Person
from stportal.portfolio.models import CourseRecord
from stportal.settings.checks import admin_addresses, secret_key_problem
from tests.conftest import DEMO_TODAY
from tests.test_admin_scope import form_data
from tests.test_startup import _django_check

PASSWORD = "st-demo-2026"
PROXY = "10.0.0.1"  # the reverse proxy in front of the app
STRANGER = "203.0.113.66"  # an attacker somewhere on the internet
CLINIC = "198.51.100.20"  # the hälsocentral the real user works at


def _login(client, username, password="fel-losen", address=None, **meta):
    """A login through the proxy when `address` is given (it appends the client's address to
    X-Forwarded-For), else straight to the app."""
    if address is not None:
        forwarded = meta.pop("HTTP_X_FORWARDED_FOR", "")
        meta["HTTP_X_FORWARDED_FOR"] = f"{forwarded}, {address}" if forwarded else address
        meta.setdefault("REMOTE_ADDR", PROXY)
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


# --- Item 14: login throttling behind a reverse proxy -------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, PROXY, STRANGER, PROXY),  # no trusted proxy: the header is anyone's to write
        (1, PROXY, CLINIC, CLINIC),
        (1, PROXY, f"{STRANGER}, {CLINIC}", CLINIC),  # the client's own entry is skipped
        (2, "10.0.0.2", f"{STRANGER}, {CLINIC}, {PROXY}", CLINIC),
        (2, "10.0.0.2", CLINIC, "10.0.0.2"),  # did not come through both proxies
        (1, PROXY, "", PROXY),
        (1, PROXY, "not-an-address", PROXY),
    ],
)
def test_the_client_address_is_taken_only_as_far_as_trusted_proxies_wrote_it(
    settings, proxies, remote, forwarded, expected
):
    settings.STPORTAL_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/login/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_lockout(demo):
    """The attacker sends a new X-Forwarded-For with each guess, as if from many places."""
    attacker = Client()
    for n in range(5):
        _login(attacker, "resident-g1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    right = _login(attacker, "resident-g1", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert right.status_code == 429


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_clients(demo, settings):
    settings.STPORTAL_TRUSTED_PROXY_COUNT = 1
    _login(Client(), "resident-g1", address=CLINIC, HTTP_X_FORWARDED_FOR=STRANGER)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLINIC]


@pytest.mark.parametrize("behind_proxy", [False, True])
def test_a_stranger_cannot_lock_the_user_out_from_elsewhere(demo, settings, behind_proxy):
    settings.STPORTAL_TRUSTED_PROXY_COUNT = 1 if behind_proxy else 0

    def from_(address):
        return {"address": address} if behind_proxy else {"REMOTE_ADDR": address}

    for _ in range(5):
        _login(Client(), "resident-g1", **from_(STRANGER))
    assert _login(Client(), "resident-g1", PASSWORD, **from_(STRANGER)).status_code == 429
    assert _login(Client(), "resident-g1", PASSWORD, **from_(CLINIC)).status_code == 302


def test_spraying_many_usernames_from_one_address_locks_that_address(demo, settings):
    settings.STPORTAL_TRUSTED_PROXY_COUNT = 1
    limit = settings.STPORTAL_LOGIN_SPRAY_LIMIT
    for n in range(limit - 1):  # one guess each: no username reaches its own limit
        assert (
            _login(Client(), f"st-lakare-{n}", "Sommar2026!", address=STRANGER).status_code == 200
        )
    assert _login(Client(), "director-g", PASSWORD, address=STRANGER).status_code == 302
    assert _login(Client(), "resident-g3", "Sommar2026!", address=STRANGER).status_code == 429
    # Now any login from that address is refused, even with the right password ...
    assert _login(Client(), "director-v", PASSWORD, address=STRANGER).status_code == 429
    # ... and the same people log in from anywhere else.
    assert _login(Client(), "director-v", PASSWORD, address=CLINIC).status_code == 302
    assert _login(Client(), "resident-g3", PASSWORD, address=CLINIC).status_code == 302


# --- Sessions on shared clinic computers ------------------------------------------------------


def test_the_session_cookie_does_not_survive_closing_the_browser(demo):
    response = _login(Client(), "resident-g1", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert response.status_code == 302
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_a_session_ends_after_the_idle_time_however_long_it_was_used(demo, settings):
    idle = timedelta(minutes=settings.STPORTAL_SESSION_IDLE_MINUTES)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        assert _login(client, "resident-g1", PASSWORD).status_code == 302
        for _ in range(4):  # in use for well over the idle time, never idle that long
            clock.shift(idle - timedelta(minutes=5))
            assert client.get("/").status_code == 200
        clock.shift(idle + timedelta(seconds=1))
        response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- Passwords similar to names with å, ä, ö ----------------------------------------------------


def _asa(**fields):
    return Person(
        username="u4711",
        first_name="Åsa",
        last_name="Öberg",
        email="u4711@region.example",
        **fields,
    )


def test_djangos_own_check_misses_the_name_without_its_dots_and_rings():
    UserAttributeSimilarityValidator().validate("asaoberg1", _asa())  # the gap: no error


@pytest.mark.parametrize("password", ["asaoberg1", "Oberg2026", "obergasa", "ÅSAÖBERG!"])
def test_a_password_like_the_name_written_without_a_a_o_is_refused_in_swedish(password):
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        validate_password(password, _asa())
    assert "Lösenordet liknar för mycket ditt namn" in " ".join(refused.value.messages)


def test_other_accents_are_folded_too_and_a_different_password_passes():
    zoe = Person(username="u4712", first_name="Zoé", last_name="Lindén")
    with pytest.raises(ValidationError):
        validate_password("lindenzoe", zoe)
    validate_password("Kaffekopp-blå-42", _asa())


def test_the_password_change_page_refuses_it(db):
    asa = Person.objects.create_user(
        "u4711", password=PASSWORD, first_name="Åsa", last_name="Öberg"
    )
    client = Client()
    client.force_login(asa)
    data = {"old_password": PASSWORD, "new_password1": "asaoberg1", "new_password2": "asaoberg1"}
    page = client.post(reverse("password_change"), data)
    assert "Lösenordet liknar för mycket ditt namn" in page.content.decode()
    asa.refresh_from_db()
    assert asa.check_password(PASSWORD)


# --- The production secret key and alert addresses --------------------------------------------

RANDOM_KEY = "q8Zr_3vLk0Wp-YtN6xHc2JmB9sFa5GdKe1uVi7oR4hTz0wXyQjLnPbM3cE8rSg2D"


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "must be set"),
        (RANDOM_KEY[:40], "too short (40 characters)"),
        ("abcdef" * 10, "too little variety"),
        ("django-insecure-" + RANDOM_KEY, "known test, demo or development key"),
        ("ST-DEMO-" + RANDOM_KEY, "known test, demo or development key"),
        (RANDOM_KEY + "-test", "known test, demo or development key"),
        ("development-only-key-not-for-production-" + RANDOM_KEY, "known test"),
    ],
)
def test_a_weak_secret_key_is_named_and_refused(key, problem):
    assert problem in (secret_key_problem(key) or "")


def test_a_random_secret_key_is_accepted():
    assert secret_key_problem(RANDOM_KEY) is None


def test_production_does_not_start_with_a_demo_key():
    result = _django_check("stportal.settings.production", STPORTAL_SECRET_KEY="demo-" + RANDOM_KEY)
    assert result.returncode != 0
    assert "STPORTAL_SECRET_KEY looks like a known test, demo or development key" in result.stderr


def test_alert_addresses_come_from_the_environment_and_a_typo_stops_the_start():
    value = "drift@region.example, Jourhavande <jour@region.example>"
    assert admin_addresses(value) == ["drift@region.example", "Jourhavande <jour@region.example>"]
    assert admin_addresses("") == []
    with pytest.raises(ImproperlyConfigured, match="not an e-mail address"):
        admin_addresses("drift@region.example; jour")


# --- What refused requests and server errors log --------------------------------------------------


def test_a_refused_request_logs_one_line_without_a_traceback(demo, caplog):
    training = demo.training_of("resident-g2")
    resident = demo.person("resident-g2")
    url = reverse("training:history", args=[training.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert demo.client_for("resident-g2").get(url).status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None and record.exc_text is None
    assert record.getMessage() == f"Forbidden: {url} (user {resident.pk})"


def _failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("databasen svarar inte")


urlpatterns = [path("boom/", _failing_view)]


def test_a_server_error_keeps_its_traceback_and_alerts_the_admins(db, settings, caplog):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = admin_addresses("drift@region.example")
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    [alert] = mail.outbox
    assert alert.to == ["drift@region.example"]
    assert alert.subject.startswith("[ST-portalen] ERROR")
    assert "databasen svarar inte" in alert.body


# --- Oversized uploads ----------------------------------------------------------------------------


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an oversized request was read")

    readline = read


def _courses(training):
    return reverse("portfolio:courses", args=[training.pk])


def test_an_oversized_upload_is_refused_from_its_content_length_without_reading_it(demo):
    training = demo.training_of("resident-g2")
    response = demo.client_for("resident-g2").generic(
        "POST",
        _courses(training),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(max_request_bytes() + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Filen är för stor" in page and "högst 10 MB" in page


def _certificate_post(demo, size):
    training = demo.training_of("resident-g2")
    data = {
        "name": "Akutkurs",
        "from_date": DEMO_TODAY - timedelta(days=30),
        "to_date": DEMO_TODAY - timedelta(days=28),
        "goals": ["c2"],
        "certificate": SimpleUploadedFile("intyg.pdf", b"%PDF-" + b"0" * (size - 5)),
    }
    response = demo.client_for("resident-g2").post(_courses(training), data)
    return response, CourseRecord.objects.filter(training=training).exists()


def test_a_real_oversized_certificate_gets_the_413_page(demo, settings):
    response, stored = _certificate_post(demo, max_request_bytes())
    assert response.status_code == 413 and not stored


def test_a_certificate_just_over_the_limit_gets_the_forms_own_message(demo, settings):
    response, stored = _certificate_post(demo, settings.STPORTAL_MAX_UPLOAD_BYTES + 1)
    assert response.status_code == 200 and not stored
    assert "Filen är större än 10 MB" in response.content.decode()


# --- History of people and role memberships ---------------------------------------------------


def test_a_region_admins_change_of_a_membership_is_recorded_with_who_and_when(demo):
    admin_g = demo.client_for("admin-g")
    membership = Membership.objects.get(person__username="supervisor-g2", role="supervisor")
    url = reverse("admin:people_membership_change", args=[membership.pk])
    data = {**form_data(admin_g.get(url)), "role": "research_supervisor"}
    before = timezone.now()
    assert admin_g.post(url, data).status_code == 302
    latest = membership.history.latest("history_date")
    who = demo.person("admin-g")
    assert latest.history_user == who
    assert latest.history_type == "~" and latest.role == "research_supervisor"
    assert before <= latest.history_date <= timezone.now()
    history = reverse("admin:people_membership_history", args=[membership.pk])
    page = admin_g.get(history)
    assert page.status_code == 200 and str(who) in page.content.decode()
    # The other region's administrator reads none of it.
    assert demo.client_for("admin-v").get(history).status_code == 403


def test_a_change_of_a_person_is_recorded_without_the_password_hash(demo):
    person = demo.person("supervisor-g2")
    admin_g = demo.client_for("admin-g")
    url = reverse("admin:people_person_change", args=[person.pk])
    data = {**form_data(admin_g.get(url)), "work_title": "Distriktsläkare"}
    assert admin_g.post(url, data).status_code == 302
    latest = person.history.latest("history_date")
    assert (latest.history_user, latest.work_title) == (demo.person("admin-g"), "Distriktsläkare")
    assert not hasattr(latest, "password")
    page = admin_g.get(reverse("admin:people_person_history", args=[person.pk]))
    assert page.status_code == 200 and "Distriktsläkare" in page.content.decode()


def test_a_login_adds_no_history_row_and_an_old_version_cannot_be_posted_back(demo):
    person = demo.person("supervisor-g2")
    rows = person.history.count()
    assert _login(Client(), "supervisor-g2", PASSWORD).status_code == 302
    assert person.history.count() == rows
    version = person.history.latest("history_date")
    revert = reverse("admin:people_person_simple_history", args=[person.pk, version.history_id])
    assert demo.client_for("admin-g").post(revert, {"username": "kapad"}).status_code == 403


# --- The README's production section says what the settings read --------------------------------

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT_READ = re.compile(r"""environ\.get\(\s*["'](STPORTAL_[A-Z_]+|DATABASE_URL)["']""")


def test_every_variable_the_settings_read_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    read = {
        name
        for module in (ROOT / "stportal/settings").glob("*.py")
        for name in ENVIRONMENT_READ.findall(module.read_text(encoding="utf-8"))
    }
    assert "STPORTAL_TRUSTED_PROXY_COUNT" in read and "STPORTAL_ADMINS" in read
    # The SMTP variables are written `STPORTAL_SMTP_HOST`, `_PORT`, … in the README.
    missing = [
        name
        for name in sorted(read)
        if f"`{name}`" not in readme and f"`_{name.removeprefix('STPORTAL_SMTP_')}`" not in readme
    ]
    assert missing == []


def test_the_readme_states_the_limits_the_settings_have(settings):
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert settings.AXES_FAILURE_LIMIT == 5 and "five failed logins" in readme
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME and "for 15 minutes" in readme
    spray = settings.STPORTAL_LOGIN_SPRAY_LIMIT
    assert f"failed logins for {spray} different usernames" in readme
    account = settings.STPORTAL_LOGIN_ACCOUNT_LIMIT
    assert timedelta(hours=24) == settings.STPORTAL_LOGIN_ACCOUNT_WINDOW
    assert f"{account} failed logins for one username" in readme and "within 24 hours" in readme
    known = settings.STPORTAL_LOGIN_KNOWN_ADDRESS_DAYS
    assert f"successfully in the last {known} days" in readme
    assert f"default `{settings.STPORTAL_SESSION_IDLE_MINUTES}`" in readme
    megabytes = settings.STPORTAL_MAX_UPLOAD_BYTES // (1024 * 1024)
    assert f"`STPORTAL_MAX_UPLOAD_BYTES` (setting, {megabytes} MB)" in readme
