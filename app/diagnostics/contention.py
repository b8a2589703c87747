"""Is another program taking the CPU? The one question behind a sudden slow reply.

Measured here: with another process busy on both cores the model falls from 50–60 to
0.3–1 tokens/s, and nothing tells the user why. The load average counts every runnable
thread on the machine; once the engine's own threads are taken off, what remains is
other programs. Cheap (one system call), so it can run after every reply.
"""

from __future__ import annotations

import os

import psutil


def others_load(own_threads: int) -> float:
    """Runnable threads of other programs, averaged over the last minute (0 if unknown)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows: no load average
        return 0.0
    return max(0.0, load - own_threads)


def cpu_busy_elsewhere(own_threads: int) -> bool:
    """Other programs keep at least half the cores busy."""
    cores = psutil.cpu_count(logical=True) or 1
    return others_load(own_threads) >= max(1.0, cores / 2)


def slow_because_busy(speed: float, best: float, own_threads: int) -> bool:
    """This reply ran at under half the best speed seen, with the CPU busy elsewhere."""
    return best > 0 and speed < 0.5 * best and cpu_busy_elsewhere(own_threads)
