"""The GGUF header check: the real starter model, and every way a file can be bad.

Bad files are made from the real model (cut short, bytes changed) or written
byte by byte with `write_gguf` below, so each test shows the exact header it
feeds in.
"""

from __future__ import annotations

import os
import random
import shutil
import struct
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.gguf import (
    FILE_TYPE_NAMES,
    GGML_TYPES,
    ArraySummary,
    GGUFError,
    check_gguf,
    read_gguf_header,
)
from app.engine.types import ModelLoadError


def write_gguf(
    path: Path,
    *,
    version: int = 3,
    metadata: dict | None = None,
    tensors: list[tuple[str, tuple[int, ...], int]] | None = None,
    data: bool = True,
) -> Path:
    """Write a small GGUF: metadata ints are uint32, strings string, lists of str/int arrays.

    tensors are (name, shape, ggml_type); their data is zeros, laid out as llama.cpp expects.
    """
    metadata = {"general.architecture": "llama", **(metadata or {})}
    tensors = tensors if tensors is not None else [("w", (32, 2), 0)]

    def string(text: str) -> bytes:
        raw = text.encode()
        return struct.pack("<Q", len(raw)) + raw

    def value(item) -> bytes:
        if isinstance(item, str):
            return struct.pack("<I", 8) + string(item)
        if isinstance(item, int):
            return struct.pack("<II", 4, item)
        if isinstance(item, float):
            return struct.pack("<If", 6, item)
        if all(isinstance(x, str) for x in item):
            return struct.pack("<IIQ", 9, 8, len(item)) + b"".join(string(x) for x in item)
        return struct.pack("<IIQ", 9, 5, len(item)) + struct.pack(f"<{len(item)}i", *item)

    out = bytearray(b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(metadata)))
    for key, item in metadata.items():
        out += string(key) + value(item)
    offset = 0
    sizes = []
    for name, shape, ggml_type in tensors:
        out += string(name) + struct.pack("<I", len(shape))
        out += struct.pack(f"<{len(shape)}q", *shape) + struct.pack("<IQ", ggml_type, offset)
        _, block, type_size = GGML_TYPES.get(ggml_type, ("?", 1, 1))
        n_elements = 1
        for dim in shape:
            n_elements *= dim
        sizes.append(n_elements // block * type_size)
        offset += -(-sizes[-1] // 32) * 32
    out += bytes(-len(out) % 32)
    if data:
        out += bytes(offset)
    path.write_bytes(bytes(out))
    return path


def copy_head(source: Path, target: Path, n_bytes: int) -> Path:
    with source.open("rb") as src, target.open("wb") as dst:
        dst.write(src.read(n_bytes))
    return target


def error_of(path) -> str:
    with pytest.raises(GGUFError) as info:
        check_gguf(path)
    return str(info.value)


# -- the real model ---------------------------------------------------------------------


@pytest.mark.model
def test_real_model_header(model_path):
    started = time.perf_counter()
    header = check_gguf(model_path)
    elapsed = time.perf_counter() - started

    assert header.path == model_path
    assert header.version == 3
    assert header.architecture == "llama"
    assert header.file_type_name == "Q4_1"
    assert header.context_length == 8192
    assert header.chat_template and "<|im_start|>" in header.chat_template
    assert 130e6 < header.n_params < 140e6
    assert header.license == "apache-2.0"
    assert (header.n_layers, header.n_embd, header.n_head, header.n_head_kv) == (30, 576, 9, 3)
    assert header.key_length == header.value_length == 64
    assert header.alignment == 32 and header.data_offset % 32 == 0
    assert header.file_size == model_path.stat().st_size
    last = header.tensors[-1]
    assert header.data_offset + last.offset + last.nbytes == header.file_size
    assert len(header.tensors) == 272
    assert header.metadata["tokenizer.ggml.tokens"] == ArraySummary(8, 49152)
    assert header.metadata["general.languages"] == ["en"]
    assert elapsed < 2.0, f"reading the header took {elapsed:.2f}s"


@pytest.mark.model
def test_matches_the_gguf_package(model_path):
    """Our reader agrees with the reference reader (gguf-py) on every key and tensor."""
    gguf = pytest.importorskip("gguf")
    reference = gguf.GGUFReader(model_path)
    header = read_gguf_header(model_path)

    assert [t.name for t in reference.tensors] == [t.name for t in header.tensors]
    for ours, theirs in zip(header.tensors, reference.tensors, strict=True):
        assert ours.shape == tuple(int(d) for d in theirs.shape)
        assert ours.ggml_type == int(theirs.tensor_type)
        assert ours.nbytes == int(theirs.n_bytes)
        assert header.data_offset + ours.offset == int(theirs.data_offset)
    keys = [k for k in reference.fields if not k.startswith("GGUF.")]
    assert keys == list(header.metadata)
    assert (
        header.metadata["tokenizer.chat_template"]
        == reference.fields["tokenizer.chat_template"].contents()
    )


def test_type_table_matches_the_gguf_package():
    gguf = pytest.importorskip("gguf")
    for ggml_type in gguf.GGMLQuantizationType:
        if ggml_type == gguf.GGMLQuantizationType.Q8_1:
            continue  # gguf-py still has the old 40-byte block; ggml's is 36 (half d, s)
        block, type_size = gguf.GGML_QUANT_SIZES[ggml_type]
        assert GGML_TYPES[int(ggml_type)] == (ggml_type.name, block, type_size)
    for file_type in gguf.LlamaFileType:
        if file_type.name != "GUESSED":
            assert FILE_TYPE_NAMES[int(file_type)] == file_type.name.split("_", 1)[1]


@pytest.mark.model
def test_partial_download_header_still_readable(model_path, tmp_path):
    """A download that has its header but not all its tensors: readable, not loadable."""
    partial = tmp_path / "partial.gguf"
    shutil.copyfile(model_path, partial)
    os.truncate(partial, int(model_path.stat().st_size * 0.9))

    assert read_gguf_header(partial).architecture == "llama"
    assert error_of(partial) == (
        "partial.gguf: file is 88.5 MB but its tensors need 98.4 MB: the download is incomplete"
    )


# -- files that are not (whole) GGUF models ----------------------------------------------


def test_missing_file(tmp_path):
    assert error_of(tmp_path / "nothing.gguf").startswith("nothing.gguf: file not found")


def test_folder(tmp_path):
    folder = tmp_path / "folder.gguf"
    folder.mkdir()
    assert error_of(folder) == "folder.gguf: not a regular file (it is a folder)"


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.gguf"
    empty.touch()
    assert error_of(empty).startswith("empty.gguf: the file is empty (0 bytes)")


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (random.Random(7).randbytes(4096), "unrecognised binary data"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "an HTML page"),
        (struct.pack("<Q", 60) + b'{"w": {"dtype": "F32"}}', "a safetensors file"),
        (b"PK\x03\x04" + bytes(60), "a ZIP file"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\n", "a Git LFS pointer"),
        (b"\x00\x01GGUF", "unrecognised binary data"),
        (b"hello", "a text file"),
    ],
)
def test_not_gguf(tmp_path, content, looks_like):
    if content[:4] == b"GGUF":  # a 1-in-4-billion random draw
        content = b"XXXX" + content[4:]
    path = tmp_path / "model.gguf"
    path.write_bytes(content)
    message = error_of(path)
    assert message.startswith("model.gguf: not a GGUF model file (it looks like ")
    assert looks_like in message


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        (1, "GGUF version 1 is too old"),
        (4, "unsupported GGUF version 4 (this app reads versions 2 and 3)"),
        (0x03000000, "stored big-endian"),
    ],
)
def test_wrong_version(tmp_path, version, problem):
    path = write_gguf(tmp_path / "v.gguf", version=version)
    assert problem in error_of(path)


def test_version_2_is_read(tmp_path):
    assert check_gguf(write_gguf(tmp_path / "v2.gguf", version=2)).version == 2


@pytest.mark.model
def test_header_cut_short(model_path, tmp_path):
    for n_bytes in (2, 6, 20, 4096, 100_000, 1_000_000):
        cut = copy_head(model_path, tmp_path / f"cut{n_bytes}.gguf", n_bytes)
        message = error_of(cut)
        assert message.startswith(f"cut{n_bytes}.gguf: the file ends inside its header")
        assert "the download is incomplete" in message


@pytest.mark.model
def test_huge_counts(model_path, tmp_path):
    head = bytearray(copy_head(model_path, tmp_path / "h.gguf", 4096).read_bytes())
    head[8:16] = struct.pack("<Q", 1 << 60)
    (tmp_path / "tensors.gguf").write_bytes(head)
    assert error_of(tmp_path / "tensors.gguf") == (
        "tensors.gguf: the header claims 1,152,921,504,606,846,976 tensors "
        "(at most 16,777,216 make sense): the file is damaged"
    )
    head[8:16] = struct.pack("<Q", 272)
    head[16:24] = struct.pack("<Q", (1 << 64) - 1)
    (tmp_path / "kv.gguf").write_bytes(head)
    assert "metadata entries" in error_of(tmp_path / "kv.gguf")


def test_huge_string_length(tmp_path):
    path = write_gguf(tmp_path / "s.gguf")
    raw = bytearray(path.read_bytes())
    raw[24:32] = struct.pack("<Q", 1 << 40)  # the first key's length
    path.write_bytes(raw)
    assert "claims to be 1,099,511,627,776 bytes long" in error_of(path)


def test_huge_array_length(tmp_path):
    path = write_gguf(tmp_path / "a.gguf", metadata={"tokenizer.ggml.tokens": ["a", "b"]})
    raw = bytearray(path.read_bytes())
    at = raw.index(b"tokenizer.ggml.tokens") + len("tokenizer.ggml.tokens") + 8
    raw[at : at + 8] = struct.pack("<Q", 1 << 50)
    path.write_bytes(raw)
    assert "items in 'tokenizer.ggml.tokens'" in error_of(path)


def test_unknown_value_type_and_garbled_key(tmp_path):
    path = write_gguf(tmp_path / "k.gguf", metadata={"odd\x07key": 5})
    raw = bytearray(path.read_bytes())
    at = raw.index(b"odd\x07key") + len("odd\x07key")
    raw[at : at + 4] = struct.pack("<I", 99)
    path.write_bytes(raw)
    assert error_of(path) == (
        "k.gguf: metadata 'odd?key' has unknown value type 99: the file is damaged"
    )


def test_unknown_tensor_type(tmp_path):
    path = write_gguf(tmp_path / "t.gguf", tensors=[("w", (32, 2), 0), ("x", (32, 2), 99)])
    header = read_gguf_header(path)  # readable: only loading needs the type
    assert header.tensors[1].type_name == "type 99"
    assert error_of(path) == (
        "t.gguf: tensor 'x' uses unknown data type 99: "
        "the file is damaged or needs a newer llama.cpp"
    )


def test_misplaced_tensor_data(tmp_path):
    path = write_gguf(tmp_path / "m.gguf", tensors=[("w", (32, 2), 0)])
    raw = bytearray(path.read_bytes())
    at = raw.index(b"\x01\x00\x00\x00\x00\x00\x00\x00w") + 9 + 4 + 16 + 4  # w's offset
    raw[at : at + 8] = struct.pack("<Q", 64)
    path.write_bytes(raw)
    assert "tensor 'w' starts at data offset 64, expected 0" in error_of(path)


def test_row_not_multiple_of_block(tmp_path):
    path = write_gguf(tmp_path / "b.gguf", tensors=[("w", (33, 2), 2)], data=False)
    assert "rows of 33 values, not a multiple of Q4_0's block of 32" in error_of(path)


def test_no_tensors(tmp_path):
    path = write_gguf(tmp_path / "vocab.gguf", tensors=[])
    assert "no tensors" in error_of(path)


def test_gguf_error_is_a_model_load_error(tmp_path):
    with pytest.raises(ModelLoadError):
        check_gguf(tmp_path / "absent.gguf")


def test_multi_gigabyte_file_reads_only_the_header(tmp_path):
    """A sparse 8 GB file: checking it must not read the tensor data."""
    path = write_gguf(tmp_path / "big.gguf", tensors=[("w", (65536, 32768), 0)], data=False)
    os.truncate(path, path.stat().st_size + 65536 * 32768 * 4)
    started = time.perf_counter()
    header = check_gguf(path)
    assert time.perf_counter() - started < 1.0
    assert header.n_params == 65536 * 32768


# -- random damage never escapes as anything but GGUFError ------------------------------


@pytest.fixture(scope="module")
def damaged_copy(model_path, tmp_path_factory):
    """One full copy of the model whose first 4 KiB each example overwrites."""
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.gguf"
    shutil.copyfile(model_path, path)
    return path, model_path.read_bytes()[:4096]


@pytest.mark.model
@settings(
    max_examples=300,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.tuples(st.integers(0, 4095), st.integers(0, 255)),
        min_size=1,
        max_size=16,
    )
)
def test_random_header_damage(damaged_copy, mutations):
    path, original = damaged_copy
    head = bytearray(original)
    for index, byte in mutations:
        head[index] = byte
    with path.open("r+b") as stream:
        stream.write(head)
    try:
        check_gguf(path)
    except GGUFError as exc:
        assert str(exc).startswith("fuzz.gguf: ")
