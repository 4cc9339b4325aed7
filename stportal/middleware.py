"""Middleware of the platform (issue 10): oversized requests refused before their body is read
(with a page, or JSON on the API), and sessions kept alive only while they are used."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# When an active session last had its expiry renewed (seconds since the epoch).
ACTIVITY_KEY = "_stportal_activity"
# A session is saved again at most this often, not on every request: the idle timeout may end
# it this much early, and a page that only reads costs no write.
RENEW_AFTER_SECONDS = 60


# Where stportal.urls mounts the JSON API.
API_PREFIX = "/api/"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"  # as the API's own answers

# Room in a request for a form's fields besides its file, and for the multipart framing.
FORM_FIELDS_BYTES = 1024 * 1024


def max_request_bytes() -> int:
    """The largest request body accepted: the certificate form's limit plus its other fields."""
    return settings.STPORTAL_MAX_UPLOAD_BYTES + FORM_FIELDS_BYTES


class RequestSizeLimitMiddleware:
    """Answers 413 to a request whose Content-Length is over max_request_bytes(), before anything
    reads the body: an oversized certificate is refused at once instead of being streamed to a
    temporary file first and refused by the form afterwards. The limit follows the form's own
    (STPORTAL_MAX_UPLOAD_BYTES, one setting for both), with room for the form's other fields, so
    the form still gives its exact message for a file a little over its limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > max_request_bytes():
            return too_large(request)
        return self.get_response(request)


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large(request: HttpRequest) -> HttpResponse:
    """A page for a person, JSON in the API's error shape (stportal.api.ErrorOut, which this
    layer may not import) for a program calling the API, which must never parse HTML."""
    if request.path_info.startswith(API_PREFIX):
        body = {"detail": _("The request is too large."), "errors": []}
        return JsonResponse(body, status=413, content_type=JSON_CONTENT_TYPE)
    megabytes = settings.STPORTAL_MAX_UPLOAD_BYTES // (1024 * 1024)
    return render(request, "413.html", {"megabytes": megabytes}, status=413)


class SessionActivityMiddleware:
    """The idle timeout: a session expires SESSION_COOKIE_AGE after it was last saved, and a
    logged-in session is saved again (its expiry renewed) when it is used, at most once a minute.
    So 30 minutes without a request end it, however long it has been in use. A page with a form
    being written in keeps it alive by requesting the keep-alive address now and then
    (stportal/web/static/stportal/keep-alive.js), so a long text is not lost on saving."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(ACTIVITY_KEY, 0) >= RENEW_AFTER_SECONDS:
                session[ACTIVITY_KEY] = now
        return response
