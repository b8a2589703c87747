"""SHA-256 of model files: whole files for `verify`, and a hasher that trails a download.

Why trail instead of hashing the network chunks: a download resumed in a new process
cannot restore a `hashlib` object, so it would have to re-read the part already on
disk anyway. The trailing hasher always reads from the file, in its own thread, a
little behind the writer (the data is still in the page cache, and hashlib and file reads
release the GIL), so hashing overlaps the download instead of adding minutes at the
end, and a resumed download simply starts hashing from byte 0.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

READ_CHUNK = 4 << 20


def sha256_file(
    path: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> str | None:
    """Hex SHA-256 of a file; `progress(done, total)` after each chunk.

    Returns None when `should_stop()` turned true before the end.
    """
    digest = hashlib.sha256()
    total = os.path.getsize(path)
    done = 0
    with open(path, "rb", buffering=0) as stream:
        while True:
            if should_stop is not None and should_stop():
                return None
            chunk = stream.read(READ_CHUNK)
            if not chunk:
                break
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    return digest.hexdigest()


class TrailingHasher:
    """Hashes a growing file from byte 0 up to what the writer reports as written.

    The writer calls `advance(n)` after the first n bytes are on disk (written with an
    unbuffered file, so the hasher's reads see them); `digest()` waits for the hasher
    to reach the end and returns the hex SHA-256. `close()` stops it early.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._sha = hashlib.sha256()
        self._hashed = 0
        self._written = 0
        self._done_writing = False
        self._stopped = False
        self._error: BaseException | None = None
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="sha256-trail", daemon=True)
        self._thread.start()

    @property
    def hashed(self) -> int:
        return self._hashed

    def advance(self, written: int) -> None:
        with self._cond:
            self._written = max(self._written, written)
            self._cond.notify()

    def digest(self) -> str:
        """Finish hashing everything written so far; raise what the hasher hit, if anything."""
        with self._cond:
            self._done_writing = True
            self._cond.notify()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._sha.hexdigest()

    def close(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join()

    def _run(self) -> None:
        try:
            # Its own file object (own position), so no pread: that is POSIX-only.
            with open(self.path, "rb", buffering=0) as stream:
                while True:
                    with self._cond:
                        while (
                            self._hashed >= self._written
                            and not self._done_writing
                            and not self._stopped
                        ):
                            self._cond.wait()
                        if self._stopped or (self._done_writing and self._hashed >= self._written):
                            return
                        upto = self._written
                    stream.seek(self._hashed)
                    while self._hashed < upto:
                        chunk = stream.read(min(READ_CHUNK, upto - self._hashed))
                        if not chunk:
                            raise OSError(f"{self.path.name} got shorter while being hashed")
                        self._sha.update(chunk)
                        self._hashed += len(chunk)
        except BaseException as exc:  # reported by digest()
            log.debug("trailing hasher stopped", exc_info=True)
            self._error = exc
