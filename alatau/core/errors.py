"""Domain errors of the web services: every face turns them into a clear message.

The API maps them to status codes: :class:`NotAllowed` → 403, :class:`InvalidData` → 422,
:class:`DuplicatePerson` and :class:`Conflict` → 409 (or 422), :class:`InvalidTransition` → 409.
"""

from typing import Any

from alatau.errors import AlatauError, InputError


class NotAllowed(AlatauError):
    """The user's role does not allow this action on this object."""


class InvalidData(InputError):
    """Field values that fail validation; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items()))


class Conflict(AlatauError):
    """The change would clash with existing data (a second live licence, a taken number)."""


class StaleVersion(Conflict):
    """Someone saved the object since the version the edit started from (optimistic locking).

    ``changed`` maps each field whose stored value differs from the edit to that stored value;
    ``version`` is the stored version, which a second, informed save may send.
    """

    def __init__(self, message: str, changed: dict[str, Any], version: int) -> None:
        self.changed = changed
        self.version = version
        super().__init__(message)


class DuplicatePerson(Conflict):
    """The registry already holds this person (same FIS code, or same name and birth date)."""

    def __init__(self, message: str, duplicates: list[Any]) -> None:
        self.duplicates = duplicates
        super().__init__(message)


class InvalidTransition(Conflict):
    """A licence cannot move from its current status to the one asked for."""
