"""Production: refuses to start without a strong secret key; DEBUG only when explicitly asked."""

import os

from stportal.settings.base import *  # noqa: F403
from stportal.settings.base import SECRET_KEY
from stportal.settings.checks import check_secret_key

STPORTAL_ENVIRONMENT = "production"
DEBUG = os.environ.get("STPORTAL_DEBUG") == "1"

# Missing, short, low-variety or known (test, demo, development) keys stop the start (issue 10).
check_secret_key(SECRET_KEY)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("STPORTAL_SSL_REDIRECT", "1") == "1"
# The proxy in front of the app sets (overwrites) X-Forwarded-Proto; see the README's
# "Production deployment".
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
