"""Plain text for names: no control characters and no text-direction overrides.

A NUL or a vertical tab in a name breaks exports and PostgreSQL; a right-to-left override
makes ``Ivanov`` display as something else. Names refuse both at every face (pages, API,
imports), through :func:`validate_plain_text` on the model fields and in the import checks.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: C0 and C1 control characters (tab and newlines included: a name is one line), DEL, and the
#: bidirectional marks, embeddings, overrides and isolates.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def unsafe_character(text: str) -> str | None:
    """The first character of ``text`` a name may not hold, or None."""
    found = UNSAFE.search(text)
    return found.group() if found else None


def describe(char: str) -> str:
    """A character as people can look it up: its code point and Unicode name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".strip()


def problem(text: str) -> str | None:
    """Why ``text`` is refused as a name, or None when it is fine."""
    char = unsafe_character(text)
    if char is None:
        return None
    return str(
        _("contains a control or text-direction character (%(char)s); remove it") % {"char": describe(char)}
    )


def validate_plain_text(value: object) -> None:
    """Django validator: refuse control characters and bidi overrides (see :data:`UNSAFE`)."""
    if isinstance(value, str):
        reason = problem(value)
        if reason:
            raise ValidationError(reason, code="control_character")
