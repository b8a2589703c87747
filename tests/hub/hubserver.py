"""A small Hugging Face hub stand-in on 127.0.0.1, for tests and the download benchmark.

It answers what huggingface_hub 2.4 asks (read from its source):

- `GET /api/models?search=&filter=&sort=&limit=` → a JSON list of models;
- `GET /api/models/{repo}` and `/api/models/{repo}/revision/{rev}` → a model with
  `sha` and `siblings`; with `?blobs=True` (what `files_metadata=True` sends) each
  sibling has `size`, `blobId` and `lfs: {size, sha256, pointerSize}`;
- `HEAD`/`GET /{repo}/resolve/{rev}/{file}` → the bytes, with `X-Repo-Commit` (40 hex),
  `ETag`, `X-Linked-Etag`, `X-Linked-Size`, `Content-Length`, `Accept-Ranges`, and
  `Range: bytes=N-[M]` → 206 with `Content-Range` (`If-Range` honoured); optionally a
  302 to `/cdn/…` like the real hub's LFS redirect.

Errors carry `X-Error-Code` (RepoNotFound, RevisionNotFound, EntryNotFound) as the hub's
do. Faults per file (`Faults`): drop the connection at given or random offsets, stall,
serve corrupted bytes, throttle, answer an HTTP error first, ignore ranges, change the
ETag. `bytes_sent[(repo, file)]` counts body bytes actually written.

It can also play a malicious or broken hub: send more bytes than the file has
(`Faults.oversize`, with no Content-Length, so the client cannot see it coming), answer
a range from the wrong start (`Faults.range_shift`), and redirect downloads to a second
server on another host or port (`redirect_to(other)`); `authorization_seen` records the
Authorization header of every request, so a test can prove where a token went.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

CHUNK = 256 << 10


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(4 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Faults:
    drop_at: list[int] = field(default_factory=list)  # file offsets; each drops once
    stall_at: list[tuple[int, float]] = field(default_factory=list)  # (offset, seconds), once
    corrupt: tuple[int, int] | None = None  # [start, end) of bytes flipped in every response
    rate: float | None = None  # bytes per second
    statuses: deque = field(default_factory=deque)  # answer these HTTP statuses first, once each
    ignore_range: bool = False
    oversize: int = 0  # extra bytes after the file, close-delimited (no Content-Length)
    range_shift: int = 0  # a range answer starts this many bytes before the one asked for

    def random_drops(self, size: int, count: int, seed: int = 0) -> Faults:
        rng = random.Random(seed)
        self.drop_at.extend(sorted(rng.randrange(1, size - 1) for _ in range(count)))
        return self


@dataclass
class Transfer:
    """One response body: where it started in the file and how many bytes it sent."""

    repo: str
    name: str
    start: int
    sent: int = 0


@dataclass
class HubFile:
    name: str
    path: Path
    sha256: str
    size: int
    etag: str
    lfs: bool = True  # False: listed like a small git file, with no SHA-256
    size_listed: bool = True  # False (with lfs False): the listing gives no size at all

    @classmethod
    def from_path(cls, name: str, path: Path, sha256: str | None = None) -> HubFile:
        sha = sha256 or sha256_of(path)
        return cls(name, Path(path), sha, path.stat().st_size, f'"{sha}"')


@dataclass
class HubRepo:
    id: str
    commit: str
    files: dict[str, HubFile]
    downloads: int = 0
    likes: int = 0
    license: str = "apache-2.0"
    gated: bool = False
    tags: list[str] = field(default_factory=lambda: ["gguf", "text-generation"])


class HubServer:
    """Start with `HubServer()`, stop with `close()`; `url` is the endpoint to use."""

    def __init__(self, redirect: bool = False, host: str = "127.0.0.1") -> None:
        self.repos: dict[str, HubRepo] = {}
        self.faults: dict[tuple[str, str], Faults] = {}
        self.bytes_sent: Counter = Counter()
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range)
        self.transfers: list[Transfer] = []  # one per GET body, in order
        self.redirect = redirect
        self.redirect_base = ""  # "" : to /cdn/ here; else another server's URL
        self.authorization_seen: list[tuple[str, str | None]] = []  # (path, header)
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"hub": self})
        self.server = ThreadingHTTPServer((host, 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def add_repo(self, repo_id: str, files: dict[str, Path], **info) -> HubRepo:
        """Serve `files` ({name in repo: path on disk}) as `repo_id` at a fresh commit."""
        commit = hashlib.sha1(f"{repo_id}{time.time_ns()}".encode()).hexdigest()
        hub_files = {name: HubFile.from_path(name, Path(path)) for name, path in files.items()}
        repo = HubRepo(repo_id, commit, hub_files, **info)
        self.repos[repo_id] = repo
        return repo

    def redirect_to(self, other: HubServer) -> None:
        """Send every download to `other`'s /cdn/ (it serves this server's repos)."""
        self.redirect = True
        self.redirect_base = other.url
        other.repos = self.repos
        other.faults = self.faults

    def fault(self, repo_id: str, name: str) -> Faults:
        return self.faults.setdefault((repo_id, name), Faults())

    def sent(self, repo_id: str, name: str) -> int:
        with self.lock:
            return self.bytes_sent[(repo_id, name)]

    def transfers_of(self, repo_id: str, name: str) -> list[Transfer]:
        with self.lock:
            return [t for t in self.transfers if (t.repo, t.name) == (repo_id, name)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    hub: HubServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet
        pass

    # -- routing -------------------------------------------------------------------------

    def do_HEAD(self):
        self._route(head=True)

    def do_GET(self):
        self._route(head=False)

    def _route(self, head: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        query = parse_qs(url.query)
        with self.hub.lock:
            self.hub.requests.append((self.command, path, self.headers.get("Range")))
            self.hub.authorization_seen.append((path, self.headers.get("Authorization")))
        try:
            if path == "/_stats":  # for a benchmark running the server in another process
                return self._json(self._stats())
            if path == "/_fault":
                return self._json(self._set_fault(query))
            if path == "/api/models":
                return self._json(self._search(query))
            if path.startswith("/api/models/"):
                return self._model_info(path[len("/api/models/") :], query)
            if path.startswith("/cdn/"):
                return self._cdn(path, head)
            if "/resolve/" in path:
                return self._resolve(path, head)
            self._error(404, "NotFound", "no such route")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # -- control (tests and benchmarks) -----------------------------------------------------

    def _stats(self) -> dict:
        with self.hub.lock:
            return {"transfers": [[t.repo, t.name, t.start, t.sent] for t in self.hub.transfers]}

    def _set_fault(self, query) -> dict:
        repo, name = query["repo"][0], query["name"][0]
        fault = self.hub.fault(repo, name)
        if "drop_at" in query:
            fault.drop_at.extend(int(v) for v in query["drop_at"])
        if "rate" in query:
            rate = float(query["rate"][0])
            fault.rate = rate or None
        return {"ok": True}

    # -- API ------------------------------------------------------------------------------

    def _search(self, query) -> list[dict]:
        search = (query.get("search") or [""])[0].lower()
        filters = query.get("filter") or []
        limit = int((query.get("limit") or ["1000"])[0])
        repos = [
            repo
            for repo in self.hub.repos.values()
            if search in repo.id.lower() and all(f in repo.tags for f in filters)
        ]
        sort = (query.get("sort") or [""])[0]
        if sort in ("downloads", "likes"):
            repos.sort(key=lambda r: getattr(r, sort), reverse=True)
        return [self._summary(repo) for repo in repos[:limit]]

    def _summary(self, repo: HubRepo) -> dict:
        return {
            "_id": repo.commit[:24],
            "id": repo.id,
            "modelId": repo.id,
            "author": repo.id.split("/")[0],
            "likes": repo.likes,
            "downloads": repo.downloads,
            "private": False,
            "gated": repo.gated,
            "tags": repo.tags + [f"license:{repo.license}"],
            "pipeline_tag": "text-generation",
            "library_name": "gguf",
            "createdAt": "2024-11-01T00:00:00.000Z",
            "lastModified": "2024-11-02T00:00:00.000Z",
        }

    def _model_info(self, rest: str, query) -> None:
        repo_id, _, revision = rest.partition("/revision/")
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            return self._error(404, "RepoNotFound", "Repository not found")
        if revision and revision not in ("main", repo.commit):
            return self._error(404, "RevisionNotFound", "Invalid rev id")
        blobs = (query.get("blobs") or ["false"])[0].lower() == "true"
        siblings = []
        for hub_file in repo.files.values():
            sibling = {"rfilename": hub_file.name}
            if blobs:
                if hub_file.size_listed or hub_file.lfs:
                    sibling["size"] = hub_file.size
                sibling["blobId"] = hashlib.sha1(hub_file.sha256.encode()).hexdigest()
                if hub_file.lfs:
                    sibling["lfs"] = {
                        "size": hub_file.size,
                        "sha256": hub_file.sha256,
                        "pointerSize": 134,
                    }
            siblings.append(sibling)
        info = {**self._summary(repo), "sha": repo.commit, "siblings": siblings}
        info["cardData"] = {"license": repo.license}
        self._json(info)

    # -- files -------------------------------------------------------------------------------

    def _resolve(self, path: str, head: bool) -> None:
        repo_path, _, rest = path.lstrip("/").partition("/resolve/")
        revision, _, name = rest.partition("/")
        repo = self.hub.repos.get(repo_path)
        if repo is None:
            return self._error(404, "RepoNotFound", "Repository not found")
        if revision not in ("main", repo.commit):
            return self._error(404, "RevisionNotFound", "Invalid rev id")
        hub_file = repo.files.get(name)
        if hub_file is None:
            return self._error(404, "EntryNotFound", "Entry not found")
        if self.hub.redirect:
            self.send_response(302)
            location = f"{self.hub.redirect_base}/cdn/{repo.id}/{quote(name)}?sig=x"
            self.send_header("Location", location)
            self.send_header("X-Repo-Commit", repo.commit)
            self.send_header("X-Linked-Etag", hub_file.etag)
            self.send_header("X-Linked-Size", str(hub_file.size))
            self.send_header("ETag", '"pointer"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._serve(repo, hub_file, head)

    def _cdn(self, path: str, head: bool) -> None:
        rest = path[len("/cdn/") :]
        for repo in self.hub.repos.values():
            if rest.startswith(repo.id + "/"):
                hub_file = repo.files.get(rest[len(repo.id) + 1 :])
                if hub_file is not None:
                    return self._serve(repo, hub_file, head)
        self._error(404, "EntryNotFound", "Entry not found")

    def _serve(self, repo: HubRepo, hub_file: HubFile, head: bool) -> None:
        faults = self.hub.faults.get((repo.id, hub_file.name), Faults())
        if not head:
            with self.hub.lock:
                status = faults.statuses.popleft() if faults.statuses else None
            if status is not None:
                return self._error(status, "Busy", "try again")
        size = hub_file.size
        start, end = 0, size - 1
        partial = False
        wanted = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if wanted and not faults.ignore_range and (if_range is None or if_range == hub_file.etag):
            spec = wanted.removeprefix("bytes=")
            first, _, last = spec.partition("-")
            start = max(0, int(first) - faults.range_shift)
            end = min(int(last), size - 1) if last else size - 1
            if start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            partial = True
        length = end - start + 1
        self.send_response(206 if partial else 200)
        self.send_header("Content-Type", "application/octet-stream")
        if faults.oversize and not head:
            self.send_header("Connection", "close")  # the body ends when the socket does
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", hub_file.etag)
        self.send_header("X-Linked-Etag", hub_file.etag)
        self.send_header("X-Linked-Size", str(size))
        self.send_header("X-Repo-Commit", repo.commit)
        if partial:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if not head:
            self._body(repo, hub_file, faults, start, end + 1)
            if faults.oversize:
                self._extra(repo, hub_file, faults.oversize)

    def _body(self, repo, hub_file, faults: Faults, start: int, stop: int) -> None:
        key = (repo.id, hub_file.name)
        transfer = Transfer(repo.id, hub_file.name, start)
        with self.hub.lock:
            self.hub.transfers.append(transfer)
        plain = not (faults.drop_at or faults.stall_at or faults.corrupt or faults.rate)
        with open(hub_file.path, "rb") as stream:
            if plain:  # the fast path: sendfile, as a real server would
                position = start
                self.wfile.flush()
                while position < stop:
                    sent = os.sendfile(
                        self.connection.fileno(),
                        stream.fileno(),
                        position,
                        min(8 << 20, stop - position),
                    )
                    if sent == 0:
                        break
                    position += sent
                    with self.hub.lock:
                        self.hub.bytes_sent[key] += sent
                        transfer.sent += sent
                return
            position = start
            began = time.monotonic()
            stream.seek(start)
            while position < stop:
                n = min(CHUNK, stop - position)
                with self.hub.lock:
                    drop = next((d for d in faults.drop_at if position <= d < position + n), None)
                    stall = next(
                        (s for s in faults.stall_at if position <= s[0] < position + n), None
                    )
                    if drop is not None:
                        faults.drop_at.remove(drop)
                        n = drop - position
                    elif stall is not None:
                        faults.stall_at.remove(stall)
                        n = stall[0] - position
                data = stream.read(n)
                if faults.corrupt:
                    data = _flip(data, position, *faults.corrupt)
                if data:
                    self.wfile.write(data)
                    with self.hub.lock:
                        self.hub.bytes_sent[key] += len(data)
                        transfer.sent += len(data)
                position += len(data)
                if drop is not None:
                    self._drop()
                    return
                if stall is not None:
                    self.wfile.flush()
                    time.sleep(stall[1])
                if faults.rate:
                    ahead = (position - start) / faults.rate - (time.monotonic() - began)
                    if ahead > 0:
                        time.sleep(ahead)

    def _extra(self, repo, hub_file, count: int) -> None:
        """Bytes past the end of the file, as a broken or hostile server would send."""
        key = (repo.id, hub_file.name)
        junk = bytes(CHUNK)
        while count > 0:
            piece = junk[: min(CHUNK, count)]
            self.wfile.write(piece)
            count -= len(piece)
            with self.hub.lock:
                self.hub.bytes_sent[key] += len(piece)
        self.wfile.flush()

    def _drop(self) -> None:
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    # -- helpers ------------------------------------------------------------------------------

    def _json(self, data) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _flip(data: bytes, position: int, start: int, end: int) -> bytes:
    lo, hi = max(start, position), min(end, position + len(data))
    if lo >= hi:
        return data
    buffer = bytearray(data)
    for i in range(lo - position, hi - position):
        buffer[i] ^= 0xFF
    return bytes(buffer)


def main() -> None:
    """`python -m tests.hub.hubserver REPO NAME=PATH…`: serve files until stdin closes.

    Prints the endpoint URL on the first line of stdout. The download benchmark runs the
    server this way so it never competes with the client for the GIL.
    """
    import sys

    repo, *specs = sys.argv[1:]
    files = {}
    for spec in specs:
        name, _, path = spec.partition("=")
        files[name] = Path(path)
    server = HubServer()
    server.add_repo(repo, files)
    print(server.url, flush=True)
    sys.stdin.read()
    server.close()


if __name__ == "__main__":
    main()
