"""Will this model fit this computer? A verdict per quant: fits / tight / too big.

What a loaded model costs: the weights (about the file size, mmapped), the KV cache
for the context (bytes per token × tokens) and llama.cpp's compute buffers (a few
hundred MB). The budget follows the engine's own policy (app/engine/hardware.py):
the app picks a context so model + cache fit in *half* the free RAM, because the rest
of the desktop needs the other half. So:

- fits:    needs ≤ half the free RAM, or ≤ 90 % of the free VRAM when llama.cpp can
           offload and the GPU's memory is known (it then runs on the GPU);
- tight:   needs ≤ 90 % of free RAM (+ free VRAM): it loads, but the computer will
           swap or slow down while other programs run;
- too big: more than that.

VRAM is read from `nvidia-smi` when present; elsewhere (Metal's unified memory,
ROCm, no GPU) only RAM counts, which is the honest answer for unified memory anyway.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from app.engine import hardware

log = logging.getLogger(__name__)

FITS, TIGHT, TOO_BIG = "fits", "tight", "too big"
COMPUTE_OVERHEAD = 300 << 20  # llama.cpp's compute buffers and the engine process
DEFAULT_FIT_CONTEXT = 4096  # what a chat usually needs; capped by the model's own context


@dataclass(frozen=True)
class Machine:
    """Free memory as the verdict sees it; build one with `this_machine()` (or by hand in tests)."""

    ram_free: int
    vram_free: int | None = None  # None: no GPU offload, or its memory is unknown
    gpu_offload: bool = False


@dataclass(frozen=True)
class FitVerdict:
    level: str  # FITS | TIGHT | TOO_BIG
    needed: int  # bytes: weights + KV cache + overhead
    context: int  # the context size the estimate assumed
    where: str  # "gpu" | "ram"
    reason: str  # one line for a tooltip

    @property
    def fits(self) -> bool:
        return self.level == FITS


def estimate_bytes(file_size: int, kv_bytes_per_token: int, context: int) -> int:
    """Memory to load a model: weights + KV cache for `context` tokens + compute buffers."""
    return int(file_size) + int(kv_bytes_per_token) * int(context) + COMPUTE_OVERHEAD


def fit_verdict(
    file_size: int,
    kv_bytes_per_token: int,
    context: int,
    machine: Machine | None = None,
) -> FitVerdict:
    """Judge one quant (or any file) for a context size on this (or the given) machine."""
    machine = machine or this_machine()
    needed = estimate_bytes(file_size, kv_bytes_per_token, context)
    gib = _gib
    if machine.gpu_offload and machine.vram_free:
        if needed <= machine.vram_free * 0.9:
            return FitVerdict(
                FITS, needed, context, "gpu",
                f"needs about {gib(needed)}; {gib(machine.vram_free)} of GPU memory is free",
            )  # fmt: skip
        capacity = machine.vram_free + machine.ram_free * 0.9
        if needed <= capacity:
            return FitVerdict(
                TIGHT, needed, context, "gpu",
                f"needs about {gib(needed)}: more than the GPU's {gib(machine.vram_free)} free, "
                "part of it runs on the CPU",
            )  # fmt: skip
        return FitVerdict(
            TOO_BIG, needed, context, "gpu",
            f"needs about {gib(needed)}; GPU and RAM have {gib(capacity)} free together",
        )  # fmt: skip
    if needed <= machine.ram_free // 2:
        return FitVerdict(
            FITS, needed, context, "ram",
            f"needs about {gib(needed)}; {gib(machine.ram_free)} of RAM is free",
        )  # fmt: skip
    if needed <= machine.ram_free * 0.9:
        return FitVerdict(
            TIGHT, needed, context, "ram",
            f"needs about {gib(needed)} of the {gib(machine.ram_free)} free RAM: "
            "close other programs, or pick a smaller quant or context",
        )  # fmt: skip
    return FitVerdict(
        TOO_BIG, needed, context, "ram",
        f"needs about {gib(needed)}; only {gib(machine.ram_free)} of RAM is free",
    )  # fmt: skip


def fit_for_catalog(model, quant, context: int | None = None, machine: Machine | None = None):
    """Verdict for a catalogue quant (a CatalogModel and one of its CatalogQuant)."""
    context = min(context or DEFAULT_FIT_CONTEXT, model.context_length or DEFAULT_FIT_CONTEXT)
    return fit_verdict(quant.size, model.kv_bytes_per_token, context, machine)


def fit_for_header(header, context: int | None = None, machine: Machine | None = None):
    """Verdict for an installed file, from its GGUF header (exact KV geometry)."""
    trained = header.context_length or DEFAULT_FIT_CONTEXT
    context = min(context or DEFAULT_FIT_CONTEXT, trained)
    per_token = hardware.kv_cache_bytes_per_token(header)
    return fit_verdict(header.file_size, per_token, context, machine)


def fit_for_size(file_size: int, context: int | None = None, machine: Machine | None = None):
    """Verdict for a hub file before download, when only its size is known.

    Without the header the KV cost is guessed from the size: per token, 0.001 %
    (Qwen2.5 7B) to 0.02 % (SmolLM2 135M) of the file for the catalogue's models; we
    take 0.01 %, which errs towards "tight" for the small ones.
    """
    context = context or DEFAULT_FIT_CONTEXT
    return fit_verdict(file_size, max(1, file_size // 10_000), context, machine)


def this_machine(gpu_offload: bool | None = None) -> Machine:
    """Free RAM now, and free VRAM when llama.cpp can offload and nvidia-smi tells us.

    `gpu_offload=None` asks llama.cpp (in a child process, once); pass the value from
    `hardware.llama_capabilities()` when you already have it.
    """
    if gpu_offload is None:
        gpu_offload = _gpu_offload()
    _total, available = hardware.memory()
    vram = free_vram_bytes() if gpu_offload else None
    return Machine(ram_free=available, vram_free=vram, gpu_offload=bool(gpu_offload))


@lru_cache(maxsize=1)
def _gpu_offload() -> bool:
    return bool(hardware.llama_capabilities_isolated().get("gpu_offload", False))


def free_vram_bytes() -> int | None:
    """Free memory of the emptiest NVIDIA GPU, from nvidia-smi; None when unknown."""
    smi = shutil.which("nvidia-smi")
    if not smi:
        return None
    try:
        result = subprocess.run(
            [smi, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
        values = [int(line.strip()) for line in result.stdout.splitlines() if line.strip()]
    except (OSError, subprocess.SubprocessError, ValueError):
        log.debug("nvidia-smi gave no usable answer", exc_info=True)
        return None
    return max(values) << 20 if values else None  # MiB → bytes


def _gib(n: float) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    return f"{n / (1 << 20):.0f} MB"
