"""The rules travel with the code (issue 9): every R-code that the code and the tests cite is
defined in docs/rules.md, and every relative link between the docs pages resolves. Pure: files
only, no database."""

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RULES = DOCS / "rules.md"

# Where citations are looked for: (folder under the repository root, file pattern).
CITING_FILES = [
    ("stportal", "*.py"),
    ("stportal", "*.html"),
    ("stportal", "*.toml"),
    ("stportal", "*.txt"),
    ("tests", "*.py"),
]

# R-codes cited in the code that docs/rules.md does not define. A rule is never invented to make
# this test pass: a code lands here, with the file and line that cites it, until the lead decides
# whether the citation or the catalogue is wrong. Empty: every cited code is defined.
ALLOWED_UNDEFINED: dict[str, str] = {}

# A rule cited by number: R1.3, R10.2. Both ends of a range "R3.2–R3.5" match on their own.
CITED_RULE = re.compile(r"\bR\d+\.\d+\b")
# The right end of a range written without its R: "R3.2–3.5" cites R3.5 too.
RANGE_END_WITHOUT_R = re.compile(r"\bR\d+\.\d+\s*[–-]\s*(\d+\.\d+)\b")
# A whole section cited: "R4", "R12" (not the start of "R4.1").
CITED_SECTION = re.compile(r"\bR(\d+)\b(?!\.\d)")

# In rules.md a rule is defined by a list item that opens with it in bold ("- **R1.3 (G 5.1.6)**")
# or by a heading that opens with it; a section by its numbered heading ("## 3. Study time …").
RULE_DEFINITION = re.compile(r"^(?:#+\s+|\s*[-*]\s+\*\*)(R\d+\.\d+)\b", re.MULTILINE)
SECTION_HEADING = re.compile(r"^#+\s+(\d+)\.\s", re.MULTILINE)

# Markdown links: [text](target) and reference definitions "[label]: target".
INLINE_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def citing_files() -> list[Path]:
    this_file = Path(__file__).resolve()
    files = {
        path
        for folder, pattern in CITING_FILES
        for path in (ROOT / folder).rglob(pattern)
        if path.is_file() and path.resolve() != this_file
    }
    return sorted(files)


def citations(pattern: re.Pattern[str], group: int = 0) -> dict[str, list[str]]:
    """Each code the pattern finds in the citing files, with the places ("path:line") citing it."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in citing_files():
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in pattern.finditer(line):
                found[match.group(group)].append(f"{path.relative_to(ROOT)}:{number}")
    return found


def cited_rules() -> dict[str, list[str]]:
    found = citations(CITED_RULE)
    for code, places in citations(RANGE_END_WITHOUT_R, group=1).items():
        found.setdefault(f"R{code}", []).extend(places)
    return found


def defined_rules() -> set[str]:
    return set(RULE_DEFINITION.findall(RULES.read_text(encoding="utf-8")))


def report(missing: dict[str, list[str]]) -> str:
    return "\n".join(
        f"  {code}: cited at {', '.join(places)}"
        for code, places in sorted(missing.items(), key=lambda item: sort_key(item[0]))
    )


def sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.removeprefix("R").split("."))


def test_every_cited_rule_is_defined_in_docs_rules_md():
    defined = defined_rules()
    assert len(defined) > 50, f"{RULES} defines only {len(defined)} R-codes: is the format changed?"
    cited = cited_rules()
    assert cited, "no R-code found in stportal/ and tests/: is the search broken?"

    missing = {code: places for code, places in cited.items() if code not in defined}
    unexpected = {code: places for code, places in missing.items() if code not in ALLOWED_UNDEFINED}
    assert not unexpected, (
        f"R-codes cited in the code but not defined in docs/rules.md:\n{report(unexpected)}"
    )
    stale = sorted(set(ALLOWED_UNDEFINED) - set(missing))
    assert not stale, f"ALLOWED_UNDEFINED lists codes now defined or no longer cited: {stale}"


def test_every_cited_section_exists_in_docs_rules_md():
    sections = set(SECTION_HEADING.findall(RULES.read_text(encoding="utf-8")))
    cited = citations(CITED_SECTION, group=1)
    missing = {f"R{number}": places for number, places in cited.items() if number not in sections}
    assert not missing, (
        f"Rule sections cited in the code but not numbered in docs/rules.md:\n{report(missing)}"
    )


def relative_link_targets(markdown: str) -> list[str]:
    prose = INLINE_CODE.sub("", FENCED_CODE.sub("", markdown))
    targets = INLINE_LINK.findall(prose) + REFERENCE_LINK.findall(prose)
    return [
        target
        for target in targets
        if not URL_SCHEME.match(target) and not target.startswith(("#", "//"))
    ]


def test_every_relative_link_in_docs_resolves():
    pages = sorted(DOCS.glob("*.md"))
    assert pages, f"no Markdown pages in {DOCS}"
    broken = []
    checked = 0
    for page in pages:
        for target in relative_link_targets(page.read_text(encoding="utf-8")):
            path = target.split("#", 1)[0].split("?", 1)[0]
            checked += 1
            if not (page.parent / path).exists():
                broken.append(f"  {page.relative_to(ROOT)}: {target}")
    assert checked, "no relative link found in docs/: is the search broken?"
    assert not broken, "Links in docs/ that point to no file:\n" + "\n".join(broken)


def test_link_search_sees_links_and_skips_code_and_urls():
    markdown = (
        "See [rules](rules.md#glossary) and [site](https://example.org).\n"
        "`[not](a-link.md)`\n"
        "```\n[also not](code.md)\n```\n"
        "[ref]: timeline.md\n"
    )
    assert relative_link_targets(markdown) == ["rules.md#glossary", "timeline.md"]


def test_citation_search_takes_both_ends_of_a_range():
    line = "Study time (R3.2–R3.5), the ledger (R3.2–3.4), supervision R8.4, the work (R4)."
    assert CITED_RULE.findall(line) == ["R3.2", "R3.5", "R3.2", "R8.4"]
    assert RANGE_END_WITHOUT_R.findall(line) == ["3.4"]
    assert CITED_SECTION.findall(line) == ["4"]
