"""The writing service end to end with the real SmolLM2-135M model.

The model is tiny: these tests check the machinery (streaming, parts, joins,
changes that merge back exactly, structured output, stop), not writing quality.
"""

from __future__ import annotations

import pytest

from app.core.writing import WriteListener, WriteRequest, WritingService
from app.core.writing.chunking import Chunk, join_parts
from app.engine.client import EngineClient
from app.engine.types import LoadOptions

pytestmark = pytest.mark.model

GREEDY = {"temperature": 0, "seed": 1}
SHORT = "My summer holiday was realy great. We goes to the sea with my familly."


@pytest.fixture(scope="module")
def service(model_path):
    engine = EngineClient()
    engine.load(LoadOptions(str(model_path), n_ctx=2048))
    yield WritingService(engine)
    engine.close()


class Recorder(WriteListener):
    def __init__(self):
        self.text, self.parts, self.progress_calls, self.notices = [], [], [], []

    def text_received(self, part, text):
        self.text.append((part, text))

    def part_finished(self, part):
        self.parts.append(part)

    def progress(self, done, total):
        self.progress_calls.append((done, total))

    def notice(self, message):
        self.notices.append(message)


def test_proofread_a_short_text_end_to_end(service):
    listener = Recorder()
    result = service.run(
        WriteRequest("proofread", SHORT, sampling={**GREEDY, "max_tokens": 48}), listener
    )
    assert result.status == "complete", result.error
    assert listener.text, "the answer streamed"
    assert listener.progress_calls == [(1, 1)]
    changes = result.changes
    assert changes.merged() == SHORT
    assert changes.merged(pending_accepted=True) == result.output
    if len(changes) == 0:
        assert "No changes suggested." in result.notes
    else:
        document = SHORT
        edit = changes.accept(0)
        document = document[: edit.start] + edit.text + document[edit.end :]
        if len(changes) > 1:
            assert changes.reject(1) is None
        assert document == changes.merged()
    assert result.stats.completion_tokens > 0
    assert result.stats.engine_seconds <= result.stats.seconds


def test_a_long_document_is_done_in_parts_and_joined(service):
    paragraphs = [
        f"Paragraph {i}. The students was happy and they plays outside in the garden."
        for i in range(6)
    ]
    text = "\n\n".join(paragraphs)
    listener = Recorder()
    result = service.run(
        WriteRequest("proofread", text, sampling={**GREEDY, "max_tokens": 40}, max_part_tokens=40),
        listener,
    )
    assert result.status == "complete", result.error
    assert len(listener.parts) >= 3
    assert [d for d, _ in listener.progress_calls] == list(range(1, len(listener.parts) + 1))
    assert listener.progress_calls[-1][0] == listener.progress_calls[-1][1]
    assert any("parts" in n for n in result.notes)
    # The joined text is the original with each part's span replaced by its answer.
    parts = [Chunk(p.index, p.start, p.end, p.original) for p in listener.parts]
    assert result.output == join_parts(
        text, parts, [p.answer or p.original for p in listener.parts]
    )
    assert result.changes.merged() == text
    assert result.changes.merged(pending_accepted=True) == result.output
    for change in result.changes.changes:
        assert any(p.start <= change.start and change.end <= p.end for p in listener.parts)
    # the instruction prefix is reused from the KV cache for later parts
    assert result.stats.cached_tokens > 0


def test_tone_analysis_is_valid_json_from_the_schema(service):
    result = service.run(
        WriteRequest("tone", "I love this school. The teachers are kind.", sampling=GREEDY)
    )
    assert result.status == "complete", (result.error, result.output)
    assert result.analysis.data["sentiment"] in ("positive", "negative", "neutral", "mixed")
    assert isinstance(result.analysis.data["phrases"], list)


def test_classify_answers_one_of_the_users_categories(service):
    result = service.run(
        WriteRequest(
            "classify",
            "The match ended two goals to one.",
            categories="sport, cooking",
            sampling=GREEDY,
        )
    )
    assert result.status == "complete", (result.error, result.output)
    assert result.analysis.data["category"] in ("sport", "cooking")


def test_stop_while_a_part_streams(service):
    class StopMidway(Recorder):
        def text_received(self, part, text):
            super().text_received(part, text)
            if part == 1:
                service.stop()

    text = "\n\n".join(f"Paragraph {i} is here and it are short." for i in range(5))
    listener = StopMidway()
    result = service.run(
        WriteRequest("proofread", text, sampling={**GREEDY, "max_tokens": 40}, max_part_tokens=20),
        listener,
    )
    assert result.status == "stopped"
    assert len(listener.parts) == 1
    assert result.changes.merged() == text
    # the engine is usable straight after a stop
    again = service.run(
        WriteRequest("proofread", "It are fine.", sampling={**GREEDY, "max_tokens": 16})
    )
    assert again.status == "complete"
