"""Issue 10: schemathesis tries the API against its own OpenAPI schema on every `make test`.

Logged in as a demo director (who sees a whole region's trainings), it sends schema-made and
schema-breaking requests to every operation through Django's WSGI handler, in the test's
database transaction, and fails on any 5xx and on any answer the schema does not describe
(status, content type, body), on an operation that answers without the login, and on a wrong
method answered with anything but 405. Deterministic (derandomized, a fixed seed) and bounded.
"""

from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from schemathesis import AuthContext, Case

# What schema-valid input may still be refused for: the document's cross-field rules (an absence
# before the start, an employment step out of order, a date outside the plausible range) are
# checked by stportal.timeline.inputs and answered 422; JSON Schema does not express them.
ACCEPTED_FOR_VALID_INPUT = ["2xx", "401", "403", "404", "409", "422"]
SESSION = "schemathesisdirectorsession00001"  # the key of the director's session in each test
CSRF = "schemathesiscsrfsecret0000000001"  # a CSRF secret (32 letters and digits)
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261122,
        "generation": {
            "max-examples": 40,
            "deterministic": True,
            "database": "none",
            # The session cookie comes from DirectorSession below, never made up.
            "with-security-parameters": False,
        },
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED_FOR_VALID_INPUT}},
    }
)


@pytest.fixture(autouse=True)
def requests_inside_the_test_transaction() -> Iterator[None]:
    """Django as a server runs it, except that a request does not close the database connection
    (Django's test client does the same): the requests run inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Read from the application as a client reads it (an anonymous GET that needs no database), when
# the tests are collected, so that each operation is a test of its own.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)


@pytest.fixture
def director_session(demo) -> None:
    """A demo director's session in the test's transaction, under the key DirectorSession sends."""
    client = Client()
    client.force_login(demo.person("director-g"))
    Session.objects.filter(session_key=client.session.session_key).update(session_key=SESSION)


@schema.auth()
class DirectorSession:
    """Each request carries the director's session, with a CSRF cookie and the header that
    matches it. Given as schemathesis' auth, so that its auth check also sends each request
    without the session and with a made-up one, and expects a 401."""

    def get(self, case: Case, context: AuthContext) -> str:
        return SESSION

    def set(self, case: Case, data: str, context: AuthContext) -> None:
        case.cookies = {
            **(case.cookies or {}),
            settings.SESSION_COOKIE_NAME: data,
            "csrftoken": CSRF,
        }
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF}


@schema.parametrize()
# The database transaction is the test's, shared by its examples: the operations only read (the
# timeline document is computed, not stored).
@hypothesis.settings(suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
def test_the_api_answers_as_its_schema_says(case, director_session):
    case.call_and_validate()
