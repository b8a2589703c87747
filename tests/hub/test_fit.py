"""Fits / tight / too big, from size + KV cache against free RAM and VRAM."""

from __future__ import annotations

from app.engine.gguf import check_gguf
from app.hub.catalog import find_catalog_model
from app.hub.fit import (
    COMPUTE_OVERHEAD,
    FITS,
    TIGHT,
    TOO_BIG,
    Machine,
    estimate_bytes,
    fit_for_catalog,
    fit_for_header,
    fit_for_size,
    fit_verdict,
    this_machine,
)

GB = 1 << 30


def test_estimate_adds_weights_kv_cache_and_overhead():
    assert estimate_bytes(1000, 10, 4096) == 1000 + 40960 + COMPUTE_OVERHEAD


def test_ram_only_verdicts_follow_the_half_of_free_ram_budget():
    ram = Machine(ram_free=16 * GB)
    assert fit_verdict(4 * GB, 0, 0, ram).level == FITS  # ≤ 8 GB
    assert fit_verdict(10 * GB, 0, 0, ram).level == TIGHT  # ≤ 14.4 GB
    assert fit_verdict(15 * GB, 0, 0, ram).level == TOO_BIG
    verdict = fit_verdict(15 * GB, 0, 0, ram)
    assert "only 16.0 GB of RAM is free" in verdict.reason and verdict.where == "ram"


def test_the_context_size_changes_the_verdict():
    ram = Machine(ram_free=8 * GB)
    phi = find_catalog_model("phi-3.5-mini-instruct")  # 384 KB of KV cache per token
    q4 = phi.quant("Q4_K_M")
    assert fit_for_catalog(phi, q4, 2048, ram).level == FITS
    assert fit_for_catalog(phi, q4, 32768, ram).level == TOO_BIG
    # Capped by the model's own context: asking for more than it was trained on changes nothing.
    smol = find_catalog_model("smollm2-135m-instruct")
    assert fit_for_catalog(smol, smol.quant(), 10**6, ram).context == 8192


def test_vram_is_used_when_llama_cpp_can_offload():
    gpu = Machine(ram_free=8 * GB, vram_free=12 * GB, gpu_offload=True)
    assert (
        fit_verdict(8 * GB, 0, 0, gpu).level == FITS
        and fit_verdict(8 * GB, 0, 0, gpu).where == "gpu"
    )
    assert fit_verdict(15 * GB, 0, 0, gpu).level == TIGHT  # split between GPU and RAM
    assert fit_verdict(30 * GB, 0, 0, gpu).level == TOO_BIG
    # No offload: the GPU's memory does not count.
    cpu = Machine(ram_free=8 * GB, vram_free=12 * GB, gpu_offload=False)
    assert fit_verdict(8 * GB, 0, 0, cpu).level == TOO_BIG


def test_installed_and_hub_files(model_path):
    ram = Machine(ram_free=4 * GB)
    header = check_gguf(model_path)
    assert fit_for_header(header, 512, ram).level == FITS
    assert fit_for_size(header.file_size, machine=ram).level == FITS
    assert fit_for_size(50 * GB, machine=ram).level == TOO_BIG


def test_this_machine_reads_free_memory():
    machine = this_machine(gpu_offload=False)
    assert machine.ram_free > 0 and machine.vram_free is None and not machine.gpu_offload
