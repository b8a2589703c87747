"""Rubric model and its TOML / JSON / CSV files."""

from __future__ import annotations

import json

import pytest

from app.core.grading import (
    Criterion,
    Level,
    Rubric,
    RubricError,
    dump_rubric,
    example_rubrics,
    load_example,
    load_rubric,
    parse_rubric,
    save_rubric,
)
from app.core.grading.rubric_io import dumps_csv
from tests.grading.helpers import small_rubric


def test_ids_made_from_names_and_unique():
    rubric = Rubric(
        "R",
        [
            Criterion("Use of évidence", [Level("A", 1)]),
            Criterion("Use of evidence!", [Level("A", 1)]),
        ],
    )
    assert rubric.ids() == ["use_of_evidence", "use_of_evidence_2"]


def test_max_points_uses_weights():
    assert small_rubric().max_points == 2 + 2 * 1.5


@pytest.mark.parametrize(
    "criteria, message",
    [
        ([], "no criteria"),
        ([Criterion("A", [])], "no levels"),
        ([Criterion("A", [Level("x", 1), Level("x", 2)])], "different"),
        ([Criterion("A", [Level("x", -1)])], "negative"),
        ([Criterion("A", [Level("x", 1)], weight=0)], "weight"),
        ([Criterion("A", [Level(" ", 1)])], "no label"),
        ([Criterion("A", [Level("x", 1)], id="Bad Id")], "id"),
    ],
)
def test_invalid_rubrics_are_refused(criteria, message):
    with pytest.raises(RubricError, match=message):
        Rubric("R", criteria)


@pytest.mark.parametrize("kind", ["toml", "json", "csv"])
def test_round_trip(kind, tmp_path):
    rubric = Rubric(
        'Quotes "and" \\ backslashes — ünïcode',
        [
            Criterion(
                "Thesis",
                [Level("Clear", 2, 'says "why"\nand more'), Level("Missing", 0)],
                description="line one\nline two",
            ),
            Criterion("Style", [Level("Good", 1.5), Level("Poor", 0.5)]),
        ],
        description="desc",
    )
    path = tmp_path / f"r.{kind}"
    save_rubric(rubric, path)
    again = load_rubric(path)
    assert again.title == rubric.title
    assert [c.name for c in again.criteria] == ["Thesis", "Style"]
    assert [(lv.label, lv.points, lv.descriptor) for lv in again.criteria[0].levels] == [
        ("Clear", 2, 'says "why"\nand more'),
        ("Missing", 0, ""),
    ]
    assert again.max_points == rubric.max_points


def test_csv_folds_weights_into_points():
    text = dumps_csv(small_rubric())
    rubric = parse_rubric(text, "csv")
    assert rubric.max_points == small_rubric().max_points
    assert rubric.criteria[1].levels[0].points == 3  # 2 points x weight 1.5
    assert text.splitlines()[0].startswith(
        "Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,Rating Name"
    )


def test_canvas_csv_with_ragged_rows_and_weight_column():
    text = (
        "Rubric Name,Criteria Name,Criteria Description,Criteria Enable Range,Weight,"
        "Rating Name,Rating Description,Rating Points,Rating Name,Rating Description,Rating Points\n"
        "Lab,Method,How,false,2,Full,All steps,3,None,,0\n"
        "Lab,Safety,,false,,Yes,,1\n"
    )
    rubric = parse_rubric(text, "csv")
    assert rubric.title == "Lab"
    assert [len(c.levels) for c in rubric.criteria] == [2, 1]
    assert rubric.criteria[0].weight == 2
    assert rubric.max_points == 7


def test_long_csv_one_row_per_level():
    text = (
        "criterion,weight,level,points,descriptor\n"
        "Thesis,1,Clear,2,clear\nThesis,1,Missing,0,none\nStyle,2,Good,1,\n"
    )
    rubric = parse_rubric(text, "csv", fallback_title="From file")
    assert rubric.title == "From file"
    assert rubric.criterion("thesis").labels() == ["Clear", "Missing"]
    assert rubric.max_points == 2 + 2


def test_canvas_api_json_shape():
    data = {
        "title": "Canvas",
        "points_possible": 5,
        "data": [
            {
                "description": "Thesis",
                "long_description": "A claim",
                "points": 5,
                "ratings": [
                    {"description": "Full Marks", "long_description": "clear", "points": 5},
                    {"description": "No Marks", "points": 0},
                ],
            }
        ],
    }
    rubric = parse_rubric(json.dumps(data), "json")
    assert rubric.criteria[0].name == "Thesis"
    assert rubric.criteria[0].description == "A claim"
    assert rubric.criteria[0].labels() == ["Full Marks", "No Marks"]


@pytest.mark.parametrize(
    "kind, text, message",
    [
        ("toml", "title = ", "TOML"),
        ("json", "{", "JSON"),
        ("csv", "a,b\n1,2\n", "layout"),
        ("csv", "criterion,level,points\nA,x,lots\n", "number"),
        ("json", '{"title": "x", "criteria": [{"name": "A", "levels": "no"}]}', "levels"),
    ],
)
def test_bad_files_say_what_is_wrong(kind, text, message):
    with pytest.raises(RubricError, match=message):
        parse_rubric(text, kind)


def test_unknown_extension(tmp_path):
    with pytest.raises(RubricError, match=".toml, .json or .csv"):
        load_rubric(tmp_path / "r.yaml")


def test_examples_are_found_and_valid():
    examples = example_rubrics()
    assert {"argumentative_essay", "short_answer_science", "lab_report_canvas"} <= set(examples)
    for name in examples:
        rubric = load_example(name)
        assert rubric.max_points > 0
        assert parse_rubric(dump_rubric(rubric, "toml"), "toml").to_dict() == rubric.to_dict()
    assert len(load_example("argumentative_essay").criteria) == 4
