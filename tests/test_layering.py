"""The Qt-free layers stay Qt-free: the CLI and workers must run without a GUI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

QT_FREE = ("app.core", "app.engine", "app.hub", "app.finetune", "app.services", "app.cli")


def qt_free_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(app.__path__, "app."):
        if info.name.startswith(QT_FREE):
            names.append(info.name)
    return names


def test_qt_free_layers_import_without_pyside6():
    modules = qt_free_modules()
    assert "app.engine.client" in modules and "app.core.store" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_pyside6_import_statements_outside_ui():
    root = Path(app.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for package in ("core", "engine", "hub", "finetune")
        for path in (root / package).rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import PySide6", "from PySide6"))
    ]
    assert offenders == []


def test_the_app_process_never_imports_the_training_stack():
    """torch, transformers and peft load only in the training worker process."""
    modules = [m for m in qt_free_modules() if m not in ("app.finetune.train",)]
    modules += ["app.ui.main_window", "app.ui.app"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in ('torch', 'transformers', 'peft', 'accelerate') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
