"""The desktop entry and AppStream metainfo pass their real validators."""

from __future__ import annotations

import shutil
import subprocess
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
