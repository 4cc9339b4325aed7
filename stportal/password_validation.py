"""Password similarity that knows Swedish names (issue 10): Django's check compares the password
with the user's names letter by letter, so "asaoberg1" passes for Åsa Öberg. This one also
compares the ASCII-folded forms (å→a, ä→a, ö→o, é→e, ø→o, æ→ae …) of the password and of the
username, first and last name (each, and the whole name), and e-mail address."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from django.contrib.auth.password_validation import (
    UserAttributeSimilarityValidator,
    exceeds_maximum_length_ratio,
)
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

# Letters that Unicode does not decompose into a base letter and a mark.
UNDECOMPOSED = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l", "Ł": "L"}
)


def ascii_folded(text: str) -> str:
    """`text` in lower case without diacritics: "Åsa Öberg" → "asa oberg"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class FoldedUserAttributeSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's UserAttributeSimilarityValidator on the folded forms (folding leaves plain ASCII
    as it is, so it replaces Django's check), plus the whole name written together
    ("asaoberg")."""

    def validate(self, password: str, user: Any = None) -> None:
        if not user:
            return
        folded_password = ascii_folded(password)
        for verbose_name, value in self._attributes(user):
            for part in [*re.split(r"\W+", value), value]:
                if part and self._too_similar(folded_password, part):
                    raise ValidationError(
                        self.get_error_message(),
                        code="password_too_similar",
                        params={"verbose_name": verbose_name},
                    )

    def _attributes(self, user: Any) -> Iterator[tuple[str, str]]:
        """(verbose name, folded value) of each attribute compared with the password."""
        for name in self.user_attributes:
            value = getattr(user, name, None)
            if value and isinstance(value, str):
                yield _verbose_name(user, name), ascii_folded(value)
        names = (getattr(user, name, "") or "" for name in ("first_name", "last_name"))
        whole = re.sub(r"\W+", "", ascii_folded("".join(names)))
        if whole:
            yield _("name"), whole

    def _too_similar(self, password: str, value: str) -> bool:
        if exceeds_maximum_length_ratio(password, self.max_similarity, value):
            return False
        return SequenceMatcher(a=password, b=value).quick_ratio() >= self.max_similarity

    def get_error_message(self) -> str:
        return _(
            "The password is too similar to your name, username or e-mail address "
            "(%(verbose_name)s)."
        )


def _verbose_name(user: Any, name: str) -> str:
    try:
        return str(user._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
