"""The test suite: fast password hashing, plain static storage, in-memory e-mail."""

import os
import tempfile
from pathlib import Path

from stportal.settings.base import *  # noqa: F403
from stportal.settings.base import DATABASES, STORAGES

STPORTAL_ENVIRONMENT = "test"
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files straight from the apps, without collectstatic.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded files of the tests go to a throw-away folder.
STPORTAL_PRIVATE_FILES = Path(tempfile.mkdtemp(prefix="stportal-test-files-"))
# SQLite tests run on a file, as the app does, so that threads writing at the same moment meet
# the same locking (WAL, immediate transactions, a busy timeout) as in production use; an
# in-memory database would share one connection instead.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"stportal-test-{os.getpid()}.sqlite3")
    }
