"""The `quillmate` command: the window by default, one module per sub-command.

`main` builds the parser from each module's `add_*_parser` and runs the command's
`run(args, services)` from one `Services`; `common` holds what they share.
"""

from app.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
