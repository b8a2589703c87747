"""WritingService's logic with a scripted engine: parts, seams, notes, stop, errors."""

from __future__ import annotations

import json

import pytest

from app.core.writing import (
    ActionError,
    ActionLibrary,
    DocumentNotes,
    WriteListener,
    WriteRequest,
    WritingService,
)
from app.core.writing.service import EMPTY, NO_CHANGES
from tests.writing.fake_engine import FakeEngine, count

LONG = "\n\n".join(
    f"Paragraph {i} has teh word in it and some more words to fill it up." for i in range(30)
)


class Recorder(WriteListener):
    def __init__(self):
        self.events = []

    def started(self, total_parts):
        self.events.append(("started", total_parts))

    def text_received(self, part, text):
        self.events.append(("text", part, text))

    def part_finished(self, part):
        self.events.append(("part", part))

    def progress(self, done, total):
        self.events.append(("progress", done, total))

    def notice(self, message):
        self.events.append(("notice", message))

    def parts(self):
        return [e[1] for e in self.events if e[0] == "part"]


def fix_teh(text, request):
    return text.replace("teh", "the")


def test_a_long_text_is_done_in_parts_and_joined_exactly():
    engine = FakeEngine(fix_teh)
    listener = Recorder()
    result = WritingService(engine).run(
        WriteRequest("proofread", LONG, max_part_tokens=60), listener
    )
    assert result.status == "complete"
    parts = listener.parts()
    assert len(parts) == result.stats.parts > 3
    assert all(count(p.original) <= 60 for p in parts)
    assert result.output == LONG.replace("teh", "the")
    assert len(result.changes) == 30
    assert all(c.old == "teh" and c.new == "the" for c in result.changes.changes)
    assert result.changes.merged() == LONG
    result.changes.accept(0)
    assert result.changes.merged().count("the word") == 1
    assert any("parts" in n for n in result.notes)
    progress = [e for e in listener.events if e[0] == "progress"]
    assert [p[1] for p in progress] == list(range(1, len(parts) + 1))
    # each part's changes arrive with that part, with whole-text positions
    first = parts[0].changes[0]
    assert LONG[first.start : first.end] == "teh"
    assert result.output[first.new_start : first.new_end] == "the"
    # the instruction comes first in every request: the engine reuses it (KV cache)
    prefixes = {r.messages[-1]["content"].split("\n\n", 1)[0] for r in engine.requests}
    assert len(prefixes) == 1


def test_unchanged_or_empty_reply_means_no_changes_suggested():
    for reply in (lambda t, r: t, lambda t, r: ""):
        result = WritingService(FakeEngine(reply)).run(WriteRequest("proofread", "Fine text."))
        assert result.status == "complete" and result.no_changes
        assert NO_CHANGES in result.notes and result.error is None


def test_empty_selection_is_not_an_error():
    engine = FakeEngine()
    result = WritingService(engine).run(WriteRequest("proofread", "  \n "))
    assert result.status == "empty" and result.notes == [EMPTY]
    assert engine.requests == []


def test_rambling_is_trimmed_to_the_part_and_the_user_told():
    def ramble(text, request):
        return "Here is the corrected text:\n\n" + fix_teh(text, request) + "\n\nNote: I fixed it."

    result = WritingService(FakeEngine(ramble)).run(
        WriteRequest("proofread", LONG, max_part_tokens=60)
    )
    assert result.output == LONG.replace("teh", "the")
    assert any("cut off" in n for n in result.notes)


def test_stop_keeps_finished_parts_and_leaves_the_rest_unchanged():
    engine = FakeEngine(fix_teh)
    service = WritingService(engine)

    class StopAfterTwo(Recorder):
        def part_finished(self, part):
            super().part_finished(part)
            if part.index == 1:
                service.stop()

    result = service.run(WriteRequest("proofread", LONG, max_part_tokens=60), StopAfterTwo())
    assert result.status == "stopped"
    assert result.stats.parts == 2
    done_until = result.changes.changes[-1].end
    assert result.output[:done_until].count("teh") == 0
    assert result.output.count("teh") > 0
    assert result.changes.merged() == LONG
    assert any(n.startswith("Stopped after 2 of") for n in result.notes)


def test_engine_death_mid_way_keeps_what_was_done():
    engine = FakeEngine(fix_teh)
    engine.fail_at = 3
    result = WritingService(engine).run(WriteRequest("proofread", LONG, max_part_tokens=60))
    assert result.status == "error" and "stopped unexpectedly" in result.error
    assert result.stats.parts == 2 and len(result.changes) > 0


def test_translate_is_one_change_per_part():
    engine = FakeEngine(lambda text, request: text.upper())
    result = WritingService(engine).run(
        WriteRequest("translate", LONG, language="Shouting", max_part_tokens=60)
    )
    assert result.output == LONG.upper()
    assert len(result.changes) == result.stats.parts
    assert "Shouting" in engine.requests[0].messages[-1]["content"]


def test_missing_options_are_the_callers_error():
    service = WritingService(FakeEngine())
    with pytest.raises(ActionError, match="language"):
        service.run(WriteRequest("translate", "Hello."))
    with pytest.raises(ActionError, match="category"):
        service.run(WriteRequest("classify", "Hello.", categories=" , "))


def test_memory_and_authors_note_go_into_every_request():
    engine = FakeEngine(fix_teh)
    notes = DocumentNotes(memory="Ada is a pilot.", authors_note="Keep it dry.")
    WritingService(engine).run(WriteRequest("proofread", LONG, notes=notes, max_part_tokens=60))
    assert len(engine.requests) > 1
    for request in engine.requests:
        system = request.messages[0]["content"]
        assert "Ada is a pilot." in system and "Keep it dry." in system


def test_continue_writing_inserts_at_the_cursor_with_memory_and_note():
    engine = FakeEngine(lambda text, request: " and then it rained.")
    text = "First part.\n\nIt was late"
    notes = DocumentNotes(memory="Set in Oslo.", authors_note="Gloomy.")
    result = WritingService(engine).run(
        WriteRequest("continue", text + " AFTER", cursor=len(text), notes=notes)
    )
    prompt = engine.requests[0].prompt
    assert prompt.startswith("[Memory: Set in Oslo.]")
    assert "[Author's note: Gloomy.]\n\nIt was late" in prompt
    assert "AFTER" not in prompt
    (change,) = result.changes.changes
    assert change.kind == "insert" and change.start == len(text)
    assert result.changes.merged(pending_accepted=True) == text + " and then it rained. AFTER"


def test_continue_with_a_long_story_gives_the_model_its_end():
    engine = FakeEngine(lambda text, request: " More.", n_ctx=400)
    result = WritingService(engine).run(WriteRequest("continue", LONG))
    assert engine.requests[0].prompt.rstrip().endswith(LONG[-40:].rstrip())
    assert count(engine.requests[0].prompt) < 400
    assert any("last" in n for n in result.notes)


def test_analysis_is_parsed_and_phrases_located():
    answer = {
        "sentiment": "positive",
        "tone": "warm",
        "phrases": [{"phrase": "LOVED  it", "sentiment": "positive"}],
    }
    engine = FakeEngine(lambda text, request: json.dumps(answer))
    text = "Honestly, I loved it. The end."
    result = WritingService(engine).run(WriteRequest("tone", text))
    assert engine.requests[0].json_schema["required"] == ["sentiment", "tone", "phrases"]
    assert result.analysis.data["sentiment"] == "positive"
    (highlight,) = result.analysis.highlights
    assert text[highlight.start : highlight.end] == "loved it"
    assert result.changes is None


def test_classify_puts_the_users_categories_in_the_schema():
    engine = FakeEngine(lambda text, request: '{"category": "poem", "reason": "rhymes"}')
    result = WritingService(engine).run(
        WriteRequest("classify", "Roses are red.", categories="poem, letter, poem")
    )
    assert engine.requests[0].json_schema["properties"]["category"]["enum"] == ["poem", "letter"]
    assert result.analysis.summary() == "Category: poem — rhymes"


def test_cut_off_json_is_an_error_with_the_raw_answer_kept():
    engine = FakeEngine(lambda text, request: '{"sentiment": "posi')
    result = WritingService(engine).run(WriteRequest("tone", "Nice."))
    assert result.status == "error" and "JSON" in result.error
    assert result.output == '{"sentiment": "posi'


def test_analysis_of_a_long_text_uses_its_start_and_says_so():
    engine = FakeEngine(lambda text, request: '{"category": "a", "reason": "r"}', n_ctx=300)
    result = WritingService(engine).run(WriteRequest("classify", LONG, categories="a,b"))
    assert result.status == "complete"
    assert any("only its first" in n for n in result.notes)
    assert count(engine.requests[0].messages[-1]["content"]) < 300


def test_summary_of_parts_is_combined():
    engine = FakeEngine(lambda text, request: f"Summary of {len(text)} chars.")
    listener = Recorder()
    result = WritingService(engine).run(
        WriteRequest("summarize", LONG, max_part_tokens=100), listener
    )
    parts = listener.parts()
    assert len(parts) > 1
    assert len(engine.requests) == len(parts) + 1  # one more to combine
    assert "consecutive parts" in engine.requests[-1].messages[-1]["content"]
    assert result.output.startswith("Summary of")
    assert result.changes is None


def test_document_field_gets_a_window_around_the_selection():
    library = ActionLibrary()
    library.save_user_action(
        "in-context", "Explain this passage.\n\n{text}\n\nDocument:\n{document}", output="answer"
    )
    engine = FakeEngine(lambda text, request: "An explanation.", n_ctx=900)
    selection = "Paragraph 20 has teh word"
    start = LONG.index(selection)
    result = WritingService(engine, library=ActionLibrary()).run(
        WriteRequest("in-context", selection, document=LONG, selection_start=start)
    )
    content = engine.requests[0].messages[-1]["content"]
    assert "Paragraph 20" in content.split("Document:")[1]
    assert result.output == "An explanation."
    assert any("around the selection" in n for n in result.notes)


def test_no_model_loaded_is_a_clear_error():
    engine = FakeEngine()
    engine.model_info = None
    result = WritingService(engine).run(WriteRequest("proofread", "Text."))
    assert result.status == "error" and "model" in result.error


def test_the_first_part_of_a_long_edit_is_small_so_the_first_change_comes_soon():
    listener = Recorder()
    WritingService(FakeEngine(fix_teh)).run(WriteRequest("proofread", LONG), listener)
    first, *rest = listener.parts()
    assert count(first.original) <= 128 and rest


def test_a_ten_megabyte_document_starts_at_once_and_stops_cleanly():
    import time

    text = "\n\n".join(
        f"Paragraph {i} has teh word and then some more words to make it longer than most."
        for i in range(130_000)
    )
    assert len(text) > 10_000_000
    service = WritingService(FakeEngine(fix_teh))

    class StopAfterThree(Recorder):
        def part_finished(self, part):
            super().part_finished(part)
            self.events.append(("at", time.perf_counter()))
            if part.index == 2:
                service.stop()

    listener = StopAfterThree()
    started = time.perf_counter()
    result = service.run(WriteRequest("proofread", text), listener)
    first_part_at = next(e[1] for e in listener.events if e[0] == "at")
    assert first_part_at - started < 5, "planning a 10 MB text must not hold up the first part"
    assert result.status == "stopped" and result.stats.parts == 3
    total = next(e[1] for e in listener.events if e[0] == "started")
    assert total > 1000
    assert result.changes.merged() == text
    assert result.changes.merged(pending_accepted=True).count("the word") == len(result.changes)


def test_an_action_on_the_whole_document_needs_no_selection():
    ActionLibrary().save_user_action(
        "title-it", "Suggest a title for this document:\n\n{document}", output="answer"
    )
    engine = FakeEngine(lambda text, request: "A Title")
    service = WritingService(engine, library=ActionLibrary())
    result = service.run(WriteRequest("title-it", "", document="Once upon a time."))
    assert result.output == "A Title"
    assert "Once upon a time." in engine.requests[0].messages[-1]["content"]
    assert service.run(WriteRequest("title-it", "", document=" ")).status == "empty"
