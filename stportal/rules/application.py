"""The application to Socialstyrelsen for bevis om specialistkompetens (issue 13), pure.

Which documents the application needs under each regulation, in the order Socialstyrelsen lists
them, the number each one gets ("Bilaga nr", numbered by kind as the application's list of
attachments asks), and the state of each one: data missing, waiting for the certifier's
confirmation, confirmed (and unchanged since), printed.

A certificate's *content* is what its certifier confirms: the place or subject, the period, the
delmål, the description, who signs. The records propose it (a draft); the certifier confirms it,
and from then on the confirmed content is what is printed. When the records change the place or
period afterwards, the certificate says so and waits for a new confirmation.

SOSFS 2015:8: Bilaga 1 the application with the service list, Bilaga 2 achieved competence, one
Bilaga 3–7 per auskultation, clinical service, course, quality work, written work. HSLF-FS 2021:8:
Bilaga 5 the application, Bilaga 6 completed ST with the service list, Bilaga 7 achieved
competence, one Bilaga 8–12 per auskultation, clinical service, course, development work, STa3
(`../shared/forms/README.md`; regulations-notes §3).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

SOSFS_2015 = "SOSFS 2015:8"
HSLF_2021 = "HSLF-FS 2021:8"

APPLICATION = "application"
COMPLETED = "completed"  # 2021 Bilaga 6: completed ST, the service list (2015: in Bilaga 1)
ACHIEVED = "achieved"
AUSKULTATION = "auskultation"
CLINICAL = "clinical"
COURSE = "course"
QUALITY = "quality"  # 2015 Bilaga 6
WRITTEN = "written"  # 2015 Bilaga 7
DEVELOPMENT = "development"  # 2021 Bilaga 11
STA3 = "sta3"  # 2021 Bilaga 12

# The attachments in the order of the application's list, after the application itself.
ORDER: dict[str, tuple[str, ...]] = {
    SOSFS_2015: (ACHIEVED, AUSKULTATION, CLINICAL, COURSE, QUALITY, WRITTEN),
    HSLF_2021: (COMPLETED, ACHIEVED, AUSKULTATION, CLINICAL, COURSE, DEVELOPMENT, STA3),
}
FORM: dict[str, dict[str, str]] = {
    SOSFS_2015: {
        APPLICATION: "2015-1",
        ACHIEVED: "2015-2",
        AUSKULTATION: "2015-3",
        CLINICAL: "2015-4",
        COURSE: "2015-5",
        QUALITY: "2015-6",
        WRITTEN: "2015-7",
    },
    HSLF_2021: {
        APPLICATION: "2021-5",
        COMPLETED: "2021-6",
        ACHIEVED: "2021-7",
        AUSKULTATION: "2021-8",
        CLINICAL: "2021-9",
        COURSE: "2021-10",
        DEVELOPMENT: "2021-11",
        STA3: "2021-12",
    },
}
# The delmål groups of the specialist application; BT's delmål belong to the BT application.
APPLICATION_GOAL_PREFIXES = {SOSFS_2015: ("a", "b", "c"), HSLF_2021: ("STa", "STb", "STc")}
# Kinds whose certificate names delmål (the others state the whole: achieved, completed).
NAMES_GOALS = frozenset({AUSKULTATION, CLINICAL, COURSE, QUALITY, WRITTEN, DEVELOPMENT})


class State(StrEnum):
    MISSING = "missing"  # the records lack something the form needs
    WAITING = "waiting"  # drafted, not confirmed by the person who signs it
    CHANGED = "changed"  # confirmed, but the records have changed its place or period since
    CONFIRMED = "confirmed"
    PRINTED = "printed"


@dataclass(frozen=True)
class Content:
    """What a certificate says; the certifier confirms exactly this."""

    place: str  # the place of service, or the subject of a course or work
    first: date | None = None
    last: date | None = None
    goals: tuple[str, ...] = ()
    description: str = ""
    certifier_name: str = ""
    certifier_specialty: str = ""
    certifier_workplace: str = ""
    signed_as: str = ""  # a course: "course_leader" or "supervisor" (the form's two boxes)
    course_leader: str = ""  # 2015 Bilaga 5 names the course leader in its own box
    # Achieved competence: the second signer (2015: the unit head or the specialist appointed
    # by the unit head; 2021: a specialist besides the main supervisor) and the supervisor's
    # supervisor-training year (2015); STa3: how the delmål was checked.
    second_name: str = ""
    second_specialty: str = ""
    second_workplace: str = ""
    supervisor_training_year: str = ""
    verification: str = ""

    def facts(self) -> tuple[str, date | None, date | None]:
        """What the records decide and the certifier cannot: the place or subject and period."""
        return (self.place, self.first, self.last)


@dataclass(frozen=True)
class Draft:
    """A certificate as the records propose it. `key` names its source for good ("home",
    "placement:12", "course:3", "work:quality_work", "achieved" …); `missing` are msgids of
    what the records lack; `certifier_role` says who confirms it."""

    kind: str
    key: str
    content: Content
    certifier_role: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Confirmation:
    key: str
    content: Content
    printed: bool = False


@dataclass(frozen=True)
class Document:
    kind: str
    key: str
    form: str
    number: int | None  # "Bilaga nr"; None for the application itself
    content: Content  # the confirmed content once confirmed, else the draft's
    draft: Content
    state: State
    certifier_role: str
    missing: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.state in (State.MISSING, State.WAITING, State.CHANGED)


@dataclass(frozen=True)
class Package:
    regulation: str
    documents: tuple[Document, ...]
    numbers_by_kind: dict[str, str] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Document]:
        return [document for document in self.documents if document.kind == kind]


def _sort_key(draft: Draft, order: Sequence[str]) -> tuple[int, date, str]:
    return (order.index(draft.kind), draft.content.first or date.min, draft.key)


# The application is the resident's own: nobody else confirms it.
RESIDENT = "resident"


def _state(draft: Draft, confirmation: Confirmation | None) -> State:
    if draft.certifier_role == RESIDENT:
        if draft.missing:
            return State.MISSING
        return (
            State.PRINTED if confirmation is not None and confirmation.printed else State.CONFIRMED
        )
    if confirmation is not None and confirmation.content.facts() == draft.content.facts():
        return State.PRINTED if confirmation.printed else State.CONFIRMED
    if draft.missing:
        return State.MISSING
    return State.CHANGED if confirmation is not None else State.WAITING


def package(
    regulation: str,
    application: Draft,
    drafts: Iterable[Draft],
    confirmations: Iterable[Confirmation],
) -> Package:
    """The application first, then each attachment in the regulation's order (by kind, then by
    date), numbered from 1, each with its state."""
    order = ORDER[regulation]
    confirmed = {confirmation.key: confirmation for confirmation in confirmations}
    ordered = sorted((d for d in drafts if d.kind in order), key=lambda d: _sort_key(d, order))
    documents = [_document(regulation, application, None, confirmed.get(application.key))]
    for number, draft in enumerate(ordered, start=1):
        documents.append(_document(regulation, draft, number, confirmed.get(draft.key)))
    by_kind = {
        kind: collapse_numbers(d.number for d in documents if d.kind == kind and d.number)
        for kind in order
    }
    return Package(regulation, tuple(documents), by_kind)


def _document(
    regulation: str, draft: Draft, number: int | None, confirmation: Confirmation | None
) -> Document:
    state = _state(draft, confirmation)
    content = (
        confirmation.content
        if confirmation is not None and state in (State.CONFIRMED, State.PRINTED)
        else draft.content
    )
    return Document(
        draft.kind,
        draft.key,
        FORM[regulation][draft.kind],
        number,
        content,
        draft.content,
        state,
        draft.certifier_role,
        draft.missing,
    )


def collapse_numbers(numbers: Iterable[int]) -> str:
    """Ranges collapsed as the form's list wants them: 2, 3, 4, 5, 8, 10, 11, 12 ->
    "2–5, 8, 10–12"."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    index = 0
    while index < len(ordered):
        end = index
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        first, last = ordered[index], ordered[end]
        parts.append(str(first) if first == last else f"{first}–{last}")
        index = end + 1
    return ", ".join(parts)


def _group(code: str) -> str:
    return code.rstrip("0123456789")


def compact_goals(goals: Iterable[str], curriculum: Sequence[str]) -> str:
    """Delmål in the curriculum's order, runs of the same group collapsed: "STc1–STc14" fits the
    form's one-line box where fourteen codes do not. Unknown codes are kept, at the end."""
    position = {code: index for index, code in enumerate(curriculum)}
    chosen = set(goals)
    known = sorted((code for code in chosen if code in position), key=position.__getitem__)
    unknown = sorted(chosen - set(known))
    parts: list[str] = []
    index = 0
    while index < len(known):
        end = index
        while (
            end + 1 < len(known)
            and position[known[end + 1]] == position[known[end]] + 1
            and _group(known[end + 1]) == _group(known[index])
        ):
            end += 1
        first, last = known[index], known[end]
        parts.append(first if first == last else f"{first}–{last}")
        index = end + 1
    return ", ".join([*parts, *unknown])


def application_goals(regulation: str, curriculum: Sequence[str]) -> list[str]:
    """The delmål the specialist application must show certificates for (no BT delmål)."""
    prefixes = APPLICATION_GOAL_PREFIXES.get(regulation, ())
    return [code for code in curriculum if _group(code) in prefixes]


def goals_without_certificate(
    regulation: str, curriculum: Sequence[str], documents: Iterable[Document]
) -> tuple[list[str], list[str]]:
    """(delmål no certificate names, delmål only unconfirmed certificates name). STa3 is covered
    by its own certificate (2021 Bilaga 12)."""
    confirmed: set[str] = set()
    drafted: set[str] = set()
    for document in documents:
        goals = set(document.content.goals)
        if document.kind == STA3:
            goals.add("STa3")
        (drafted if document.is_draft else confirmed).update(goals)
    wanted = application_goals(regulation, curriculum)
    none = [code for code in wanted if code not in confirmed and code not in drafted]
    unconfirmed = [code for code in wanted if code not in confirmed and code in drafted]
    return none, unconfirmed
