"""Screenshots of every mode in the light and dark themes, taken offscreen.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--out docs/screenshots]

Runs the real window on a throwaway profile with a sample conversation, so the
README's pictures show what the code draws today.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = [
    ("user", "Write a haiku about the sea."),
    ("assistant", "Waves fold into foam,\nsalt wind carries gull voices,\nthe tide keeps its time."),
    ("user", "Show a Python one-liner that reverses a string."),
    ("assistant", "Slicing with a step of -1 does it:\n\n```python\nprint('sea'[::-1])\n```"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QUILLMATE_HOME"] = tempfile.mkdtemp(prefix="quillmate-shots-")
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from app.services import Services
    from app.ui.main_window import MainWindow

    services = Services.create()
    services.settings["first_run_done"] = True
    from app.hub.starter import starter_model_path

    starter = starter_model_path()
    if starter is not None:  # a chosen model: the chat shows the conversation, not Welcome
        services.settings.remember_model(str(starter))
    conv = services.store.create_conversation(title="The sea", system_prompt="")
    parent = None
    for role, text in SAMPLE:
        parent = services.store.add_message(conv.id, role, text, parent_id=parent).id
    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    window.open_conversation(conv.id)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        window.theme_actions[theme].trigger()
        for key in list(window.modes):
            window.show_mode(key)
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(out / f"{key}-{theme}.png"))
            print(out / f"{key}-{theme}.png")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
