"""The readable text of an .html page, for Sources.

Saved web pages and exported notes are HTML. Only what a reader sees is kept: the
text of the body, one line per block element, without scripts, styles or markup, so
a passage cites lines of text the user can recognise.
"""

from __future__ import annotations

from html.parser import HTMLParser

from app.core.documents.limits import Budget

HTML_SUFFIXES = (".html", ".htm")
_HIDDEN = {"script", "style", "noscript", "template", "head", "svg"}
_BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    "blockquote", "section", "article", "header", "footer", "table", "ul", "ol", "dd", "dt",
}  # fmt: skip


class _TextParser(HTMLParser):
    def __init__(self, budget: Budget):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.budget = budget
        self.size = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "li"} else "\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(" ".join(data.split()) if not data.isspace() else " ")
            self.size += len(data)
            self.budget.check_text(self.size)


def html_text(markup: str, budget: Budget) -> str:
    """The visible text of `markup`, blocks on lines of their own, blank lines between."""
    parser = _TextParser(budget)
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text, blank = [], False
    for line in lines:
        if line:
            text.append(line)
            blank = False
        elif not blank and text:
            text.append("")
            blank = True
    return "\n".join(text).strip("\n")
