"""Answers that are not edits: summary, key points, explanation, tone, categories."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QWidget

from app.core.writing import WriteResult
from app.ui.chat.markdown_render import render_markdown
from app.ui.safe_browser import SafeTextBrowser


class ResultView(SafeTextBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resultView")
        self.setOpenExternalLinks(False)

    def show_result(self, result: WriteResult, dark: bool = False) -> None:
        if result.analysis is not None:
            self.setHtml(analysis_html(result))
        elif result.error:
            self.setHtml(f"<p><b>Could not read the answer:</b> {html.escape(result.error)}</p>")
        else:
            self.setHtml(render_markdown(result.output or "", dark))


def analysis_html(result: WriteResult) -> str:
    analysis = result.analysis
    parts = [f"<p><b>{html.escape(analysis.summary())}</b></p>"]
    phrases = [p for p in analysis.data.get("phrases") or [] if isinstance(p, dict)]
    if phrases:
        items = "".join(
            f"<li>“{html.escape(str(p.get('phrase', '')))}” — "
            f"{html.escape(str(p.get('sentiment', '')))}</li>"
            for p in phrases
        )
        parts.append(f"<ul>{items}</ul>")
    found = len(analysis.highlights)
    if phrases:
        parts.append(f"<p><i>{found} of {len(phrases)} phrases highlighted in the text.</i></p>")
    return "".join(parts)
