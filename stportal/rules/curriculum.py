"""The delmål of each regulation as the follow-up needs them (code and prescribed activities),
read from the curricula's own data files (`stportal/curricula/data/*.json`, the files the
database is loaded from: stportal.curricula.reference). Pure Python: the command line and the API
judge a follow-up document without a database, with the same delmål as the pages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from stportal.rules.drafting import GoalSpec

DATA_DIR = Path(__file__).resolve().parent.parent / "curricula" / "data"


@cache
def _all_goal_specs() -> dict[str, tuple[GoalSpec, ...]]:
    found: dict[str, tuple[GoalSpec, ...]] = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        found[document["regulation"]] = tuple(
            GoalSpec(goal["code"], tuple(tuple(group) for group in goal["activities"]))
            for goal in document["goals"]
        )
    return found


def goal_specs(regulation: str) -> tuple[GoalSpec, ...]:
    """The delmål of `regulation` in the curriculum's order; () for an unknown regulation."""
    return _all_goal_specs().get(regulation, ())
