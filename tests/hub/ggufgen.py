"""Small valid GGUF files with random tensor data, so each one has its own SHA-256.

The library checks every file with app.engine.gguf.check_gguf, so test downloads must
be real GGUFs: a header with one F32 tensor that fills the requested size.
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

ALIGNMENT = 32


def _string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def _kv_string(key: str, value: str) -> bytes:
    return _string(key) + struct.pack("<I", 8) + _string(value)


def make_gguf(path: Path, size: int, seed: int = 0, name: str = "test model") -> Path:
    """Write a GGUF of about `size` bytes (rounded to whole F32 values) at `path`."""
    kvs = [_kv_string("general.architecture", "llama"), _kv_string("general.name", name)]
    n_values = 1

    def header(n: int) -> bytes:
        head = b"GGUF" + struct.pack("<IQQ", 3, 1, len(kvs)) + b"".join(kvs)
        head += _string("weights") + struct.pack("<IqIQ", 1, n, 0, 0)
        return head + b"\0" * (-len(head) % ALIGNMENT)

    n_values = max(1, (size - len(header(1))) // 4)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    remaining = n_values * 4
    with open(path, "wb") as out:
        out.write(header(n_values))
        while remaining:
            n = min(remaining, 8 << 20)
            out.write(rng.randbytes(n))
            remaining -= n
    return path
