"""Turning names that come from the hub into file and folder names that are safe on disk.

A repo's file list and its id are whatever the server says. A name such as
`..\\..\\Startup\\evil.gguf`, `C:evil.gguf`, `CON.gguf` or `model.gguf. ` is harmless
on Linux but on Windows walks out of the models folder, opens a device, writes an
alternate data stream, or names a file that Windows silently renames (trailing dots
and spaces are dropped), so the library would record a path that does not exist. Every
name is therefore cleaned the same way on every platform: a model downloaded on Linux
and copied to Windows keeps working, and the tests on Linux prove the Windows rules.

The rules, in order: keep only the last path component (either slash separates);
replace the characters Windows forbids (`<>:"/\\|?*`, control characters) with `_`;
strip trailing dots and spaces, and leading spaces; prefix a reserved device name
(CON, PRN, AUX, NUL, COM1–9, LPT1–9, CONIN$, CONOUT$, with any extension) with `_`.
A name that is empty, `.` or `..` after that, or too long for a file system, is refused.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from app.hub.errors import UnsafeFileName

# Windows forbids these in names; ':' also opens an NTFS alternate data stream.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{n}" for n in "123456789¹²³"}
    | {f"LPT{n}" for n in "123456789¹²³"}
)
# 255 bytes is the limit of ext4, APFS and NTFS (in UTF-16 units there); the margin
# leaves room for the `.part` suffix and the quarantine's time-stamp prefix.
MAX_NAME_BYTES = 200


def safe_file_name(name: str) -> str:
    """The local file name for a hub file name (`sub/dir/Model-Q4_K_M.gguf` → `Model-Q4_K_M.gguf`).

    Raises UnsafeFileName when nothing usable is left.
    """
    last = re.split(r"[/\\]", name)[-1]
    cleaned = _clean(last)
    if cleaned in ("", ".", ".."):
        raise UnsafeFileName(f"the hub named a file {name!r}: that is not a usable file name")
    if len(cleaned.encode("utf-8")) > MAX_NAME_BYTES:
        raise UnsafeFileName(
            f"the hub named a file {name[:40]!r}… ({len(name)} characters): too long for a file name"
        )
    return cleaned


def safe_folder_parts(repo: str) -> list[str]:
    """The folder names for a repo id (`org/name` → [`org`, `name`]), each made safe.

    Parts that clean to nothing (`..`, `.`, empty) are dropped, so a repo id can never
    climb out of the models folder.
    """
    parts = []
    for part in re.split(r"[/\\]", repo):
        cleaned = _clean(part)
        if cleaned not in ("", ".", ".."):
            parts.append(cleaned[:MAX_NAME_BYTES])
    return parts


def local_path(folder: str | Path, name: str) -> Path:
    """Where the hub file `name` lands in `folder` (never outside it)."""
    return Path(folder) / safe_file_name(name)


def part_path(folder: str | Path, name: str) -> Path:
    """The `.part` file a download of `name` writes into before it is complete."""
    final = local_path(folder, name)
    return final.with_name(final.name + ".part")


def check_unique(chosen: list[str], others: list[str] = ()) -> None:
    """Refuse hub files whose local names would overwrite each other (or another file's).

    Two names that differ only by folder (`a/M.gguf`, `b\\M.gguf`), by case (Windows and
    macOS ignore it) or by a character the cleaning replaces would land on one file, and
    the second download would replace the first model's file under its library entry.
    `others` are the repo's other files, which could be downloaded into the same folder.
    """
    seen: dict[str, str] = {}
    for name in [*chosen, *others]:
        key = safe_file_name(name).casefold()
        if key in seen and seen[key] != name:
            raise UnsafeFileName(
                f"the hub files {seen[key]!r} and {name!r} would be saved under the same name"
            )
        seen.setdefault(key, name)


def _clean(part: str) -> str:
    text = unicodedata.normalize("NFC", part)
    text = _FORBIDDEN.sub("_", text)
    text = text.lstrip(" ").rstrip(" .")
    stem = text.split(".", 1)[0].rstrip(" ").upper()
    if stem in _RESERVED:
        text = "_" + text
    return text
