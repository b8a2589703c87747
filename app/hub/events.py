"""What the download manager tells its listeners, and the speed behind its ETA.

Kept apart from the manager so the GUI's downloads panel can import the event type
without the queue, and so the manager module stays about the queue and its states.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

SPEED_WINDOW = 5.0  # seconds of history for the speed (and so the ETA)


@dataclass(frozen=True)
class DownloadEvent:
    job_id: str
    model_id: str
    state: str
    bytes_done: int
    bytes_total: int
    speed: float = 0.0  # bytes per second over the last few seconds
    eta: float | None = None  # seconds left at that speed
    file: str | None = None  # the file being fetched (split models have several)
    message: str | None = None  # retry reason, error, or what happened
    attempt: int = 0  # retry attempt number while retrying


Listener = Callable[[DownloadEvent], None]


class SpeedMeter:
    """Bytes per second over the last few seconds: steady enough for an ETA, still current."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, int]] = deque()

    def update(self, done: int) -> float:
        now = time.monotonic()
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > SPEED_WINDOW:
            self.samples.popleft()
        first_time, first_done = self.samples[0]
        elapsed = now - first_time
        return (done - first_done) / elapsed if elapsed > 0.05 else 0.0
