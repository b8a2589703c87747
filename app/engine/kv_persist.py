"""A KV cache that outlives the worker: context state saved to disk, restored on reuse.

Reading a long conversation (or a grading run's rubric and instructions) again
after a restart costs a full prompt evaluation; restoring the KV cells llama.cpp
computed last time costs a file read. The worker saves the state of sequence 0
when it goes idle and when it shuts down; a later request whose prompt shares a
longer prefix with a saved file than with the in-memory cache restores that file
and evaluates only the rest.

Nothing in a file is trusted: a header names the format, the model file's
identity (size, mtime, a hash of its head), the load settings, the adapter and
the llama.cpp version, and carries sha256 checksums of itself, of the tokens and
of the state. A file that fails any check is removed (with a log line) and the
prompt is evaluated normally. Files live in one folder, named by a hash of the
model's path (its "namespace") and of the tokens; the folder is kept under a size
bound by removing the least recently used files first.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import os
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAGIC = b"QMKV"
FORMAT_VERSION = 1
SUFFIX = ".qkv"
_PREAMBLE = struct.Struct("<4sII32s")  # magic, format version, header length, header sha256
MAX_HEADER = 1 << 20
HEAD_BYTES = 1 << 20  # how much of the model file its identity hashes
DEFAULT_MAX_BYTES = 1 << 30
# Below this many tokens a prompt evaluates fast enough that a file is not worth it.
MIN_SAVE_TOKENS = 512
# Restore only when the file gives this many more reused tokens than the memory does:
# reading the file has a cost of its own.
MIN_GAIN_TOKENS = 128
STALE_TMP_SECONDS = 600  # a .tmp this old is a save that died half-way


class CorruptStateFile(ValueError):
    """A state file whose bytes fail a check: never to be trusted."""


def model_identity(path: str | Path) -> dict[str, Any]:
    """What makes a model file the same file: its size, mtime and a hash of its head.

    Hashing a whole multi-GB GGUF at every load would cost seconds; a replaced or
    re-downloaded file almost always changes its size, mtime or header.
    """
    path = Path(path)
    st = path.stat()
    with path.open("rb") as f:
        head = hashlib.sha256(f.read(HEAD_BYTES)).hexdigest()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns,
            "head_sha256": head}  # fmt: skip


def adapter_identity(path: str | None, scale: float) -> dict[str, Any] | None:
    """The attached LoRA adapter as part of the key: other weights, other KV values."""
    if not path:
        return None
    try:
        st = Path(path).stat()
    except OSError:
        return {"path": str(path), "scale": scale}
    return {"path": str(path), "scale": scale, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def namespace(model_path: str | Path, adapter: dict[str, Any] | None = None) -> str:
    """The file-name prefix of one model's (and adapter's) states.

    A scan reads and judges only its own namespace: another model's files, or the
    same model's with another adapter (a mode may switch it per reply), are left
    alone, so switching never deletes what the other choice will reuse.
    """
    name = str(Path(model_path).resolve())
    if adapter:
        name += "\0" + str(adapter.get("path")) + "\0" + repr(adapter.get("scale"))
    return hashlib.sha256(name.encode()).hexdigest()[:16]


def _canonical(key: dict[str, Any]) -> str:
    return json.dumps(key, sort_keys=True, separators=(",", ":"))


# ------------------------------------------------------------------ file format
def pack_header(key: dict[str, Any], tokens: list[int], state: memoryview | bytes) -> bytes:
    """Preamble + JSON header for `tokens` and `state` (which follow it in the file)."""
    token_bytes = _token_bytes(tokens)
    header = {
        "format": FORMAT_VERSION,
        "key": key,
        "n_tokens": len(tokens),
        "tokens_sha256": hashlib.sha256(token_bytes).hexdigest(),
        "state_size": len(state),
        "state_sha256": hashlib.sha256(state).hexdigest(),
        "created": time.time(),
    }
    data = json.dumps(header, sort_keys=True).encode("utf-8")
    preamble = _PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(data), hashlib.sha256(data).digest())
    return preamble + data


def _token_bytes(tokens: list[int]) -> bytes:
    return struct.pack(f"<{len(tokens)}i", *tokens)


def read_header(f) -> tuple[dict[str, Any], list[int], int]:
    """The verified header, the tokens and where the state starts, of an open state file.

    Raises CorruptStateFile when any part fails its check.
    """
    raw = f.read(_PREAMBLE.size)
    if len(raw) != _PREAMBLE.size:
        raise CorruptStateFile("shorter than its preamble")
    magic, version, length, digest = _PREAMBLE.unpack(raw)
    if magic != MAGIC:
        raise CorruptStateFile("not a Quillmate state file")
    if version != FORMAT_VERSION:
        raise CorruptStateFile(f"format {version}, this build reads {FORMAT_VERSION}")
    if length > MAX_HEADER:
        raise CorruptStateFile("header too long")
    data = f.read(length)
    if len(data) != length or hashlib.sha256(data).digest() != digest:
        raise CorruptStateFile("header checksum mismatch")
    try:
        header = json.loads(data.decode("utf-8"))
        n_tokens = int(header["n_tokens"])
        int(header["state_size"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CorruptStateFile(f"unreadable header ({exc})") from exc
    token_bytes = f.read(4 * n_tokens)
    if len(token_bytes) != 4 * n_tokens:
        raise CorruptStateFile("truncated in its tokens")
    if hashlib.sha256(token_bytes).hexdigest() != header.get("tokens_sha256"):
        raise CorruptStateFile("tokens checksum mismatch")
    offset = _PREAMBLE.size + length + 4 * n_tokens
    return header, list(struct.unpack(f"<{n_tokens}i", token_bytes)), offset


def read_state(f, header: dict[str, Any]) -> bytearray:
    """The state bytes after the tokens (the file positioned there), checksum verified."""
    size = int(header["state_size"])
    state = bytearray(size)
    if f.readinto(state) != size or f.read(1):
        raise CorruptStateFile("state length does not match its header")
    if hashlib.sha256(state).hexdigest() != header.get("state_sha256"):
        raise CorruptStateFile("state checksum mismatch")
    return state


def common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def eviction_order(files: list[tuple[Path, int, float]], max_bytes: int) -> list[Path]:
    """Which (path, size, mtime) files to remove, oldest first, to fit `max_bytes`."""
    total = sum(size for _, size, _ in files)
    doomed = []
    for path, size, _ in sorted(files, key=lambda item: item[2]):
        if total <= max_bytes:
            break
        doomed.append(path)
        total -= size
    return doomed


# --------------------------------------------------------------------- the store
@dataclass
class Entry:
    path: Path
    tokens: list[int]
    header: dict[str, Any]
    stamp: tuple[int, int]  # (size, mtime_ns) when read: a change means read again


class StateStore:
    """The state files of one model and key in `folder`, with the folder's size bound."""

    def __init__(self, folder: str | Path, key: dict[str, Any], space: str, max_bytes: int):
        self.folder = Path(folder)
        self.key = key
        self.space = space
        self.max_bytes = max_bytes
        self._entries: dict[str, Entry] = {}

    def _files(self) -> list[Path]:
        try:
            return sorted(self.folder.glob(f"{self.space}-*{SUFFIX}"))
        except OSError:
            return []

    def remove(self, path: Path, reason: str) -> None:
        log.warning("KV state file %s removed: %s", path.name, reason)
        self._entries.pop(path.name, None)
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("could not remove %s: %s", path, exc)

    def entries(self) -> list[Entry]:
        """The valid files of this namespace; corrupt or stale ones are removed."""
        found = []
        for path in self._files():
            try:
                st = path.stat()
            except OSError:
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            entry = self._entries.get(path.name)
            if entry is None or entry.stamp != stamp:
                entry = self._read_entry(path, stamp)
                if entry is None:
                    continue
            found.append(entry)
        return found

    def _read_entry(self, path: Path, stamp: tuple[int, int]) -> Entry | None:
        try:
            with path.open("rb") as f:
                header, tokens, offset = read_header(f)
        except CorruptStateFile as exc:
            self.remove(path, f"corrupt ({exc})")
            return None
        except OSError:
            return None
        if header.get("key") != self.key:
            self.remove(path, "stale (" + _key_difference(header.get("key"), self.key) + ")")
            return None
        if stamp[0] != offset + int(header["state_size"]):
            self.remove(path, "corrupt (its size does not match its header)")
            return None
        entry = Entry(path, tokens, header, stamp)
        self._entries[path.name] = entry
        return entry

    def best(self, tokens: list[int]) -> tuple[Entry | None, int]:
        """The file sharing the longest prefix with `tokens`, and that length."""
        best, n_best = None, 0
        for entry in self.entries():
            n = common_prefix(entry.tokens, tokens)
            if n > n_best:
                best, n_best = entry, n
        return best, n_best

    def load_state(self, entry: Entry) -> bytearray | None:
        """The verified state bytes of `entry`, or None (the file is then removed)."""
        try:
            with entry.path.open("rb") as f:
                header, tokens, _ = read_header(f)
                if header != entry.header or tokens != entry.tokens:
                    raise CorruptStateFile("changed since it was listed")
                state = read_state(f, header)
        except CorruptStateFile as exc:
            self.remove(entry.path, f"corrupt ({exc})")
            return None
        except OSError as exc:
            log.warning("could not read %s: %s", entry.path.name, exc)
            return None
        self._touch(entry)
        return state

    def _touch(self, entry: Entry) -> None:
        """Mark a file as used now: eviction removes the least recently used first."""
        try:
            os.utime(entry.path)
            st = entry.path.stat()
            entry.stamp = (st.st_size, st.st_mtime_ns)
        except OSError:
            pass

    def covered(self, tokens: list[int]) -> bool:
        """Whether a file already holds `tokens` (or more tokens starting with them)."""
        return any(
            len(e.tokens) >= len(tokens) and e.tokens[: len(tokens)] == tokens
            for e in self.entries()
        )

    def save(self, tokens: list[int], state: memoryview | bytes) -> Path | None:
        """Write a file for `tokens` atomically; drop files it supersedes; keep the bound."""
        header = pack_header(self.key, tokens, state)
        size = len(header) + 4 * len(tokens) + len(state)
        if size > self.max_bytes:
            log.info("KV state of %d tokens (%d bytes) exceeds the bound: not saved",
                     len(tokens), size)  # fmt: skip
            return None
        digest = hashlib.sha256(_canonical(self.key).encode() + _token_bytes(tokens))
        path = self.folder / f"{self.space}-{digest.hexdigest()[:24]}{SUFFIX}"
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as f:
                f.write(header)
                f.write(_token_bytes(tokens))
                f.write(state)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("could not save the KV state to %s: %s", path, exc)
            tmp.unlink(missing_ok=True)
            return None
        for entry in self.entries():  # a shorter state this one extends is no longer needed
            n = len(entry.tokens)
            if entry.path != path and n <= len(tokens) and entry.tokens == tokens[:n]:
                self._entries.pop(entry.path.name, None)
                entry.path.unlink(missing_ok=True)
        self.evict(keep=path)
        log.info("saved the KV state of %d tokens (%d bytes) to %s", len(tokens), size, path.name)
        return path

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Remove the oldest files of the whole folder (every model) beyond the bound."""
        files = []
        now = time.time()
        for path in self.folder.glob(f"*{SUFFIX}*"):
            try:
                st = path.stat()
            except OSError:
                continue
            if path.name.endswith(".tmp"):
                if now - st.st_mtime > STALE_TMP_SECONDS:
                    path.unlink(missing_ok=True)
                continue
            if path != keep:
                files.append((path, st.st_size, st.st_mtime))
        kept = keep.stat().st_size if keep is not None and keep.exists() else 0
        doomed = eviction_order(files, self.max_bytes - kept)
        for path in doomed:
            log.info("KV state file %s evicted (folder over %d bytes)", path.name, self.max_bytes)
            self._entries.pop(path.name, None)
            path.unlink(missing_ok=True)
        return doomed


def _key_difference(found: Any, wanted: dict[str, Any]) -> str:
    if not isinstance(found, dict):
        return "no key"
    names = sorted(k for k in set(found) | set(wanted) if found.get(k) != wanted.get(k))
    return "differs in " + ", ".join(names)


# ---------------------------------------------------------- llama.cpp's side
def capture(llama_cpp, ctx) -> ctypes.Array | None:
    """The state of sequence 0 (its KV cells) as a ctypes buffer, or None."""
    size = llama_cpp.llama_state_seq_get_size(ctx, 0)
    if not size:
        return None
    buf = (ctypes.c_uint8 * size)()
    written = llama_cpp.llama_state_seq_get_data(ctx, buf, size, 0)
    if written != size:
        log.warning("llama.cpp wrote %d of %d state bytes: not saved", written, size)
        return None
    return buf


def restore(llama_cpp, ctx, state: bytearray, n_tokens: int) -> bool:
    """Replace sequence 0 with `state`; True when llama.cpp took it and it holds n_tokens."""
    mem = llama_cpp.llama_get_memory(ctx)
    llama_cpp.llama_memory_clear(mem, True)
    buf = (ctypes.c_uint8 * len(state)).from_buffer(state)
    if not llama_cpp.llama_state_seq_set_data(ctx, buf, len(state), 0):
        llama_cpp.llama_memory_clear(mem, True)
        return False
    if llama_cpp.llama_memory_seq_pos_max(mem, 0) != n_tokens - 1:
        llama_cpp.llama_memory_clear(mem, True)
        return False
    return True


class KVPersistence:
    """The backend's hooks: restore before a prompt, save when idle or at unload."""

    def __init__(self, folder: str | Path, base_key: dict[str, Any], max_bytes: int):
        self.folder = Path(folder)
        self.base_key = base_key
        self.max_bytes = max_bytes
        self._saved: list[int] = []  # tokens last saved or restored: nothing new to save
        self.set_adapter(None, 1.0)

    def set_adapter(self, path: str | None, scale: float) -> None:
        adapter = adapter_identity(path, scale)
        key = {**self.base_key, "adapter": adapter}
        space = namespace(self.base_key["model"]["path"], adapter)
        self.store = StateStore(self.folder, key, space, self.max_bytes)
        self._saved = []

    def restore_into(self, llama_cpp, ctx, tokens: list[int], n_memory: int):
        """Restore a saved state when it reuses clearly more of `tokens` than memory does.

        Returns None when memory stays as it was, else (tokens now in the KV cache,
        how many of them are a prefix of `tokens`); ([], 0) when llama.cpp refused
        the state after the cache had been cleared for it.
        """
        entry, n_file = self.store.best(tokens)
        n_file = min(n_file, len(tokens) - 1)  # the last token is evaluated again anyway
        if entry is None or n_file < n_memory + MIN_GAIN_TOKENS:
            return None
        state = self.store.load_state(entry)
        if state is None:
            return None
        started = time.perf_counter()
        if not restore(llama_cpp, ctx, state, len(entry.tokens)):
            self.store.remove(entry.path, "llama.cpp refused its state")
            return [], 0
        self._saved = list(entry.tokens)
        log.info("restored %d cached tokens from %s (%.3f s)", n_file, entry.path.name,
                 time.perf_counter() - started)  # fmt: skip
        return list(entry.tokens), n_file

    def unsaved(self, kv_tokens: list[int]) -> bool:
        """Whether the KV cache holds something worth a file that no file holds yet."""
        return len(kv_tokens) >= MIN_SAVE_TOKENS and kv_tokens != self._saved

    def save_from(self, llama_cpp, ctx, kv_tokens: list[int]) -> bool:
        """Save sequence 0 if it is worth it and matches `kv_tokens` exactly."""
        if not self.unsaved(kv_tokens):
            return False
        tokens = list(kv_tokens)
        self._saved = tokens
        mem = llama_cpp.llama_get_memory(ctx)
        if llama_cpp.llama_memory_seq_pos_max(mem, 0) != len(tokens) - 1:
            log.warning("the KV cache does not hold exactly its %d tokens: not saved", len(tokens))
            return False
        if self.store.covered(tokens):
            return False
        buf = capture(llama_cpp, ctx)
        if buf is None:
            return False
        return self.store.save(tokens, memoryview(buf).cast("B")) is not None
