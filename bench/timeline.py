"""Benchmark: the whole timeline (served time, completion, milestones, findings) for a region.

Generates residents with realistic histories (several employment steps, a dozen absences of all
kinds), computes each one's timeline on one core and prints residents per second. Goal
(issue 3): 10 000 residents in at most 1 s. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from stportal.routines.loader import load_profiles
from stportal.timeline.result import timeline
from stportal.timeline.served import ABSENCE_KINDS, History, Leave, Step

PROFILE_DIR = Path(__file__).resolve().parent.parent / "stportal/routines/profiles"
AS_OF = date(2026, 11, 22)


def resident(rng: random.Random) -> tuple[History, bool]:
    start = AS_OF - timedelta(days=rng.randrange(0, 6 * 365))
    steps = [Step(start, 100)]
    for _ in range(rng.randrange(2, 6)):
        steps.append(
            Step(
                steps[-1].start + timedelta(days=rng.randrange(60, 400)),
                rng.choice((50, 75, 80, 100)),
            )
        )
    absences = []
    for _ in range(12):
        first = start + timedelta(days=rng.randrange(0, 6 * 365))
        length = rng.choice((1, 3, 5, 10, 20, 90, 180))
        kind = rng.choice(sorted(ABSENCE_KINDS))
        counts = (
            rng.choice((None, True, False)) if kind in {"sick_leave", "care_of_child"} else None
        )
        absences.append(
            Leave(kind, first, first + timedelta(days=length - 1), rng.choice((50, 100)), counts)
        )
    required = rng.choice((60, 66))
    history = History(start, required, rng.choice((0, 0, 0, 6, 12)), tuple(steps), tuple(absences))
    return history, rng.random() < 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    profiles = list(load_profiles([PROFILE_DIR]).values())
    rng = random.Random(2026)
    population = [(rng.choice(profiles), *resident(rng)) for _ in range(arguments.residents)]
    best = float("inf")
    for _ in range(arguments.rounds):
        began = time.perf_counter()
        for profile, history, exam in population:
            timeline(profile, history, AS_OF, exam=exam)
        best = min(best, time.perf_counter() - began)
    print(
        f"timeline: {arguments.residents} residents in {best:.3f} s (best of {arguments.rounds}), "
        f"{arguments.residents / best:,.0f} residents/s"
    )


if __name__ == "__main__":
    main()
