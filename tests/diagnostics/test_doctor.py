"""`quillmate doctor`: real facts about this machine, and a report that never fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app import __version__
from app.diagnostics.doctor import doctor_report, format_report
from app.paths import app_paths


def test_report_rows(_fresh_home):
    paths = app_paths()
    rows = dict(doctor_report(paths))

    assert rows["Quillmate"] == __version__
    assert rows["Python"].startswith(sys.version.split()[0])
    assert rows["llama-cpp-python"] == "0.3.36"
    assert rows["GPU offload"] in ("yes", "no")
    assert "CPU" in rows["Backends"]
    assert int(rows["Physical cores"]) >= 1
    assert rows["RAM"].endswith("GiB available")
    for name, path in paths.all().items():
        assert rows[name.capitalize()] == f"{path} (not created yet)"
    assert rows["Starter model"].endswith("(98 MB, Q4_1)")
    assert rows["Qt"].startswith("6.")


def test_folders_that_exist(_fresh_home):
    paths = app_paths().ensure()
    rows = dict(doctor_report(paths))
    assert rows["Models"] == f"{paths.models} (exists)"
    assert rows["Database"] == f"{paths.database} (not created yet)"


def test_format_report_aligns_columns():
    text = format_report([("A", "1"), ("Longer label", "two\nlines"), ("Empty", "")])
    assert text.splitlines() == [
        "A             1",
        "Longer label  two",
        "              lines",
        "Empty         ",
    ]
    assert format_report([]) == ""


def test_engine_imports_neither_qt_nor_llama():
    """app.engine stays Qt-free, and llama.cpp loads only when capabilities are asked for."""
    code = (
        "import sys, app.diagnostics.doctor, app.engine.gguf, app.engine.hardware\n"
        "print(sorted(m for m in ('PySide6', 'llama_cpp') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "[]"


def test_kernels_row_tells_the_verdict(_fresh_home, tmp_path, monkeypatch):
    from app.diagnostics import doctor
    from app.engine import kernels

    monkeypatch.setenv(kernels.KERNELS_FILE_ENV, str(tmp_path / "kernels.json"))
    assert doctor.kernels_state().startswith("not checked yet")
    kernels.remember("default", "a prompt batch of 27 tokens ran correctly")
    assert doctor.kernels_state().startswith("OK: the default (fastest) kernels work here")
    kernels.remember("safe", "the worker died of SIGILL with the default kernels")
    state = doctor.kernels_state()
    assert state.startswith("safe mode: the worker died of SIGILL")
    assert "-mno-amx-tile" in state and "--no-cache-dir llama-cpp-python==0.3.36" in state
    assert dict(doctor.doctor_report(app_paths()))["Kernels"] == state


def test_a_gpu_without_offload_gets_the_rebuild_command(monkeypatch):
    """No GPU is lent here: the presence check is replaced, the advice is real."""
    from app.diagnostics import doctor

    monkeypatch.setattr(doctor, "gpu_present", lambda: "cuda")
    [(label, advice)] = doctor._offload_advice(gpu_offload=False)
    assert label == "GPU" and "NVIDIA" in advice
    assert 'CMAKE_ARGS="-DGGML_CUDA=on" pip install --force-reinstall --no-cache-dir' in advice
    assert doctor._offload_advice(gpu_offload=True) == []
    monkeypatch.setattr(doctor, "gpu_present", lambda: "metal")
    assert '"-DGGML_METAL=on"' in doctor._offload_advice(gpu_offload=False)[0][1]
    monkeypatch.setattr(doctor, "gpu_present", lambda: None)
    assert doctor._offload_advice(gpu_offload=False) == []
