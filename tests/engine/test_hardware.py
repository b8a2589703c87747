"""Machine facts and the defaults derived from them, on this real machine."""

from __future__ import annotations

import os

import pytest

from app.engine.gguf import check_gguf
from app.engine.hardware import (
    default_context,
    default_gpu_layers,
    kv_cache_bytes_per_token,
    llama_capabilities,
    memory,
    parse_system_info,
    physical_cores,
)


@pytest.fixture(scope="module")
def header(model_path):
    return check_gguf(model_path)


def test_physical_cores():
    cores = physical_cores()
    assert 1 <= cores <= (os.cpu_count() or 1)


def test_memory():
    total, available = memory()
    assert total > 256 * 2**20
    assert 0 < available <= total


def test_llama_capabilities():
    caps = llama_capabilities()
    assert "error" not in caps, caps.get("error")
    assert caps["version"] == "0.3.36"
    assert isinstance(caps["gpu_offload"], bool)
    assert caps["mmap"] is True
    assert "CPU" in caps["backends"]
    assert caps["system_info"].startswith("CPU : ")
    # x86 builds report SSE3 at least; ARM builds report NEON
    assert {"SSE3", "NEON"} & set(caps["cpu_features"]) or caps["cpu_features"] == []
    assert not {"OPENMP", "LLAMAFILE", "REPACK"} & set(caps["cpu_features"])


def test_parse_system_info_with_two_backends():
    text = "CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 0 | CUDA : ARCHS = 890 | USE_GRAPHS = 1 | "
    assert parse_system_info(text) == {
        "CPU": {"SSE3": "1", "AVX2": "1", "AVX512": "0"},
        "CUDA": {"ARCHS": "890", "USE_GRAPHS": "1"},
    }
    assert parse_system_info("") == {}


@pytest.mark.model
def test_kv_cache_bytes_per_token(header):
    # SmolLM2-135M: 30 layers, 576 wide, 9 heads of which 3 KV heads, f16 K and V
    assert kv_cache_bytes_per_token(header) == 2 * 30 * 576 * 3 // 9 * 2 == 23040


@pytest.mark.model
def test_default_context_is_training_context_when_ram_allows(header):
    assert default_context(header, available_bytes=64 * 2**30) == 8192
    assert default_context(header) <= 8192  # this machine's real free RAM


@pytest.mark.model
def test_default_context_capped_by_ram(header):
    per_token = kv_cache_bytes_per_token(header)
    available = 2 * (header.file_size + 1000 * per_token)  # half of it: model + 1000 tokens
    assert default_context(header, available_bytes=available) == 768  # 1000 down to 256s
    assert default_context(header, available_bytes=header.file_size) == 512  # the floor


@pytest.mark.model
def test_default_context_is_a_multiple_of_256(header):
    for gib in (0.25, 0.3, 0.5, 1, 3):
        context = default_context(header, available_bytes=int(gib * 2**30))
        assert context % 256 == 0 and 512 <= context <= 8192


def test_default_gpu_layers():
    assert default_gpu_layers(True) == -1
    assert default_gpu_layers(False) == 0
    assert default_gpu_layers(llama_capabilities()["gpu_offload"]) in (-1, 0)


def test_capabilities_from_a_child_process_match_and_keep_llama_out():
    """The app's process asks a child: same facts, and llama_cpp never loads here."""
    import subprocess
    import sys

    code = (
        "import sys, json\n"
        "from app.engine.hardware import llama_capabilities_isolated as caps\n"
        "first = caps(); second = caps()\n"
        "print(json.dumps([first['version'], first['gpu_offload'], first is second,"
        " 'llama_cpp' in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    import json

    version, offload, cached, loaded = json.loads(out.strip().splitlines()[-1])
    here = llama_capabilities()
    assert (version, offload) == (here["version"], here["gpu_offload"])
    assert cached is True and loaded is False
