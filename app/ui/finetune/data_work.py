"""The blocking half of the Data tab: reading a source, counting tokens, estimating.

Plain functions and a small cache, no Qt: they run on the page's worker thread
(app.ui.tasks.TaskRunner) because reading a folder of .docx files, loading a
tokenizer (~0.4 s) or counting thousands of examples would freeze the window.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.finetune import datasets
from app.finetune.datasets import DatasetPreview, Examples

CONVERSATIONS, JSONL, WRITING, GRADING = "conversations", "jsonl", "writing", "grading"


@dataclass(frozen=True)
class DataChoice:
    """What the user picked on the Data tab, enough to read it again on a worker."""

    kind: str  # CONVERSATIONS | JSONL | WRITING | GRADING
    ids: tuple[int, ...] = ()  # conversation ids, or grading run ids
    path: str = ""  # the JSONL file or the writing folder
    label: str = ""  # how the run's folder describes its data

    def problem(self) -> str | None:
        """Why this choice cannot be read yet, in one line for the user; None if it can."""
        if self.kind in (CONVERSATIONS, GRADING) and not self.ids:
            return "Tick at least one " + (
                "conversation." if self.kind == CONVERSATIONS else "grading run."
            )
        if self.kind in (JSONL, WRITING) and not self.path.strip():
            return "Choose a " + ("JSONL file." if self.kind == JSONL else "folder.")
        return None


def read_examples(choice: DataChoice, store, database: str | Path) -> Examples:
    """The examples of one source (raises ValueError / OSError with a plain message)."""
    if choice.kind == CONVERSATIONS:
        return datasets.from_conversations(store, choice.ids)
    if choice.kind == GRADING:
        return datasets.from_grading(database, reviewed_only=True, run_ids=choice.ids)
    path = Path(choice.path).expanduser()
    if choice.kind == WRITING:
        if not path.is_dir():
            raise ValueError(f"{path}: no such folder")
        return datasets.from_writing_folder(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    return datasets.from_jsonl(path)


class TokenCounters:
    """One GGUF tokenizer per base model, kept, and each example counted only once.

    The preview is built again whenever the maximum length or the base model
    changes; the counts themselves depend only on the model, so they are cached.
    Used from one worker thread at a time (the lock makes sure).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._counters: dict[str, object] = {}
        self._counts: dict[tuple, int] = {}

    def counter(self, gguf_path: str):
        from app.finetune.tokens import GGUFTokenCounter

        with self._lock:
            if gguf_path not in self._counters:
                self._counters[gguf_path] = GGUFTokenCounter(gguf_path)
            tokenizer = self._counters[gguf_path]

        def count(messages: Sequence[dict]) -> int:
            key = (gguf_path, tuple((m["role"], m["content"]) for m in messages))
            with self._lock:
                if key not in self._counts:
                    self._counts[key] = tokenizer(messages)
                return self._counts[key]

        return count

    def close(self) -> None:
        with self._lock:
            for tokenizer in self._counters.values():
                tokenizer.close()
            self._counters.clear()
            self._counts.clear()


def build_preview(
    examples: Examples, counters: TokenCounters, gguf_path: str, max_length: int
) -> DatasetPreview:
    return datasets.prepare(
        examples, count_tokens=counters.counter(gguf_path), max_length=max_length
    )
