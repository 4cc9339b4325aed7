"""Swedish text for the pure timeline code, read from the application's own catalogue.

The calculator runs without Django (CLI, benchmark), so it translates with the standard library's
gettext from the same compiled catalogue Django uses; the msgids are English, as everywhere.
"""

from __future__ import annotations

import gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_catalogue = gettext.translation("django", localedir=_LOCALE_DIR, languages=["sv"], fallback=True)


def _(message: str) -> str:
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalogue.ngettext(singular, plural, count)


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue where it is translated later, when chosen."""
    return message


def grouped(number: int) -> str:
    """A whole number as Swedish writes it: 1755 -> "1 755", a non-breaking space between the
    thousands (issue 12 item 13; the pages' filter is st_units.days)."""
    return f"{number:,}".replace(",", "\xa0")


def pgettext(context: str, message: str) -> str:
    return _catalogue.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    return _catalogue.npgettext(context, singular, plural, count)


# --- Swedish grammatical gender (issue 12 item 13) -------------------------------------------
#
# A generated sentence says "ST-kontrakt ska vara klart" but "IUP ska vara klar": the adjective
# agrees with the noun. Such sentences have a msgid for common gender (en-ord, the default) and
# the same msgid in the context NEUTER for neuter nouns (ett-ord): English reads the same,
# Swedish differs (stportal/locale/sv, msgctxt "neuter").

NEUTER = "neuter"
COMMON = "common"

# The head nouns (last part of the name, or of a compound) that are neuter in the names the
# portal puts into such sentences: "ST-kontrakt", "Avslutningssamtal", "Avslutande samtal",
# "Vetenskapligt arbete", "Intyg", "Seminarium". Every other name is common gender ("IUP",
# "Utbildningsplan (IUP)", "ST-överenskommelse", "Slutvärdering", "Årlig uppföljning, år 2",
# "Anmälan till Mitt i ST", "Mitt i ST" – the course, "kursen").
NEUTER_HEADS = ("kontrakt", "samtal", "arbete", "intyg", "seminarium", "utlåtande", "avtal")


def swedish_gender(name: str) -> str:
    """NEUTER or COMMON for a Swedish name such as "ST-kontrakt" or "Årlig uppföljning, år 2".

    The head noun decides: the name without a remark in brackets or after a comma, its last
    word, and of a compound ("ST-kontrakt", "avslutningssamtal") its end."""
    head = name.split("(")[0].split(",")[0].strip().lower()
    words = head.split()
    while len(words) > 1 and (words[-1].isdigit() or words[-1] == "år"):
        words.pop()  # "Årlig uppföljning år 2": the noun is "uppföljning"
    last = words[-1] if words else head
    return NEUTER if last.endswith(NEUTER_HEADS) else COMMON
