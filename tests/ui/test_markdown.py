"""Markdown rendering of a finished message (no Qt needed)."""

from __future__ import annotations

from app.ui.chat.markdown_render import code_blocks, render_markdown, render_plain

SAMPLE = """# Title

Some `inline` and **bold** text.

```python
def add(a, b):
    return a + b
```

| a | b |
|---|---|
| 1 | 2 |
"""


def test_code_block_is_highlighted_with_inline_styles():
    html = render_markdown(SAMPLE)
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert "<code style=" in html  # inline code gets a tint
    # Pygments spans with inline colours, inside a tinted one-cell table.
    assert '<span style="color:' in html
    assert ">def</span>" in html
    assert "bgcolor=" in html
    assert 'href="copycode:0"' in html
    assert "python" in html
    # Markdown tables get visible borders.
    assert '<table border="1"' in html


def test_dark_theme_uses_another_code_style():
    assert render_markdown(SAMPLE, dark=True) != render_markdown(SAMPLE, dark=False)


def test_raw_html_from_the_model_is_escaped():
    html = render_markdown("<script>alert(1)</script> <b>x</b>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_language_and_plain_text():
    html = render_markdown("```nosuchlang\nx < 1\n```")
    assert "x &lt; 1" in html
    assert render_plain("a <b>\nline") == '<p style="white-space: pre-wrap">a &lt;b&gt;\nline</p>'


def test_code_blocks_lists_each_block():
    assert code_blocks(SAMPLE) == ["def add(a, b):\n    return a + b\n"]
    assert code_blocks("no code") == []


def test_images_in_a_reply_become_text_not_img_tags():
    html = render_markdown("See ![secret](../secret.png) and ![x](http://example.com/a.png)")
    assert "<img" not in html
    assert "[secret: ../secret.png]" in html and "[x: http://example.com/a.png]" in html
    # markdown-it refuses file: and data: links outright: they stay plain text
    assert "<img" not in render_markdown("![s](file:///etc/passwd) ![d](data:image/png;base64,AA)")
