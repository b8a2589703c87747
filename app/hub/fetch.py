"""Fetching one file over HTTP so that nothing already on disk is ever fetched again.

What `hf_hub_download` lacks and this adds:

- **Resume across processes**: bytes go to `<name>.part`, written unbuffered, so after a
  crash, a kill or a reboot the file on disk *is* the progress; the next attempt asks
  for `Range: bytes=<size of .part>-`.
- **The right bytes**: `If-Range: <ETag>` makes the server send the whole file (200)
  instead of a range when the file changed; then, and when a server ignores ranges,
  the part is truncated and the download restarts from zero. A 206 must start exactly
  where the part ends (`Content-Range`): one from byte 0 restarts in place; one from
  anywhere else is never spliced on, the part restarts from zero without ranges (and a
  server that gets even that wrong fails the download, with nothing wrong on disk).
- **Never more than announced**: no byte past the file's size (or the range's end) is
  written; a body that runs on stops with `ServerSentTooMuch` (the manager quarantines).
- **The token stays with the hub**: redirects are followed by app/hub/redirects.py.
- **Offline once, not per attempt**: a connection that cannot be made marks the hub
  unreachable (`Reachability`), and every download then waits out the same pause.
- **Retry with back-off** on dropped connections, 5xx/429 answers and stalls (the read
  timeout is the stall detector: no byte for `stall_seconds`). Every attempt that got
  new bytes resets the count, so a flaky line that keeps making progress never gives up.
- **Pause/cancel at once**: `StopSignal.stop()` from any thread closes the response in
  flight, so a stalled read doesn't delay a pause by the stall timeout.
- **A full disk** (ENOSPC/EDQUOT) stops with `DiskFull`; what was written is a correct
  prefix, so the download resumes when space is freed.
- SHA-256 computed alongside (`TrailingHasher`), ready when the last byte lands.
"""

from __future__ import annotations

import errno
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx2

from app.hub.errors import DiskFull, DownloadCancelled, DownloadError, ServerSentTooMuch
from app.hub.hashing import TrailingHasher
from app.hub.reachability import Reachability
from app.hub.redirects import stream_get

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


@dataclass
class RetryPolicy:
    stall_seconds: float = 30.0  # no byte for this long: drop the connection and retry
    max_attempts: int = 8  # consecutive attempts that brought no new byte
    backoff_first: float = 1.0  # seconds; doubles per failed attempt…
    backoff_max: float = 30.0  # …up to this
    chunk_size: int = 256 << 10  # written (and safe from a kill) in pieces of this size

    def delay(self, failures: int) -> float:
        return min(self.backoff_max, self.backoff_first * (2 ** max(0, failures - 1)))


class StopSignal:
    """Pause or cancel a fetch from another thread; wakes back-off sleeps and blocked reads."""

    def __init__(self) -> None:
        self.reason: str | None = None  # "pause" | "cancel"
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._response: httpx2.Response | None = None

    def stop(self, reason: str) -> None:
        with self._lock:
            self.reason = reason
            self._event.set()
            response = self._response
        if response is not None:
            _interrupt(response)

    def sleep(self, seconds: float) -> bool:
        """Wait; True when stopped meanwhile."""
        return self._event.wait(seconds)

    def check(self) -> None:
        if self.reason is not None:
            raise DownloadCancelled(
                f"download {'paused' if self.reason == 'pause' else 'cancelled'}"
            )

    def attach(self, response: httpx2.Response | None) -> None:
        with self._lock:
            self._response = response


def _interrupt(response: httpx2.Response) -> None:
    """Wake a read blocked in another thread: shut the socket down under it.

    Closing the response alone waits for the blocked recv() to return (a stalled server
    could hold it for the whole stall timeout); shutdown() makes it return at once.
    """
    try:
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # best effort: the read then ends at the stall timeout
        log.debug("could not interrupt the download's socket", exc_info=True)


@dataclass
class FetchResult:
    etag: str | None
    sha256: str
    size: int
    received: int  # bytes that came over the network in this call


class _Retry(Exception):
    """An attempt failed in a way worth retrying (reason in the message)."""


class _BadRange(Exception):
    """A 206 that cannot continue the part: from the wrong byte, or of another file."""


@dataclass
class _Answer:
    start: int  # where the response's bytes go in the file
    size: int | None  # the whole file's size, as far as anyone said
    etag: str | None
    limit: int | None  # no byte at or past this offset may be written from this response


def write_chunk(out, data: bytes) -> None:
    """Write all of `data` to an unbuffered file (a seam for tests that inject write errors)."""
    view = memoryview(data)
    while view:
        written = out.write(view)
        view = view[written:]


def fetch_file(
    client: httpx2.Client,
    url: str,
    part: Path,
    *,
    size: int | None,
    headers: dict[str, str],
    etag: str | None = None,
    policy: RetryPolicy | None = None,
    stop: StopSignal | None = None,
    on_bytes: Callable[[int], None] | None = None,
    on_retry: Callable[[int, float, str], None] | None = None,
    on_etag: Callable[[str], None] | None = None,
    reachability: Reachability | None = None,
) -> FetchResult:
    """Bring `part` up to `size` bytes from `url`, resuming from what is on disk.

    `on_bytes(n)` reports the bytes now in the part file; `on_retry(attempt, delay,
    reason)` each retry; `on_etag(etag)` when the server names the file's version (save
    it for the next process); `reachability` is the hub's shared offline state. Raises
    DownloadCancelled, DiskFull, ServerSentTooMuch or DownloadError; the part file stays
    in every case (the caller decides what to do with one that got too much).
    """
    download = _Download(part, size, etag, policy or RetryPolicy(), stop or StopSignal())
    download.on_bytes, download.on_etag = on_bytes, on_etag
    download.reachability = reachability
    try:
        download.run(client, url, headers, on_retry)
        digest = download.hasher.digest()
    finally:
        download.hasher.close()
    return FetchResult(download.etag, digest, download.offset, download.received)


class _Download:
    """The state of one file's fetch across its attempts."""

    def __init__(self, part: Path, size, etag, policy: RetryPolicy, stop: StopSignal):
        self.part, self.size, self.etag, self.policy, self.stop = part, size, etag, policy, stop
        self.on_bytes: Callable[[int], None] | None = None
        self.on_etag: Callable[[str], None] | None = None
        self.reachability: Reachability | None = None
        self.ranges_ok = True  # False once the server answered a range wrongly
        self.limit: int | None = size
        part.parent.mkdir(parents=True, exist_ok=True)
        part.touch(exist_ok=True)
        self.offset = part.stat().st_size
        if size is not None and self.offset > size:
            log.warning("%s is longer than the file on the hub: starting again", part.name)
            os.truncate(part, 0)
            self.offset = 0
        self.received = 0
        self.pending = bytearray()
        self.hasher = TrailingHasher(part)
        self.hasher.advance(self.offset)

    def run(self, client, url: str, headers: dict[str, str], on_retry) -> None:
        failures = 0
        while self.size is None or self.offset < self.size:
            self.stop.check()
            self._wait_while_offline(max(failures, 1), on_retry)
            before = self.offset
            try:
                self._attempt(client, url, headers)
            except (DownloadCancelled, DiskFull, DownloadError):
                raise
            except _BadRange as exc:
                if self.offset == 0 or not self.ranges_ok:
                    raise DownloadError(
                        f"{_name(self.part)}: {exc}, even when asked for the whole file; "
                        "nothing of it was kept"
                    ) from exc
                log.warning("%s: %s; starting again from byte 0", self.part.name, exc)
                self.ranges_ok = False
            except (httpx2.TransportError, httpx2.StreamError, _Retry, OSError) as exc:
                self.stop.check()  # a pause closes the response: that is not a network error
                if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
                    raise DownloadError(f"{_name(self.part)}: cannot write ({exc})") from exc
                failures = 0 if self.offset > before else failures + 1
                reason = _reason(exc)
                if failures >= self.policy.max_attempts:
                    raise DownloadError(
                        f"{_name(self.part)}: gave up after {failures} attempts ({reason}); "
                        "the partial download is kept and resumes next time"
                    ) from exc
                delay = self.policy.delay(max(failures, 1))
                if self.reachability is not None and _cannot_connect(exc):
                    self.reachability.mark_unreachable(reason)
                    delay = max(delay, self.reachability.seconds_left())
                    reason = "can't reach the hub (offline)"
                log.info("%s: %s; retrying in %.1f s", self.part.name, reason, delay)
                if on_retry is not None:
                    on_retry(max(failures, 1), delay, reason)
                if self.stop.sleep(delay):
                    self.stop.check()
            except Exception:
                self.stop.check()  # whatever closing the response from another thread raised
                raise
            finally:
                self.stop.attach(None)

    def _wait_while_offline(self, attempt: int, on_retry) -> None:
        """Another download (or this one) found the hub unreachable: wait out the pause."""
        wait = self.reachability.seconds_left() if self.reachability is not None else 0.0
        if wait <= 0:
            return
        if on_retry is not None:
            on_retry(attempt, wait, "can't reach the hub (offline)")
        if self.stop.sleep(wait):
            self.stop.check()

    def _restart(self) -> None:
        """Drop the part: the next bytes written are the file's first."""
        self.hasher.close()
        os.truncate(self.part, 0)
        self.hasher = TrailingHasher(self.part)
        self.offset = 0

    def _attempt(self, client, url: str, headers: dict[str, str]) -> None:
        if self.offset > 0 and not self.ranges_ok:
            self._restart()  # this server's ranges are not to be trusted
        request_headers = dict(headers)
        if self.offset > 0:
            request_headers["Range"] = f"bytes={self.offset}-"
            if self.etag and not self.etag.startswith("W/"):
                request_headers["If-Range"] = self.etag
        with stream_get(client, url, request_headers) as response:
            self.stop.attach(response)
            answer = _check_answer(
                response, self.part, self.offset, self.size, self.etag, self.on_etag
            )
            if self.reachability is not None:
                self.reachability.mark_reachable()
            self.size, self.etag, self.limit = answer.size, answer.etag, answer.limit
            if answer.start != self.offset:  # the server sends the whole file: start again
                self._restart()
            with open(self.part, "r+b", buffering=0) as out:
                out.seek(self.offset)
                # Our own buffer, not iter_raw(chunk_size): httpx drops a half-filled
                # chunk when the connection breaks; we write every byte that arrived.
                try:
                    for data in response.iter_raw():
                        self.pending += data
                        over = (
                            self.limit is not None and self.offset + len(self.pending) > self.limit
                        )
                        if over or len(self.pending) >= self.policy.chunk_size:
                            self._flush(out)
                            self.stop.check()
                except (httpx2.TransportError, httpx2.StreamError, DownloadCancelled):
                    self._flush(out)
                    raise
                self._flush(out)
        if self.size is None:
            self.size = self.offset
        elif self.offset < self.size:
            raise _Retry("the connection closed early")
        elif self.offset > self.size:
            raise DownloadError(f"{_name(self.part)}: the server sent more bytes than the file has")

    def _flush(self, out) -> None:
        """Write what arrived, up to the limit and never past it."""
        if not self.pending:
            return
        data, self.pending = self.pending, bytearray()
        room = len(data) if self.limit is None else max(0, self.limit - self.offset)
        if room:
            data_in = data[:room]
            _write(out, data_in, self.part, self.offset, self.size)
            self.offset += len(data_in)
            self.received += len(data_in)
            self.hasher.advance(self.offset)
            if self.on_bytes is not None:
                self.on_bytes(self.offset)
        if len(data) > room:
            raise ServerSentTooMuch(
                f"{_name(self.part)}: the server sent more bytes than it announced "
                f"({self.limit:,}); the download was stopped there"
            )


def _check_answer(response, part: Path, offset: int, size, etag, on_etag) -> _Answer:
    """Check an answer's status and headers: where its bytes go, how far they may go."""
    status = response.status_code
    if status in RETRY_STATUSES:
        raise _Retry(f"the hub answered HTTP {status}")
    if status == 416:  # our part reaches beyond the file: it changed under us
        os.truncate(part, 0)
        raise _Retry("the file on the server is shorter than the partial download")
    if status >= 400:
        response.read()
        raise DownloadError(_http_error(part, status))
    if 300 <= status < 400:
        raise DownloadError(f"{_name(part)}: the hub answered HTTP {status} without a new address")
    new_etag = _normalize_etag(response.headers.get("ETag"))
    length = _int_or_none(response.headers.get("Content-Length"))
    if status == 206:
        start, end, total = _content_range(response.headers.get("Content-Range"))
        if start is None:
            raise _BadRange("the server sent a part of the file without saying which")
        if total is not None and size is not None and total != size:
            raise _BadRange(f"the server says the file has {total:,} bytes, not {size:,}")
        if start != offset and start != 0:
            raise _BadRange(f"the server sent bytes from {start:,}, not {offset:,}")
        if start != offset:
            log.info("%s: the server sent the file from byte 0: starting again", part.name)
        size = size if size is not None else total
        limit = size
        if end is not None:
            limit = end + 1 if limit is None else min(limit, end + 1)
    else:  # 200: the whole file from byte 0 (the file changed, or ranges are not supported)
        start = 0
        if size is not None and length is not None and length != size:
            raise DownloadError(
                f"{_name(part)}: the hub now serves a different file ({length:,} bytes, "
                f"expected {size:,}); start the download again"
            )
        if offset > 0:
            log.info("%s: the server sent the whole file: starting again", part.name)
        if size is None and length is not None:
            size = length
        limit = size
    if length is not None and limit is not None and start + length > limit:
        raise DownloadError(
            f"{_name(part)}: the server announced {length:,} bytes from {start:,}, more than "
            f"the file has ({limit:,}); nothing of it was written"
        )
    if new_etag and new_etag != etag:
        etag = new_etag
        if on_etag is not None:
            on_etag(new_etag)
    return _Answer(start, size, etag, limit)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _cannot_connect(exc: BaseException) -> bool:
    return isinstance(exc, (httpx2.ConnectError, httpx2.ConnectTimeout))


def _name(part: Path) -> str:
    return part.name[:-5] if part.name.endswith(".part") else part.name


def _write(out, chunk: bytes, part: Path, offset: int, size) -> None:
    try:
        write_chunk(out, chunk)
    except OSError as exc:
        if exc.errno in DISK_FULL_ERRNOS:
            shown = f" of {size / 1e6:,.1f} MB" if size else " MB"
            raise DiskFull(
                f"the disk is full ({part.parent}): {offset / 1e6:,.1f}{shown} downloaded; "
                "free some space and resume (the partial download is kept)"
            ) from exc
        raise


def _content_range(value: str | None) -> tuple[int | None, int | None, int | None]:
    """`bytes 100-199/1000` → (100, 199, 1000); unknown or malformed parts are None."""
    if not value or not value.startswith("bytes "):
        return None, None, None
    span, _, total = value[6:].partition("/")
    first, _, last = span.partition("-")
    try:
        start, end = int(first), int(last)
        size = int(total) if total.strip() not in ("", "*") else None
    except ValueError:
        return None, None, None
    if start < 0 or end < start or (size is not None and end >= size):
        return None, None, None
    return start, end, size


def _normalize_etag(etag: str | None) -> str | None:
    return etag.strip() if etag else None


def _http_error(part: Path, status: int) -> str:
    name = part.name[:-5]
    if status in (401, 403):
        return (
            f"{name}: the hub refused the download (HTTP {status}): the model may be gated; "
            "accept its licence on the hub and log in (`hf auth login`) or set HF_TOKEN"
        )
    if status == 404:
        return f"{name}: the file is not on the hub (HTTP 404)"
    return f"{name}: the hub answered HTTP {status}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, httpx2.ReadTimeout):
        return "no data for a while (stalled)"
    if isinstance(exc, httpx2.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx2.TimeoutException):
        return "timed out"
    if isinstance(exc, (httpx2.RemoteProtocolError, httpx2.ReadError)):
        return "the connection dropped"
    text = " ".join(str(exc).split())
    return text[:100] or type(exc).__name__
