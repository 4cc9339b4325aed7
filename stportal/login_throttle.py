"""Login throttling behind a reverse proxy (issue 10, item 14, and review finding 7), plugged into
django-axes through AXES_CLIENT_IP_CALLABLE and AXES_HANDLER.

Behind a proxy every request comes from the proxy's address, so throttling on REMOTE_ADDR would
let anyone lock any known user out for everyone. The client's address is therefore taken from
X-Forwarded-For, but only as far as the configured trusted proxies wrote it: anything further
left was written by the client and can be forged. An IPv6 client is keyed on its /64 prefix,
since one host commonly holds a whole /64 and could otherwise take a new address per guess.

Three limits, each of which a stranger can trip without shutting the real user out:

- five failures for one username from one address lock that pair (axes itself), so a stranger
  elsewhere cannot lock the real user out;
- failures for many different usernames from one address lock that address (password spraying);
- many failures for one username from anywhere lock that username (slow guessing from many
  addresses).

The last two spare a username at an address it has logged in from successfully in the last
STPORTAL_LOGIN_KNOWN_ADDRESS_DAYS (axes' AccessLog): a hospital behind one NAT keeps working
while someone there sprays made-up names, and a user whose account is under attack from
elsewhere still logs in from the clinic. There the first limit still holds, so a sprayer gets no
more guesses against those users than without these two limits. Both are locks rather than
delays: a delay would hold a server worker per guess, which an attacker could use to take the
site down."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.http import HttpRequest

# The leading bits that key an IPv6 client: its network, not the host's (rotating) address.
IPV6_PREFIX_BITS = 64


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, as throttling keys it (see throttle_key): REMOTE_ADDR
    when no trusted proxy is configured; otherwise the entry of X-Forwarded-For that the
    outermost trusted proxy appended (the header's N-th entry from the right for N proxies, each
    appending the address it was reached from), without a port if the proxy wrote one. A header
    with fewer entries than proxies did not come through them all: REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    remote_key = throttle_key(remote or "") or remote
    proxies = settings.STPORTAL_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_key
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote_key
    return throttle_key(without_port(forwarded[-proxies])) or remote_key


def without_port(text: str) -> str:
    """The address without the port a proxy may have written after it: "203.0.113.9:51234" →
    "203.0.113.9", "[2001:db8::1]:443" → "2001:db8::1"; a bare IPv6 address (several colons,
    no brackets) is left as it is."""
    if text.startswith("["):
        return text[1:].partition("]")[0]
    if text.count(":") == 1:
        return text.partition(":")[0]
    return text


def throttle_key(text: str) -> str | None:
    """An IPv4 address as it is; an IPv6 address as its /64 network ("2001:db8::"), an
    IPv4-mapped one as the IPv4 address; None when `text` is no address."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv4Address):
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    host_bits = 128 - IPV6_PREFIX_BITS
    return str(ipaddress.IPv6Address(int(address) >> host_bits << host_bits))


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler, whose lockout (AXES_LOCKOUT_PARAMETERS: username and
    address together) also applies when the address is spraying or the username is being
    guessed from many addresses, unless the username has logged in from this address lately.
    axes compares one number with AXES_FAILURE_LIMIT, so such a request counts as having
    reached it."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures >= limit:
            return failures
        username = get_client_username(request, credentials)
        if has_logged_in_from(username, request.axes_ip_address, request.axes_attempt_time):
            return failures
        if usernames_failed_from(request) >= settings.STPORTAL_LOGIN_SPRAY_LIMIT:
            return limit
        if account_failures(username, request.axes_attempt_time) >= (
            settings.STPORTAL_LOGIN_ACCOUNT_LIMIT
        ):
            return limit
        return failures

    def reset_attempts(
        self,
        *,
        ip_address: str | None = None,
        username: str | None = None,
        ip_or_username: bool = False,
    ) -> int:
        """axes' reset (`manage.py axes_reset_username NAME`, `axes_reset`), which for a
        username, or for everyone, also lifts the lock across addresses: that counts the failure
        log."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if username:
            AccessFailureLog.objects.filter(username=username).delete()
        elif not ip_address:
            AccessFailureLog.objects.all().delete()
        return count

    def remove_out_of_limit_failure_logs(self, *, username: str, limit: int | None = None) -> int:
        """Keeps a username's newest `limit` failures. axes deletes `count - limit` rows in no
        stated order, which may be the newest: a guesser past the limit would then never be
        counted again once the old rows left the window."""
        limit = settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT if limit is None else limit
        if limit < 1:
            return 0
        failures = AccessFailureLog.objects.filter(username=username).order_by("-attempt_time")
        oldest_kept = failures.values_list("attempt_time", flat=True)[limit - 1 : limit].first()
        if oldest_kept is None:
            return 0
        deleted, _ = failures.filter(attempt_time__lt=oldest_kept).delete()
        return deleted


def has_logged_in_from(username: str | None, address: str | None, now: datetime) -> bool:
    """Whether `username` logged in successfully from `address` (as throttle_key gives it)
    within STPORTAL_LOGIN_KNOWN_ADDRESS_DAYS before `now`."""
    if not username or not address:
        return False
    since = now - timedelta(days=settings.STPORTAL_LOGIN_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=since
    ).exists()


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


def account_failures(username: str | None, now: datetime) -> int:
    """How many of `username`'s passwords were tried and refused, from any address, within
    STPORTAL_LOGIN_ACCOUNT_WINDOW before `now`. A try refused by a lock tests no password and
    is not counted (the one that set a lock is marked as refused too, a small undercount), so a
    sprayer who keeps knocking at a locked address does not lock its users' accounts."""
    if not username:
        return 0
    return AccessFailureLog.objects.filter(
        username=username,
        locked_out=False,
        attempt_time__gte=now - settings.STPORTAL_LOGIN_ACCOUNT_WINDOW,
    ).count()
