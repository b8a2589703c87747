"""Writing actions: built-in ones from `resources/prompts/`, the user's own from files.

An action is a small TOML file — a title, what kind of output it gives, an
optional system prompt and a template with fields such as `{text}` — so people
can read and improve the built-in ones and add their own without code. A
user's file with the name of a built-in action replaces it. A broken user file
is skipped and reported, never fatal: one bad file must not hide the others.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.writing.templates import TemplateError, template_fields
from app.paths import app_paths, shipped

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)

# What an action's answer becomes:
#   edit     the text revised: shown as word-level changes to accept or reject
#   replace  the text replaced as a whole (a translation): one change per part
#   insert   new text at the cursor (continue writing)
#   answer   text for the assist panel (summary, key points, explanation)
#   analysis structured JSON (tone and sentiment, categories)
OUTPUTS = ("edit", "replace", "insert", "answer", "analysis")
# What happens to a text longer than the context: processed in parts, or trimmed.
LONG_TEXT = ("chunks", "trim")
TONES = ("formal", "friendly", "concise", "confident", "simple")
# The order the app lists the built-in actions in; other actions follow by name.
ORDER = (
    "proofread",
    "rewrite",
    "shorten",
    "expand",
    "summarize",
    "key-points",
    "continue",
    "translate",
    "explain",
    "tone",
    "classify",
)

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")
_CATEGORIES_MARK = "{categories}"


class ActionError(ValueError):
    """An action is unknown, badly written, or missing an option (tone, language…)."""


@dataclass(frozen=True)
class Action:
    name: str
    title: str
    output: str
    template: str
    description: str = ""
    system: str = ""
    combine: str = ""  # answer actions: joins the answers of several parts
    schema: dict[str, Any] | None = None  # analysis actions: the JSON answer's shape
    long_text: str = "chunks"
    temperature: float | None = None
    max_tokens: int | None = None  # answer size; edits are sized from the text
    answer_ratio: float = 1.3  # edits: room for the answer, relative to the text's tokens
    # edits: the answer has the text's paragraphs, so paragraphs past them are rambling
    keeps_paragraphs: bool = True
    defaults: dict[str, str] = field(default_factory=dict)  # e.g. {"tone": "formal"}
    source: str = "built-in"  # "built-in" | "user"
    path: Path | None = None

    @property
    def fields(self) -> list[str]:
        return template_fields(self.template)

    @property
    def is_edit(self) -> bool:
        """True when the answer changes the text (shown as changes to accept)."""
        return self.output in ("edit", "replace", "insert")

    def options_needed(self) -> list[str]:
        """The options the user must give (no default): tone, language, categories."""
        return [
            f
            for f in self.fields
            if f in ("tone", "language", "categories") and not self.defaults.get(f)
        ]

    def schema_for(self, categories: list[str]) -> dict[str, Any] | None:
        """The schema with "{categories}" replaced by the user's category names."""
        if self.schema is None:
            return None
        return _fill_categories(self.schema, categories)


def _fill_categories(node: Any, categories: list[str]) -> Any:
    if node == _CATEGORIES_MARK:
        return list(categories)
    if isinstance(node, dict):
        return {k: _fill_categories(v, categories) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill_categories(v, categories) for v in node]
    return node


# ------------------------------------------------------------------- reading
def parse_action(data: dict[str, Any], *, name: str, source: str, path: Path | None) -> Action:
    """Check one action file's content and build the Action; raises ActionError."""
    if not _NAME.match(name):
        raise ActionError(
            f"{name!r} is not a valid action name: use lower-case letters, digits, '-' or '_'"
        )
    template = data.get("template")
    if not isinstance(template, str) or not template.strip():
        raise ActionError(f"action {name!r} has no template")
    output = data.get("output", "edit")
    if output not in OUTPUTS:
        raise ActionError(f"action {name!r}: output must be one of {', '.join(OUTPUTS)}")
    long_text = data.get("long_text", "trim" if output == "analysis" else "chunks")
    if long_text not in LONG_TEXT:
        raise ActionError(f"action {name!r}: long_text must be 'chunks' or 'trim'")
    strings = {}
    for key in ("title", "description", "system", "combine"):
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ActionError(f"action {name!r}: {key} must be text")
        strings[key] = value
    try:
        fields = template_fields(template)
        for key in ("system", "combine"):
            template_fields(strings[key])
    except TemplateError as exc:
        raise ActionError(f"action {name!r}: {exc}") from exc
    if "text" not in fields and "document" not in fields:
        raise ActionError(f"action {name!r}: the template must use {{text}} or {{document}}")
    schema = _schema(data.get("schema"), name)
    if output == "analysis" and schema is None:
        raise ActionError(f"action {name!r}: an analysis action needs a schema")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or not all(isinstance(v, str) for v in defaults.values()):
        raise ActionError(f"action {name!r}: defaults must be a table of texts")
    return Action(
        name=name,
        title=strings["title"] or name.replace("-", " ").capitalize(),
        output=output,
        template=template,
        description=strings["description"],
        system=strings["system"],
        combine=strings["combine"],
        schema=schema,
        long_text=long_text,
        temperature=_number(data.get("temperature"), name, "temperature"),
        max_tokens=_integer(data.get("max_tokens"), name),
        answer_ratio=_ratio(data.get("answer_ratio", 1.3), name),
        keeps_paragraphs=_flag(data.get("keeps_paragraphs", True), name, "keeps_paragraphs"),
        defaults=dict(defaults),
        source=source,
        path=path,
    )


def _schema(value: Any, name: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ActionError(f"action {name!r}: the schema is not valid JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise ActionError(f"action {name!r}: the schema must be a JSON object")
    return value


def _number(value: Any, name: str, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 2:
        raise ActionError(f"action {name!r}: {key} must be a number from 0 to 2")
    return float(value)


def _flag(value: Any, name: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise ActionError(f"action {name!r}: {key} must be true or false")
    return value


def _ratio(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.1 <= value <= 8:
        raise ActionError(f"action {name!r}: answer_ratio must be a number from 0.1 to 8")
    return float(value)


def _integer(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 32768:
        raise ActionError(f"action {name!r}: max_tokens must be a whole number from 1 to 32768")
    return value


def read_action_file(path: Path, *, source: str) -> Action:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ActionError(f"{Path(path).name}: cannot be read ({exc})") from exc
    return parse_action(data, name=Path(path).stem, source=source, path=Path(path))


# ------------------------------------------------------------------- folders
def builtin_folder() -> Path:
    """Where the built-in action files are: resources/prompts, or their installed copy."""
    return shipped("prompts")


def user_folder() -> Path:
    return app_paths().config / "actions"


class ActionLibrary:
    """All actions: built-in ones, then the user's (which may replace a built-in one)."""

    def __init__(self, builtin: Path | None = None, user: Path | None = None):
        self.builtin_dir = builtin or builtin_folder()
        self.user_dir = user or user_folder()
        self.problems: list[str] = []  # one line per user file that was skipped
        self._actions: dict[str, Action] = {}
        self.reload()

    def reload(self) -> None:
        self.problems = []
        actions: dict[str, Action] = {}
        for path in sorted(self.builtin_dir.glob("*.toml")):
            actions[path.stem] = read_action_file(path, source="built-in")
        if not actions:
            log.warning("no built-in writing actions found in %s", self.builtin_dir)
        if self.user_dir.is_dir():
            for path in sorted(self.user_dir.glob("*.toml")):
                try:
                    actions[path.stem] = read_action_file(path, source="user")
                except ActionError as exc:
                    log.warning("skipped user action: %s", exc)
                    self.problems.append(str(exc))
        rank = {name: i for i, name in enumerate(ORDER)}
        ordered = sorted(actions, key=lambda n: (rank.get(n, len(ORDER)), n))
        self._actions = {name: actions[name] for name in ordered}

    def names(self) -> list[str]:
        return list(self._actions)

    def all(self) -> list[Action]:
        return list(self._actions.values())

    def get(self, name: str) -> Action:
        try:
            return self._actions[name]
        except KeyError:
            raise ActionError(
                f"no action named {name!r}; there are: {', '.join(self._actions)}"
            ) from None

    # --------------------------------------------------------- user actions
    def save_user_action(
        self,
        name: str,
        template: str,
        *,
        title: str = "",
        output: str = "edit",
        system: str = "",
        description: str = "",
        temperature: float | None = None,
    ) -> Action:
        """Check and write the user's action file (replacing one of that name)."""
        data: dict[str, Any] = {
            "title": title,
            "description": description,
            "output": output,
            "system": system,
            "template": template,
        }
        if temperature is not None:
            data["temperature"] = temperature
        if output == "analysis":
            raise ActionError("analysis actions need a schema: write their file by hand")
        path = self.user_dir / f"{name}.toml"
        action = parse_action(data, name=name, source="user", path=path)
        self.user_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".toml.tmp")
        tmp.write_text(to_toml(data), encoding="utf-8")
        os.replace(tmp, path)
        self.reload()
        return action

    def delete_user_action(self, name: str) -> None:
        path = self.user_dir / f"{name}.toml"
        if not _NAME.match(name) or not path.is_file():
            raise ActionError(f"there is no user action named {name!r}")
        path.unlink()
        self.reload()


def to_toml(data: dict[str, Any]) -> str:
    """Write a flat table of texts and numbers as TOML (readable multi-line templates)."""
    lines = []
    for key, value in data.items():
        if isinstance(value, bool):
            raise TypeError(key)
        if isinstance(value, (int, float)):
            lines.append(f"{key} = {value!r}")
        else:
            lines.append(f"{key} = {_toml_string(str(value))}")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    plain = all(ch in "\t\n" or (ord(ch) >= 0x20 and ord(ch) != 0x7F) for ch in text)
    if "\n" in text and plain and "'''" not in text and not text.endswith("'"):
        return "'''\n" + text + "'''"
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
