"""The one decoder for text files, the same in every mode.

Students and writers hand in files from every editor on every system, so the
encoding is found from evidence, always in this order:

1. a byte-order mark: UTF-32 (LE/BE), UTF-8, UTF-16 (LE/BE); the rest of the
   file must then be valid in that encoding;
2. strict UTF-8 (unless the bytes hold control characters real text never has);
3. UTF-16 without a mark, recognised by a zero in every other byte;
4. a file with such control characters that is none of the above is binary:
   a clear error instead of garbage;
5. Windows-1252, reported as ISO-8859-1 when no byte falls in 0x80–0x9F (the two
   give the same text then, and saving back writes the same bytes);
6. ISO-8859-1 for the rest, which decodes every byte, so no text file ever ends
   in a UnicodeDecodeError.

Write, Grade and the fine-tuning datasets all call `decode_text`, so one file
reads the same everywhere. Encoding back (`encode_text`) uses the encoding and
mark found, so opening and saving never changes bytes the writer did not touch.
"""

from __future__ import annotations

import codecs
import re

from app.core.documents.errors import DocumentError, UnencodableText

# UTF-32 first: its little-endian mark starts with UTF-16's.
BOMS = {
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}
# Control characters that never occur in real text (tab, newlines, form feed and
# escape excepted); their presence means the bytes are not text in that encoding.
_BINARY_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0e\x0f" + bytes(range(0x10, 0x1B))
_BINARY_BYTES += bytes(range(0x1C, 0x20)) + b"\x7f"
_C1_BYTES = re.compile(b"[\x80-\x9f]")


def decode_text(data: bytes, name: str = "the file") -> tuple[str, str, bool]:
    """(text, encoding, bom) by the order in the module docstring; DocumentError if binary."""
    for encoding, bom in BOMS.items():
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding, True
            except UnicodeDecodeError:
                label = encoding.upper()
                raise DocumentError(
                    f"{name}: starts like {label} but is not valid {label}"
                ) from None
    binary = looks_binary(data)
    if not binary:
        try:
            return data.decode("utf-8"), "utf-8", False
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16[0], utf16[1], False
    if binary:
        raise DocumentError(
            f"{name}: not a text file (it holds binary data); Quillmate reads UTF-8, "
            "UTF-16, Latin-1 and Windows-1252 text"
        )
    if not _C1_BYTES.search(data):
        return data.decode("latin-1"), "latin-1", False
    try:
        return data.decode("cp1252"), "cp1252", False
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in Windows-1252
        return data.decode("latin-1"), "latin-1", False


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text saved as UTF-16 without a BOM: mostly ASCII, so every other byte is zero."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > half * 0.6:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if not looks_binary(text.encode("utf-8")):
                return text, encoding
    return None


def looks_binary(data: bytes) -> bool:
    """True when control bytes show up: real text has almost none."""
    sample = data[:65536]
    if not sample:
        return False
    stray = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return stray > 0 and (b"\x00" in sample or stray > len(sample) // 1000)


def normalize_newlines(text: str) -> tuple[str, str]:
    """The text with "\\n" line ends, and the line end the file used."""
    if "\r\n" in text:
        text, newline = text.replace("\r\n", "\n"), "\r\n"
    elif "\r" in text:
        return text.replace("\r", "\n"), "\r"
    else:
        return text, "\n"
    return text.replace("\r", "\n"), newline  # a stray lone "\r" in a CRLF file


def encode_text(text: str, encoding: str, newline: str = "\n", *, bom: bool = False) -> bytes:
    """Bytes for `text` in `encoding`; raises UnencodableText naming the first bad character."""
    if newline != "\n":
        text = text.replace("\n", newline)
    try:
        return (BOMS.get(encoding, b"") if bom else b"") + text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise UnencodableText(
            f"the text holds {bad!r}, which {encoding.upper()} cannot store: save it as UTF-8"
        ) from None
