"""Training examples from a folder of the user's own texts: their style, continued.

Split from `datasets` (which re-exports `from_writing_folder`): cutting texts into
"continue this text" pairs is its own problem (paragraphs, .docx lines, sentences
of long paragraphs) and none of the other sources need it.
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.documents import DocumentError, open_document
from app.finetune.example import CONTINUE_INSTRUCTION, WRITING_SUFFIXES, Example, Examples


def from_writing_folder(path: str | Path, *, max_words: int = 400) -> Examples:
    """Continuation examples from a folder of the user's texts (.txt, .md, .docx).

    Each example is at most about `max_words` words: the user turn is
    CONTINUE_INSTRUCTION and the paragraphs before a cut, the assistant turn the
    next paragraph(s), up to a third of `max_words`. Every paragraph is an answer
    once. A paragraph longer than that third is cut between sentences. Subfolders
    are read too; hidden files and Word's "~$" lock files are not.
    """
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    if max_words < 3:
        raise ValueError("max_words must be at least 3")
    target_words = max_words // 3
    examples = Examples()
    for file in _writing_files(folder):
        name = file.relative_to(folder).as_posix()
        try:
            document = open_document(file)
        except DocumentError as exc:
            examples.skipped.append(f"{name}: {exc}")
            continue
        units = _units(document.text, document.kind == "docx", target_words)
        made = 0
        for context, answer in _continuations(units, max_words, target_words):
            first, last = context[0][1], answer[-1][1]
            span = f"¶{first}" if first == last else f"¶{first}-{last}"
            user = f"{CONTINUE_INSTRUCTION}\n\n{_join(context)}"
            messages = (
                {"role": "user", "content": user},
                {"role": "assistant", "content": _join(answer)},
            )
            examples.append(Example(messages, f"{name} {span}"))
            made += 1
        if not made:
            examples.skipped.append(f"{name}: too short to continue (it needs two paragraphs)")
    return examples


def _writing_files(folder: Path) -> list[Path]:
    files = []
    for file in folder.rglob("*"):
        parts = file.relative_to(folder).parts
        if any(part.startswith((".", "~$")) for part in parts):
            continue
        if file.suffix.lower() in WRITING_SUFFIXES and file.is_file():
            files.append(file)
    return sorted(files)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")

Unit = tuple[str, int]  # a paragraph, or part of one, and its 1-based paragraph number


def _units(text: str, one_per_line: bool, most_words: int) -> list[Unit]:
    """Paragraphs (blank-line separated, or one a line when the text has no blank
    lines or is a .docx), long ones cut between sentences into pieces of at most
    `most_words` words where the sentences allow."""
    text = text.replace("\r\n", "\n")
    if one_per_line or not _BLANK_LINE.search(text):
        parts = text.split("\n")
    else:
        parts = _BLANK_LINE.split(text)
    # A .docx line break inside a paragraph arrives as U+2028 (see docx_text).
    paragraphs = [p.strip().replace("\u2028", "\n") for p in parts if p.strip()]
    units: list[Unit] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        units += [(piece, number) for piece in _pieces(paragraph, most_words)]
    return units


def _pieces(paragraph: str, most_words: int) -> list[str]:
    if len(paragraph.split()) <= most_words:
        return [paragraph]
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in _SENTENCE_END.split(paragraph):
        words = sentence.split()
        if current and count + len(words) > most_words:
            pieces.append(" ".join(current))
            current, count = [], 0
        current += words
        count += len(words)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _continuations(units: list[Unit], max_words: int, target_words: int):
    """(context, answer) pairs: answers follow each other, contexts precede them."""
    words = [len(text.split()) for text, _ in units]
    start = 1
    while start < len(units):
        end, answer = start, 0
        while end < len(units) and (end == start or answer + words[end] <= target_words):
            answer += words[end]
            end += 1
        begin, context = start, 0
        while begin > 0 and (begin == start or context + words[begin - 1] + answer <= max_words):
            context += words[begin - 1]
            begin -= 1
        yield units[begin:start], units[start:end]
        start = end


def _join(units: list[Unit]) -> str:
    """Pieces of one paragraph joined by a space, paragraphs by a blank line."""
    text = units[0][0]
    for (piece, number), (_, before) in zip(units[1:], units, strict=False):
        text += (" " if number == before else "\n\n") + piece
    return text
