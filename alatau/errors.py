"""Domain errors shared by the engines, the services, the CLI and the API.

Every face of Alatau turns an :class:`AlatauError` into a clear message: one line on
stderr with exit code 2 for the CLI, a 4xx JSON body for the API, a form error on the web.
"""


class AlatauError(Exception):
    """A problem with the user's input or request that they can fix; never a bug."""


class InputError(AlatauError):
    """Bad input data: a malformed file, row or value."""
