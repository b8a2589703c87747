"""Check a .docx's zip container before python-docx unpacks it: the zip-bomb guard.

A .docx is a zip of XML parts. Highly repetitive XML compresses a thousand to
one, so a 100 KB file can claim a gigabyte of `word/document.xml`; python-docx
reads every part into memory, and lxml then builds a tree from it. So before
python-docx sees the file, every part is checked twice:

- the sizes the zip declares (its central directory), against the caps, and
- the bytes that really come out, by decompressing each part in small chunks
  and stopping as soon as the running total passes the cap, because the
  declared sizes are written by whoever made the file and can lie.

Only the counts are kept, never the data, so the check needs a few hundred
kilobytes whatever the file claims. A part whose real content differs from
what it declared fails its checksum (Python's zipfile also stops at the
declared size) and is reported as a damaged file; the streamed count keeps
the cap honest even if a zip reader ever trusted the data over the header.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from app.core.documents.errors import DocumentError, LimitExceeded
from app.core.documents.limits import Budget, megabytes

CHUNK = 256 * 1024
_XML_SUFFIXES = (".xml", ".rels")


def check_docx_package(data: bytes, budget: Budget) -> None:
    """Raise LimitExceeded (or DocumentError for a damaged zip) unless `data` is safe to open."""
    name, limits = budget.name, budget.limits
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError(f"{name}: not a valid .docx file ({type(exc).__name__})") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.zip_entries:
            raise LimitExceeded(
                f"{name}: holds {len(entries):,} parts, more than the "
                f"{limits.zip_entries:,} a .docx may have"
            )
        declared_xml = sum(e.file_size for e in entries if _is_xml(e))
        declared_all = sum(e.file_size for e in entries)
        _check_totals(name, declared_xml, declared_all, budget)
        unpacked_xml = unpacked_all = 0
        for entry in entries:
            if entry.is_dir():
                continue
            xml = _is_xml(entry)
            for length in _chunk_lengths(archive, entry, name):
                unpacked_all += length
                unpacked_xml += length if xml else 0
                _check_totals(name, unpacked_xml, unpacked_all, budget)
                budget.check()


def _is_xml(entry: zipfile.ZipInfo) -> bool:
    return entry.filename.lower().endswith(_XML_SUFFIXES)


def _check_totals(name: str, xml: int, everything: int, budget: Budget) -> None:
    limits = budget.limits
    if xml > limits.xml_bytes:
        raise LimitExceeded(
            f"{name}: its text (XML) unpacks to more than {megabytes(limits.xml_bytes)}, "
            "the limit for a .docx; it may be a zip bomb"
        )
    if everything > limits.unpacked_bytes:
        raise LimitExceeded(
            f"{name}: unpacks to more than {megabytes(limits.unpacked_bytes)}, "
            "the limit for a .docx; it may be a zip bomb"
        )


def _chunk_lengths(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str):
    """The length of each decompressed chunk of one part, read and dropped in turn."""
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                yield len(chunk)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise DocumentError(
            f"{name}: not a valid .docx file ({type(exc).__name__} in {entry.filename})"
        ) from None
    except RuntimeError as exc:  # an encrypted zip entry
        raise DocumentError(f"{name}: not a valid .docx file ({exc})") from None
