"""Moving a bad download out of the models folder, so nothing ever loads it.

A file that failed its hash, its GGUF check, or came from a server that sent more than
it announced is kept (not deleted) under `<data>/quarantine/`, so a user or a bug report
can still look at what arrived; the models folder only ever holds files that passed.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

log = logging.getLogger(__name__)


def quarantine(path: Path, folder: Path) -> Path:
    """Move `path` into `folder` under a time-stamped name; delete it if it cannot move."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{path.name}"
    try:
        shutil.move(path, target)
    except OSError:
        log.warning("could not quarantine %s; deleting it", path, exc_info=True)
        try:
            path.unlink()
        except OSError:
            pass
    log.warning("quarantined %s as %s", path, target)
    return target
