"""The test world: a fixed calendar and the demo regions, built once per test session.

Every test runs with the clock set to DEMO_NOW (time-machine, ticking), and the demo world is
seeded for that day once, when the test database is created; each test then runs inside a
transaction that is rolled back. `STPORTAL_TEST_TODAY=2028-02-29 pytest -m "not browser"` runs the
date-sensitive part on another day (`make test-dates`), so a dependency on the real date fails.
"""

import os
from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from stportal.curricula.reference import curricula_load
from stportal.demo.seed import demo_seed
from stportal.people.models import Person
from stportal.training.models import Training

DEMO_TODAY = date.fromisoformat(os.environ.get("STPORTAL_TEST_TODAY") or "2026-11-22")
# Mid-morning in Sweden, so a test that runs for minutes stays on the same day.
DEMO_NOW = datetime.combine(DEMO_TODAY, time(10, 0), ZoneInfo("Europe/Stockholm"))


@pytest.fixture(scope="session", autouse=True)
def fixed_clock() -> Iterator[None]:
    """Today is DEMO_TODAY for the code under test, the live server's threads included."""
    with time_machine.travel(DEMO_NOW, tick=True):
        yield


def demo_world_seed() -> None:
    """Both regions' demo people and trainings, as `make run` seeds them (idempotent)."""
    curricula_load()
    demo_seed(DEMO_TODAY)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, fixed_clock):
    """Seeds the demo world once per session, committed; tests roll back their own changes.
    Transactional tests (run last by pytest-django) empty the tables and seed again."""
    with django_db_blocker.unblock():
        demo_world_seed()


@pytest.fixture
def demo(db):
    """Both regions' demo people and trainings, as `make run` seeds them. Seeded again (inside
    the test's transaction) when a transactional test emptied the tables before this one ran, so
    the suite passes in any order and however pytest-xdist shares it out."""
    if not Person.objects.filter(username="director-g").exists():
        demo_world_seed()
    return Demo()


class Demo:
    def person(self, username: str) -> Person:
        return Person.objects.get(username=username)

    def training_of(self, username: str) -> Training:
        return Training.objects.get(resident__username=username)

    def client_for(self, username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(self.person(username))
        return client
