"""Long work that reports progress and may be cancelled: one contract for every service.

`progress(done, total)` is called now and then; it returns False when the
person asked to stop (None or True: go on). The work then raises its
`WorkCancelledError`, inside its transaction, so nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from coursenplus_desk.domain.errors import UserError

Progress = Callable[[int, int], bool | None]


class WorkCancelledError(UserError):
    """The person cancelled long work; what it had written is rolled back."""


def report(
    progress: Progress | None,
    done: int,
    total: int,
    cancelled: type[WorkCancelledError],
    message: str,
) -> None:
    """Tell `progress` how far the work is; raise `cancelled(message)` when asked to stop."""
    if progress is not None and progress(done, total) is False:
        raise cancelled(message)
