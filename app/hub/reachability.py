"""One "offline" state for the hub: once it cannot be reached, nobody asks it for 90 s.

Without this, every search, every repo opened and every download attempt would try the
network again on its own, each one waiting out its connect timeout and each one
reporting its own failure. One object per HubClient remembers the failure instead: the
calls made during the pause fail at once with the same one line, and the downloads
wait for the end of the same pause before their next attempt. Any answer from the hub
ends the pause early.
"""

from __future__ import annotations

import threading
import time

OFFLINE_RETRY_SECONDS = 90.0


class Reachability:
    """Thread-safe: searches run on the GUI's workers, downloads on their own threads."""

    def __init__(self, retry_after: float = OFFLINE_RETRY_SECONDS, clock=time.monotonic):
        self.retry_after = retry_after
        self._clock = clock
        self._lock = threading.Lock()
        self._until = 0.0
        self.reason: str | None = None

    def mark_unreachable(self, reason: str) -> None:
        """The hub could not be reached just now: start (or extend) the pause."""
        with self._lock:
            self._until = self._clock() + self.retry_after
            self.reason = reason

    def mark_reachable(self) -> None:
        with self._lock:
            self._until = 0.0
            self.reason = None

    def seconds_left(self) -> float:
        """How long until the hub may be tried again (0: now)."""
        with self._lock:
            return max(0.0, self._until - self._clock())

    @property
    def offline(self) -> bool:
        return self.seconds_left() > 0
