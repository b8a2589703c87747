"""One reader for every user document, with limits: text files, .docx and .pdf.

Write, Grade (submissions, task and model-answer files, materials sources),
rubric files and the fine-tuning datasets all read users' files here, so one
file decodes the same way in every mode (`text.decode_text` documents the
order) and a hostile file (a zip bomb, a PDF of a million pages, a .docx nested
thousands of levels deep) ends in one `DocumentError` line naming the file and
the limit, within a time budget (`limits.Limits`), instead of a crash or a
frozen window. The package is Qt-free and sits below `app.core.writing` and
`app.core.grading`.

- `open_document` / `save_document` / `new_document`: the editor's documents
  (encoding, BOM and line endings kept; .docx edited in place).
- `extract` / `read_text`: the plain text of a .txt, .md, .docx or .pdf.
- `decode_text`: bytes of a text file to (text, encoding, bom).
"""

from app.core.documents.docx_file import LINE_BREAK, open_docx, paragraph_text, read_docx
from app.core.documents.errors import DocumentError, LimitExceeded, UnencodableText
from app.core.documents.files import (
    Document,
    kind_for,
    new_document,
    open_document,
    save_document,
)
from app.core.documents.limits import DEFAULT_LIMITS, SUBMISSION_LIMITS, Limits
from app.core.documents.pdf_file import read_pdf
from app.core.documents.reader import (
    DOCX_SUFFIX,
    READABLE_SUFFIXES,
    TEXT_SUFFIXES,
    Extracted,
    extract,
    read_text,
)
from app.core.documents.text import decode_text, encode_text, normalize_newlines

__all__ = [
    "DEFAULT_LIMITS",
    "DOCX_SUFFIX",
    "LINE_BREAK",
    "READABLE_SUFFIXES",
    "SUBMISSION_LIMITS",
    "TEXT_SUFFIXES",
    "Document",
    "DocumentError",
    "Extracted",
    "LimitExceeded",
    "Limits",
    "UnencodableText",
    "decode_text",
    "encode_text",
    "extract",
    "kind_for",
    "new_document",
    "normalize_newlines",
    "open_docx",
    "open_document",
    "paragraph_text",
    "read_docx",
    "read_pdf",
    "read_text",
    "save_document",
]
