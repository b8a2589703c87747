"""Write a small, real GGUF LoRA adapter for the test model with the `gguf` package.

The weights are random (seeded) rather than trained: these tests prove that the
engine attaches, scales and detaches an adapter that llama.cpp really applies.
Trained adapters come from the fine-tuning worker.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_random_lora(
    model_path: Path,
    out: Path,
    *,
    rank: int = 4,
    alpha: float = 8.0,
    scale: float = 0.05,
    layers: int = 30,
    seed: int = 0,
) -> Path:
    import gguf

    reader = gguf.GGUFReader(str(model_path))
    shapes = {t.name: [int(x) for x in t.shape] for t in reader.tensors}  # ne0, ne1
    rng = np.random.default_rng(seed)
    writer = gguf.GGUFWriter(str(out), arch="llama")
    writer.add_string("general.type", "adapter")
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", alpha)
    for layer in range(layers):
        for part in ("attn_q", "attn_v", "ffn_down"):
            name = f"blk.{layer}.{part}.weight"
            n_in, n_out = shapes[name][0], shapes[name][1]
            # numpy shapes are reversed ggml shapes: lora_a is ne=[n_in, r], lora_b ne=[r, n_out]
            a = (rng.standard_normal((rank, n_in)) * scale).astype(np.float32)
            b = (rng.standard_normal((n_out, rank)) * scale).astype(np.float32)
            writer.add_tensor(f"{name}.lora_a", a)
            writer.add_tensor(f"{name}.lora_b", b)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out
