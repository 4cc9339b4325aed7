"""Settings shared by every environment. Environment-specific modules import * from here."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP

from stportal.settings.checks import admin_addresses
from stportal.settings.database import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "stportal"

# Which kind of configuration this is: "development", "test" or "production".
STPORTAL_ENVIRONMENT = "base"

DEBUG = False
SECRET_KEY = os.environ.get("STPORTAL_SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("STPORTAL_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "stportal.routines",
    "stportal.people",
    "stportal.units",
    "stportal.curricula",
    "stportal.training",
    "stportal.plans",
    "stportal.portfolio",
    "stportal.application",
    "stportal.web",
    "stportal.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads a request's body (the CSRF check, a form): refuses an oversized one
    # from its Content-Length, with a page that needs the user and the CSP nonce set above.
    "stportal.middleware.RequestSizeLimitMiddleware",
    "stportal.middleware.SessionActivityMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A page with the rows to correct instead of a 500 when a training's dates cannot be counted.
    "stportal.web.errors.UncomputableTrainingMiddleware",
    # django-axes must come last: it throttles repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "stportal.regional_admin.RegionAdminBackend",
]
AUTH_USER_MODEL = "people.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes, issue 10; stportal.login_throttle): five failures for one
# username from one address lock that username from that address for a quarter of an hour (so a
# stranger elsewhere cannot lock the real user out); failures for STPORTAL_LOGIN_SPRAY_LIMIT
# different usernames from one address lock that address (password spraying), and
# STPORTAL_LOGIN_ACCOUNT_LIMIT failures for one username from anywhere within
# STPORTAL_LOGIN_ACCOUNT_WINDOW lock that username (guessing from many addresses); neither of
# the last two applies where the username logged in within STPORTAL_LOGIN_KNOWN_ADDRESS_DAYS.
# A successful login resets its own count. IPv6 clients are keyed on their /64.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_HANDLER = "stportal.login_throttle.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "stportal.login_throttle.client_address"
STPORTAL_LOGIN_SPRAY_LIMIT = 10
STPORTAL_LOGIN_ACCOUNT_LIMIT = 30
STPORTAL_LOGIN_ACCOUNT_WINDOW = timedelta(hours=24)
STPORTAL_LOGIN_KNOWN_ADDRESS_DAYS = 30
# The account limit counts axes' failure log (successful logins are in its access log), which
# keeps each username's newest failures up to this many.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000
# How many reverse proxies in front of the app append to X-Forwarded-For. 0: the app is reached
# directly and the client's address is REMOTE_ADDR; the header, which anyone can send, is ignored.
STPORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("STPORTAL_TRUSTED_PROXY_COUNT", "0"))

# Sessions (issue 10): shared clinic computers. A session ends after this long without a request
# (SESSION_COOKIE_AGE from the last save; stportal.middleware.SessionActivityMiddleware saves an
# active one at least once a minute) and when the browser closes.
STPORTAL_SESSION_IDLE_MINUTES = int(os.environ.get("STPORTAL_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = STPORTAL_SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

ROOT_URLCONF = "stportal.urls"
WSGI_APPLICATION = "stportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stportal.web.context.navigation",
                "stportal.web.context.session_timeout",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"), BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    # Django's similarity check, also on the names written without å, ä, ö (issue 10).
    {"NAME": "stportal.password_validation.FoldedUserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A password reset link (issue 12 item 2, issue 18 item 2) works once, for this long: long
# enough for slow e-mail, short enough that an old message in a shared mailbox is no key.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

# Swedish first: English identifiers and msgids, Swedish text from the catalogue.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["stportal.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content Security Policy (Django's own): nothing from elsewhere, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# The regions' routine profiles: every *.toml file in these folders is one region's profile.
ROUTINE_PROFILE_DIRS = [PACKAGE_DIR / "routines" / "profiles"] + [
    Path(p) for p in os.environ.get("STPORTAL_EXTRA_PROFILE_DIRS", "").split(os.pathsep) if p
]

# A refused request (403) is one warning line with the path and the user's id, without a
# traceback; a 500 keeps its traceback and, with DEBUG off, is e-mailed to ADMINS by Django's
# default "mail_admins" handler on the "django" logger (issue 10).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_in_one_line": {"()": "stportal.error_logging.ForbiddenInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["forbidden_in_one_line"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# E-mail sent by the application (links for rotation supervisors, reminders): SMTP, configured
# from the environment; development prints to the console, tests keep it in memory.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("STPORTAL_SMTP_HOST", "localhost"),
            "port": int(os.environ.get("STPORTAL_SMTP_PORT", "25")),
            "username": os.environ.get("STPORTAL_SMTP_USER", ""),
            "password": os.environ.get("STPORTAL_SMTP_PASSWORD", ""),
            "use_tls": os.environ.get("STPORTAL_SMTP_TLS", "0") == "1",
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "STPORTAL_FROM_EMAIL", "ST-portalen <no-reply@st-portalen.invalid>"
)
# Error alerting: who gets an e-mail for every server error (500) when DEBUG is off.
ADMINS = admin_addresses(os.environ.get("STPORTAL_ADMINS", ""))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[ST-portalen] "
# The site's address, for links in e-mail sent without a request (reminders).
STPORTAL_BASE_URL = os.environ.get("STPORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a link sent to a person without an account works (issue 4, R6.4).
STPORTAL_LINK_MAX_AGE_DAYS = int(os.environ.get("STPORTAL_LINK_MAX_AGE_DAYS", "14"))
# Uploaded certificates live here, outside anything served directly (issue 5).
STPORTAL_PRIVATE_FILES = Path(
    os.environ.get("STPORTAL_PRIVATE_FILES", str(BASE_DIR / "private-files"))
)
# The largest certificate the form accepts. A request whose body is larger than that plus 1 MB
# for the form's other fields is refused from its Content-Length before it is read
# (stportal.middleware.RequestSizeLimitMiddleware, issue 10).
STPORTAL_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
