"""The profiles the running application follows, loaded once at start-up (see apps.py)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from stportal.routines.loader import load_profiles
from stportal.routines.schema import RoutineProfile

_profiles: dict[str, RoutineProfile] = {}


def install(folders: Iterable[Path]) -> None:
    global _profiles
    _profiles = load_profiles(folders)


def get_profile(key: str) -> RoutineProfile:
    try:
        return _profiles[key]
    except KeyError:
        raise LookupError(f"no routine profile named {key!r}") from None


def profile_keys() -> list[str]:
    return sorted(_profiles)


def profile_choices() -> list[tuple[str, str]]:
    return [(key, _profiles[key].meta.name) for key in profile_keys()]
