"""Login throttling behind a reverse proxy (issue 10, item 14), plugged into django-axes through
AXES_CLIENT_IP_CALLABLE and AXES_HANDLER.

Behind a proxy every request comes from the proxy's address, so throttling on REMOTE_ADDR would
let anyone lock any known user out for everyone. The client's address is therefore taken from
X-Forwarded-For, but only as far as the configured trusted proxies wrote it: anything further
left was written by the client and can be forged. Lockouts are per username and address (a
stranger elsewhere cannot lock the real user out), and an address that fails for many different
usernames is locked as a whole (password spraying)."""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from: REMOTE_ADDR when no trusted proxy is configured;
    otherwise the entry of X-Forwarded-For that the outermost trusted proxy appended (the
    header's N-th entry from the right for N proxies, each appending the address it was reached
    from). A header with fewer entries than proxies did not come through them all: REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.STPORTAL_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return _valid_address(forwarded[-proxies]) or remote


def _valid_address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler, whose lockout (AXES_LOCKOUT_PARAMETERS: username and
    address together) also applies to a whole address once failed logins from it name
    STPORTAL_LOGIN_SPRAY_LIMIT different usernames within the cool-off time. axes compares one
    number with AXES_FAILURE_LIMIT, so a sprayed address counts as having reached it."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if usernames_failed_from(request) >= settings.STPORTAL_LOGIN_SPRAY_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def usernames_failed_from(request: Any) -> int:
    """How many different usernames failed to log in from the request's address lately."""
    return (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        .values("username")
        .distinct()
        .count()
    )
