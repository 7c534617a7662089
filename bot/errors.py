"""Errors the core understands."""


class Refusal(Exception):
    """A member or staff action that cannot be done; the message says why, politely."""


class DeliveryError(Exception):
    """An adapter could not post. `permanent` errors (no such channel, no access)
    are not retried until staff fix the setting; others are tried again later."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class StartupError(Exception):
    """The bot cannot start as configured (a platform refused its token); the message says which
    setting to fix. The command line prints it and exits non-zero."""
