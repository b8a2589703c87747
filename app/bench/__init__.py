"""`quillmate bench`
One run measures, on one model and one thread count:

1. decode and prompt speed through the app's engine (EngineClient: worker
   process, pipe protocol and all) against raw llama-cpp-python
   (`Llama.create_completion`) and llama.cpp's own `llama-bench`;
2. time to first token of a follow-up turn in a long chat against the first,
   cold turn of the same conversation (KV-cache prefix reuse);
3. (`include_gui`) the window: tokens/s it shows against headless, and the
   longest event-loop stall while a ~1,000-token reply streams (`app.ui.bench`);
4. (`include_gui`) start-up: process start to the window's first paint.

The machine these numbers come from is usually shared and noisy, so every
comparison is made of paired, interleaved runs (A, B, C, A, B, C, ...) and is
reported as the median of the per-round ratios next to the medians of each
side. Speeds are computed the same way on every side: (n_generated - 1) over
the time from the first to the last token, as the consumer of the stream sees
them.

This module is Qt-free; the GUI parts are imported lazily from `app.ui.bench`.

The package sits beside the CLI at the top of the layers: it drives the engine
(`app.engine`), the shared timing helpers (`app.core.measure`) and, for the
window sections, `app.ui.bench`, which never imports this package back.
"""
