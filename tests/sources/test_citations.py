"""Citations are checked in code: numbers given, quotes present in the cited passage."""

from __future__ import annotations

from app.core.sources import check_citations, sources_list
from app.core.sources.answer import Source

SOURCES = [
    Source(1, "/notes/bio.txt", None, 1, 2, "Chlorophyll absorbs red and blue light."),
    Source(2, "/notes/physics.pdf", 3, 10, 12, "Newton published the Principia in 1687."),
]


def test_a_citation_of_a_given_passage_is_verified():
    answer = check_citations(
        "Chlorophyll absorbs red light [1]. Newton wrote in 1687 [2].", SOURCES
    )
    assert [c.verified for c in answer.citations] == [True, True]
    assert answer.text == "Chlorophyll absorbs red light [1]. Newton wrote in 1687 [2]."
    assert sources_list(answer) == [
        "[1] bio.txt (lines 1–2)",
        "[2] physics.pdf (page 3, lines 10–12)",
    ]


def test_a_number_never_given_is_marked():
    answer = check_citations("Plants are green [3].", SOURCES)
    assert answer.text == "Plants are green [3?]."
    assert not answer.citations[0].verified
    assert "[3?] no such source was given" in sources_list(answer)


def test_a_quote_not_in_the_cited_passage_is_marked():
    reply = 'The notes say "absorbs green light" [1]. They also say “the Principia in 1687” [2].'
    answer = check_citations(reply, SOURCES)
    assert answer.text.count("[1?]") == 1 and "[2]" in answer.text
    assert "absorbs green light" in answer.citations[0].reason
    assert "[1] bio.txt (lines 1–2) — unverified" in sources_list(answer)


def test_quotes_match_across_case_and_spacing():
    answer = check_citations('It "ABSORBS  red and\nblue light" [1].', SOURCES)
    assert answer.citations[0].verified


def test_uncited_sources_are_listed_after_the_cited():
    answer = check_citations("Newton [2].", SOURCES)
    assert sources_list(answer) == [
        "[2] physics.pdf (page 3, lines 10–12)",
        "[1] bio.txt (lines 1–2) (not cited)",
    ]
