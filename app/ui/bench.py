"""The window's part of `quillmate bench` (sections 3 and 4 of app.bench).

measure_gui: the real MainWindow (offscreen, throw-away QUILLMATE_HOME) streams
a ~1,000-token reply with code blocks while a 5 ms precise QTimer on the GUI
thread records its ticks: the longest gap between two ticks is the longest time
the event loop could not run, a stall the user would feel as a frozen window.
Each round pairs the window run with the same request sent headless through the
same engine (order alternating), so the ratios say what the window costs.

measure_startup: fresh `python -c` processes open the window through
app.ui.app.run_gui with an empty QUILLMATE_HOME (no model) and report the time
from process start to the window's first paint, and the process's RSS then.
"""

from __future__ import annotations

import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.measure import SYSTEM_PROMPT, engine_stream, ratios, summary
from app.engine.types import GenerateRequest, SamplingParams

log = logging.getLogger(__name__)

TARGET_STALL_MS = 50.0  # longest GUI event-loop stall while streaming
TARGET_STARTUP_S = 1.0  # process start to window shown, no model

TICK_MS = 5
REPLY_TIMEOUT_S = 900

# An earlier exchange in the conversation shows SmolLM2-135M the format: with
# it the model keeps writing a sentence + a ```python block per helper for the
# whole 1,000 tokens under greedy decoding. Asked directly (no example) it
# writes one unclosed block, or stops after ~200 tokens.
EXAMPLE_QUESTION = "Show me three small Python helpers, each in its own code block."
EXAMPLE_ANSWER = """Here are three small helpers.

1. Reverse the words of a sentence:

```python
def reverse_words(text):
    return " ".join(reversed(text.split()))
```

2. Count the vowels in a string:

```python
def count_vowels(text):
    return sum(1 for ch in text.lower() if ch in "aeiou")
```

3. Average of a list of numbers:

```python
def average(numbers):
    return sum(numbers) / len(numbers) if numbers else 0.0
```
"""
REQUEST = (
    "Great. Now write thirty more helpers in the same style, numbered 4 to 33, each with "
    "one sentence and its own ```python code block: dates, files, JSON, CSV, sorting, "
    "searching, strings, math, statistics, sets, dictionaries, classes, iterators, "
    "recursion, text wrapping."
)


def _sampling(max_tokens: int) -> dict[str, Any]:
    """Greedy, no repeat penalty: the same reply every run, window or headless."""
    return {
        "temperature": 0.0,
        "top_p": 0.95,
        "top_k": 40,
        "min_p": 0.05,
        "repeat_penalty": 1.0,
        "max_tokens": max_tokens,
        "seed": 0,
    }


def _app():
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return QApplication(["quillmate-bench"])
    return QApplication.instance()


# ------------------------------------------------------------------- event loop
class _Ticker:
    """A QTimer ticking every TICK_MS on the GUI thread; keeps every tick's time."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _gaps(self, start: float, end: float) -> list[float]:
        """Gaps (ms) between consecutive ticks, for the gaps that end in [start, end]."""
        pairs = zip(self.ticks, self.ticks[1:], strict=False)
        return [(b - a) * 1000 for a, b in pairs if start <= b <= end]

    def max_gap_ms(self, start: float, end: float) -> float | None:
        gaps = self._gaps(start, end)
        return max(gaps) if gaps else None

    def gaps_over(self, limit_ms: float, start: float, end: float) -> int:
        return sum(1 for gap in self._gaps(start, end) if gap > limit_ms)


def _wait(predicate: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until `predicate()` holds or the time is up."""
    from PySide6.QtCore import QEventLoop, QTimer

    if predicate():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if predicate() else None)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    poll.start()
    limit.start(int(timeout_s * 1000))
    loop.exec()
    poll.stop()
    limit.stop()
    return predicate()


def _settle(seconds: float) -> None:
    end = time.perf_counter() + seconds
    _wait(lambda: time.perf_counter() >= end, seconds + 1)


# ------------------------------------------------------------------ the window
def measure_gui(
    path: str,
    *,
    threads: int | None,
    n_ctx: int = 4096,
    rounds: int = 2,
    max_tokens: int = 1000,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Section 3: tokens/s shown and event-loop stalls of the window against headless runs."""
    progress = progress or (lambda line: log.info("bench: %s", line))
    try:
        qt_app = _app()
        from app.ui.main_window import MainWindow
    except Exception as exc:  # no Qt platform plugin, or the window cannot be imported
        return {"available": False, "reason": f"no window: {exc!r}"}
    from app.paths import AppPaths
    from app.services import Services

    resolved = str(Path(path).expanduser().resolve())
    with tempfile.TemporaryDirectory(prefix="quillmate-bench-") as home:
        root = Path(home)
        paths = AppPaths(root / "config", root / "data", root / "cache", root / "logs")
        services = Services.create(paths)
        window = None
        try:
            settings = services.settings
            settings.set_model_override(resolved, n_ctx=n_ctx)
            settings["n_threads"] = threads
            settings["system_prompt"] = SYSTEM_PROMPT
            settings["sampling"] = _sampling(max_tokens)
            settings.remember_model(resolved)  # the default model: loads once shown
            window = MainWindow(services)
            return _measure_window(qt_app, window, services, rounds, max_tokens, progress)
        except Exception as exc:  # after minutes of engine benchmarks, report, don't crash
            log.warning("window benchmark failed", exc_info=True)
            return {"available": False, "reason": f"the window benchmark failed: {exc}"}
        finally:
            if window is not None:
                window.close()
                window.deleteLater()
                _settle(0.05)
            services.close()


def _measure_window(qt_app, window, services, rounds, max_tokens, progress) -> dict[str, Any]:
    controller = window.controller
    loaded: list[Any] = []
    failed: list[str] = []
    controller.model_loaded.connect(loaded.append)
    controller.model_load_failed.connect(failed.append)
    window.resize(1200, 780)
    window.show()
    if not _wait(lambda: bool(loaded or failed), REPLY_TIMEOUT_S):
        return {"available": False, "reason": "the model did not load in the window"}
    if failed:
        return {"available": False, "reason": f"the window could not load the model: {failed[0]}"}
    _wait(lambda: not controller.is_busy, REPLY_TIMEOUT_S)

    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": EXAMPLE_QUESTION},
        {"role": "assistant", "content": EXAMPLE_ANSWER},
        {"role": "user", "content": REQUEST},
    ]
    request = GenerateRequest(
        messages=messages, sampling=SamplingParams.from_dict(_sampling(max_tokens))
    )
    ticker = _Ticker()
    rows: list[dict[str, Any]] = []
    for r in range(rounds):
        # Alternate who goes first: a drift of the machine's speed then favours neither.
        order = ("window", "headless") if r % 2 == 0 else ("headless", "window")
        row: dict[str, Any] = {}
        for side in order:
            time.sleep(0.3)
            progress(f"window round {r + 1}/{rounds}: {side}")
            if side == "window":
                row.update(_window_run(window, services.store, ticker, r))
            else:
                run = engine_stream(services.engine, request)
                row["headless_worker_tps"] = run["worker_decode_tps"]
                # Computed like view_tps below, from the first and last arrivals.
                row["headless_client_tps"] = _rate(
                    run["completion_tokens"], run["first_at"], run["last_at"]
                )
                row["headless_text"] = run["text"]
        rows.append(row)

    def col(key: str) -> list:
        return [row.get(key) for row in rows]

    stall = summary(col("max_stall_streaming_ms"))
    size = window.size()
    return {
        "available": True,
        "window": f"{type(window).__name__} {size.width()}x{size.height()}, "
        f"{qt_app.platformName()}",
        "measures": (
            "The real MainWindow streams the reply to a chat whose earlier turn shows "
            "Python helpers in code blocks (greedy, max_tokens as set); the same request "
            "also runs headless through the same engine, alternating with the window. "
            f"A {TICK_MS} ms PreciseTimer on the GUI thread records its ticks; a stall is "
            "the gap between two ticks. 'streaming' = gaps ending between the first and "
            "the last text the window received; 'final render' = gaps after the last text "
            "until the finished reply is shown (Markdown + highlighting). shown_tps = the "
            "status bar's tok/s (the worker's figure); view_tps = (tokens - 1) / time from "
            "the first to the last text batch reaching the GUI thread; headless_client_tps "
            "the same for the engine called directly."
        ),
        "completion_tokens": summary(col("completion_tokens")),
        "code_fences": rows[0].get("code_fences") if rows else None,
        "same_text_as_headless": [row.get("text") == row.get("headless_text") for row in rows],
        "shown_text": col("shown_text"),
        "shown_tps": summary(col("shown_tps")),
        "headless_worker_tps": summary(col("headless_worker_tps")),
        "shown_vs_headless": ratios(col("shown_tps"), col("headless_worker_tps")),
        "view_tps": summary(col("view_tps")),
        "headless_client_tps": summary(col("headless_client_tps")),
        "view_vs_headless": ratios(col("view_tps"), col("headless_client_tps")),
        "max_stall_streaming_ms": stall,
        "gaps_over_50ms_streaming": col("gaps_over_50ms"),
        "final_render_stall_ms": summary(col("final_render_stall_ms")),
        "ttft_s": summary(col("ttft_s")),
        "ticks": col("ticks"),
        "targets": {
            "stall_streaming": {
                "target": f"<= {TARGET_STALL_MS:.0f} ms",
                "value": stall["max"],  # the worst round: a stall is felt when it happens
                "met": None if stall["max"] is None else stall["max"] <= TARGET_STALL_MS,
            }
        },
    }


def _window_run(window, store, ticker: _Ticker, r: int) -> dict[str, Any]:
    cid = store.create_conversation(title=f"Bench {r + 1}", system_prompt=SYSTEM_PROMPT).id
    store.add_message(cid, "user", EXAMPLE_QUESTION)
    store.add_message(cid, "assistant", EXAMPLE_ANSWER)
    window.open_conversation(cid)
    _settle(0.3)  # the transcript renders before the clock starts

    page, controller = window.chat_page, window.controller
    arrivals: list[float] = []
    shown: list[tuple[float, Any]] = []
    errors: list[str] = []

    def on_text(_text: str) -> None:
        arrivals.append(time.perf_counter())

    def on_shown(result) -> None:
        shown.append((time.perf_counter(), result))

    controller.text_received.connect(on_text)
    page.reply_shown.connect(on_shown)
    controller.error.connect(errors.append)
    ticker.start()
    sent_at = time.perf_counter()
    try:
        if not page.send(REQUEST):
            raise RuntimeError("the chat page refused to send the benchmark message")
        _wait(lambda: bool(shown or errors), REPLY_TIMEOUT_S)
        _settle(0.3)  # deferred work after the reply (scrolling, relayout) still counts
    finally:
        ticker.stop()
        controller.text_received.disconnect(on_text)
        page.reply_shown.disconnect(on_shown)
        controller.error.disconnect(errors.append)
    if errors or not shown:
        raise RuntimeError(f"the window's reply failed: {errors[0] if errors else 'timed out'}")
    shown_at, result = shown[0]
    if result.error:
        raise RuntimeError(f"the window's reply failed: {result.error}")
    stats = result.done.stats if result.done is not None else None
    n_tokens = stats.completion_tokens if stats else 0
    first, last = (arrivals[0], arrivals[-1]) if arrivals else (shown_at, shown_at)
    label = window.speed_label.text()  # what the user reads in the status bar
    match = re.search(r"\d+(?:\.\d+)?", label)
    text = result.message.content
    return {
        "completion_tokens": n_tokens,
        "code_fences": text.count("```"),
        "text": text,
        "shown_text": label,
        "shown_tps": float(match.group()) if match else None,
        "view_tps": _rate(n_tokens, first, last),
        "ttft_s": first - sent_at if arrivals else None,
        "max_stall_streaming_ms": ticker.max_gap_ms(first, last + 0.001),
        "gaps_over_50ms": ticker.gaps_over(TARGET_STALL_MS, first, last + 0.001),
        "final_render_stall_ms": ticker.max_gap_ms(last + 0.001, shown_at + 0.3),
        "ticks": len(ticker.ticks),
    }


def _rate(n_tokens: int, first: float | None, last: float | None) -> float | None:
    """(n - 1) / (last - first): text arrivals carry no token counts, so as for one token each."""
    if n_tokens < 2 or first is None or last is None or last <= first:
        return None
    return (n_tokens - 1) / (last - first)


# -------------------------------------------------------------------- start-up
# Runs in a fresh interpreter. argv[1]: the parent's time.time() just before it
# started the process, so the figure includes the interpreter's own start-up.
STARTUP_SCRIPT = r"""
import time; T_INTERP = time.time()
import json, sys
T_PARENT = float(sys.argv[1])
import app.ui.app as ui_app
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

result, seen = {}, {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        kind = event.type()
        if result or kind not in (QEvent.Type.Show, QEvent.Type.Paint):
            return False
        if obj.isWidgetType() and isinstance(obj.window(), QMainWindow):
            if kind == QEvent.Type.Show:
                seen.setdefault("shown_s", time.time() - T_PARENT)
            else:
                now = time.time()
                import psutil
                me = psutil.Process()
                result.update(
                    to_first_paint_s=now - T_PARENT,
                    interpreter_s=T_INTERP - T_PARENT,
                    in_python_s=now - T_INTERP,
                    rss_bytes=me.memory_info().rss,
                    llama_cpp_imported="llama_cpp" in sys.modules,
                    child_processes=len(me.children(recursive=True)),
                    **seen,
                )
                QTimer.singleShot(0, QApplication.instance().quit)
        return False

qt_app = QApplication(["quillmate"])
watcher = FirstPaint()
qt_app.installEventFilter(watcher)
QTimer.singleShot(30000, qt_app.quit)  # never hang
result["exit_code"] = ui_app.run_gui(["quillmate"])
sys.stdout.write("\nBENCH " + json.dumps(result) + "\n")
"""


def measure_startup(runs: int = 3, home: str | None = None) -> dict[str, Any]:
    """Section 4: median over `runs` fresh processes, process start to first paint.

    `home`: a prepared QUILLMATE_HOME (the scale section's large profile) used by
    every run; by default each run gets a new empty one.
    """
    if runs < 1:
        return {"available": False, "reason": "skipped (startup_runs=0)"}
    # An installed app starts from bytecode (pip compiles a wheel's modules); a source
    # checkout under PYTHONDONTWRITEBYTECODE would compile ~200 modules on every start
    # (about 1 s here), which measures the checkout, not the app.
    import compileall

    import app

    compileall.compile_dir(str(Path(app.__file__).parent), quiet=1)
    results, errors = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="quillmate-start-") as empty_home:
            env = dict(os.environ, QUILLMATE_HOME=home or empty_home, QT_QPA_PLATFORM="offscreen")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            started = time.time()
            try:
                out = subprocess.run(
                    [sys.executable, "-c", STARTUP_SCRIPT, repr(started)],
                    env=env, capture_output=True, text=True, timeout=90, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                errors.append("timed out after 90 s")
                continue
        lines = [ln for ln in out.stdout.splitlines() if ln.startswith("BENCH ")]
        if not lines:
            tail = ((out.stderr or out.stdout).strip().splitlines() or ["no output"])[-1]
            errors.append(f"exit {out.returncode}: {tail}")
            continue
        data = json.loads(lines[-1][len("BENCH ") :])
        if "to_first_paint_s" not in data:
            errors.append("the window never painted")
            continue
        results.append(data)
        time.sleep(0.3)
    if not results:
        return {"available": False, "reason": f"start-up probe failed: {errors[0]}"}
    median = statistics.median(r["to_first_paint_s"] for r in results)
    return {
        "available": True,
        "measures": (
            "fresh `python -c` processes run app.ui.app.run_gui with an empty "
            "QUILLMATE_HOME (no model) and QT_QPA_PLATFORM=offscreen; time from just "
            "before the process is started to the main window's first paint event, and "
            "the process's RSS at that moment."
        ),
        "to_first_paint_s": summary([r["to_first_paint_s"] for r in results]),
        "to_show_event_s": summary([r.get("shown_s") for r in results]),
        "interpreter_s": summary([r["interpreter_s"] for r in results]),
        "in_python_s": summary([r["in_python_s"] for r in results]),
        "rss_mb": summary([r["rss_bytes"] / 2**20 for r in results]),
        "llama_cpp_imported": any(r["llama_cpp_imported"] for r in results),
        "child_processes": max(r["child_processes"] for r in results),
        "errors": errors,
        "targets": {
            "startup": {
                "target": f"<= {TARGET_STARTUP_S:.0f} s",
                "value": round(median, 4),
                "met": median <= TARGET_STARTUP_S,
            }
        },
    }
