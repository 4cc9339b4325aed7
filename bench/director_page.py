"""Benchmark: the director's start page, the API list and the supervisor's start page with 200
residents (issue 3's "hundreds of residents per page view"; issue 9: a fixed number of queries
per page whatever the number of residents). Builds a throw-away test database, adds 200
residents with realistic histories to the demo region, and prints the time per request and the
queries used. Run with `make bench`."""

from __future__ import annotations

import random
from datetime import date, timedelta

from common import demo_database, measure
from django.test import Client

RESIDENTS = 200
ROUNDS = 5


def populate() -> None:
    from stportal.people.models import Membership, Person, Role
    from stportal.training.models import Absence, EmploymentStep, Training
    from stportal.units.models import Unit

    unit = Unit.objects.get(name="Hälsocentralen Brynäs")
    supervisor = Person.objects.get(username="supervisor-g1")
    rng = random.Random(2026)
    kinds = ["vacation", "parental_leave", "sick_leave", "care_of_child", "flex"]
    for number in range(RESIDENTS):
        person = Person.objects.create(
            username=f"bench-{number}", first_name="Bench", last_name=f"{number:03d}"
        )
        Membership.objects.create(person=person, role=Role.RESIDENT, region=unit.region, unit=unit)
        start = date.today() - timedelta(days=rng.randrange(0, 5 * 365))
        training = Training.objects.create(
            resident=person,
            regulation="SOSFS 2015:8",
            start_date=start,
            home_unit=unit,
            main_supervisor=supervisor,
        )
        day = start
        for _ in range(3):
            EmploymentStep.objects.create(
                training=training, from_date=day, percent=rng.choice((75, 80, 100))
            )
            day += timedelta(days=rng.randrange(100, 400))
        spells = {  # one absence of a kind from a day (the database says so, issue 10)
            (rng.choice(kinds), start + timedelta(days=rng.randrange(0, 5 * 365))): rng.choice(
                (1, 5, 20, 60)
            )
            for _ in range(12)
        }
        Absence.objects.bulk_create(
            Absence(
                training=training,
                kind=kind,
                from_date=first,
                to_date=first + timedelta(days=days),
            )
            for (kind, first), days in spells.items()
        )


def main() -> None:
    from stportal.people.models import Person

    with demo_database():
        populate()
        for username, path, what in [
            ("director-g", "/", "director's start page (50 residents a page)"),
            ("director-g", "/api/v1/trainings/", f"API list of all {RESIDENTS + 3} trainings"),
            (
                "supervisor-g1",
                "/",
                f"supervisor's start page ({RESIDENTS + 3} residents, with their findings)",
            ),
        ]:
            client = Client()
            client.force_login(Person.objects.get(username=username))
            seconds, queries = measure(client, path, ROUNDS)
            print(f"{what}: {seconds * 1000:.0f} ms, {queries} queries (best of {ROUNDS})")


if __name__ == "__main__":
    main()
