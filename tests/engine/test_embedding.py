"""Embeddings through the engine with the real all-MiniLM-L6-v2, converted to GGUF."""

from __future__ import annotations

import math
import os
import signal
import time

import pytest

from app.engine import kernels
from app.engine.client import EngineClient
from app.engine.embed_models import (
    POOLING_MEAN,
    NotAnEmbeddingModel,
    embedding_pooling,
    prefixes_for,
    spec_for,
)
from app.engine.embedding import Embedder
from app.engine.gguf import check_gguf, read_gguf_header
from app.engine.kernels import KERNELS_FILE_ENV
from app.engine.llama_backend import FAULT_ENV
from app.engine.types import EngineError, LoadOptions, ModelLoadError
from app.hub.embedding_model import ensure_starter_embedding_model

pytestmark = pytest.mark.model

PAIRS = [
    "The cat is sleeping on the sofa.",
    "A kitten naps on the couch.",
    "The central bank raised interest rates by half a point.",
]
CHINESE = ["我喜欢吃苹果。", "苹果是我最喜欢的水果。", "股票市场今天大幅下跌。"]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


@pytest.fixture(scope="module")
def embedder(embedding_model_path):
    with Embedder(embedding_model_path, n_threads=2) as instance:
        yield instance


def test_converted_file_is_a_bert_embedding_model(embedding_model_path):
    header = check_gguf(embedding_model_path)
    meta = header.metadata
    assert header.architecture == "bert" and header.n_embd == 384
    assert meta["bert.pooling_type"] == POOLING_MEAN and meta["bert.attention.causal"] is False
    assert meta["tokenizer.ggml.model"] == "bert"
    names = {t.name for t in header.tensors}
    assert {"token_embd.weight", "position_embd.weight", "token_types.weight"} <= names
    assert "blk.5.layer_output_norm.weight" in names and len(names) == 101
    assert embedding_pooling(header) == -1  # the file's own pooling (mean)


def test_conversion_is_made_once_and_reused(embedding_model_path):
    before = embedding_model_path.stat().st_mtime_ns
    again = ensure_starter_embedding_model(embedding_model_path.parent)
    assert again == embedding_model_path and again.stat().st_mtime_ns == before
    leftovers = [p.name for p in again.parent.iterdir() if "partial" in p.name]
    assert leftovers == []


def test_vectors_are_unit_length_and_semantic(embedder):
    vectors = embedder.embed_documents(PAIRS + CHINESE)
    assert len(vectors) == 6 and {len(v) for v in vectors} == {embedder.dim} == {384}
    assert all(abs(math.sqrt(sum(x * x for x in v)) - 1.0) < 1e-5 for v in vectors)
    cat, kitten, bank, apple, fruit, stocks = vectors
    assert cosine(cat, kitten) > cosine(cat, bank) + 0.3
    assert cosine(apple, fruit) > cosine(apple, stocks)
    query = embedder.embed_query("Where is the cat resting?")
    assert cosine(query, cat) > cosine(query, bank)


def test_vectors_match_raw_llama_cpp(embedder, embedding_model_path):
    import llama_cpp

    texts = [*PAIRS, *CHINESE, "word " * 300, ""]
    ours = embedder.embed(texts)
    with kernels.model_params(kernels.in_process_mode()):
        llm = llama_cpp.Llama(
            model_path=str(embedding_model_path), embedding=True, n_ctx=512, n_batch=512,
            n_ubatch=512, n_threads=2, verbose=False,
        )  # fmt: skip
    try:
        raw = [d["embedding"] for d in llm.create_embedding(texts)["data"]]
    finally:
        llm.close()
    assert min(cosine(a, b) for a, b in zip(ours, raw, strict=True)) > 0.999


def test_long_text_is_cut_to_the_context_and_counted(embedder):
    before = embedder.truncated
    long_text = "A sentence about the history of printing presses in Europe. " * 200
    vectors = embedder.embed_documents([long_text, "short"])
    assert len(vectors) == 2 and embedder.truncated == before + 1
    start = embedder.embed_documents([long_text[:2000]])[0]
    assert cosine(vectors[0], start) > 0.9  # the cut text is its beginning


def test_prefixes_come_from_the_catalogue(embedder):
    assert prefixes_for("nomic-embed-text-v1.5.Q8_0.gguf") == (
        "search_query: ",
        "search_document: ",
    )
    assert prefixes_for("bge-small-en-v1.5-q4_k_m.gguf")[0].startswith("Represent this")
    assert prefixes_for("all-MiniLM-L6-v2.F16.gguf") == ("", "")
    assert prefixes_for("mystery.gguf") == ("", "") and spec_for("mystery.gguf") is None
    assert embedder.query_prefix == "" and embedder.document_prefix == ""
    embedder.query_prefix = "search_query: "
    try:
        prefixed = embedder.embed_query("printing presses")
    finally:
        embedder.query_prefix = ""
    (explicit,) = embedder.embed(["search_query: printing presses"])
    plain = embedder.embed_query("printing presses")
    assert cosine(prefixed, explicit) > 0.99999 and cosine(prefixed, plain) < 0.999


def test_a_chat_model_is_refused_with_one_clear_message(model_path):
    with pytest.raises(NotAnEmbeddingModel, match="is not an embedding model") as caught:
        Embedder(model_path)
    assert model_path.name in str(caught.value) and "llama" in str(caught.value)
    with pytest.raises(NotAnEmbeddingModel, match="is not an embedding model"):
        embedding_pooling(read_gguf_header(model_path))
    client = EngineClient()  # the worker refuses it too, before llama.cpp loads it
    try:
        with pytest.raises(ModelLoadError, match="is not an embedding model"):
            client.load(LoadOptions(path=str(model_path), embedding=True))
        assert client.is_alive()
    finally:
        client.close()


def test_embedder_survives_its_worker_being_killed(embedder):
    (before,) = embedder.embed(["printing presses"])
    pid = embedder.worker_pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while embedder._client.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    (after,) = embedder.embed(["printing presses"])
    assert embedder.worker_pid not in (None, pid)
    assert cosine(before, after) > 0.99999


def test_sigill_falls_back_to_safe_kernels(embedding_model_path, monkeypatch, tmp_path):
    monkeypatch.setenv(KERNELS_FILE_ENV, str(tmp_path / "kernels.json"))  # no verdict yet
    monkeypatch.setenv(FAULT_ENV, "SIGILL")  # dies at a batch with the default kernels
    with Embedder(embedding_model_path, n_threads=2) as fresh:
        vectors = fresh.embed_documents(PAIRS[:2])
        assert fresh.model_info.kernels == "safe"
    assert cosine(*vectors) > 0.5
    assert kernels.verdict()["mode"] == "safe"


def test_embeddings_never_prove_the_chat_kernels(embedding_model_path, monkeypatch, tmp_path):
    """An F16 embedding model runs where a quantised chat model's AMX kernels die: its
    batches must not store "default", which would stop the chat model's safe fallback."""
    monkeypatch.setenv(KERNELS_FILE_ENV, str(tmp_path / "kernels.json"))  # no verdict yet
    with Embedder(embedding_model_path, n_threads=2) as fresh:
        fresh.embed_documents(PAIRS[:4])
        ran = fresh.model_info.kernels
    stored = kernels.verdict()
    assert stored is None if ran == "default" else stored["mode"] == "safe"


def test_cancel_stops_a_long_embed_between_batches(embedder):
    import threading

    texts = [f"Passage {i} about printing presses and paper mills. " * 40 for i in range(200)]
    embedder.embed(["start the worker"])
    pid = embedder.worker_pid
    timer = threading.Timer(0.5, embedder.cancel)
    timer.start()
    started = time.monotonic()
    with pytest.raises(EngineError, match="cancelled"):
        embedder.embed_documents(texts)
    timer.join()
    assert time.monotonic() - started < 5
    assert embedder.worker_pid == pid  # stopped by the worker itself, not killed
    assert len(embedder.embed_documents(["still works"])) == 1


def test_conversion_matches_the_original_model(embedder, tmp_path):
    """The GGUF through llama.cpp gives the vectors of the safetensors through transformers.

    The reference is the model as sentence-transformers runs it: BERT, mean pooling
    over the tokens, unit length. This checks the converter's names, types and vocab.
    """
    import zipfile

    import torch
    from transformers import AutoModel, AutoTokenizer

    from app.hub.embedding_model import starter_embedding_zip

    with zipfile.ZipFile(starter_embedding_zip()) as archive:
        archive.extractall(tmp_path)
    folder = next(p.parent for p in tmp_path.rglob("model.safetensors"))
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModel.from_pretrained(folder).eval()
    texts = [*PAIRS, *CHINESE, "Naïve café owners in São Paulo!"]
    reference = []
    for text in texts:
        with torch.no_grad():
            hidden = model(**tokenizer(text, return_tensors="pt")).last_hidden_state[0]
        reference.append(hidden.mean(0).tolist())
    ours = embedder.embed(texts)
    assert min(cosine(a, b) for a, b in zip(ours, reference, strict=True)) > 0.999


def test_malformed_embed_replies_are_caught():
    from app.engine.client import _embed_reply_ok

    good = {"vectors": [[0.5, 0.5], [1.0, 0.0]], "tokens": 4, "truncated": 0, "batches": 1,
            "largest_batch": 4}  # fmt: skip
    assert _embed_reply_ok(good, 2)
    assert not _embed_reply_ok(good, 3)  # one vector per text
    assert not _embed_reply_ok({**good, "vectors": [[0.5], [1.0, 0.0]]}, 2)  # one width
    assert not _embed_reply_ok({**good, "vectors": [["x", "y"], [1.0, 0.0]]}, 2)
    assert not _embed_reply_ok({**good, "tokens": "4"}, 2)
    assert not _embed_reply_ok([[0.5]], 1)
