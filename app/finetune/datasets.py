"""Training examples from what the user already has, and their preview before training.

Four sources, each turned into the same chat-format `Example` (system / user /
assistant turns; the trainer computes the loss on assistant turns only):

- conversations in the store: the thread each one shows, where a reply the user
  edited stands for the answer they preferred;
- a JSONL file in the common chat format (`{"messages": [...]}`), or
  `{"prompt": ..., "completion": ...}`;
- a folder of the user's own texts, cut at paragraph boundaries into "continue
  this text" examples, so an adapter learns their style;
- grades the teacher reviewed, as the exact prompt the grader sends followed by
  the grade the teacher settled on, so the grader learns the teacher's standard.

`prepare` then counts tokens with the model's own tokenizer and chat template,
drops what cannot teach anything (no answer, exact duplicates), splits off a
seeded validation set, and says in plain sentences what looks wrong, so the user
sees it before spending an hour of CPU on it.

`load_examples` reads the CLI's `--data` spec (see SPEC_HELP).
"""

from __future__ import annotations

import json
import logging
import os
import random
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.documents import DocumentError, decode_text
from app.core.grading import prompts as grading_prompts
from app.core.grading.results import GRADED, NEEDS_REVIEW
from app.core.grading.store import GradingStore, GradingStoreError
from app.core.store import Message, Store, StoreError
from app.engine.types import EngineError
from app.finetune.example import Example, Examples
from app.finetune.writing_data import from_writing_folder

__all__ = [
    "DatasetPreview",
    "Example",
    "Examples",
    "from_conversations",
    "from_grading",
    "from_jsonl",
    "from_writing_folder",
    "load_examples",
    "prepare",
    "write_jsonl",
]

log = logging.getLogger(__name__)

ROLES = ("system", "user", "assistant")
MIN_EXAMPLES = 10  # below this an adapter memorises rather than generalises
# Replies that never finished are not answers anyone chose.
SKIPPED_STATUSES = ("error", "interrupted", "streaming")
SHOWN_SOURCES = 3  # a warning names this many examples, then "and N more"
SPEC_HELP = (
    "--data takes a .jsonl file, a folder of your own texts (.txt, .md, .docx), "
    "conversations:ID,ID,... (or conversations:all), or grading:RUN,RUN,... "
    "(or grading:all: the grades you reviewed)"
)


@dataclass
class DatasetPreview:
    train: list[Example]
    validation: list[Example]
    token_counts: list[int]  # full length per example, in the order train + validation
    total_tokens: int  # what training sees: each example capped at max_length
    warnings: list[str] = field(default_factory=list)  # plain sentences for the user
    dropped: list[str] = field(default_factory=list)  # "source: why", one per example left out


# ----------------------------------------------------------------- conversations
def from_conversations(store: Store, conversation_ids: Iterable[int]) -> Examples:
    """One example per conversation: its system prompt and the thread it shows.

    An assistant reply the user edited is their preferred answer: it replaces the
    reply on show when the two are siblings (see `is_edited`). Replies that failed
    or were cut off by a crash are left out, and turns left without an answer are
    merged or dropped so that the roles still alternate.
    """
    examples = Examples()
    for conversation_id in conversation_ids:
        conversation = store.get_conversation(conversation_id)
        source = f"conversation {conversation.id} '{conversation.title}'"
        thread = [_preferred(store, message) for message in store.thread(conversation.id)]
        system = conversation.system_prompt.strip()
        if not system:  # an imported chat may carry its system prompt as a message
            system = next((m.content.strip() for m in thread if m.role == "system"), "")
        turns = [
            {"role": m.role, "content": m.content}
            for m in thread
            if m.role != "system" and m.status not in SKIPPED_STATUSES and m.content.strip()
        ]
        turns = _alternating(turns)
        if not turns:
            examples.skipped.append(f"{source}: no finished reply to learn from")
            continue
        head = [{"role": "system", "content": system}] if system else []
        examples.append(Example(tuple(head + turns), source))
    return examples


def is_edited(message: Message) -> bool:
    """True for an assistant reply the user rewrote by hand.

    The convention: the edit is saved as a sibling of the model's reply (nothing is
    lost, as with regenerate) with `meta["edited_from"]` = the replaced reply's id,
    or, for an edit made in place, `meta["edited"]` = true.
    """
    return message.role == "assistant" and (
        bool(message.meta.get("edited")) or message.meta.get("edited_from") is not None
    )


def _preferred(store: Store, message: Message) -> Message:
    """The newest edited sibling of an assistant reply, or the reply itself."""
    if message.role != "assistant" or is_edited(message):
        return message
    edits = [
        sibling
        for sibling in store.siblings(message.id)
        if is_edited(sibling) and sibling.status not in SKIPPED_STATUSES and sibling.content.strip()
    ]
    return edits[-1] if edits else message


def _alternating(turns: list[dict[str, str]]) -> list[dict[str, str]]:
    """Merge neighbours with the same role; drop user turns nobody answered at the end.

    Two user turns in a row happen when the reply between them failed; the model
    saw both, so they are joined, which also keeps strict templates (roles must
    alternate) working.
    """
    merged: list[dict[str, str]] = []
    for turn in turns:
        if merged and merged[-1]["role"] == turn["role"]:
            merged[-1] = {**merged[-1], "content": merged[-1]["content"] + "\n\n" + turn["content"]}
        else:
            merged.append(dict(turn))
    while merged and merged[-1]["role"] != "assistant":
        merged.pop()
    return merged


# ------------------------------------------------------------------------ JSONL
def from_jsonl(path: str | Path) -> Examples:
    """Read a JSONL file: one `{"messages": [...]}` or `{"prompt", "completion"}` a line.

    Any encoding `app.core.documents` reads (UTF-8 with or without a BOM, UTF-16 ...)
    is accepted. A bad line raises ValueError naming the file and the line; blank
    lines are skipped.
    """
    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text, _encoding, _bom = decode_text(data, path.name)
    except DocumentError as exc:
        raise ValueError(str(exc)) from None
    examples = Examples()
    # Not splitlines(): JSON text may hold a raw U+2028 inside a string.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        where = f"{path.name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        examples.append(Example(_record_messages(record, where), where))
    return examples


def _record_messages(record: Any, where: str) -> tuple[dict[str, str], ...]:
    if isinstance(record, dict) and "messages" in record:
        messages = _message_list(record["messages"], where, "messages")
    elif isinstance(record, dict) and "prompt" in record and "completion" in record:
        prompt = _turns(record["prompt"], "user", where, "prompt")
        completion = _turns(record["completion"], "assistant", where, "completion")
        messages = prompt + completion
    else:
        raise ValueError(
            f'{where}: expected {{"messages": [...]}} or {{"prompt": ..., "completion": ...}}'
        )
    if not any(m["role"] == "assistant" for m in messages):
        raise ValueError(f"{where}: no assistant message to learn from")
    return tuple(messages)


def _turns(value: Any, role: str, where: str, key: str) -> list[dict[str, str]]:
    if isinstance(value, str):
        return [{"role": role, "content": value}]
    return _message_list(value, where, key)


def _message_list(value: Any, where: str, key: str) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        raise ValueError(f'{where}: "{key}" must be a non-empty list of messages')
    messages = []
    for index, item in enumerate(value, start=1):
        here = f"{where}, {key} {index}"
        if not isinstance(item, dict):
            raise ValueError(f'{here}: expected {{"role": ..., "content": ...}}')
        role = item.get("role")
        if role not in ROLES:
            raise ValueError(f"{here}: role {role!r} is not one of {', '.join(ROLES)}")
        messages.append({"role": role, "content": _content_text(item.get("content"), here)})
    return messages


def _content_text(content: Any, where: str) -> str:
    """A string, or OpenAI's list of text parts joined."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(
        isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
        for p in content
    ):
        return "".join(p["text"] for p in content)
    raise ValueError(f"{where}: content must be text")


def write_jsonl(examples: Iterable[Example], path: str | Path) -> None:
    """Write `{"messages": [...]}` lines (UTF-8), the trainer's input; from_jsonl reads it back.

    Written to a temporary file and renamed, so a killed process never leaves half
    a dataset for the trainer.
    """
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for example in examples:
                messages = [{"role": m["role"], "content": m["content"]} for m in example.messages]
                out.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------- grading
def from_grading(
    db_path_or_store: str | Path | GradingStore | Store,
    *,
    reviewed_only: bool = True,
    run_ids: Iterable[int] | None = None,
) -> Examples:
    """Grades as (the grader's own prompt) -> (the grade the teacher settled on).

    A result counts as reviewed when the teacher marked it reviewed, changed a
    level or points, or rewrote the feedback. The answer is the grade JSON the
    grader asks for (quotes, reason, level per criterion, in the rubric's order)
    with the teacher's levels; where the teacher changed a level, the reason is
    their note or else the level's descriptor, never the model's reason for the
    level it had picked. When the run asked for feedback, the feedback turn
    follows with the teacher's text. `run_ids` None means every run.
    """
    store, own = _grading_store(db_path_or_store)
    try:
        runs = store.list_runs() if run_ids is None else [store.get_run(i) for i in run_ids]
        examples = Examples()
        for run in sorted(runs, key=lambda r: r.id):
            for result in store.get_results(run.id):
                source = f"grading run {run.id}, {Path(result.source).name or result.student}"
                if result.status not in (GRADED, NEEDS_REVIEW):
                    continue  # pending, unreadable or empty: nothing was graded
                if reviewed_only and not _reviewed(result):
                    continue
                missing = [c.id for c in run.rubric.criteria if _level(result, c.id) is None]
                if missing:
                    examples.skipped.append(f"{source}: no level for {', '.join(missing)}")
                    continue
                examples.append(Example(_grading_turns(run, result), source))
        return examples
    finally:
        if own:
            store.close()


def _grading_store(value) -> tuple[GradingStore, bool]:
    if isinstance(value, GradingStore):
        return value, False
    path = value.path if isinstance(value, Store) else Path(value).expanduser()
    return GradingStore(path), True


def _reviewed(result) -> bool:
    return (
        result.reviewed
        or result.feedback_override is not None
        or any(c.by_teacher for c in result.criteria.values())
    )


def _level(result, criterion_id: str) -> str | None:
    criterion = result.criteria.get(criterion_id)
    return criterion.effective_level if criterion is not None else None


def _grading_turns(run, result) -> tuple[dict[str, str], ...]:
    options = run.options
    grade = {}
    for criterion in run.rubric.criteria:
        found = result.criteria[criterion.id]
        level = found.effective_level
        if found.override_note.strip():
            reason = found.override_note.strip()
        elif level != found.level or not found.reason.strip():
            chosen = criterion.level(level)
            reason = chosen.descriptor if chosen and chosen.descriptor else f"fits “{level}”"
        else:
            reason = found.reason.strip()
        quotes = [q["text"] for q in found.quotes if q.get("span")] or [
            q["text"] for q in found.quotes
        ]
        grade[criterion.id] = {
            "quotes": [q[: options.quote_chars] for q in quotes[: options.max_quotes]],
            "reason": reason[: options.reason_chars],
            "level": level,
        }
    reply = json.dumps(grade, ensure_ascii=False)
    messages = grading_prompts.grading_messages(run.assignment, result.text)
    feedback = result.effective_feedback.strip()
    if options.feedback and feedback:
        messages = grading_prompts.feedback_messages(
            messages, reply, options.feedback_tone, options.feedback_language
        )
        messages.append({"role": "assistant", "content": feedback})
    else:
        messages.append({"role": "assistant", "content": reply})
    return tuple(messages)


# ------------------------------------------------------------------ --data spec
def load_examples(spec: str | Path, *, store: Store | GradingStore | None = None) -> Examples:
    """Examples for `quillmate finetune --data SPEC` (SPEC_HELP says what SPEC can be).

    `conversations:` and `grading:` read the app database (or `store`'s file); only
    reviewed grades are used. Errors are ValueError with one line for the user.
    """
    text = str(spec)
    kind, _, rest = text.partition(":")
    if not isinstance(spec, Path) and kind in ("conversations", "grading"):
        ids = _ids(rest, kind)
        try:
            if kind == "grading":
                return from_grading(store if store is not None else _database(), run_ids=ids)
            return _from_conversation_spec(store, ids)
        except (StoreError, GradingStoreError) as exc:
            raise ValueError(str(exc)) from None
    path = Path(text).expanduser()
    if path.is_dir():
        return from_writing_folder(path)
    if not path.exists():
        raise ValueError(f"{text}: no such file or folder ({SPEC_HELP})")
    if path.suffix.lower() != ".jsonl":
        raise ValueError(f"{text}: not a .jsonl file ({SPEC_HELP})")
    return from_jsonl(path)


def _ids(text: str, kind: str) -> list[int] | None:
    if text.strip().lower() == "all":
        return None
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        ids = []
    if not ids:
        raise ValueError(f"{kind}:{text}: expected numbers such as {kind}:1,2,3 or {kind}:all")
    return ids


def _database() -> Path:
    from app.paths import app_paths

    return app_paths().database


def _from_conversation_spec(store, ids: list[int] | None) -> Examples:
    own = store is None or isinstance(store, GradingStore)
    chats = Store(store.path if isinstance(store, GradingStore) else _database()) if own else store
    try:
        if ids is None:
            ids = [c.id for c in reversed(chats.list_conversations())]  # oldest first
        return from_conversations(chats, ids)
    finally:
        if own:
            chats.close()


# --------------------------------------------------------------------- preview
def prepare(
    examples: Iterable[Example],
    *,
    count_tokens: Callable[[Sequence[dict]], int],
    max_length: int,
    validation_fraction: float = 0.1,
    seed: int = 0,
    truncate: bool = True,
) -> DatasetPreview:
    """Count, check and split examples; nothing here needs the model's weights.

    Dropped: examples with no non-empty answer, exact duplicates (same roles and
    text once runs of whitespace are made one space), examples the chat template
    cannot render, and with `truncate=False` those over `max_length` tokens. The
    split is seeded, keeps at least one training example, and never puts two
    examples with the same prompt on both sides, so the validation loss measures
    answers to prompts the adapter has not seen.
    """
    if max_length < 1:
        raise ValueError("max_length must be at least 1 token")
    if not 0 <= validation_fraction < 1:
        raise ValueError("validation_fraction must be at least 0 and below 1")
    dropped = list(getattr(examples, "skipped", ()))
    warnings: list[str] = []
    if dropped:
        warnings.append(f"{_are(len(dropped), 'item')} left out; the dropped list says why.")
    unique, duplicates = _unique(examples, dropped)
    kept, counts = [], []
    for example in unique:
        try:
            counts.append(int(count_tokens([dict(m) for m in example.messages])))
        except (EngineError, ValueError, TypeError) as exc:
            dropped.append(f"{example.source}: the chat template cannot render it ({exc})")
            continue
        kept.append(example)
    too_long = [i for i, n in enumerate(counts) if n > max_length]
    if too_long:
        what = f"{_are(len(too_long), 'example')} longer than the context of {max_length} tokens"
        names = _sources([kept[i] for i in too_long])
        if truncate:
            warnings.append(f"{what} and will be cut to that length: {names}.")
        else:
            warnings.append(f"{what} and were dropped: {names}.")
            dropped += [
                f"{kept[i].source}: {counts[i]} tokens, over {max_length}" for i in too_long
            ]
            kept = [e for i, e in enumerate(kept) if counts[i] <= max_length]
            counts = [n for n in counts if n <= max_length]
    if duplicates:
        warnings.append(
            f"{_count(duplicates, 'duplicate example')} (the same text apart from spacing) "
            f"{'was' if duplicates == 1 else 'were'} dropped."
        )
    empty = [e for e in kept if any(_is_empty_answer(m) for m in e.messages)]
    if empty:
        warnings.append(
            f"{_count(len(empty), 'example')} {'has' if len(empty) == 1 else 'have'} an empty "
            f"assistant reply, which teaches the model to answer with nothing: {_sources(empty)}."
        )
    if not kept:
        warnings.insert(0, "There are no examples to train on.")
    elif len(kept) < MIN_EXAMPLES:
        warnings.insert(
            0,
            f"Only {_count(len(kept), 'example')}: too few examples, so the adapter will "
            f"mostly memorise them instead of learning; aim for {MIN_EXAMPLES * 5} or more.",
        )
    validation_ids = _split(kept, validation_fraction, seed)
    if kept and validation_fraction > 0 and not validation_ids:
        why = (
            f"with {_count(len(kept), 'example')} there are too few for a validation set"
            if int(len(kept) * validation_fraction) < 1 or len(kept) < 2
            else "the examples share their prompts, so none can be held out for validation"
        )
        warnings.append(
            f"{why[0].upper()}{why[1:]}: all are used for training, so training cannot "
            "report a validation loss."
        )
    train = [i for i in range(len(kept)) if i not in validation_ids]
    validation = sorted(validation_ids)
    order = train + validation
    return DatasetPreview(
        train=[kept[i] for i in train],
        validation=[kept[i] for i in validation],
        token_counts=[counts[i] for i in order],
        total_tokens=sum(min(counts[i], max_length) if truncate else counts[i] for i in order),
        warnings=warnings,
        dropped=dropped,
    )


def _normalised(messages: Iterable[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((m["role"], " ".join(m["content"].split())) for m in messages)


def _is_empty_answer(message: dict[str, str]) -> bool:
    return message["role"] == "assistant" and not message["content"].strip()


def _unique(examples: Iterable[Example], dropped: list[str]) -> tuple[list[Example], int]:
    """Examples with an answer, first of each duplicate kept; the count of duplicates."""
    seen: dict[tuple, str] = {}
    unique: list[Example] = []
    duplicates = 0
    for example in examples:
        if all(_is_empty_answer(m) for m in example.messages if m["role"] == "assistant"):
            dropped.append(f"{example.source}: no answer to learn from")
            continue
        key = _normalised(example.messages)
        if key in seen:
            dropped.append(f"{example.source}: the same as {seen[key]}")
            duplicates += 1
            continue
        seen[key] = example.source
        unique.append(example)
    return unique, duplicates


def _split(examples: list[Example], fraction: float, seed: int) -> set[int]:
    """Indices for validation: whole groups of examples that share their prompt."""
    want = min(int(len(examples) * fraction), len(examples) - 1)
    if want <= 0:
        return set()
    groups: dict[tuple, list[int]] = {}
    for index, example in enumerate(examples):
        last_answer = max(i for i, m in enumerate(example.messages) if m["role"] == "assistant")
        groups.setdefault(_normalised(example.messages[:last_answer]), []).append(index)
    order = list(groups.values())
    random.Random(seed).shuffle(order)
    chosen: set[int] = set()
    for group in order:
        if len(chosen) + len(group) <= want:
            chosen.update(group)
        if len(chosen) == want:
            break
    return chosen


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _are(n: int, noun: str) -> str:
    return f"{_count(n, noun)} {'is' if n == 1 else 'are'}"


def _sources(examples: Sequence[Example]) -> str:
    names = ", ".join(e.source for e in examples[:SHOWN_SOURCES])
    more = len(examples) - SHOWN_SOURCES
    return f"{names} and {more} more" if more > 0 else names
