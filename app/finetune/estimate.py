"""Time and memory a training run will take, shown before it starts.

Both come from the model's shape (read from the GGUF header, no weights loaded)
and the data's token count. Time uses the floating-point work of a LoRA step
(forward 2N + backward through the frozen weights 2N per token, N = parameters)
divided by a rate for the device. The rate starts as a conservative guess and is
replaced by what the last finished run on this machine actually achieved, so the
estimate improves with use; while training, the ETA comes from measured steps.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.engine.gguf import read_gguf_header
from app.finetune.config import TrainSettings

# Floating-point operations per second a LoRA step achieves, by device, before any
# run on this machine measured it (float32; CPU per core). Measured here: ~66e9 per
# core on a quiet AVX-512 machine; the guess is lower for older CPUs and busy cores.
GUESS_CPU_FLOPS_PER_CORE = 3e10
GUESS_CUDA_FLOPS = 2e13
RATE_FILE = "measured_rate.json"
OVERHEAD_BYTES = 600 * 2**20  # the Python process with torch and transformers loaded


@dataclass
class Estimate:
    seconds: float
    peak_bytes: int
    steps: int
    tokens: int  # tokens processed over the whole run (epochs included)
    trainable_params: int
    device: str
    measured: bool  # True when the rate comes from a finished run here

    def describe(self) -> str:
        source = "from your last run" if self.measured else "a first guess"
        return (
            f"about {_duration(self.seconds)} and {self.peak_bytes / 2**30:.1f} GiB of memory "
            f"on the {self.device.upper()} ({self.steps} steps, {self.tokens:,} tokens; "
            f"time is {source})"
        )


def estimate(
    base_gguf: str | Path,
    settings: TrainSettings,
    *,
    n_train: int,
    train_tokens: int,
    longest: int | None = None,
    device: str = "cpu",
    rate_folder: str | Path | None = None,
) -> Estimate:
    """Estimate a run over n_train examples holding train_tokens tokens in all."""
    header = read_gguf_header(base_gguf)
    n_params = header.n_params
    hidden = header.n_embd or 1024
    layers = header.n_layers or 1
    heads = header.n_head or 16
    steps = settings.total_steps(n_train)
    mean_tokens = train_tokens / max(1, n_train)
    tokens = int(steps * settings.batch_size * mean_tokens)
    seq = min(settings.max_length, longest or settings.max_length)

    flops = 4 * n_params * tokens
    rate, measured = _rate(device, settings.threads, rate_folder)
    # The worker imports torch/transformers (~10 s) and dequantises the GGUF first.
    load_seconds = 10 + n_params / 1e7
    trainable = _lora_params(settings, hidden, layers, header)

    weights = n_params * 4
    optimiser = trainable * 4 * 4  # weight, gradient and Adam's two moments
    # Activations kept for backward, float32: ~ s·b·h·(34 + 5·a·s/h) ×2 per layer
    # (Korthikanti et al. for 16-bit), plus logits and their gradient over the vocabulary.
    vocab = _vocab_size(header)
    activations = 2 * seq * settings.batch_size * hidden * (34 + 5 * heads * seq / hidden) * layers
    logits = 3 * 4 * seq * settings.batch_size * vocab
    peak = int(weights + optimiser + activations + logits + OVERHEAD_BYTES)
    seconds = load_seconds + flops / rate
    return Estimate(seconds, peak, steps, tokens, trainable, device, measured)


def estimate_for_preview(
    base_gguf: str | Path, settings: TrainSettings, preview, rate_folder: str | Path | None
) -> Estimate:
    """The estimate for training on a DatasetPreview's train split (CLI and GUI)."""
    lengths = [min(n, settings.max_length) for n in preview.token_counts[: len(preview.train)]]
    return estimate(
        base_gguf,
        settings,
        n_train=len(preview.train),
        train_tokens=sum(lengths),
        longest=max(lengths, default=None),
        device="cuda" if settings.device == "cuda" else "cpu",
        rate_folder=rate_folder,
    )


def record_rate(rate_folder: str | Path, device: str, threads: int | None, flops_per_s: float):
    """Remember what a finished run achieved, for the next estimate."""
    path = Path(rate_folder) / RATE_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        data = {}
    data[_key(device, threads)] = flops_per_s
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), "utf-8")


def achieved_rate(base_gguf: str | Path, tokens_per_s: float) -> float:
    """The FLOP rate a run reached, from its measured tokens per second."""
    return 4 * read_gguf_header(base_gguf).n_params * tokens_per_s


def _rate(device: str, threads: int | None, rate_folder) -> tuple[float, bool]:
    if rate_folder is not None:
        try:
            data = json.loads((Path(rate_folder) / RATE_FILE).read_text("utf-8"))
            value = float(data[_key(device, threads)])
            if value > 0:
                return value, True
        except (OSError, ValueError, KeyError, TypeError):
            pass
    if device == "cuda":
        return GUESS_CUDA_FLOPS, False
    return GUESS_CPU_FLOPS_PER_CORE * (threads or os.cpu_count() or 1), False


def _key(device: str, threads: int | None) -> str:
    return f"{device}:{threads or os.cpu_count() or 1}"


def _lora_params(settings: TrainSettings, hidden: int, layers: int, header) -> int:
    """r·(in + out) per adapted projection per layer."""
    head_dim = hidden // max(1, header.n_head or 1)
    kv = head_dim * (header.n_head_kv or header.n_head or 1)
    ffn = header._int(f"{header.architecture}.feed_forward_length") or 4 * hidden
    shapes = {
        "q_proj": (hidden, hidden),
        "k_proj": (hidden, kv),
        "v_proj": (hidden, kv),
        "o_proj": (hidden, hidden),
        "gate_proj": (hidden, ffn),
        "up_proj": (hidden, ffn),
        "down_proj": (ffn, hidden),
    }
    per_layer = sum(settings.rank * sum(shapes[m]) for m in settings.target_modules if m in shapes)
    return per_layer * layers


def _vocab_size(header) -> int:
    for tensor in header.tensors:
        if tensor.name == "token_embd.weight":
            return max(tensor.shape)
    return 32000


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 5400:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"
