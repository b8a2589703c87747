"""A real OpenAI-compatible server on loopback: llama-cpp-python's own, with SmolLM2."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx2
import pytest

API_KEY = "test-key-123"

# llama.cpp in the server's own process: with the kernels this build proved on this
# CPU (safe ones until proven), so a CPU that refuses the default kernels cannot kill it.
SERVER = (
    "import runpy, sys\n"
    "from app.engine import kernels\n"
    "sys.argv = ['llama_cpp.server', *sys.argv[1:]]\n"
    "with kernels.model_params(kernels.in_process_mode()):\n"
    "    runpy.run_module('llama_cpp.server', run_name='__main__')\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(model_path, port: int, api_key: str = API_KEY) -> subprocess.Popen:
    args = [
        sys.executable, "-c", SERVER, "--model", str(model_path), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "2048", "--n_threads", "2", "--api_key", api_key,
    ]  # fmt: skip
    # The server logs a lot (its model load, every request): to a file, never to a
    # pipe nobody reads, which would fill and stop the server.
    log = tempfile.NamedTemporaryFile(prefix="llama-server-", suffix=".log", delete=False)
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(open(log.name, errors="replace").read()[-2000:])
        try:
            headers = {"Authorization": f"Bearer {api_key}"}
            if httpx2.get(f"http://127.0.0.1:{port}/v1/models", headers=headers).status_code == 200:
                return process
        except httpx2.TransportError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError("llama_cpp.server did not start in 120 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def llama_server(model_path):
    port = free_port()
    process = start_server(model_path, port)
    yield f"http://127.0.0.1:{port}/v1"
    stop_server(process)
