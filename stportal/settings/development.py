"""Local development (make run): DEBUG on, a fixed throw-away key, SQLite unless DATABASE_URL."""

import os

from stportal.settings.base import *  # noqa: F403
from stportal.settings.base import STORAGES

STPORTAL_ENVIRONMENT = "development"
DEBUG = os.environ.get("STPORTAL_DEBUG", "1") == "1"
SECRET_KEY = "development-only-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Static files straight from the apps, without collectstatic.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
