"""A model's reply cut back to its answer: wrappers, notes and rambling removed."""

from __future__ import annotations

from app.core.writing.replies import clean_reply

ORIGINAL = "I has a sentense."


def test_a_plain_answer_is_kept():
    reply = clean_reply(ORIGINAL, "I have a sentence.\n", same_shape=True)
    assert reply.text == "I have a sentence." and not reply.trimmed


def test_preamble_fence_and_quotes_are_removed():
    assert (
        clean_reply(
            ORIGINAL, "Here is the corrected text:\n\nI have a sentence.", same_shape=True
        ).text
        == "I have a sentence."
    )
    assert (
        clean_reply(ORIGINAL, "```\nI have a sentence.\n```", same_shape=True).text
        == "I have a sentence."
    )
    assert (
        clean_reply(ORIGINAL, '"I have a sentence."', same_shape=True).text == "I have a sentence."
    )


def test_notes_after_the_answer_are_cut():
    reply = clean_reply(
        ORIGINAL, "I have a sentence.\n\nNote: I corrected two words.", same_shape=False
    )
    assert reply.text == "I have a sentence." and reply.trimmed


def test_rambling_past_the_paragraphs_is_cut():
    original = "First para.\n\nSecond para."
    reply = clean_reply(
        original, "First par.\n\nSecond par.\n\nAnd then the story went on and on.", same_shape=True
    )
    assert reply.text == "First par.\n\nSecond par." and reply.trimmed


def test_rambling_in_one_paragraph_is_cut_at_a_sentence():
    original = "The cat sat on the mat."
    rambling = "The cat sat on the mat. " + "Then it went out and played all day long. " * 10
    reply = clean_reply(original, rambling, same_shape=True)
    assert reply.trimmed and reply.text.startswith("The cat sat on the mat.")
    assert len(reply.text) < len(original) * 2 + 40


def test_extra_paragraphs_are_kept_when_the_shape_may_change():
    original = "Short text."
    long = "Short text, expanded.\n\nA second paragraph with more detail."
    assert clean_reply(original, long, same_shape=False).text == long


def test_original_that_looks_like_a_preamble_is_not_cut():
    original = "Here is my plan:\n\nWake up early."
    assert clean_reply(original, original, same_shape=True).text == original


def test_a_paragraph_that_looks_like_commentary_is_kept_when_it_is_the_answer():
    original = "Intro.\n\nI have a dog."
    assert clean_reply(original, "Intro.\n\nI have a dog.", same_shape=True).text == original


def test_ran_past_tells_when_streaming_can_stop():
    from app.core.writing.replies import ran_past

    original = "One.\n\nTwo."
    assert not ran_past(original, "Here is the text:\n\nOne.\n\nTw")
    assert not ran_past(original, "One.\n\nTwo.")
    assert ran_past(original, "One.\n\nTwo.\n\nThree")
