"""Why a partner workflow is refused; the web shows the message, the API maps it to a status code."""

from alatau.core.errors import Conflict, InvalidData, NotAllowed

__all__ = ["AlreadyDecided", "InvalidData", "NotAllowed", "NotStaff", "NothingChanged"]


class NotStaff(NotAllowed):
    """Only the organisation's own staff (or the federation) may propose changes to its profile."""


class NothingChanged(InvalidData):
    """The proposed profile is the published one."""

    def __init__(self, message: str) -> None:
        super().__init__({"__all__": [message]})


class AlreadyDecided(Conflict):
    """The revision was approved or rejected already."""
