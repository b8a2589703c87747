"""`python -m app` is the same as the `quillmate` command."""

from app.cli import main

raise SystemExit(main())
