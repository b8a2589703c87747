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


# Layer contracts in the spirit of import-linter (napari): each layer imports only
# downward. Lazy imports inside functions count too: they run all the same.
FORBIDDEN = {
    "app.engine": ("app.",),  # anything of the app but itself and app.paths
    "app.core": ("app.hub", "app.finetune", "app.ui", "app.cli", "app.bench", "app.diagnostics",
                 "app.services"),
    "app.hub": ("app.finetune", "app.ui", "app.cli", "app.bench", "app.services"),
    "app.finetune": ("app.hub", "app.ui", "app.cli", "app.bench", "app.services"),
}  # fmt: skip
ALLOWED = {"app.engine": ("app.engine", "app.paths")}


def imports_of(path: Path) -> set[str]:
    import ast

    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p.rstrip(".") or name.startswith(p.rstrip(".") + ".") for p in prefixes)


def test_layers_import_only_downward():
    root = Path(app.__file__).parent
    offenders = []
    for layer, forbidden in FORBIDDEN.items():
        folder = root / layer.split(".")[1]
        for path in folder.rglob("*.py"):
            for name in imports_of(path):
                if not name.startswith("app.") or _within(name, ALLOWED.get(layer, ())):
                    continue
                if _within(name, forbidden) or forbidden == ("app.",):
                    offenders.append(f"{path.relative_to(root)} imports {name}")
    assert sorted(offenders) == []


def test_only_ui_imports_pyside6():
    root = Path(app.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "ui" not in path.relative_to(root).parts[:1]
        and any(name.split(".")[0] == "PySide6" for name in imports_of(path))
    ]
    assert offenders == []
