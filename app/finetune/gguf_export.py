"""Turn a PEFT LoRA adapter folder into a llama.cpp GGUF LoRA adapter (issue #6).

Training happens in transformers + peft, but chat, writing and grading run through
llama.cpp, which only loads adapters in its own GGUF format. llama.cpp's own
`convert_lora_to_gguf.py` needs the base model's Hugging Face folder and a whole
llama.cpp checkout; the user only has the quantized GGUF base, so we convert here,
reading everything we need about the base from that GGUF's metadata.

What the conversion has to get right (llama.cpp loads a file that gets any of these
wrong without a word and then answers wrongly, so the tests compare real logits):

* Names: PEFT keys (`base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight`)
  become the base tensor's GGUF name plus `.lora_a` / `.lora_b`
  (`blk.0.attn_q.weight.lora_a`), through gguf's own HF→GGUF tensor name map.
* Shapes: llama.cpp wants lora_a as (r, in) and lora_b as (out, r) in numpy order
  (ggml ne = [in, r] and [r, out]); it checks them against the base tensor, so we
  check first and say which model the adapter does not fit.
* Row order: for the llama architecture the GGUF converter permutes the rows of the
  q and k projections (rotary embedding layout), and transformers un-permutes them
  when it loads a GGUF for training. An adapter trained in HF order must have its
  q/k B matrices permuted the same way, or it loads fine and gives wrong answers.
* Scaling: llama.cpp applies `alpha / rank` with one alpha per file; PEFT may use
  rsLoRA (`alpha / sqrt(rank)`) or per-module alpha/rank patterns. We write the
  alpha that reproduces PEFT's default scaling and fold any per-module difference
  into B.

Only numpy and gguf are needed (no torch), so an adapter downloaded from the hub can
be converted in the app process without the `[finetune]` extra; heavy imports stay
inside functions so importing this module is free.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import math
import os
import re
import secrets
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

ADAPTER_CONFIG = "adapter_config.json"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
ADAPTER_WEIGHTS_BIN = "adapter_model.bin"

# GGUF architectures whose q/k rows llama.cpp's converter permutes and transformers'
# GGUF loader un-permutes (LlamaModel.permute / LlamaTensorProcessor). Mistral-style
# models are stored as "llama" too.
PERMUTE_QK_ARCHS = frozenset({"llama"})
# Architectures checked (llama.cpp conversion/*.py, transformers' GGUF loader) to keep
# HF row order for every linear layer: their adapters convert by name alone.
PLAIN_ARCHS = frozenset({"qwen2", "qwen3", "gemma", "gemma2", "gemma3", "phi3"})
SUPPORTED_ARCHS = PERMUTE_QK_ARCHS | PLAIN_ARCHS

_DTYPES = ("f32", "f16")
_PEFT_PREFIX = "base_model.model."
_LORA_KEY = re.compile(r"^(?P<module>.+)\.lora_(?P<part>[AB])\.weight$")
_EMBEDDING_MODULES = ("embed_tokens", "lm_head", "wte", "embed_in", "embed_out")


class ExportError(ValueError):
    """The adapter cannot be exported; the message is one line fit for the user."""


@dataclass
class ExportResult:
    """What was written, for the UI and the installed-adapters list."""

    path: Path
    n_tensors: int
    rank: int
    alpha: float
    target_modules: list[str]


@dataclass(frozen=True)
class _BaseInfo:
    """The facts about the base GGUF that decide names, shapes and row order."""

    arch: str
    n_blocks: int
    n_head: int | list[int]
    n_head_kv: int | list[int]
    shapes: dict[str, tuple[int, int]]  # tensor name -> (n_in, n_out), i.e. ggml ne0, ne1
    name: str | None


def export_adapter(
    adapter_dir: Path,
    base_gguf: Path,
    out_path: Path,
    *,
    name: str | None = None,
    dtype: str = "f32",
    _permute_qk: bool = True,
) -> ExportResult:
    """Convert the PEFT adapter in `adapter_dir` into a GGUF LoRA for `base_gguf`.

    Everything is validated before a byte is written, and the file is written beside
    `out_path` under a temporary name and renamed at the end, so a failure never
    leaves a half-written adapter (nor replaces a good one). `_permute_qk` exists only
    so the tests can prove that the q/k permutation matters.
    """
    adapter_dir, base_gguf, out_path = Path(adapter_dir), Path(base_gguf), Path(out_path)
    if dtype not in _DTYPES:
        raise ExportError(f"unknown adapter dtype {dtype!r} (use one of {', '.join(_DTYPES)})")

    config = _read_adapter_config(adapter_dir)
    _refuse_unsupported_options(config)
    pairs = _pair_lora_tensors(_read_adapter_weights(adapter_dir))
    base = _read_base(base_gguf)
    if base.arch not in SUPPORTED_ARCHS:
        raise ExportError(
            f"{base_gguf.name}: LoRA export does not support the '{base.arch}' architecture yet "
            f"(supported: {', '.join(sorted(SUPPORTED_ARCHS))})"
        )

    rank = int(config.get("r") or next(iter(pairs.values()))[0].shape[0])
    use_rslora = bool(config.get("use_rslora", False))
    lora_alpha = float(config.get("lora_alpha", 8))  # PEFT's default when absent
    # llama.cpp scales by alpha / rank; choose alpha so that equals PEFT's scaling.
    alpha = lora_alpha * math.sqrt(rank) if use_rslora else lora_alpha
    alpha_pattern: dict[str, float] = {
        str(k): float(v) for k, v in (config.get("alpha_pattern") or {}).items()
    }

    tensors = _convert_tensors(
        pairs,
        base,
        alpha=alpha,
        lora_alpha=lora_alpha,
        alpha_pattern=alpha_pattern,
        use_rslora=use_rslora,
        permute_qk=_permute_qk,
        dtype=dtype,
    )
    targets = sorted({module.rsplit(".", 1)[-1] for module in pairs})
    title = name or adapter_dir.name
    _write_gguf(out_path, base, tensors, alpha=alpha, name=title, dtype=dtype, config=config)
    log.info(
        "exported %s: %d tensors, rank %d, alpha %g, modules %s",
        out_path.name,
        len(tensors),
        rank,
        alpha,
        ",".join(targets),
    )
    return ExportResult(
        path=out_path, n_tensors=len(tensors), rank=rank, alpha=alpha, target_modules=targets
    )


# --------------------------------------------------------------------------- reading
def _read_adapter_config(adapter_dir: Path) -> dict[str, Any]:
    """adapter_config.json, or a clear error when the folder is not a PEFT LoRA."""
    path = adapter_dir / ADAPTER_CONFIG
    if not path.is_file():
        raise ExportError(f"{adapter_dir}: not a PEFT adapter folder (no {ADAPTER_CONFIG})")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"{path}: unreadable adapter config ({exc})") from exc
    if not isinstance(config, dict):
        raise ExportError(f"{path}: unreadable adapter config (not a JSON object)")
    peft_type = str(config.get("peft_type", "")).upper()
    if peft_type != "LORA":
        raise ExportError(
            f"{adapter_dir.name}: only LoRA adapters can be exported (this one is "
            f"{config.get('peft_type') or 'of unknown type'})"
        )
    return config


def _refuse_unsupported_options(config: dict[str, Any]) -> None:
    """llama.cpp applies plain `x·Aᵀ·Bᵀ·scale` on weight matrices: nothing else fits."""
    refusals = {
        "use_dora": "DoRA",
        "fan_in_fan_out": "fan_in_fan_out (Conv1D) layers",
        "modules_to_save": "fully trained modules (modules_to_save)",
        "trainable_token_indices": "trainable token embeddings",
        "lora_bias": "LoRA biases",
        "layer_replication": "layer replication",
        "target_parameters": "LoRA on parameters (target_parameters)",
    }
    for key, what in refusals.items():
        if config.get(key):
            raise ExportError(f"llama.cpp adapters cannot hold {what}; train without {key}")
    if str(config.get("bias", "none")) != "none":
        raise ExportError("llama.cpp adapters cannot hold trained biases; train with bias='none'")


def _read_adapter_weights(adapter_dir: Path) -> dict[str, np.ndarray]:
    """The adapter tensors as float32 numpy arrays, from safetensors (or legacy .bin)."""
    st = adapter_dir / ADAPTER_WEIGHTS
    if st.is_file():
        return _read_safetensors(st)
    legacy = adapter_dir / ADAPTER_WEIGHTS_BIN
    if legacy.is_file():
        return _read_torch_bin(legacy)
    raise ExportError(
        f"{adapter_dir}: not a PEFT adapter folder (no {ADAPTER_WEIGHTS} or {ADAPTER_WEIGHTS_BIN})"
    )


_ST_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2"}


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """A tiny safetensors reader: numpy has no bfloat16 and torch is not needed here.

    The format is an 8-byte little-endian header length, a JSON header naming each
    tensor's dtype, shape and byte range, then the raw data.
    """
    import numpy as np

    data = path.read_bytes()
    try:
        (n_header,) = struct.unpack_from("<Q", data, 0)
        if n_header > len(data) - 8:
            raise ValueError("header longer than the file")
        header = json.loads(data[8 : 8 + n_header].decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not a JSON object")
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path.name}: not a safetensors file ({exc})") from exc
    base = 8 + n_header
    out: dict[str, np.ndarray] = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        try:
            dtype = info["dtype"]
            shape = [int(x) for x in info["shape"]]
            begin, end = (int(x) for x in info["data_offsets"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ExportError(f"{path.name}: damaged safetensors header at {key}") from exc
        if dtype not in _ST_DTYPES:
            raise ExportError(f"{path.name}: tensor {key} has unsupported dtype {dtype}")
        count = math.prod(shape)
        if begin < 0 or end > len(data) - base or end - begin != count * int(dtype[-2:]) // 8:
            raise ExportError(f"{path.name}: damaged safetensors data for {key}")
        raw = np.frombuffer(data, dtype=_ST_DTYPES[dtype], count=count, offset=base + begin)
        if dtype == "BF16":
            array = (raw.astype(np.uint32) << 16).view(np.float32)
        else:
            array = raw.astype(np.float32)
        out[key] = array.reshape(shape)
    return out


def _read_torch_bin(path: Path) -> dict[str, np.ndarray]:
    """Old PEFT versions saved a pickled state dict; read it safely (weights_only)."""
    try:
        import torch
    except ImportError as exc:
        raise ExportError(
            f"{path.name}: this adapter uses the old .bin format, which needs torch to read"
        ) from exc
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many kinds for a bad pickle
        raise ExportError(f"{path.name}: unreadable adapter weights ({exc})") from exc
    return {k: v.detach().float().numpy() for k, v in state.items()}


def _read_base(base_gguf: Path) -> _BaseInfo:
    """Architecture, block and head counts and tensor shapes from the base GGUF header.

    GGUFReader parses every metadata field, the whole vocabulary included (~2 s for a
    49k-token vocabulary), so the answer is cached per file version: exporting after
    each training run of the same base then costs nothing.
    """
    try:
        stat = base_gguf.stat()
    except OSError:
        stat = None
    if stat is None or not base_gguf.is_file():
        raise ExportError(f"{base_gguf}: base model file not found")
    return _read_base_cached(str(base_gguf.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_base_cached(path: str, size: int, mtime_ns: int) -> _BaseInfo:
    """The uncached read; size and mtime are part of the key only to notice changes."""
    import gguf

    base_gguf = Path(path)
    try:
        reader = gguf.GGUFReader(str(base_gguf))
    except Exception as exc:  # GGUFReader raises ValueError, struct errors, OSError...
        raise ExportError(f"{base_gguf.name}: not a readable GGUF model ({exc})") from exc

    def field(key: str) -> Any:
        f = reader.fields.get(key)
        return None if f is None else f.contents()

    arch = field("general.architecture")
    if not arch:
        raise ExportError(f"{base_gguf.name}: GGUF has no general.architecture")
    if field("general.type") == "adapter":
        raise ExportError(f"{base_gguf.name} is itself an adapter, not a base model")
    n_blocks = field(f"{arch}.block_count")
    n_head = field(f"{arch}.attention.head_count")
    n_head_kv = field(f"{arch}.attention.head_count_kv")
    if n_blocks is None or n_head is None:
        raise ExportError(f"{base_gguf.name}: GGUF lacks {arch}.block_count or head_count")
    shapes = {
        t.name: (int(t.shape[0]), int(t.shape[1])) for t in reader.tensors if len(t.shape) == 2
    }
    return _BaseInfo(
        arch=str(arch),
        n_blocks=int(n_blocks),
        n_head=n_head,
        n_head_kv=n_head if n_head_kv is None else n_head_kv,
        shapes=shapes,
        name=field("general.name"),
    )


# ------------------------------------------------------------------------ converting
def _pair_lora_tensors(weights: dict[str, np.ndarray]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Group lora_A / lora_B by module; any other tensor is something llama.cpp can't use."""
    a_parts: dict[str, np.ndarray] = {}
    b_parts: dict[str, np.ndarray] = {}
    for key, value in weights.items():
        stripped = key.removeprefix(_PEFT_PREFIX)
        if ".lora_embedding_" in key or any(
            f"{m}." in stripped or stripped.startswith(m) for m in _EMBEDDING_MODULES
        ):
            raise ExportError(
                f"the adapter trains the embeddings or output head ({stripped}); "
                "llama.cpp export covers the transformer's linear layers only"
            )
        match = _LORA_KEY.match(stripped)
        if match is None:
            raise ExportError(f"the adapter holds a tensor llama.cpp cannot use: {key}")
        if value.ndim != 2:
            raise ExportError(f"{key}: expected a matrix, got shape {list(value.shape)}")
        parts = a_parts if match["part"] == "A" else b_parts
        parts[match["module"]] = value
    if not a_parts and not b_parts:
        raise ExportError("the adapter holds no LoRA weights")
    missing = sorted(set(a_parts) ^ set(b_parts))
    if missing:
        raise ExportError(f"the adapter lacks lora_A or lora_B for {missing[0]}")
    return {m: (a_parts[m], b_parts[m]) for m in sorted(a_parts)}


def _pattern_value(patterns: dict[str, float], module: str, default: float) -> float:
    """PEFT's own rule (peft.utils.other.get_pattern_key): a key matches a name's tail."""
    for key, value in patterns.items():
        if re.match(rf"(.*\.)?({key})$", module):
            return value
    return default


def _head_count(value: int | list[int], block: int) -> int:
    """Head counts may be per layer (a list) in some GGUFs."""
    return int(value[block]) if isinstance(value, list) else int(value)


def _permute_rows(b: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp's LlamaModel.permute on the output rows: each head's rotary halves
    are interleaved, (half, pair) → (pair, half)."""
    out = b.shape[0]
    if n_head <= 0 or out % (2 * n_head):
        raise ExportError(f"cannot split {out} q/k rows into {n_head} rotary heads")
    return b.reshape(n_head, 2, out // n_head // 2, *b.shape[1:]).swapaxes(1, 2).reshape(b.shape)


def _convert_tensors(
    pairs: dict[str, tuple[np.ndarray, np.ndarray]],
    base: _BaseInfo,
    *,
    alpha: float,
    lora_alpha: float,
    alpha_pattern: dict[str, float],
    use_rslora: bool,
    permute_qk: bool,
    dtype: str,
) -> list[tuple[str, np.ndarray]]:
    """Map, check, permute and rescale every pair into GGUF (name, array) tensors."""
    import gguf
    import numpy as np

    arch_enum = {v: k for k, v in gguf.MODEL_ARCH_NAMES.items()}.get(base.arch)
    if arch_enum is None:
        raise ExportError(f"this gguf package does not know the '{base.arch}' architecture")
    name_map = gguf.get_tensor_name_map(arch_enum, base.n_blocks)
    np_dtype = np.float16 if dtype == "f16" else np.float32
    out: list[tuple[str, np.ndarray]] = []
    for module, (a, b) in pairs.items():
        gguf_name = name_map.get_name(module)
        target = f"{gguf_name}.weight" if gguf_name else None
        if target is None or target not in base.shapes:
            raise ExportError(
                f"the adapter targets {module}, which has no matching tensor in the "
                f"{base.arch} base model (adapter made for another model?)"
            )
        r, n_in = a.shape
        n_out, r_b = b.shape
        base_in, base_out = base.shapes[target]
        if r != r_b:
            raise ExportError(f"{module}: lora_A rank {r} differs from lora_B rank {r_b}")
        if (n_in, n_out) != (base_in, base_out):
            raise ExportError(
                f"the adapter does not fit this base model: {module} is {n_out}×{n_in} in the "
                f"adapter but {base_out}×{base_in} in the GGUF (made for another model size?)"
            )
        # PEFT's scaling for this module, and the factor that makes llama.cpp's
        # alpha / r equal it (1 unless alpha_pattern or rsLoRA with rank_pattern).
        module_alpha = _pattern_value(alpha_pattern, module, lora_alpha)
        peft_scale = module_alpha / (math.sqrt(r) if use_rslora else r)
        llama_scale = alpha / r if alpha else 1.0
        b = b.astype(np.float32)
        if not math.isclose(peft_scale, llama_scale, rel_tol=1e-6):
            b = b * np.float32(peft_scale / llama_scale)
        if permute_qk and base.arch in PERMUTE_QK_ARCHS:
            block = int(target.split(".")[1]) if target.startswith("blk.") else 0
            if target.endswith(".attn_q.weight"):
                b = _permute_rows(b, _head_count(base.n_head, block))
            elif target.endswith(".attn_k.weight"):
                b = _permute_rows(b, _head_count(base.n_head_kv, block))
        out.append((f"{target}.lora_a", np.ascontiguousarray(a, dtype=np_dtype)))
        out.append((f"{target}.lora_b", np.ascontiguousarray(b, dtype=np_dtype)))
    return out


# --------------------------------------------------------------------------- writing
def _write_gguf(
    out_path: Path,
    base: _BaseInfo,
    tensors: Iterable[tuple[str, np.ndarray]],
    *,
    alpha: float,
    name: str,
    dtype: str,
    config: dict[str, Any],
) -> None:
    """Write to a temporary file beside `out_path`, then rename it into place."""
    import gguf

    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"could not create {out_path.parent}: {exc.strerror or exc}") from exc
    # A hidden, unique name in the same folder: os.replace is then atomic, and the
    # file gets the usual permissions (mkstemp would make it private).
    tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    writer = None
    try:
        writer = gguf.GGUFWriter(str(tmp), arch=base.arch)
        writer.add_type(gguf.GGUFType.ADAPTER)
        writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
        writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alpha))
        writer.add_name(name)
        writer.add_file_type(
            gguf.LlamaFileType.MOSTLY_F16 if dtype == "f16" else gguf.LlamaFileType.ALL_F32
        )
        if base.name:
            writer.add_base_model_count(1)
            writer.add_base_model_name(0, str(base.name))
        invocation = config.get("alora_invocation_tokens")
        if invocation:
            writer.add_key_value(
                gguf.Keys.Adapter.ALORA_INVOCATION_TOKENS,
                [int(t) for t in invocation],
                gguf.GGUFValueType.ARRAY,
                gguf.GGUFValueType.UINT32,
            )
        for tensor_name, array in tensors:
            writer.add_tensor(tensor_name, array)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(tmp, out_path)
    except BaseException as exc:
        _discard(writer, tmp)
        if isinstance(exc, OSError):
            raise ExportError(f"could not write {out_path}: {exc.strerror or exc}") from exc
        raise


def _discard(writer: Any, tmp: Path) -> None:
    """Close and delete a partial file; the original error is the one worth reporting."""
    with contextlib.suppress(Exception):
        if writer is not None:
            writer.close()
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
