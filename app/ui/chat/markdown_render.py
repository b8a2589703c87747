"""Markdown → Qt rich-text HTML for one finished message.

Qt's rich text understands a subset of HTML 4 with inline CSS, so the output
keeps to it: code blocks become a one-cell table (the only reliable way to get a
padded, tinted box in a QTextDocument) holding a <pre> of Pygments spans with
inline colours (`noclasses=True`), which needs no stylesheet and follows the
theme by choosing the Pygments style. Raw HTML in the model's text is escaped
(`html=False`) and images become text: a reply is data, not markup, and it must
never make the app open a file or a URL.

Rendering is cached per (text, dark): reloading a conversation or switching
branches re-renders nothing it has already seen.
"""

from __future__ import annotations

import html
from functools import lru_cache

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound

LIGHT_STYLE = "default"
DARK_STYLE = "one-dark"


class _Palette:
    def __init__(self, dark: bool):
        style = get_style_by_name(DARK_STYLE if dark else LIGHT_STYLE)
        self.style = style
        self.code_bg = style.background_color or ("#282c34" if dark else "#f6f8fa")
        self.code_fg = "#abb2bf" if dark else "#24292f"
        self.inline_bg = "#3a3f4b" if dark else "#eef0f3"
        self.border = "#3e4451" if dark else "#d0d7de"
        self.muted = "#8b949e" if dark else "#6e7781"


@lru_cache(maxsize=2)
def _palette(dark: bool) -> _Palette:
    return _Palette(dark)


def _highlight_code(code: str, lang: str, dark: bool, index: int) -> str:
    palette = _palette(dark)
    name = (lang or "").strip().split()[0] if lang and lang.strip() else ""
    body = None
    if name:
        try:
            lexer = get_lexer_by_name(name, stripnl=False)
        except ClassNotFound:
            lexer = None
        if lexer is not None:
            formatter = HtmlFormatter(noclasses=True, nowrap=True, style=palette.style)
            body = highlight(code, lexer, formatter)
    if body is None:
        body = html.escape(code)
    body = body.rstrip("\n")
    # "copycode:N" is completed with the message id by the view ("copycode:12:N").
    copy = (
        f'<a href="copycode:{index}" style="color:{palette.muted}; text-decoration:none">'
        "Copy code</a>"
    )
    title = f"{html.escape(name)} · " if name else ""
    label = f'<p style="margin:0 0 4px 0; color:{palette.muted}; font-size:small">{title}{copy}</p>'
    return (
        f'<table width="100%" cellspacing="0" cellpadding="8" bgcolor="{palette.code_bg}"'
        f' style="border: 1px solid {palette.border}; margin-top:6px; margin-bottom:6px">'
        f'<tr><td style="color:{palette.code_fg}">{label}'
        f'<pre style="margin:0; white-space:pre-wrap; color:{palette.code_fg}">{body}</pre>'
        "</td></tr></table>"
    )


@lru_cache(maxsize=2)
def _markdown(dark: bool) -> MarkdownIt:
    # breaks=True: a single newline in a reply stays a line break (a haiku keeps its
    # three lines), as in every chat app, not CommonMark's soft break into one paragraph.
    md = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True}
    )
    md.enable(["table", "strikethrough"])
    palette = _palette(dark)

    def next_index(env) -> int:
        index = env.get("code_index", 0)
        env["code_index"] = index + 1
        return index

    def fence(renderer, tokens, idx, options, env):
        token = tokens[idx]
        return _highlight_code(token.content, token.info, dark, next_index(env))

    def code_block(renderer, tokens, idx, options, env):
        return _highlight_code(tokens[idx].content, "", dark, next_index(env))

    def code_inline(renderer, tokens, idx, options, env):
        return (
            f'<code style="background-color:{palette.inline_bg}">'
            f"{html.escape(tokens[idx].content)}</code>"
        )

    def image(renderer, tokens, idx, options, env):
        # A reply is data: an image in it would make Qt read a local file (or, with a
        # resource loader, fetch a URL) the user never asked for. Show it as text.
        token = tokens[idx]
        alt = html.escape(token.content or "image")
        src = html.escape(str(token.attrGet("src") or ""))
        return f'<span style="color:{palette.muted}">[{alt}: {src}]</span>'

    md.add_render_rule("image", image)
    md.add_render_rule("fence", fence)
    md.add_render_rule("code_block", code_block)
    md.add_render_rule("code_inline", code_inline)
    return md


@lru_cache(maxsize=4096)
def render_markdown(text: str, dark: bool = False) -> str:
    """Return Qt-compatible HTML for `text` (Markdown), code highlighted."""
    out = _markdown(dark).render(text, {})
    # Markdown tables: Qt draws none of their lines unless asked.
    return out.replace(
        "<table>\n",
        f'<table border="1" cellspacing="0" cellpadding="4"'
        f' style="border-color:{_palette(dark).border}; border-style: solid">\n',
    )


def render_plain(text: str) -> str:
    """HTML that shows `text` exactly as typed (user messages)."""
    return f'<p style="white-space: pre-wrap">{html.escape(text)}</p>'


def code_blocks(text: str) -> list[str]:
    """The fenced or indented code blocks in `text`, in order (for "Copy code")."""
    tokens = _markdown(False).parse(text)
    return [t.content for t in tokens if t.type in ("fence", "code_block")]
