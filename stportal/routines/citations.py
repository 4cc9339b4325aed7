"""Rule references in the user's words (issue 12 item 10): "Gävleborgs rutin 5.1.2",
"Västmanlands rutin: Schemalagd handledning" instead of "(R8.4)".

A rule code (docs/rules.md) is cited by the sections of the region's routine that the region's
profile lists it under: every profile entry names the rules it carries (`rules`) and the
routine's section its values come from (`ref`, "G 5.1.2", "V: Schemalagd handledning"). The rule's
wording is the rule catalogue's (docs/rules.md), given on demand. Pure Python (no Django).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from stportal.routines.schema import Entry, RoutineProfile

RULES_MD = Path(__file__).resolve().parent.parent.parent / "docs" / "rules.md"

_CODE = re.compile(r"R\d{1,2}\.\d{1,2}")
# "- **R8.4 (G 5.1.2; V)** Scheduled supervision at least one hour a week, …" (continued on the
# following indented lines).
_RULE_LINE = re.compile(r"^- \*\*(R\d{1,2}\.\d{1,2})(?: \(([^)]*)\))?\*\* (.*)$")


@dataclass(frozen=True)
class Citation:
    """One rule as the pages cite it: the routine's sections, the wording, the R-code."""

    code: str
    region: str  # the region's name in the genitive: "Gävleborgs"
    sections: tuple[str, ...]  # "5.1.2", "Schemalagd handledning"; empty when none is listed
    wording: str  # docs/rules.md's text of the rule; empty when unknown
    national: bool = False  # the rule is the national regulations', not the region's routine

    @property
    def numbered(self) -> bool:
        """The sections are numbers ("5.1.2", G) rather than headings (V)."""
        return bool(self.sections) and all(re.fullmatch(r"[\d.]+", s) for s in self.sections)


@cache
def rule_catalogue(path: Path = RULES_MD) -> dict[str, tuple[str, str]]:
    """(sources in brackets, wording) of every R-code in docs/rules.md; empty when the file is
    not there (an installed copy without the docs)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    catalogue: dict[str, tuple[str, str]] = {}
    current: str | None = None
    for line in lines:
        match = _RULE_LINE.match(line)
        if match:
            current = match.group(1)
            catalogue[current] = (match.group(2) or "", match.group(3).strip())
        elif current and line.startswith("  ") and line.strip():
            sources, text = catalogue[current]
            catalogue[current] = (sources, f"{text} {line.strip()}")
        else:
            current = None
    return catalogue


def region_genitive(profile: RoutineProfile) -> str:
    """The region in the genitive: "Region Gävleborg" -> "Gävleborgs" (no extra s after s, x, z)."""
    name = profile.meta.name.removeprefix("Region ").strip()
    return name if name[-1:].lower() in "sxz" else f"{name}s"


def _ref_sections(ref: str) -> list[str]:
    """The sections an entry's `ref` names, without the region's letter: "G 4.1.6, 4.1.4" ->
    ["4.1.6", "4.1.4"], a remark in brackets after numbers left out ("G 4.1.1 (refers to SOSFS
    2015:8 …)" -> ["4.1.1"]); a heading is kept whole ("V: Individuell utbildningsplan (IUP);
    År 1" -> ["Individuell utbildningsplan (IUP); År 1"])."""
    text = re.sub(r"^[GV]\b[:,]?\s*", "", ref.strip()).strip()
    numbers = re.fullmatch(r"([\d.]+(?:\s*,\s*[\d.]+)*)\s*(?:\(.*\))?", text)
    if numbers:
        return [part.strip() for part in numbers.group(1).split(",")]
    return [text] if text else []


def _catalogue_sections(sources: str, letter: str) -> list[str]:
    """The sections docs/rules.md gives for the region's letter: "G 5.1.2; V" -> ["5.1.2"]."""
    found: list[str] = []
    for part in sources.split(";"):
        part = part.strip()
        if part.startswith(f"{letter} "):
            found.extend(s.strip() for s in part[2:].split(",") if s.strip())
    return found


def cite(profile: RoutineProfile, code: str) -> Citation:
    """The citation of one R-code for the region whose profile is given.

    The sections are those of the profile entries listing the rule; where the rule catalogue
    narrows Gävleborg's rule to some of them (an entry citing "G 4.1.6, 4.1.4, 5.1.7, 5.1.8"
    for several rules), only those. A rule no entry gives a section for takes the catalogue's."""
    sources, wording = rule_catalogue().get(code, ("", ""))
    letter = profile.meta.key[:1].upper()
    sections: list[str] = []
    for name in type(profile).model_fields:
        entry = getattr(profile, name)
        if isinstance(entry, Entry) and code in entry.rules and entry.ref:
            for section in _ref_sections(entry.ref):
                if section not in sections:
                    sections.append(section)
    from_catalogue = _catalogue_sections(sources, letter)
    narrowed = [section for section in sections if section in from_catalogue]
    if narrowed:
        sections = narrowed
    elif not sections:
        sections = from_catalogue
    letters = {part.strip()[:1] for part in sources.split(";") if part.strip()}
    national = bool(letters) and letters == {"N"}
    return Citation(code, region_genitive(profile), tuple(sections), wording, national)


def cite_all(profile: RoutineProfile, codes: str) -> list[Citation]:
    """Every R-code in a text such as "R3.1, R3.3, R12.1", in order, each once."""
    seen: list[str] = []
    for code in _CODE.findall(codes):
        if code not in seen:
            seen.append(code)
    return [cite(profile, code) for code in seen]
