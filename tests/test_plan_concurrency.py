"""Two signers at the same moment both count (issue 4): real threads, on PostgreSQL where
transactions truly run side by side, and on SQLite (a file, WAL, immediate transactions and a
busy timeout), where they wait for each other instead of failing with "database is locked"
(issue 10)."""

import threading

from django.db import connections
from django.utils import timezone

from stportal.adapters.timeline import timeline_of
from stportal.people.models import Person
from stportal.plans import services
from stportal.training.models import Training
from tests.conftest import DEMO_TODAY, demo_world_seed


def test_simultaneous_signatures_are_all_kept(transactional_db):
    demo_world_seed()
    training = Training.objects.get(resident__username="resident-g2")
    version = services.plan_version_start(
        training=training, kind="training_plan", person=training.resident
    )
    completion = timeline_of(training, DEMO_TODAY).projected_completion
    signers = [
        ("resident-g2", "resident"),
        ("supervisor-g1", "main_supervisor"),
        ("unithead-g", "unit_head"),
        ("director-g", "director"),
    ]
    start = threading.Barrier(len(signers))
    errors: list[BaseException] = []

    def sign(username: str, role: str) -> None:
        try:
            person = Person.objects.get(username=username)
            start.wait()
            services.plan_version_sign(
                training=training,
                version_id=version.pk,
                seen_digest=version.digest,
                role=role,
                person=person,
                completion=completion,
                now=timezone.now(),
            )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=signer) for signer in signers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    version.refresh_from_db()
    assert version.signatures.count() == 4
    assert version.established_at is not None
