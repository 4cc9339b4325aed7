"""Benchmark: the PDFs made inside a request, at their everyday size and at the largest the
bounds allow (issue 10, item 13: a rotation contract with a million characters took 37 s; every
free text now has a bound, and a plan has a bounded number of items). Builds a throw-away test
database with the demo world, fills one rotation contract and one training plan to their bounds,
and prints the time per PDF. Run with `make bench`."""

from __future__ import annotations

from common import best_of, demo_database
from django.test import Client

ROUNDS = 3
WORDS = "Akutmottagning med handledning, journalgenomgång och återkoppling. "


def text_of(length: int) -> str:
    return (WORDS * (length // len(WORDS) + 1))[:length]


def fill_to_bounds(username: str) -> tuple[str, str]:
    """A rotation contract and a training plan as large as their bounds allow; their PDFs'
    paths."""
    from stportal.fields import TEXT_LENGTH
    from stportal.people.models import Person
    from stportal.plans import services
    from stportal.plans.models import DocumentKind, RotationContract
    from stportal.rules.plan_content import (
        MAX_DOCUMENT_CHARACTERS,
        MAX_ITEMS,
        GoalPlan,
        PlannedActivity,
    )
    from stportal.training.models import Training

    training = Training.objects.get(resident__username=username)
    resident = Person.objects.get(username=username)
    placement = training.placements.filter(kind="rotation").order_by("from_date").first()
    assert placement is not None
    RotationContract.objects.create(
        placement=placement,
        receiving_email="klinik@example.invalid",
        wishes=text_of(TEXT_LENGTH),
        created_by=resident,
    )
    version = services.plan_version_start(
        training=training, kind=DocumentKind.TRAINING_PLAN, person=resident
    )

    def grow(document):  # every delmål of the målbeskrivning, the whole at its bound
        goals = services.goal_specs(training)
        line = text_of(300)
        room = MAX_DOCUMENT_CHARACTERS - 2 * 4000
        each = min(MAX_ITEMS, room // (len(goals) * (len(line) + len("clinical_service"))) - 1)
        full = GoalPlan(
            activities=[PlannedActivity(kind="clinical_service", description=line)] * each
        )
        return document.model_copy(
            update={
                "goals": {goal.code: full for goal in goals},
                "overall_goals": text_of(4000),
                "supervision": text_of(4000),
            }
        )

    largest = services.plan_version_save(
        training=training,
        kind=DocumentKind.TRAINING_PLAN,
        base_digest=version.digest,
        person=resident,
        edit=grow,
    )
    documents = f"/trainings/{training.pk}/documents/{DocumentKind.TRAINING_PLAN}"
    return (
        f"/trainings/{training.pk}/time-plan/{placement.pk}/contract.pdf",
        f"{documents}/v{largest.number}.pdf",
    )


def main() -> None:
    from stportal.people.models import Person

    with demo_database():
        client = Client()
        client.force_login(Person.objects.get(username="director-g"))
        contract, plan = fill_to_bounds("resident-g2")
        for what, path in [
            ("rotation contract PDF, wishes at their bound", contract),
            ("training plan PDF, the whole plan at its bound", plan),
        ]:
            seconds, response = best_of(ROUNDS, lambda path=path: client.get(path))
            size = len(response.content) // 1024
            print(f"{what}: {seconds * 1000:.0f} ms, {size} KiB (best of {ROUNDS})")


if __name__ == "__main__":
    main()
