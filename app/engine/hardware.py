"""What this machine can run: cores, memory, the llama.cpp build, and safe defaults.

The defaults matter because llama.cpp's own are wrong for a desktop app: it uses
every logical core (hyper-threads slow decoding down) and allocates the full
training context (128k tokens of KV cache is many GB for a small model). These
functions pick values that fit the machine; the user can still override them.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from typing import Any

import psutil

from app.engine.gguf import GGUFHeader

log = logging.getLogger(__name__)

MIN_CONTEXT = 512
CONTEXT_STEP = 256
FALLBACK_CONTEXT = 4096  # when the file does not say how long its training context was
KV_BYTES_PER_VALUE = 2  # llama.cpp's default KV cache type is f16
# Items of the CPU section that are build options of llama.cpp, not instruction sets.
BUILD_OPTIONS = frozenset({"LLAMAFILE", "OPENMP", "REPACK", "ACCELERATE", "KLEIDIAI", "BLAS"})


def physical_cores() -> int:
    """Physical cores: decoding is memory-bound, and hyper-threads only add contention."""
    try:
        cores = psutil.cpu_count(logical=False)
    except Exception:  # psutil raises odd errors in some containers
        log.debug("psutil could not count physical cores", exc_info=True)
        cores = None
    return max(1, cores or os.cpu_count() or 1)


def memory() -> tuple[int, int]:
    """(total, available) RAM in bytes; available counts reclaimable cache, as the OS does."""
    info = psutil.virtual_memory()
    return int(info.total), int(info.available)


def llama_capabilities() -> dict[str, Any]:
    """Describe the installed llama.cpp build; {"error": ...} when it cannot be imported.

    Imported lazily: llama_cpp loads a large native library, which the GUI process
    (that only talks to the engine worker) should not pay for just to show settings.
    """
    try:
        import llama_cpp
    except Exception as exc:  # ImportError, or OSError when the shared library is broken
        return {"error": f"llama-cpp-python cannot be imported: {exc}"}
    system_info = llama_cpp.llama_print_system_info()
    if isinstance(system_info, bytes):
        system_info = system_info.decode("utf-8", errors="replace")
    sections = parse_system_info(system_info)
    enabled = [name for name, value in sections.get("CPU", {}).items() if value == "1"]
    return {
        "version": getattr(llama_cpp, "__version__", "unknown"),
        "gpu_offload": bool(llama_cpp.llama_supports_gpu_offload()),
        "mmap": bool(llama_cpp.llama_supports_mmap()),
        "mlock": bool(llama_cpp.llama_supports_mlock()),
        "rpc": bool(llama_cpp.llama_supports_rpc()),
        "max_devices": int(llama_cpp.llama_max_devices()),
        "system_info": system_info.strip(),
        "backends": list(sections),
        "cpu_features": [name for name in enabled if name not in BUILD_OPTIONS],
        "build_options": [name for name in enabled if name in BUILD_OPTIONS],
    }


def llama_capabilities_isolated(timeout: float = 60.0) -> dict[str, Any]:
    """`llama_capabilities()` computed in a short-lived child process.

    For the app's own process (the Models page asks whether the build can offload):
    the native library never loads there, and a build that crashes at import ends
    only the child. Cached per build and CPU for the life of the process.
    """
    from app.engine import kernels

    key = kernels.build_key()
    if key not in _ISOLATED:
        code = "import json, app.engine.hardware as h; print(json.dumps(h.llama_capabilities()))"
        try:
            done = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
        except (OSError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
            result = {"error": f"llama.cpp's capabilities could not be read ({exc})"}
        _ISOLATED[key] = result
    return _ISOLATED[key]


_ISOLATED: dict[str, dict[str, Any]] = {}


def parse_system_info(text: str) -> dict[str, dict[str, str]]:
    """Split llama_print_system_info() into {backend: {feature: value}}.

    The text reads "CPU : SSE3 = 1 | AVX2 = 1 | ... | CUDA : ARCHS = 890 | ...": each
    backend's name comes before " : " in the first item of its group.
    """
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for item in text.split("|"):
        item = item.strip()
        if not item:
            continue
        if " : " in item:
            backend, item = (part.strip() for part in item.split(" : ", 1))
            current = sections.setdefault(backend, {})
        if current is None:
            current = sections.setdefault("CPU", {})
        name, _, value = item.partition("=")
        if name.strip():
            current[name.strip()] = value.strip()
    return sections


def kv_cache_bytes_per_token(header: GGUFHeader) -> int:
    """Bytes of f16 KV cache one token of context costs with this model.

    K and V per layer: n_head_kv heads of key_length (and value_length) values, which
    is n_embd * n_head_kv / n_head when the file gives no explicit head size.
    Missing metadata gives 0 (an unknown model; the caller falls back to a default).
    """
    n_layers = header.n_layers or 0
    n_head_kv = header.n_head_kv or 0
    per_head = (header.key_length or 0) + (header.value_length or 0)
    return n_layers * n_head_kv * per_head * KV_BYTES_PER_VALUE


def default_context(header: GGUFHeader, available_bytes: int | None = None) -> int:
    """The training context, capped so the model file and its KV cache fit in half the free RAM.

    Half, because the rest of the desktop (and the app itself) needs the other half.
    Never below 512 tokens (less is useless for chat), always a multiple of 256.
    """
    if available_bytes is None:
        available_bytes = memory()[1]
    wanted = header.context_length or FALLBACK_CONTEXT
    per_token = kv_cache_bytes_per_token(header)
    if per_token > 0:
        budget = available_bytes // 2 - header.file_size
        wanted = min(wanted, max(0, budget) // per_token)
    context = wanted // CONTEXT_STEP * CONTEXT_STEP
    return max(MIN_CONTEXT, context)


def default_gpu_layers(gpu_offload: bool) -> int:
    """All layers on the GPU (-1) when this build can offload, none otherwise."""
    return -1 if gpu_offload else 0
