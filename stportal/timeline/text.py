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
