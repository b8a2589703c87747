"""The desktop entry and AppStream metainfo pass their real validators."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

DESKTOP = Path(__file__).parents[1] / "resources" / "desktop"
ENTRY = DESKTOP / "io.github.quillmate.Quillmate.desktop"
METAINFO = DESKTOP / "io.github.quillmate.Quillmate.metainfo.xml"
ICON = Path(__file__).parents[1] / "resources" / "icons" / "io.github.quillmate.Quillmate.svg"


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: apt-get install {package} (.ci/run installs it)")
    return found


def test_desktop_entry_is_valid():
    result = subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(ENTRY)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_is_valid_and_names_the_entry():
    result = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("launchable") == ENTRY.name
    assert root.findtext("id") == ENTRY.stem


def test_the_icon_is_an_svg_the_entry_names():
    assert ET.parse(ICON).getroot().tag.endswith("svg")
    assert f"Icon={ICON.stem}" in ENTRY.read_text(encoding="utf-8")


# The installers (packaging/): recipes that parse and name what the app needs at run
# time. Building a bundle is CI's job (.ci/run), not a test's.
PACKAGING = Path(__file__).parents[1] / "packaging"
SPEC = PACKAGING / "quillmate.spec"


def test_the_spec_compiles_and_names_the_shipped_data():
    source = SPEC.read_text(encoding="utf-8")
    compile(source, str(SPEC), "exec")
    for needed in ('"catalog.toml"', '"prompts"', '"rubrics"', '"icons"', '"translations"'):
        assert needed in source, needed
    assert 'collect_dynamic_libs("llama_cpp")' in source and '"llama_cpp/lib"' in source
    assert '"jinja2.sandbox"' in source
    assert "quillmate_entry.py" in source and "BUNDLE(" in source


def test_the_spec_leaves_out_the_finetune_extra_and_unused_qt():
    source = SPEC.read_text(encoding="utf-8")
    excludes = source[source.index("excludes = [") :]
    for name in ("torch", "transformers", "peft", "tensorboard", "PySide6.QtWebEngineCore",
                 "PySide6.Qt3DCore", "PySide6.QtQuick", "PySide6.QtQml"):  # fmt: skip
        assert f'"{name}"' in excludes, name
    # What app/ imports from Qt must not be excluded.
    imported = set()
    for path in (Path(__file__).parents[1] / "app").rglob("*.py"):
        imported.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported and all(f'"PySide6.{module}"' not in excludes for module in imported)


def test_the_spec_data_lands_where_the_frozen_app_looks(monkeypatch, tmp_path):
    import sys

    from app import paths

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    source = SPEC.read_text(encoding="utf-8")
    assert 'SHARE = "share/quillmate"' in source
    assert paths.shipped("prompts") == tmp_path / "share" / "quillmate" / "prompts"
    assert paths.shipped("catalog.toml") == tmp_path / "share" / "quillmate" / "catalog.toml"


def test_the_entry_point_freezes_multiprocessing_and_runs_helpers(tmp_path):
    entry = PACKAGING / "quillmate_entry.py"
    source = entry.read_text(encoding="utf-8")
    guard = source.index('if __name__ == "__main__":')
    body = source[guard:]
    assert "multiprocessing.freeze_support()" in body
    assert body.index("freeze_support()") < body.index("from app.cli import main")
    # `<frozen quillmate> -c CODE ARG` runs CODE as `python -c` would (sys.executable -c).
    out = subprocess.run(
        [sys.executable, str(entry), "-c", "import sys; print(sys.argv)", "x"],
        capture_output=True, text=True, timeout=60, check=True, cwd=tmp_path,
    )  # fmt: skip
    assert out.stdout.strip() == "['-c', 'x']"


@pytest.mark.parametrize("script", ["linux/build.sh", "macos/build.sh"])
def test_the_build_scripts_parse(script):
    path = PACKAGING / script
    subprocess.run(["bash", "-n", str(path)], check=True)
    assert path.stat().st_mode & 0o111, "not executable"


def test_the_macos_build_uses_metal_and_windows_cuda():
    assert 'CMAKE_ARGS="-DGGML_METAL=on"' in (PACKAGING / "macos" / "build.sh").read_text()
    ps1 = (PACKAGING / "windows" / "build.ps1").read_text()
    assert '"-DGGML_CUDA=on"' in ps1 and "quillmate.iss" in ps1
    iss = (PACKAGING / "windows" / "quillmate.iss").read_text()
    for section in ("[Setup]", "[Files]", "[Icons]"):
        assert section in iss
    assert "quillmate.exe" in iss


def test_the_linux_build_installs_the_validated_desktop_files():
    script = (PACKAGING / "linux" / "build.sh").read_text(encoding="utf-8")
    assert 'DESKTOP="$ROOT/resources/desktop"' in script
    assert 'APP_ID="io.github.quillmate.Quillmate"' in script
    assert ENTRY.name == "io.github.quillmate.Quillmate.desktop"  # the ones validated above
    assert METAINFO.name == "io.github.quillmate.Quillmate.metainfo.xml"
    assert '"$DESKTOP/$APP_ID.desktop"' in script and '"$DESKTOP/$APP_ID.metainfo.xml"' in script


def test_ci_builds_and_self_tests_the_bundle():
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    build = ci.index("packaging/linux/build.sh")
    assert ci.index("quillmate-wheel-venv/bin/quillmate --self-test") < build
    assert '"$bundle" --self-test' in ci[build:] and "du -sh packaging/dist/quillmate" in ci
    ignored = (Path(__file__).parents[1] / ".gitignore").read_text(encoding="utf-8")
    assert "packaging/dist/" in ignored and "packaging/build/" in ignored


def test_the_starter_model_can_be_named_for_a_bundle(monkeypatch, tmp_path):
    from app.hub import starter

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setenv(starter.STARTER_ENV, str(model))
    assert starter.starter_model_path() == model
    monkeypatch.setenv(starter.STARTER_ENV, str(tmp_path / "missing.gguf"))
    assert starter.starter_model_path() is None
