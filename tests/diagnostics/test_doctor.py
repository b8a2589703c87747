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
