"""Real files for the Sources tests: text, Markdown, .docx, .pdf and .html on disk."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.documents.makers import pdf_bytes, text_page

PHOTOSYNTHESIS = (
    "Photosynthesis happens in the chloroplasts of plant cells.\n"
    "Chlorophyll absorbs red and blue light and reflects green light.\n\n"
    "The light reactions split water and release oxygen as a by-product.\n"
)
VOLCANO = "# Volcanoes\n\nMagma that reaches the surface is called lava.\n\nBasalt forms when lava cools quickly.\n"
CHINESE = "中国的历史很长。\n\n长城是中国古代的军事防御工程，全长两万多公里。\n"
CHINESE_PLANTS = "光合作用发生在叶绿体中。\n"


def make_folder(root: Path) -> Path:
    """A folder of every kind Sources reads, one fact per file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "biology.txt").write_text(PHOTOSYNTHESIS, encoding="utf-8")
    (root / "geology.md").write_text(VOLCANO, encoding="utf-8")
    (root / "中文.txt").write_text(CHINESE, encoding="utf-8")
    (root / "植物.txt").write_text(CHINESE_PLANTS, encoding="utf-8")
    (root / "latin1.txt").write_bytes(
        "Le café de Zoë sert des crêpes bretonnes.\n".encode("cp1252")
    )
    document = docx.Document()
    document.add_paragraph("The French Revolution began in 1789 with the storming of the Bastille.")
    document.add_paragraph("Napoleon crowned himself emperor in 1804.")
    document.save(root / "history.docx")
    pages = [
        text_page("Newton published the Principia in 1687."),
        text_page("Gravity pulls masses together."),
    ]
    (root / "physics.pdf").write_bytes(pdf_bytes(pages))
    (root / "page.html").write_text(
        "<html><head><style>p{color:red}</style><script>var hidden = 1;</script></head>"
        "<body><h1>Tides</h1><p>The Moon's gravity causes the ocean tides.</p></body></html>",
        encoding="utf-8",
    )
    return root
