"""Benchmark: the application to Socialstyrelsen (issue 13): the package page and the filled
PDFs, for a resident near the end of ST, for one ready to apply when the demo has one, and for one
whose service list runs over the form's rows (80 rows: 40 short rotations, each with a change of
employment). Prints time, queries and size. Run with `make bench`."""

from __future__ import annotations

from datetime import timedelta

from common import best_of, demo_database, measure
from django.test import Client

ROUNDS = 3


def many_rows(username: str) -> None:
    from stportal.timeline.dates import add_months
    from stportal.training.models import EmploymentStep, Placement, Training, Unit

    training = Training.objects.get(resident__username=username)
    training.placements.all().delete()
    clinic = Unit.objects.filter(region=training.home_unit.region, kind="clinic").first()
    for index in range(40):
        first = add_months(training.start_date, index) + timedelta(days=3)
        Placement.objects.create(
            training=training,
            kind=Placement.Kind.ROTATION,
            unit=clinic,
            from_date=first,
            to_date=first + timedelta(days=9),
        )
        EmploymentStep.objects.create(
            training=training, from_date=first + timedelta(days=5), percent=75 + index % 2 * 25
        )


def main() -> None:
    from stportal.people.models import Person

    with demo_database():
        residents = ["resident-g3", "resident-v3"]
        if Person.objects.filter(username="resident-g4").exists():
            residents += ["resident-g4", "resident-v4"]
        many_rows("resident-v2")
        residents.append("resident-v2")
        for username in residents:
            print(measured(username))


def measured(username: str) -> str:
    from stportal.people.models import Person
    from stportal.training.models import Training

    training = Training.objects.get(resident__username=username)
    client = Client()
    client.force_login(Person.objects.get(username=username))
    base = f"/trainings/{training.pk}/application/"
    page, queries = measure(client, base)

    def printed(data: dict[str, str]) -> tuple[float, int]:
        seconds, response = best_of(ROUNDS, lambda: client.post(base + "print/", data))
        return seconds * 1000, len(response.content) // 1024

    whole, size = printed({})
    single, _ = printed({"only": "home"})
    flat, _ = printed({"flat": "on"})
    return (
        f"{username} ({training.regulation}): package page {page * 1000:.0f} ms, "
        f"{queries} queries; whole package PDF {whole:.0f} ms, {size} KiB; one form "
        f"{single:.0f} ms; flattened package {flat:.0f} ms (best of {ROUNDS})"
    )


if __name__ == "__main__":
    main()
