"""The text of a .pdf, within the page, stream, text and time limits.

PDF content streams are compressed, and a small file can hold a stream that
inflates to gigabytes, or a hundred thousand blank pages. pypdf (from 6.4, the
floor in pyproject.toml, which fixes its known decompression-bomb bugs) caps
every decompression itself; where pypdf has its `Configuration` (7.0 and later)
that cap is lowered to our `pdf_stream_bytes` for the duration of one read, so
no stream (fonts and images included) inflates past it. On every version each
page's content streams are decoded and measured before their text is
extracted, so an oversized stream ends in one clear line instead of a stall.
"""

from __future__ import annotations

import contextlib
import io
import logging

from app.core.documents.errors import DocumentError, LimitExceeded
from app.core.documents.limits import DEFAULT_LIMITS, Budget, Limits, megabytes

log = logging.getLogger(__name__)


def read_pdf(data: bytes, name: str = "the document", limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of every page, pages separated by a blank line; DocumentError if unreadable."""
    return "\n\n".join(read_pdf_pages(data, name, limits))


def read_pdf_pages(
    data: bytes, name: str = "the document", limits: Limits = DEFAULT_LIMITS
) -> list[str]:
    """The text of each page in order (Sources cite pages); DocumentError if unreadable."""
    try:
        import pypdf
        from pypdf.errors import LimitReachedError, PyPdfError
    except ImportError:  # pragma: no cover - a dependency of the project
        raise DocumentError("reading .pdf needs pypdf (pip install pypdf)") from None
    budget = Budget(name, limits)
    try:
        with _pypdf_limits(pypdf, limits):
            return _read(pypdf.PdfReader(io.BytesIO(data)), budget)
    except DocumentError:
        raise
    except LimitReachedError as exc:
        if "decompress" in str(exc).lower():
            raise _stream_too_large(budget) from None
        # pypdf's other safety caps (page tree, objects, tokens): one line that says so.
        reason = " ".join(str(exc).split())[:160]
        raise LimitExceeded(
            f"{name}: past one of the PDF reader's safety limits ({reason})"
        ) from None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        reason = " ".join(str(exc).split())[:160]  # pypdf's messages can span lines
        raise DocumentError(
            f"{name}: not a readable PDF ({type(exc).__name__}: {reason})"
        ) from None


def _pypdf_limits(pypdf, limits: Limits):
    """pypdf's decompression caps lowered to ours, for this thread only (pypdf >= 7)."""
    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:
        return contextlib.nullcontext()
    cap = limits.pdf_stream_bytes
    current = pypdf.get_configuration()
    names = (
        "zlib_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "brotli_maximum_output_length",
        "jbig2_maximum_output_length",
        "array_based_stream_maximum_output_length",
    )
    lowered = {n: min(getattr(current, n), cap) for n in names if hasattr(current, n)}
    return apply(**lowered)


def _read(reader, budget: Budget) -> list[str]:
    name, limits = budget.name, budget.limits
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as exc:  # pypdf raises several kinds for a wrong password
            raise DocumentError(f"{name}: the PDF is password-protected") from exc
    count = len(reader.pages)
    if count > limits.pdf_pages:
        raise LimitExceeded(
            f"{name}: has {count:,} pages, more than the {limits.pdf_pages:,} "
            "a document may have here"
        )
    pages, total = [], 0
    for page in reader.pages:
        budget.check()
        _check_content_streams(page, budget)
        text = (page.extract_text() or "").strip("\n")
        total += len(text) + 2
        budget.check_text(total)
        pages.append(text)
    return pages


def _check_content_streams(page, budget: Budget) -> None:
    """Decode the page's content streams (pypdf keeps them) and measure them."""
    contents = page.get("/Contents")
    if contents is None:
        return
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for stream in streams:
        stream = stream.get_object()
        if not hasattr(stream, "get_data"):
            continue
        total += len(stream.get_data())
        if total > budget.limits.pdf_stream_bytes:
            raise _stream_too_large(budget)


def _stream_too_large(budget: Budget) -> LimitExceeded:
    return LimitExceeded(
        f"{budget.name}: a page's content unpacks to more than "
        f"{megabytes(budget.limits.pdf_stream_bytes)}, the limit for a PDF stream"
    )
