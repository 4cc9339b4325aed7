"""Checks of values taken from the environment, run when the settings load, so that a production
server with a weak secret key or a mistyped alert address refuses to start instead of running
(issue 10). Plain functions: the tests call them without starting Django."""

import re

from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT_CHARACTERS = 10
# Keys that are published in this repository (development, tests) and never secret.
KNOWN_KEYS = frozenset({"development-only-key-not-for-production", "test-only-key"})
# What a hand-made or copied key tends to contain; a random key practically never does.
KNOWN_KEY_MARKERS = re.compile(
    r"django-insecure|insecure|development|not-for-production|changeme|change-me|example"
    r"|secret-key|(?<![a-z0-9])(?:test|demo|dev)(?![a-z0-9])"
)


def secret_key_problem(key: str) -> str | None:
    """Why `key` is not fit to sign production sessions and links, or None when it is."""
    advice = "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    if not key:
        return f"STPORTAL_SECRET_KEY must be set in production. {advice}"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"STPORTAL_SECRET_KEY is too short ({len(key)} characters): it must have at least "
            f"{SECRET_KEY_MIN_LENGTH}. {advice}"
        )
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT_CHARACTERS:
        return (
            f"STPORTAL_SECRET_KEY has too little variety ({len(set(key))} different characters): "
            f"it must have at least {SECRET_KEY_MIN_DISTINCT_CHARACTERS}. {advice}"
        )
    if key in KNOWN_KEYS or KNOWN_KEY_MARKERS.search(key.lower()):
        return (
            "STPORTAL_SECRET_KEY looks like a known test, demo or development key, not a secret "
            f"one. {advice}"
        )
    return None


def check_secret_key(key: str) -> None:
    problem = secret_key_problem(key)
    if problem:
        raise ImproperlyConfigured(problem)


ADDRESS = re.compile(r"[^@\s<>;,\"]+@[^@\s<>;,\"]+\.[^@\s<>;,\".]+")
NAMED_ADDRESS = re.compile(rf"[^<>@;,\"]+<{ADDRESS.pattern}>")


def admin_addresses(value: str) -> list[str]:
    """STPORTAL_ADMINS: comma-separated e-mail addresses ("ops@region.se" or
    "Drift <ops@region.se>") that get an e-mail for every server error. A value that is not an
    address stops the start, rather than alerts silently going nowhere."""
    addresses = [part.strip() for part in value.split(",") if part.strip()]
    for address in addresses:
        if not (ADDRESS.fullmatch(address) or NAMED_ADDRESS.fullmatch(address)):
            raise ImproperlyConfigured(
                f"STPORTAL_ADMINS: {address!r} is not an e-mail address (comma-separated "
                "addresses, e.g. 'ops@region.se, Drift <drift@region.se>')."
            )
    return addresses
