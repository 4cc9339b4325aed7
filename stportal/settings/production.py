"""Production: refuses to start without a secret key; DEBUG only when explicitly asked."""

import os

from django.core.exceptions import ImproperlyConfigured

from stportal.settings.base import *  # noqa: F403
from stportal.settings.base import SECRET_KEY

STPORTAL_ENVIRONMENT = "production"
DEBUG = os.environ.get("STPORTAL_DEBUG") == "1"

if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "STPORTAL_SECRET_KEY must be set to a random value of at least 32 characters in production."
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("STPORTAL_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_AGE = 8 * 60 * 60
