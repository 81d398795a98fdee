from __future__ import annotations


class PermissionDeniedError(PermissionError):
    """Raised by a service when the acting user lacks the capability on the unit."""


class ValidationFailed(ValueError):
    """Raised by a service with every problem found; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
