"""Vector and hybrid search with the real embedding model (MiniLM through llama.cpp)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.sources import SourcesService
from app.engine.embedding import Embedder

pytestmark = pytest.mark.model

DATA = Path(__file__).parents[1] / "bench" / "data" / "sources_qa.json"


@pytest.fixture(scope="module")
def qa_service(embedding_model_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("qa")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    docs = folder / "docs"
    docs.mkdir()
    for name, text in data["documents"].items():
        (docs / name).write_text(text + "\n", encoding="utf-8")
    embedder = Embedder(embedding_model_path)
    service = SourcesService(folder / "sources", lambda: embedder)
    service.add("qa", [str(docs)])
    report = service.index("qa")
    assert report.embedded == report.passages == len(data["documents"])
    yield service, data["questions"]
    service.close()


def recall_at_5(service, questions, mode: str) -> float:
    found = 0
    for item in questions:
        names = [Path(h.file).name for h in service.search("qa", item["q"], top=5, mode=mode)]
        found += item["a"] in names
    return found / len(questions)


def test_hybrid_finds_at_least_what_either_finds_alone(qa_service):
    service, questions = qa_service
    keyword = recall_at_5(service, questions, "keyword")
    vector = recall_at_5(service, questions, "vector")
    hybrid = recall_at_5(service, questions, "hybrid")
    assert vector >= 0.6, vector  # MiniLM is English-first: Chinese leans on keywords
    assert hybrid >= max(keyword, vector) - 0.03, (keyword, vector, hybrid)
    assert service.search_note("qa") == ""


def test_a_paraphrase_is_found_by_meaning(qa_service):
    service, _ = qa_service
    [hit, *_] = service.search(
        "qa", "Which heavenly body makes the seas rise and fall?", mode="vector"
    )
    assert Path(hit.file).name == "tides.txt"


def test_a_chat_model_as_embedding_model_leaves_keyword_search(model_path, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lava.txt").write_text("Basalt forms when lava cools quickly.\n", encoding="utf-8")
    service = SourcesService(tmp_path / "sources", lambda: Embedder(model_path))
    service.add("rocks", [str(docs)])
    report = service.index("rocks")
    assert report.added == 1 and report.embedded == 0
    assert "is not an embedding model" in report.embedding_note
    assert report.embedding_note.endswith("keyword search only")
    assert service.search("rocks", "basalt")[0].file.endswith("lava.txt")
    assert "not an embedding model" in service.search_note("rocks")
