"""Read and check a GGUF model file before llama.cpp sees it.

llama.cpp says only "Failed to load model from file" when a file is bad, and some
bad files abort the whole process. So the app reads the header itself, in pure
Python, and says in plain words what is wrong: a half-finished download, an HTML
error page saved as .gguf, a tensor type this build does not know.

Only the header is read (through a small moving window, never the tensor data),
so checking a 40 GB file costs about as much as checking a 100 MB one. Every
count and length read from the file is bounded before it is used, so a damaged
header can neither make us allocate gigabytes nor loop for minutes.

`read_gguf_header` parses what is there and works on a partial download (its
header is complete long before its tensors are). `check_gguf` adds the checks
that decide whether llama.cpp can load the file: known tensor types, tensor data
laid out where llama.cpp expects it, and all of it present.
"""

from __future__ import annotations

import logging
import os
import stat
import struct
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.engine.types import ModelLoadError

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
MAX_DIMS = 4  # GGML_MAX_DIMS
MAX_TENSOR_NAME = 63  # GGML_MAX_NAME - 1 (the C string's terminator)
INLINE_ARRAY_MAX = 64  # longer arrays are summarised, not kept
# Bounds on what a header may claim. Real models are far below each one (the largest
# vocabularies have ~260k tokens, the largest models a few thousand tensors); a
# damaged header usually claims billions.
MAX_COUNT = 1 << 24  # key/value pairs, tensors, array items
MAX_STRING_ARRAY = 1 << 22  # items of an array of strings (each one costs a Python loop step)
MAX_KEY_BYTES = 1 << 16
MAX_STRING_BYTES = 16 << 20  # the longest real chat templates are ~100 KB
MAX_TEXT_BYTES = 64 << 20  # all strings kept from one header, together
WINDOW_BYTES = 1 << 20

# ggml tensor types: id -> (name, elements per block, bytes per block).
# From ggml.h / ggml-common.h of the llama.cpp vendored in llama-cpp-python 0.3.36;
# tests/engine/test_gguf.py cross-checks it against the `gguf` package. Ids 4, 5 and
# 31-33, 36-38 were removed from ggml and are unknown here, as they are to llama.cpp.
GGML_TYPES: dict[int, tuple[str, int, int]] = {
    0: ("F32", 1, 4),
    1: ("F16", 1, 2),
    2: ("Q4_0", 32, 18),
    3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22),
    7: ("Q5_1", 32, 24),
    8: ("Q8_0", 32, 34),
    9: ("Q8_1", 32, 36),
    10: ("Q2_K", 256, 84),
    11: ("Q3_K", 256, 110),
    12: ("Q4_K", 256, 144),
    13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210),
    15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66),
    17: ("IQ2_XS", 256, 74),
    18: ("IQ3_XXS", 256, 98),
    19: ("IQ1_S", 256, 50),
    20: ("IQ4_NL", 32, 18),
    21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82),
    23: ("IQ4_XS", 256, 136),
    24: ("I8", 1, 1),
    25: ("I16", 1, 2),
    26: ("I32", 1, 4),
    27: ("I64", 1, 8),
    28: ("F64", 1, 8),
    29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2),
    34: ("TQ1_0", 256, 54),
    35: ("TQ2_0", 256, 66),
    39: ("MXFP4", 32, 17),
    40: ("NVFP4", 64, 36),
    41: ("Q1_0", 128, 18),
    42: ("Q2_0", 64, 18),
}

# general.file_type (llama_ftype in llama.h) -> the name people know the quantization by.
FILE_TYPE_NAMES: dict[int, str] = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
    10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
    16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
    22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
    28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
    37: "TQ2_0", 38: "MXFP4_MOE", 39: "NVFP4", 40: "Q1_0", 41: "Q2_0",
}  # fmt: skip

# GGUF metadata value types (gguf.h): id -> little-endian struct of one item.
GGUF_VALUE_TYPE_STRING = 8
GGUF_VALUE_TYPE_ARRAY = 9
_BOOL = 7
GGUF_VALUE_STRUCTS: dict[int, struct.Struct] = {
    0: struct.Struct("<B"),
    1: struct.Struct("<b"),
    2: struct.Struct("<H"),
    3: struct.Struct("<h"),
    4: struct.Struct("<I"),
    5: struct.Struct("<i"),
    6: struct.Struct("<f"),
    _BOOL: struct.Struct("<B"),
    10: struct.Struct("<Q"),
    11: struct.Struct("<q"),
    12: struct.Struct("<d"),
}
GGUF_VALUE_NAMES: dict[int, str] = {
    0: "uint8", 1: "int8", 2: "uint16", 3: "int16", 4: "uint32", 5: "int32", 6: "float32",
    7: "bool", 8: "string", 9: "array", 10: "uint64", 11: "int64", 12: "float64",
}  # fmt: skip
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
_I64 = struct.Struct("<q")


class GGUFError(ModelLoadError):
    """The file is not a GGUF model llama.cpp can load; the message says why in plain words."""


@dataclass(frozen=True)
class ArraySummary:
    """Stands in for a long metadata array (a vocabulary) so a header stays small in memory."""

    type: int  # GGUF value type of the items
    length: int

    @property
    def type_name(self) -> str:
        return GGUF_VALUE_NAMES.get(self.type, str(self.type))

    def __repr__(self) -> str:
        return f"ArraySummary({self.type_name}[{self.length}])"


@dataclass
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int  # from the start of the data section
    nbytes: int  # 0 when the type is unknown (check_gguf reports it)

    @property
    def n_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count

    @property
    def type_name(self) -> str:
        known = GGML_TYPES.get(self.ggml_type)
        return known[0] if known else f"type {self.ggml_type}"


@dataclass
class GGUFHeader:
    path: Path
    version: int
    file_size: int
    data_offset: int  # where the tensor data starts (aligned)
    alignment: int
    metadata: dict[str, Any] = field(default_factory=dict)
    tensors: list[TensorInfo] = field(default_factory=list)

    def _int(self, key: str) -> int | None:
        value = self.metadata.get(key)
        if isinstance(value, list) and value:  # per-layer values (e.g. head counts)
            value = max(value)
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return value

    def _str(self, key: str) -> str | None:
        value = self.metadata.get(key)
        return value if isinstance(value, str) else None

    @property
    def architecture(self) -> str:
        return self._str("general.architecture") or ""

    @property
    def name(self) -> str:
        return self._str("general.name") or self.path.stem

    @property
    def license(self) -> str | None:
        return self._str("general.license")

    @property
    def context_length(self) -> int | None:
        """The context the model was trained with (None when the file does not say)."""
        return self._int(f"{self.architecture}.context_length")

    @property
    def chat_template(self) -> str | None:
        return self._str("tokenizer.chat_template") or None

    @property
    def n_layers(self) -> int | None:
        return self._int(f"{self.architecture}.block_count")

    @property
    def n_embd(self) -> int | None:
        return self._int(f"{self.architecture}.embedding_length")

    @property
    def n_head(self) -> int | None:
        return self._int(f"{self.architecture}.attention.head_count")

    @property
    def n_head_kv(self) -> int | None:
        """Key/value heads; fewer than n_head with grouped-query attention."""
        return self._int(f"{self.architecture}.attention.head_count_kv") or self.n_head

    @property
    def key_length(self) -> int | None:
        """Size of one head's key; differs from n_embd / n_head in some models (Gemma)."""
        explicit = self._int(f"{self.architecture}.attention.key_length")
        if explicit:
            return explicit
        if self.n_embd and self.n_head:
            return self.n_embd // self.n_head
        return None

    @property
    def value_length(self) -> int | None:
        return self._int(f"{self.architecture}.attention.value_length") or self.key_length

    @property
    def n_params(self) -> int:
        return sum(tensor.n_elements for tensor in self.tensors)

    @property
    def tensor_bytes(self) -> int:
        return sum(tensor.nbytes for tensor in self.tensors)

    @property
    def file_type_name(self) -> str | None:
        """The quantization ("Q4_1", "Q4_K_M"), from general.file_type or else the most used type."""
        file_type = self._int("general.file_type")
        if file_type is not None and file_type in FILE_TYPE_NAMES:
            return FILE_TYPE_NAMES[file_type]
        matrices = [t.type_name for t in self.tensors if len(t.shape) >= 2]
        if not matrices:
            return None
        return Counter(matrices).most_common(1)[0][0]


def read_gguf_header(path: str | os.PathLike[str]) -> GGUFHeader:
    """Parse the header (metadata and tensor table); raise GGUFError if it cannot be read."""
    path = Path(path)
    size = _file_size(path)
    try:
        with path.open("rb") as stream:
            return _HeaderParser(path, stream, size).parse()
    except OSError as exc:
        raise GGUFError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc


def check_gguf(path: str | os.PathLike[str]) -> GGUFHeader:
    """Read the header and check that llama.cpp can load the file; raise GGUFError if not."""
    header = read_gguf_header(path)
    name = header.path.name
    if not header.tensors:
        raise GGUFError(f"{name}: the file has no tensors (a vocabulary-only file, not a model)")
    expected = 0
    for tensor in header.tensors:
        _check_tensor_type(name, tensor)
        if tensor.offset != expected:
            raise GGUFError(
                f"{name}: tensor '{_shown(tensor.name)}' starts at data offset {tensor.offset}, "
                f"expected {expected}: the file is damaged"
            )
        expected += _pad(tensor.nbytes, header.alignment)
    last = header.tensors[-1]
    needed = header.data_offset + last.offset + last.nbytes
    if needed > header.file_size:
        raise GGUFError(
            f"{name}: file is {_mb(header.file_size)} but its tensors need {_mb(needed)}: "
            "the download is incomplete"
        )
    log.debug("%s: GGUF v%d, %d tensors, checked", name, header.version, len(header.tensors))
    return header


def _check_tensor_type(name: str, tensor: TensorInfo) -> None:
    known = GGML_TYPES.get(tensor.ggml_type)
    if known is None:
        raise GGUFError(
            f"{name}: tensor '{_shown(tensor.name)}' uses unknown data type {tensor.ggml_type}: "
            "the file is damaged or needs a newer llama.cpp"
        )
    type_name, block_size, _ = known
    row = tensor.shape[0] if tensor.shape else 1
    if row % block_size:
        raise GGUFError(
            f"{name}: tensor '{_shown(tensor.name)}' has rows of {row} values, not a multiple of "
            f"{type_name}'s block of {block_size}: the file is damaged"
        )


def _file_size(path: Path) -> int:
    """Size of a regular file, or GGUFError saying why there is no file to read."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise GGUFError(f"{path.name}: file not found ({path})") from exc
    except OSError as exc:
        raise GGUFError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise GGUFError(f"{path.name}: not a regular file (it is a folder)")
    if not stat.S_ISREG(info.st_mode):
        raise GGUFError(f"{path.name}: not a regular file")
    if info.st_size == 0:
        raise GGUFError(f"{path.name}: the file is empty (0 bytes): the download did not finish")
    return info.st_size


def _pad(value: int, alignment: int) -> int:
    return value + (-value % alignment)


def _shown(text: str, limit: int = 60) -> str:
    """A key or tensor name from the file, safe to put in a message (damage makes garbage)."""
    clean = "".join(c if c.isprintable() else "?" for c in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:,.1f} MB"


def _tensor_nbytes(ggml_type: int, shape: tuple[int, ...]) -> int:
    known = GGML_TYPES.get(ggml_type)
    if known is None:
        return 0
    _, block_size, type_size = known
    n_elements = 1
    for dim in shape:
        n_elements *= dim
    return n_elements // block_size * type_size


def describe_non_gguf(head: bytes) -> str:
    """Guess what a file that is not GGUF is, from its first bytes (for the error message)."""
    stripped = head.lstrip().lower()
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP file (a PyTorch checkpoint?)"
    if len(head) >= 10 and head[8:10] == b'{"':
        return "a safetensors file"
    if stripped.startswith(b"version https://git-lfs"):
        return "a Git LFS pointer, not the model itself"
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "an HTML page (an error or login page saved as the model?)"
    if stripped.startswith((b"{", b"[")) and _is_text(head):
        return "a JSON file"
    if head[:4] in (b"lmgg", b"fmgg", b"tjgg"):
        return "an old GGML/GGJT model from before GGUF: convert it or download a GGUF"
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "a Python pickle (a PyTorch checkpoint?)"
    if head[:4] == b"\x7fELF" or head[:2] == b"MZ":
        return "a program, not a model"
    if _is_text(head):
        return "a text file"
    return "unrecognised binary data"


def _is_text(head: bytes) -> bool:
    """Whether the bytes read as printable UTF-8 (a cut-off last character is allowed)."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    return all(c.isprintable() or c.isspace() for c in text)


class _HeaderParser:
    """Walks the header through a window of the file; every read is bounds-checked."""

    def __init__(self, path: Path, stream: BinaryIO, size: int) -> None:
        self.path = path
        self.name = path.name
        self.stream = stream
        self.size = size
        self.pos = 0
        self.window = b""
        self.window_start = 0
        self.text_bytes = 0  # decoded so far (skipped vocabularies do not count)

    # -- low-level reads ------------------------------------------------------------

    def _need(self, n: int, what: str) -> int:
        """Make bytes [pos, pos+n) available; return their index in the window."""
        end = self.pos + n
        if end > self.size:
            raise GGUFError(
                f"{self.name}: the file ends inside its header (reading {what} at byte "
                f"{self.pos:,} of {self.size:,}): the download is incomplete or the file is damaged"
            )
        start = self.pos - self.window_start
        if start < 0 or self.pos + n > self.window_start + len(self.window):
            self.stream.seek(self.pos)
            self.window = self.stream.read(max(n, WINDOW_BYTES))
            self.window_start = self.pos
            if len(self.window) < n:  # the file shrank while we read it
                raise GGUFError(f"{self.name}: the file changed while it was being read")
            start = 0
        return start

    def _unpack(self, fmt: struct.Struct, what: str) -> Any:
        start = self._need(fmt.size, what)
        self.pos += fmt.size
        return fmt.unpack_from(self.window, start)[0]

    def _skip(self, n: int, what: str) -> None:
        if self.pos + n > self.size:
            self._need(n, what)  # raises with the truncation message
        self.pos += n

    def _bytes(self, n: int, what: str) -> bytes:
        start = self._need(n, what)
        self.pos += n
        return bytes(self.window[start : start + n])

    def _string(self, what: str, limit: int = MAX_STRING_BYTES) -> str:
        length = self._unpack(_U64, what)
        if length > limit:
            raise GGUFError(
                f"{self.name}: {what} claims to be {length:,} bytes long: the file is damaged"
            )
        self.text_bytes += length
        if self.text_bytes > MAX_TEXT_BYTES:
            raise GGUFError(
                f"{self.name}: the header holds more than {_mb(MAX_TEXT_BYTES)} of text: "
                "the file is damaged"
            )
        return self._bytes(length, what).decode("utf-8", errors="replace")

    def _count(self, what: str, limit: int = MAX_COUNT) -> int:
        count = self._unpack(_U64, what)
        if count > limit:
            raise GGUFError(
                f"{self.name}: the header claims {count:,} {what} (at most {limit:,} make sense): "
                "the file is damaged"
            )
        return count

    # -- structure --------------------------------------------------------------------

    def parse(self) -> GGUFHeader:
        magic = self._bytes(min(4, self.size), "the magic number")
        if magic != GGUF_MAGIC and GGUF_MAGIC.startswith(magic):
            self._need(4, "the magic number")  # 1-3 bytes of "GGUF": raises "ends inside"
        if magic != GGUF_MAGIC:
            self.stream.seek(0)
            kind = describe_non_gguf(self.stream.read(64))
            raise GGUFError(f"{self.name}: not a GGUF model file (it looks like {kind})")
        version = self._unpack(_U32, "the version")
        self._check_version(version)
        n_tensors = self._count("tensors")
        n_kv = self._count("metadata entries")
        metadata: dict[str, Any] = {}
        for index in range(n_kv):
            key = self._string(f"metadata key #{index}", MAX_KEY_BYTES)
            if not key:
                raise GGUFError(f"{self.name}: metadata key #{index} is empty: the file is damaged")
            if key in metadata:
                raise GGUFError(
                    f"{self.name}: metadata key '{_shown(key)}' appears twice: damaged file"
                )
            metadata[key] = self._value(key)
        alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
        if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
            raise GGUFError(
                f"{self.name}: general.alignment is {alignment!r}, not a power of two: "
                "the file is damaged"
            )
        tensors = [self._tensor(index) for index in range(n_tensors)]
        names = {t.name for t in tensors}
        if len(names) != len(tensors):
            raise GGUFError(f"{self.name}: two tensors have the same name: the file is damaged")
        data_offset = _pad(self.pos, alignment)
        return GGUFHeader(self.path, version, self.size, data_offset, alignment, metadata, tensors)

    def _check_version(self, version: int) -> None:
        if version in SUPPORTED_VERSIONS:
            return
        if version == 1:
            problem = "GGUF version 1 is too old for this llama.cpp: download a newer conversion"
        elif version & 0xFFFF == 0 and (version >> 24) in SUPPORTED_VERSIONS:
            problem = "this GGUF is stored big-endian (for another kind of computer)"
        else:
            problem = f"unsupported GGUF version {version} (this app reads versions 2 and 3)"
        raise GGUFError(f"{self.name}: {problem}")

    def _value(self, key: str) -> Any:
        value_type = self._unpack(_U32, f"the type of '{_shown(key)}'")
        if value_type == GGUF_VALUE_TYPE_STRING:
            return self._string(f"metadata value '{_shown(key)}'")
        if value_type == GGUF_VALUE_TYPE_ARRAY:
            return self._array(key)
        fmt = GGUF_VALUE_STRUCTS.get(value_type)
        if fmt is None:
            raise self._bad_type(key, value_type)
        value = self._unpack(fmt, f"metadata value '{_shown(key)}'")
        return bool(value) if value_type == _BOOL else value

    def _array(self, key: str) -> Any:
        item_type = self._unpack(_U32, f"the item type of '{_shown(key)}'")
        if item_type == GGUF_VALUE_TYPE_STRING:
            length = self._count(f"items in '{_shown(key)}'", MAX_STRING_ARRAY)
            if length > INLINE_ARRAY_MAX:
                self._skip_strings(key, length)
                return ArraySummary(item_type, length)
            return [self._string(f"an item of '{_shown(key)}'") for _ in range(length)]
        fmt = GGUF_VALUE_STRUCTS.get(item_type)
        if fmt is None:  # nested arrays are not allowed either (llama.cpp rejects them)
            raise self._bad_type(key, item_type)
        length = self._count(f"items in '{_shown(key)}'")
        if length > INLINE_ARRAY_MAX:
            self._skip(length * fmt.size, f"metadata value '{_shown(key)}'")
            return ArraySummary(item_type, length)
        start = self._need(length * fmt.size, f"metadata value '{_shown(key)}'")
        self.pos += length * fmt.size
        items = [fmt.unpack_from(self.window, start + i * fmt.size)[0] for i in range(length)]
        return [bool(v) for v in items] if item_type == _BOOL else items

    def _skip_strings(self, key: str, length: int) -> None:
        """Step over a long string array (a vocabulary) without decoding it."""
        what = f"metadata value '{_shown(key)}'"
        for _ in range(length):
            start = self._need(8, what)
            n = _U64.unpack_from(self.window, start)[0]
            if n > MAX_STRING_BYTES:
                raise GGUFError(
                    f"{self.name}: an item of '{_shown(key)}' claims to be {n:,} bytes long: "
                    "the file is damaged"
                )
            self._skip(8 + n, what)

    def _bad_type(self, key: str, value_type: int) -> GGUFError:
        return GGUFError(
            f"{self.name}: metadata '{_shown(key)}' has unknown value type {value_type}: "
            "the file is damaged"
        )

    def _tensor(self, index: int) -> TensorInfo:
        name = self._string(f"the name of tensor #{index}", MAX_KEY_BYTES)
        if len(name.encode("utf-8", errors="replace")) > MAX_TENSOR_NAME:
            raise GGUFError(
                f"{self.name}: tensor #{index} has a {len(name)}-character name "
                f"(at most {MAX_TENSOR_NAME}): the file is damaged"
            )
        label = f"tensor '{_shown(name)}'"
        n_dims = self._unpack(_U32, label)
        if n_dims > MAX_DIMS:
            raise GGUFError(
                f"{self.name}: {label} has {n_dims} dimensions (at most {MAX_DIMS}): "
                "the file is damaged"
            )
        shape = tuple(self._unpack(_I64, label) for _ in range(n_dims))
        if any(dim < 0 for dim in shape):
            raise GGUFError(
                f"{self.name}: {label} has a negative size {shape}: the file is damaged"
            )
        ggml_type = self._unpack(_U32, label)
        offset = self._unpack(_U64, label)
        nbytes = _tensor_nbytes(ggml_type, shape)
        return TensorInfo(name, shape, ggml_type, offset, nbytes)
