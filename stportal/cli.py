"""The `stportal` command line. Pure Python: it runs without Django or a database.

    stportal timeline FILE          one JSON document in, one JSON document out
    stportal timeline --batch FILE  JSON Lines in, one result (or {"error": ...}) per line out
    stportal followup FILE          one resident's ST in, the findings out (docs/followup.md)
    stportal followup --batch FILE  the same, JSON Lines

FILE is a path or `-` for standard input. Bad input exits with status 2 and says, in one line,
which field is wrong and why; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import IO, Any, Protocol

from stportal.routines.loader import ProfileError, load_profiles
from stportal.routines.schema import RoutineProfile
from stportal.rules import followup_input
from stportal.timeline.inputs import InputError, parse
from stportal.timeline.result import timeline

PROFILE_DIR = Path(__file__).resolve().parent / "routines" / "profiles"
BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        profiles = load_profiles([PROFILE_DIR])
        with _open(arguments.file) as source:
            command = COMMANDS[arguments.command]
            if arguments.batch:
                return _batch(source, sys.stdout, profiles, command)
            return _single(source, sys.stdout, profiles, command)
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error of ours; keep Python quiet at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ProfileError, UnicodeDecodeError) as error:
        return _fail(str(error))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stportal", description="ST-portalen tools")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("timeline", help="compute a training's timeline from JSON")
    command.add_argument("file", help="a JSON file, or - for standard input")
    command.add_argument("--batch", action="store_true", help="JSON Lines: one document a line")
    command = commands.add_parser("followup", help="a resident's follow-up findings from JSON")
    command.add_argument("file", help="a JSON file, or - for standard input")
    command.add_argument("--batch", action="store_true", help="JSON Lines: one document a line")
    return parser


def _open(name: str) -> IO[str]:
    if name == "-":
        return open(sys.stdin.fileno(), encoding="utf-8", closefd=False)
    return open(name, encoding="utf-8")


def compute(document: Any, profiles: Mapping[str, RoutineProfile]) -> dict[str, object]:
    """The timeline of one decoded input document; raises InputError on bad input."""
    request = parse(document, profiles, date.today())
    return timeline(
        request.profile, request.history, request.as_of, exam=request.exam, done=request.done
    ).as_json()


def compute_followup(document: Any, profiles: Mapping[str, RoutineProfile]) -> dict[str, object]:
    """The findings of one decoded follow-up document (rules.followup_input); raises InputError
    on bad input."""
    return followup_input.result_of(followup_input.parse(document, profiles, date.today()))


class Command(Protocol):
    def __call__(
        self, document: Any, profiles: Mapping[str, RoutineProfile]
    ) -> dict[str, object]: ...


COMMANDS: dict[str, Command] = {"timeline": compute, "followup": compute_followup}


def _decode(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError([("(document)", f"not JSON: {error}")]) from None


def _single(
    source: IO[str], out: IO[str], profiles: Mapping[str, RoutineProfile], command: Command
) -> int:
    try:
        result = command(_decode(source.read()), profiles)
    except InputError as error:
        return _fail(str(error))
    json.dump(result, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def _batch(
    source: IO[str], out: IO[str], profiles: Mapping[str, RoutineProfile], command: Command
) -> int:
    status = 0
    for number, line in enumerate(source, start=1):
        # A blank line is a bad document too: every input line has its output line.
        try:
            result = command(_decode(line), profiles)
        except InputError as error:
            result = {"error": f"line {number}: {error}"}
            status = BAD_INPUT
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return status


def _fail(message: str) -> int:
    print(f"stportal: {message}", file=sys.stderr)
    return BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
