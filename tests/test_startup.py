"""Start-up: production settings, the database switch, and a broken profile stop the app."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from stportal.settings.database import database_from_url

ROOT = Path(__file__).resolve().parent.parent


def _django_check(settings_module: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _django_check("stportal.settings.production", STPORTAL_SECRET_KEY="")
    assert result.returncode != 0
    assert "STPORTAL_SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_key_and_keeps_debug_off():
    key = "k" * 50 + "-random-enough-for-the-deploy-check-0123456789"
    result = _django_check(
        "stportal.settings.production",
        STPORTAL_SECRET_KEY=key,
        STPORTAL_ALLOWED_HOSTS="st.example.invalid",
    )
    assert result.returncode == 0, result.stderr
    code = "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "stportal.settings.production",
            "STPORTAL_SECRET_KEY": key,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.split() == ["False", "True"], shown.stderr


def test_a_broken_profile_stops_the_app_naming_file_and_key(tmp_path):
    (tmp_path / "gavleborg.toml").write_text(
        (ROOT / "stportal/routines/profiles/gavleborg.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = _django_check("stportal.settings.test", STPORTAL_EXTRA_PROFILE_DIRS=str(tmp_path))
    assert result.returncode != 0
    assert "a profile named 'gavleborg' exists already" in result.stderr


def test_sqlite_without_a_database_url(tmp_path):
    config = database_from_url(None, tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def test_postgresql_from_one_url(tmp_path):
    config = database_from_url(
        "postgres://st%40user:p%2Fss@db.example.invalid:5433/stportal?sslmode=require",
        tmp_path / "db.sqlite3",
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "st@user",
        "p/ss",
        "db.example.invalid",
        "5433",
    )
    assert config["NAME"] == "stportal" and config["OPTIONS"] == {"sslmode": "require"}


def test_an_unknown_database_scheme_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        database_from_url("mysql://x@y/z", tmp_path / "db.sqlite3")


def test_security_headers_on_every_page(client):
    response = client.get("/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_suite_runs_on_the_database_ci_asked_for(db):
    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
