"""Fetching one file over HTTP so that nothing already on disk is ever fetched again.

What `hf_hub_download` lacks and this adds:

- **Resume across processes**: bytes go to `<name>.part`, written unbuffered, so after a
  crash, a kill or a reboot the file on disk *is* the progress; the next attempt asks
  for `Range: bytes=<size of .part>-`.
- **The right bytes**: `If-Range: <ETag>` makes the server send the whole file (200)
  instead of a range when the file changed; then, and when a server ignores ranges,
  the part is truncated and the download restarts from zero. A 206 must start exactly
  where the part ends (`Content-Range`).
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

from app.hub.errors import DiskFull, DownloadCancelled, DownloadError
from app.hub.hashing import TrailingHasher

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
) -> FetchResult:
    """Bring `part` up to `size` bytes from `url`, resuming from what is on disk.

    `on_bytes(n)` reports the bytes now in the part file; `on_retry(attempt, delay,
    reason)` each retry; `on_etag(etag)` when the server names the file's version (save
    it for the next process). Raises DownloadCancelled, DiskFull or DownloadError; the
    part file stays in every case.
    """
    download = _Download(part, size, etag, policy or RetryPolicy(), stop or StopSignal())
    download.on_bytes, download.on_etag = on_bytes, on_etag
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
            before = self.offset
            try:
                self._attempt(client, url, headers)
            except (DownloadCancelled, DiskFull, DownloadError):
                raise
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

    def _attempt(self, client, url: str, headers: dict[str, str]) -> None:
        request_headers = dict(headers)
        if self.offset > 0:
            request_headers["Range"] = f"bytes={self.offset}-"
            if self.etag and not self.etag.startswith("W/"):
                request_headers["If-Range"] = self.etag
        with client.stream("GET", url, headers=request_headers) as response:
            self.stop.attach(response)
            start, self.size, self.etag = _check_answer(
                response, self.part, self.offset, self.size, self.etag, self.on_etag
            )
            if start != self.offset:  # the server sends the whole file: start again
                self.hasher.close()
                os.truncate(self.part, 0)
                self.hasher = TrailingHasher(self.part)
                self.offset = 0
            with open(self.part, "r+b", buffering=0) as out:
                out.seek(self.offset)
                # Our own buffer, not iter_raw(chunk_size): httpx drops a half-filled
                # chunk when the connection breaks; we write every byte that arrived.
                try:
                    for data in response.iter_raw():
                        self.pending += data
                        if len(self.pending) >= self.policy.chunk_size:
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
        if not self.pending:
            return
        data, self.pending = self.pending, bytearray()
        _write(out, data, self.part, self.offset, self.size)
        self.offset += len(data)
        self.received += len(data)
        self.hasher.advance(self.offset)
        if self.on_bytes is not None:
            self.on_bytes(self.offset)


def _check_answer(response, part: Path, offset: int, size, etag, on_etag):
    """Check an answer's status and headers; return (where its bytes start, size, etag)."""
    status = response.status_code
    if status in RETRY_STATUSES:
        raise _Retry(f"the hub answered HTTP {status}")
    if status == 416:  # our part reaches beyond the file: it changed under us
        os.truncate(part, 0)
        raise _Retry("the file on the server is shorter than the partial download")
    if status >= 400:
        response.read()
        raise DownloadError(_http_error(part, status))
    new_etag = _normalize_etag(response.headers.get("ETag"))
    if status == 206:
        start, total = _content_range(response.headers.get("Content-Range"))
        if start != offset or (size is not None and total is not None and total != size):
            raise DownloadError(
                f"{_name(part)}: the server sent bytes from {start}, not {offset}: "
                "the file changed; start the download again"
            )
    else:  # 200: the whole file from byte 0 (the file changed, or ranges are not supported)
        start = 0
        length = response.headers.get("Content-Length")
        if size is not None and length is not None and int(length) != size:
            raise DownloadError(
                f"{_name(part)}: the hub now serves a different file ({int(length):,} bytes, "
                f"expected {size:,}); start the download again"
            )
        if offset > 0:
            log.info("%s: the server sent the whole file: starting again", part.name)
        if size is None and length is not None:
            size = int(length)
    if new_etag and new_etag != etag:
        etag = new_etag
        if on_etag is not None:
            on_etag(new_etag)
    return start, size, etag


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


def _content_range(value: str | None) -> tuple[int | None, int | None]:
    """`bytes 100-199/1000` → (100, 1000); unknown parts are None."""
    if not value or not value.startswith("bytes "):
        return None, None
    span, _, total = value[6:].partition("/")
    start = span.split("-", 1)[0]
    try:
        return int(start), (int(total) if total.strip() not in ("", "*") else None)
    except ValueError:
        return None, None


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
