"""What the benchmarks share: a throw-away test database with the demo world, and the best of a
few timed requests."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stportal.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


@contextmanager
def demo_database() -> Iterator[None]:
    """A test database with the reference data and the demo world, destroyed afterwards."""
    from stportal.curricula.reference import curricula_load
    from stportal.demo.seed import demo_seed

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        curricula_load()
        demo_seed(date.today())
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def best_of(rounds: int, request: Callable[[], HttpResponse]) -> tuple[float, HttpResponse]:
    """The shortest time of `rounds` requests, in seconds, with the last response (which must be
    a 200)."""
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        response = request()
        best = min(best, time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    return best, response


def measure(client: Client, path: str, rounds: int = 3) -> tuple[float, int]:
    """The best time of `rounds` requests and the queries one of them runs."""
    counted = QueryCounter()
    with connection.execute_wrapper(counted):
        client.get(path)
    seconds, _response = best_of(rounds, lambda: client.get(path))
    return seconds, counted.count


class QueryCounter:
    """Counts the queries run (CaptureQueriesContext keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
