"""Reads and validates the regions' routine profiles. Pure Python (no Django)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from stportal.routines.schema import RoutineProfile


class ProfileError(Exception):
    """A routine profile is missing, unreadable or malformed; the message names file and key."""


def load_profile(path: Path) -> RoutineProfile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{path}: cannot be read as TOML: {error}") from error
    try:
        profile = RoutineProfile.model_validate(data)
    except ValidationError as error:
        raise ProfileError(_describe(path, error)) from error
    if profile.meta.key != path.stem:
        raise ProfileError(
            f"{path}: meta.key is {profile.meta.key!r} but must equal the file name {path.stem!r}"
        )
    return profile


def load_profiles(folders: Iterable[Path]) -> dict[str, RoutineProfile]:
    """Every *.toml file in the folders, keyed by its meta.key; at least one is required."""
    profiles: dict[str, RoutineProfile] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.toml")):
            profile = load_profile(path)
            if profile.meta.key in profiles:
                raise ProfileError(f"{path}: a profile named {profile.meta.key!r} exists already")
            profiles[profile.meta.key] = profile
    if not profiles:
        raise ProfileError(f"no routine profile (*.toml) found in {[str(f) for f in folders]}")
    return profiles


def _describe(path: Path, error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = "missing" if item["type"] == "missing" else item["msg"]
        problems.append(f"{key}: {message}")
    return f"{path}: " + "; ".join(problems)
