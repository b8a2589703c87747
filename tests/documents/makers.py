"""Real hostile files for the reader's tests: built byte by byte, no mocks.

Each maker writes a file a real attacker (or a real broken editor) could hand
in: a .docx whose XML expands past the caps, one nested deeper than libxml2
allows, PDFs with too many pages or an oversized compressed stream.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx

MIB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def plain_docx(text: str = "A short essay.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _replace_part(source: bytes, part: str, write) -> bytes:
    """A copy of the zip `source` whose `part` is produced by `write(stream)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename == part:
                info = zipfile.ZipInfo(part, item.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(info, "w", force_zip64=True) as stream:
                    write(stream)
            else:
                zout.writestr(item, zin.read(item.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb_docx(path: Path, unpacked: int) -> Path:
    """A valid .docx whose document.xml is `unpacked` bytes of mostly blank space.

    Blank space between elements is valid XML that python-docx would parse
    happily, and deflate squeezes it about a thousand to one, so the file on
    disk is tiny. Written in chunks: the test never holds the expanded XML.
    """
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Bomb</w:t></w:r></w:p>'
    ).encode()
    tail = b"</w:body></w:document>"

    def write(stream) -> None:
        stream.write(head)
        chunk = b" " * MIB
        left = unpacked - len(head) - len(tail)
        while left > 0:
            stream.write(chunk[: min(left, MIB)])
            left -= MIB
        stream.write(tail)

    path.write_bytes(_replace_part(plain_docx(), "word/document.xml", write))
    return path


def lie_about_sizes(data: bytes, part: str, declared: int) -> bytes:
    """The zip with `part`'s uncompressed size in the central directory set to `declared`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        start = archive.start_dir
    out = bytearray(data)
    offset = start
    while out[offset : offset + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, offset + 28)
        name = bytes(out[offset + 46 : offset + 46 + name_len]).decode()
        if name == part:
            struct.pack_into("<I", out, offset + 24, declared)
        offset += 46 + name_len + extra_len + comment_len
    return bytes(out)


def nested_docx(path: Path, depth: int) -> Path:
    """A .docx whose one paragraph holds its run inside `depth` nested smart tags."""
    opening = '<w:smartTag w:uri="urn:x" w:element="e">' * depth
    closing = "</w:smartTag>" * depth
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p>{opening}'
        f"<w:r><w:t>deep text</w:t></w:r>{closing}</w:p></w:body></w:document>"
    ).encode()
    path.write_bytes(_replace_part(plain_docx(), "word/document.xml", lambda s: s.write(xml)))
    return path


def pdf_bytes(pages: list[bytes], *, compress: bool = False) -> bytes:
    """A PDF whose pages have the given content streams (Helvetica as /F1).

    With `compress`, each stream is FlateDecode'd, as real PDFs store them.
    """
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * i} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        body = zlib.compress(content, 9) if compress else content
        header = f"<< /Length {len(body)}{' /Filter /FlateDecode' if compress else ''} >>"
        objects.append(header.encode() + b"\nstream\n" + body + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def text_page(line: str) -> bytes:
    return f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")


def big_stream_page(unpacked: int) -> bytes:
    """A page's content: one line of text, then `unpacked` bytes of blank space."""
    return text_page("Visible line.") + b" " * unpacked
