"""What the log says about refused requests (issue 10): Django logs every PermissionDenied on
"django.request" with the exception's full traceback, and the access checks refuse on purpose
all the time (1,464 tracebacks in one run), which buries the tracebacks of real errors. A 403
becomes one warning line with the path and who asked; a 500 keeps its traceback."""

from __future__ import annotations

import logging


class ForbiddenInOneLine(logging.Filter):
    """On the "django.request" logger: rewrites a 403 record to "Forbidden: <path> (user <id>)"
    without exc_info. Other records pass unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            request = getattr(record, "request", None)
            record.msg = "Forbidden: %s (user %s)"
            record.args = (_path(request), _user_id(request))
            record.exc_info = None
            record.exc_text = None
        return True


def _path(request: object) -> str:
    path = str(getattr(request, "path", "?"))
    # As Django escapes it: a path cannot forge a second log line.
    return path.encode("unicode_escape").decode("ascii")


def _user_id(request: object) -> str:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return str(user.pk)
