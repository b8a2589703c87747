"""Which llama.cpp CPU kernels this build may use on this CPU, learned once and kept.

llama-cpp-python builds llama.cpp with `-march=native`. On a CPU that reports an
instruction set it then refuses (an Intel VM listing AMX, say), ggml's extra buffer
types (AMX and repacked weights) die with SIGILL at the first real batch. Loading the
model with `use_extra_bufts = False` avoids them and runs correctly, a little slower.

The engine learns the verdict for a (build, CPU) pair from real work: the first batch
decoded with the default kernels proves them ("default"), a SIGILL in that batch makes
the client retry in safe mode and store "safe". The key is computed without importing
llama_cpp (the GUI process never loads the native library), from the package version,
the native libraries' sizes and dates, and the CPU's model name and flags, so a
rebuild or a different machine is judged afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import platform
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.paths import app_paths

log = logging.getLogger(__name__)

KERNELS_FILE_ENV = "QUILLMATE_KERNELS_FILE"
MODES = ("auto", "default", "safe")
LLAMA_CPP_VERSION = "0.3.36"
AMX_FLAGS = "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"


def store_path() -> Path:
    override = os.environ.get(KERNELS_FILE_ENV)
    return Path(override) if override else app_paths().cache / "kernels.json"


def llama_cpp_version() -> str:
    try:
        return importlib.metadata.version("llama_cpp_python")
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _native_libraries() -> list[tuple[str, int, int]]:
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations))) / "lib"
    found = []
    for lib in sorted(folder.glob("*")) if folder.is_dir() else []:
        if lib.suffix in {".so", ".dylib", ".dll"} or ".so." in lib.name:
            stat = lib.stat()
            found.append((lib.name, stat.st_size, int(stat.st_mtime)))
    return found


def cpu_description() -> tuple[str, str]:
    """(model name, feature flags) of the CPU, as the OS reports them."""
    model, flags = platform.processor() or platform.machine(), ""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return model, flags
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and model in {"", platform.machine(), platform.processor()}:
            model = value.strip()
        elif key in {"flags", "Features"} and not flags:
            flags = value.strip()
    return model, flags


def cpu_lists_amx() -> bool:
    return "amx_tile" in cpu_description()[1].split()


def build_key() -> str:
    """A short digest of this llama.cpp build and this CPU."""
    model, flags = cpu_description()
    parts = [llama_cpp_version(), repr(_native_libraries()), model, flags, platform.machine()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _read_store() -> dict[str, Any]:
    try:
        data = json.loads(store_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def verdict(key: str | None = None) -> dict[str, Any] | None:
    """The stored verdict for this build and CPU: {"mode", "reason", "when", ...} or None."""
    entry = _read_store().get(key or build_key())
    if isinstance(entry, dict) and entry.get("mode") in {"default", "safe"}:
        return entry
    return None


def remember(mode: str, reason: str, key: str | None = None) -> None:
    """Store the verdict atomically (two processes may learn it at once)."""
    path = store_path()
    data = _read_store()
    model, _flags = cpu_description()
    data[key or build_key()] = {
        "mode": mode,
        "reason": reason,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "llama_cpp_python": llama_cpp_version(),
        "cpu": model,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(data, indent=2), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        log.warning("could not store the kernels verdict in %s", path, exc_info=True)
    log.info("kernels verdict for this build and CPU: %s (%s)", mode, reason)


def resolve(mode: str) -> str:
    """ "auto" becomes the stored verdict, else "default" (to be proven by the first batch)."""
    if mode in {"default", "safe"}:
        return mode
    found = verdict()
    return found["mode"] if found else "default"


def in_process_mode() -> str:
    """Kernels for llama.cpp loaded in this very process (bench reference, tests).

    A SIGILL here would end the caller, not a worker, so unproven kernels are not tried:
    without a stored "default" verdict this is "safe".
    """
    found = verdict()
    return found["mode"] if found else "safe"


@contextlib.contextmanager
def model_params(mode: str) -> Iterator[None]:
    """While open, `llama_cpp.Llama` loads models with the kernels of `mode`.

    `Llama.__init__` takes its model parameters from `llama_model_default_params()`;
    in safe mode that function is wrapped to turn off the extra buffer types.
    """
    import llama_cpp.llama as llama_module

    original = llama_module.llama_cpp.llama_model_default_params
    if mode != "safe":
        yield
        return

    def safe_params():
        params = original()
        params.use_extra_bufts = False
        return params

    llama_module.llama_cpp.llama_model_default_params = safe_params
    try:
        yield
    finally:
        llama_module.llama_cpp.llama_model_default_params = original


def rebuild_command(cmake_args: str) -> str:
    """The pip line that rebuilds llama-cpp-python with `cmake_args`.

    pip keys its wheel cache on the sdist, not on CMAKE_ARGS, so without
    --no-cache-dir it would reinstall the old build.
    """
    version = llama_cpp_version()
    pin = version if version[:1].isdigit() else LLAMA_CPP_VERSION
    return (
        f'CMAKE_ARGS="{cmake_args}" pip install --force-reinstall --no-cache-dir '
        f"llama-cpp-python=={pin}"
    )


def cpu_rebuild_command() -> str:
    """A native build without the AMX kernels: full speed elsewhere, no SIGILL."""
    return rebuild_command(f"-DCMAKE_C_FLAGS='{AMX_FLAGS}' -DCMAKE_CXX_FLAGS='{AMX_FLAGS}'")
