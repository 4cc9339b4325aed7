"""The routine profile a training follows: its home unit's region's (stportal.routines)."""

from __future__ import annotations

from stportal.routines.registry import get_profile
from stportal.routines.schema import RoutineProfile
from stportal.training.models import Training


def profile_of(training: Training) -> RoutineProfile:
    return get_profile(training.home_unit.region.routine_profile)
