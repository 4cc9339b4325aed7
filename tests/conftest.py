from datetime import date

import pytest
from django.test import Client

from stportal.curricula.reference import curricula_load
from stportal.demo.seed import demo_seed
from stportal.people.models import Person
from stportal.training.models import Training

# Every test that uses the demo world sees the same calendar.
DEMO_TODAY = date(2026, 11, 22)


@pytest.fixture
def demo(db):
    """Both regions' demo people and trainings, as `make run` seeds them."""
    curricula_load()
    demo_seed(DEMO_TODAY)
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
