"""Swedish first: every UI string the code uses has a Swedish translation."""

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "stportal/locale/sv/LC_MESSAGES/django.po"
TEMPLATE_STRING = re.compile(r"""\{% translate (["'])(.+?)\1""")
# Calls that mark a message: its first argument (and ngettext's second) go to the catalogue.
MARKERS = {"_": 1, "gettext_noop": 1, "ngettext": 2}


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_every_message_is_translated_and_none_is_fuzzy():
    catalog = _catalog()
    assert [m.id for m in catalog if m.id and not _translated(m)] == []
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


def test_the_strings_in_code_and_templates_are_in_the_catalogue():
    known = set()
    for message in _catalog():
        known |= set(message.id) if isinstance(message.id, tuple) else {message.id}
    used = set()
    for path in (ROOT / "stportal").rglob("*.html"):
        used |= {match[1] for match in TEMPLATE_STRING.findall(path.read_text(encoding="utf-8"))}
    for path in (ROOT / "stportal").rglob("*.py"):
        if "migrations" not in path.parts:
            used |= _marked_messages(path)
    assert sorted(used - known) == [], "run makemessages -l sv and translate"


def _marked_messages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            for argument in node.args[: MARKERS.get(node.func.id, 0)]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    return found
