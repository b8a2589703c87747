"""Download benchmark: Quillmate's downloader against plain `hf_hub_download`, same run.

    .venv/bin/python tests/bench/download_bench.py [--size-mb 300] [--pairs 3] [--json]

The hub stand-in (tests/hub/hubserver.py) runs in its own process, serving a generated
GGUF with sendfile, so it never competes with the client for the GIL. Then:

1. Throughput: the same file pulled through Quillmate (DownloadManager: plan, fetch,
   SHA-256, GGUF check, register) and through `hf_hub_download` (fetch into its cache,
   size check only), interleaved A B / B A so a noisy machine hurts both alike; the
   ratio is Quillmate's MB/s over hf_hub_download's (target ≥ 0.95).
2. Resume: a pull interrupted at 50 % and finished by a *new process*; we count, on the
   server, the bytes sent beyond the file's size, i.e. what was fetched twice (target
   ≤ 1 MiB). Interrupted two ways: the connection drops at 50 % (then the process is
   killed), and the process is SIGKILLed mid-stream at 50 % (bytes already in the
   sockets' buffers are lost to any client). hf_hub_download, killed at 50 % and run
   again, is shown for comparison.
"""

# ruff: noqa: T201  (a benchmark prints its table)

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.hub.ggufgen import make_gguf  # noqa: E402
from tests.hub.hubserver import sha256_of  # noqa: E402

REPO = "bench/Bench-GGUF"
NAME = "Bench-Q4_K_M.gguf"
MIB = 1 << 20


class Server:
    """The hub stand-in in a child process; `stats()` reads its per-response byte counts."""

    def __init__(self, source: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.hub.hubserver", REPO, f"{NAME}={source}"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self.process.stdout.readline().strip()

    def sent(self) -> int:
        with urllib.request.urlopen(f"{self.url}/_stats") as answer:
            transfers = json.load(answer)["transfers"]
        return sum(t[3] for t in transfers if t[1] == NAME)

    def drop_at(self, offset: int) -> None:
        query = f"repo={REPO}&name={NAME}&drop_at={offset}"
        urllib.request.urlopen(f"{self.url}/_fault?{query}").read()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def env_for(url: str, home: Path) -> dict:
    return {
        **os.environ,
        "HF_ENDPOINT": url,
        "QUILLMATE_HOME": str(home),
        "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    }


# -- throughput -------------------------------------------------------------------------------


def quillmate_pull(url: str, home: Path) -> float:
    os.environ["QUILLMATE_HOME"] = str(home)
    from app.hub.downloads import DownloadManager
    from app.hub.hubapi import HubClient
    from app.hub.library import Library

    with Library() as library:
        manager = DownloadManager(library, HubClient(url), max_parallel=1)
        start = time.perf_counter()
        job = manager.pull(REPO, quant="Q4_K_M")
        job = manager.wait(job.id)
        elapsed = time.perf_counter() - start
        manager.close()
        if job.state != "done":
            raise SystemExit(f"quillmate pull failed: {job.error}")
    return elapsed


def hf_pull(url: str, cache: Path) -> float:
    from huggingface_hub import hf_hub_download

    start = time.perf_counter()
    hf_hub_download(REPO, NAME, cache_dir=cache, endpoint=url)
    return time.perf_counter() - start


# -- resume --------------------------------------------------------------------------------------

QUILLMATE_PULL = [sys.executable, "-m", "app", "models", "pull", REPO, "--quant", "Q4_K_M"]
HF_PULL = [
    sys.executable,
    "-c",
    "import os, sys; from huggingface_hub import hf_hub_download; "
    f"hf_hub_download({REPO!r}, {NAME!r}, cache_dir=sys.argv[1], endpoint=os.environ['HF_ENDPOINT'])",
]


def wait_until(condition, timeout: float = 120.0, step: float = 0.002) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("benchmark: timed out")
        time.sleep(step)


def part_size(home: Path) -> int:
    part = home / "data" / "models" / "bench" / "Bench-GGUF" / f"{NAME}.part"
    return part.stat().st_size if part.exists() else 0


def resume_quillmate(server: Server, size: int, home: Path, mode: str) -> dict:
    """Interrupt a Quillmate pull at 50 % (mode "drop" or "kill"), finish it in a new process."""
    half = size // 2
    before = server.sent()
    if mode == "drop":
        server.drop_at(half)
    env = env_for(server.url, home)
    child = subprocess.Popen(
        QUILLMATE_PULL, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if mode == "drop":  # the drop leaves exactly half on disk; kill during the retry's back-off
        wait_until(lambda: part_size(home) >= half)
    else:
        wait_until(lambda: part_size(home) >= half)
    child.send_signal(signal.SIGKILL)
    child.wait()
    on_disk = part_size(home)
    first = server.sent() - before
    done = subprocess.run(QUILLMATE_PULL, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"quillmate resume failed: {done.stderr}")
    total = server.sent() - before
    return {
        "interrupted_at": on_disk / size,
        "sent_before_interrupt": first,
        "sent_after_restart": total - first,
        "refetched": total - size,
    }


def resume_hf(server: Server, size: int, cache: Path) -> dict:
    before = server.sent()
    env = env_for(server.url, cache)
    child = subprocess.Popen(
        [*HF_PULL, str(cache)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_until(lambda: server.sent() - before >= size // 2, step=0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    first = server.sent() - before
    subprocess.run([*HF_PULL, str(cache)], env=env, check=True, capture_output=True)
    total = server.sent() - before
    return {
        "interrupted_at": first / size,
        "sent_before_interrupt": first,
        "sent_after_restart": total - first,
        "refetched": total - size,
    }


# -- main ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="quillmate-dlbench-"))
    try:
        source = make_gguf(work / NAME, args.size_mb * 1_000_000, seed=1)
        size = source.stat().st_size
        sha = sha256_of(source)  # also puts the file in the page cache
        server = Server(source)
        try:
            hf_pull(server.url, work / "warmup")  # warm both sides once, untimed
            shutil.rmtree(work / "warmup")
            pairs = []
            for i in range(args.pairs):
                order = ("quillmate", "hf") if i % 2 == 0 else ("hf", "quillmate")
                times = {}
                for which in order:
                    target = work / f"{which}-{i}"
                    if which == "quillmate":
                        times[which] = quillmate_pull(server.url, target)
                        got = next((target / "data" / "models").rglob(NAME))
                    else:
                        times[which] = hf_pull(server.url, target)
                        got = next(target.rglob(NAME))
                    if i == 0 and sha256_of(got) != sha:
                        raise SystemExit(f"{which}: the downloaded file is wrong")
                    shutil.rmtree(target)
                pairs.append(times)
            results = {
                "size_bytes": size,
                "pairs": [
                    {
                        "quillmate_mb_s": size / 1e6 / t["quillmate"],
                        "hf_mb_s": size / 1e6 / t["hf"],
                        "ratio": t["hf"] / t["quillmate"],
                    }
                    for t in pairs
                ],
            }
            results["ratio_median"] = statistics.median(p["ratio"] for p in results["pairs"])
            results["resume"] = {
                "quillmate_drop": resume_quillmate(server, size, work / "q-drop", "drop"),
                "quillmate_kill": resume_quillmate(server, size, work / "q-kill", "kill"),
                "hf_hub_download_kill": resume_hf(server, size, work / "hf-kill"),
            }
        finally:
            server.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, args.pairs)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def report(results: dict, pairs: int) -> None:
    size_mb = results["size_bytes"] / 1e6
    print(f"\nDownload of a {size_mb:.0f} MB GGUF from the local hub ({pairs} interleaved pairs)")
    print(f"{'pair':<6}{'Quillmate MB/s':>16}{'hf_hub_download MB/s':>22}{'ratio':>8}")
    for i, pair in enumerate(results["pairs"], 1):
        print(f"{i:<6}{pair['quillmate_mb_s']:>16.0f}{pair['hf_mb_s']:>22.0f}{pair['ratio']:>8.2f}")
    ok = "ok" if results["ratio_median"] >= 0.95 else "BELOW TARGET"
    print(f"median ratio {results['ratio_median']:.2f} (target >= 0.95: {ok})")
    print("\nInterrupted at about 50 %, finished by a new process")
    print(f"{'':<36}{'stopped at':>11}{'fetched twice':>16}")
    labels = {
        "quillmate_drop": "Quillmate, connection dropped",
        "quillmate_kill": "Quillmate, process killed (SIGKILL)",
        "hf_hub_download_kill": "hf_hub_download, process killed",
    }
    for key, label in labels.items():
        row = results["resume"][key]
        refetched = row["refetched"] / MIB
        print(f"{label:<36}{row['interrupted_at'] * 100:>10.1f}%{refetched:>12.2f} MiB")
    print("(target for Quillmate: <= 1 MiB fetched twice)")


if __name__ == "__main__":
    raise SystemExit(main())
