"""The frozen app's entry point (PyInstaller runs this script, not `app.cli:main`).

Two things a plain `quillmate` command gets from Python that a frozen one must do itself:

* `multiprocessing.freeze_support()` first: the engine and embedding workers are
  started with "spawn", which re-runs this executable as the child.
* `quillmate -c CODE [ARG...]`: the app starts short-lived helper processes with
  `[sys.executable, "-c", CODE, ...]` (llama.cpp's capabilities, the start-up bench,
  the reference bench's system info). Frozen, sys.executable is this program, so the
  same option runs CODE with the bundled modules, as `python -c` would.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if len(sys.argv) >= 3 and sys.argv[1] == "-c":
        code = sys.argv[2]
        sys.argv = ["-c", *sys.argv[3:]]
        exec(compile(code, "<string>", "exec"), {"__name__": "__main__"})
        sys.exit(0)

    from app.cli import main

    sys.exit(main())
