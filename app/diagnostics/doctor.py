"""The text of `quillmate doctor`: what this machine can run, in one screen.

It is what a user pastes into a bug report, so every line is a plain fact and
nothing in it can fail: a part that cannot be inspected says why on its own line.
The report is built as (label, value) rows so the CLI prints it and the GUI can
show the same rows in a table.
"""

from __future__ import annotations

import importlib
import logging
import os
import platform
import shutil
import sys
from pathlib import Path

from app import __version__
from app.engine import kernels
from app.engine.gguf import GGUFError, read_gguf_header
from app.engine.hardware import llama_capabilities, memory, physical_cores
from app.hub.starter import STARTER_INSTALL, starter_model_path
from app.paths import AppPaths

log = logging.getLogger(__name__)

Row = tuple[str, str]


def doctor_report(paths: AppPaths) -> list[Row]:
    """Every fact as a (label, value) row, in the order a reader wants them."""
    rows: list[Row] = [
        ("Quillmate", __version__),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("System", f"{platform.system()} {platform.release()} {platform.machine()}"),
    ]
    rows += _llama_rows()
    rows += _machine_rows()
    rows += [(name.capitalize(), _path_state(path)) for name, path in paths.all().items()]
    rows.append(("Starter model", _starter_model()))
    rows.append(("Qt", _qt_version()))
    return rows


def format_report(rows: list[Row]) -> str:
    """Two aligned columns; values spanning lines stay under their column."""
    width = max((len(label) for label, _ in rows), default=0)
    lines = []
    for label, value in rows:
        first, *rest = str(value).splitlines() or [""]
        lines.append(f"{label.ljust(width)}  {first}")
        lines.extend(f"{'':{width}}  {line}" for line in rest)
    return "\n".join(lines)


def _llama_rows() -> list[Row]:
    caps = llama_capabilities()
    if "error" in caps:
        return [("llama-cpp-python", caps["error"])]
    backends = ", ".join(caps["backends"]) or "none reported"
    return [
        ("llama-cpp-python", caps["version"]),
        ("GPU offload", "yes" if caps["gpu_offload"] else "no"),
        ("Backends", backends),
        ("CPU features", " ".join(caps["cpu_features"]) or "none reported"),
        ("Build options", " ".join(caps["build_options"]) or "none reported"),
        ("mmap / mlock", f"{_yes(caps['mmap'])} / {_yes(caps['mlock'])}"),
        ("Kernels", kernels_state()),
        *_offload_advice(caps["gpu_offload"]),
    ]


def kernels_state() -> str:
    """The stored verdict on llama.cpp's CPU kernels for this build and CPU, in words."""
    found = kernels.verdict()
    if found is None:
        amx = " (this CPU lists AMX: a crash there switches to safe kernels)"
        return "not checked yet: the first reply checks them" + (
            amx if kernels.cpu_lists_amx() else ""
        )
    when = found.get("when", "?")
    if found["mode"] == "default":
        return f"OK: the default (fastest) kernels work here ({found.get('reason')}, {when})"
    return (
        f"safe mode: {found.get('reason')} ({when}); replies work, prompts run slower.\n"
        f"Rebuild for this CPU: {kernels.cpu_rebuild_command()}"
    )


def gpu_present() -> str | None:
    """ "cuda" when an NVIDIA GPU is visible, "metal" on Apple Silicon, else None."""
    if platform.system() == "Darwin" and platform.machine() == "arm64":
        return "metal"
    if shutil.which("nvidia-smi") or os.path.exists("/proc/driver/nvidia/version"):
        return "cuda"
    return None


def _offload_advice(gpu_offload: bool) -> list[Row]:
    gpu = gpu_present()
    if gpu is None or gpu_offload:
        return []
    name = "an NVIDIA GPU" if gpu == "cuda" else "Apple Silicon"
    flag = "-DGGML_CUDA=on" if gpu == "cuda" else "-DGGML_METAL=on"
    return [
        (
            "GPU",
            f"{name} is present but this llama.cpp build cannot use it. Rebuild:\n"
            f"{kernels.rebuild_command(flag)}",
        )
    ]


def _machine_rows() -> list[Row]:
    total, available = memory()
    return [
        ("Physical cores", str(physical_cores())),
        ("RAM", f"{_gib(total)} total, {_gib(available)} available"),
    ]


def _path_state(path: Path) -> str:
    return f"{path} ({'exists' if path.exists() else 'not created yet'})"


def _starter_model() -> str:
    path = starter_model_path()
    if path is None:
        return f"not installed ({STARTER_INSTALL})"
    try:
        header = read_gguf_header(path)
    except GGUFError as exc:
        return f"{path} (unreadable: {exc})"
    return f"{path} ({header.file_size / 1e6:.0f} MB, {header.file_type_name})"


def _qt_version() -> str:
    """Qt's version, imported only here: app.engine never imports PySide6 when loaded."""
    try:
        qt_core = importlib.import_module("PySide6.QtCore")
    except Exception as exc:  # ImportError, or a broken Qt install (missing libraries)
        log.debug("PySide6 not importable", exc_info=True)
        return f"PySide6 not importable ({exc})"
    pyside = sys.modules["PySide6"]
    return f"{qt_core.qVersion()} (PySide6 {getattr(pyside, '__version__', '?')})"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _gib(n_bytes: int) -> str:
    return f"{n_bytes / 2**30:.1f} GiB"
