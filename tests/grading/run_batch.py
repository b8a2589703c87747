"""Runs one grading run in its own process (the kill-and-resume test SIGKILLs it).

python -m tests.grading.run_batch DB RUN_ID MODEL
"""

from __future__ import annotations

import sys


def main() -> int:
    from app.core.grading import BatchRunner, GradingStore
    from app.engine.client import EngineClient
    from app.engine.types import LoadOptions

    db, run_id, model = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    store = GradingStore(db)
    engine = EngineClient()
    engine.load(LoadOptions(path=model, n_ctx=1024, n_threads=1))
    try:
        BatchRunner(store, engine).run(run_id)
    finally:
        engine.close()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
