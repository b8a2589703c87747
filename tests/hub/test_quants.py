"""Reading hub file names: quants, split parts, choices, ids."""

from __future__ import annotations

import pytest

from app.hub.quants import (
    RemoteFile,
    group_gguf_files,
    is_model_file,
    model_id_from_name,
    pick_choice,
    quant_of,
    split_base,
    split_part,
)


@pytest.mark.parametrize(
    ("name", "quant"),
    [
        ("Qwen2.5-7B-Instruct-Q4_K_M.gguf", "Q4_K_M"),
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "Q4_1"),
        ("qwen2.5-7b-instruct-q4_k_m-00001-of-00002.gguf", "Q4_K_M"),
        ("Llama-3.2-3B-Instruct-IQ3_XXS.gguf", "IQ3_XXS"),
        ("Phi-3.5-mini-instruct_Q8_0.gguf", "Q8_0"),
        ("gemma-2-2b-it-f16.gguf", "F16"),
        ("Model-BF16.gguf", "BF16"),
        ("Qwen2.5-0.5B-Instruct-Q4_0_4_4.gguf", "Q4_0_4_4"),
        ("Q4_K_M/Big-Q4_K_M-00002-of-00003.gguf", "Q4_K_M"),
        ("QwQ-32B.gguf", None),
        ("model.gguf", None),
    ],
)
def test_quant_of(name, quant):
    assert quant_of(name) == quant


def test_split_names():
    assert split_part("m-Q4_K_M-00002-of-00005.gguf") == (2, 5)
    assert split_part("m-Q4_K_M.gguf") is None
    assert split_base("m-Q4_K_M-00002-of-00005.gguf") == "m-Q4_K_M"
    assert split_base("dir/m.gguf") == "dir/m"


def test_projectors_and_imatrix_are_not_models():
    assert is_model_file("Model-Q4_K_M.gguf")
    assert not is_model_file("mmproj-model-f16.gguf")
    assert not is_model_file("Model.imatrix.gguf")
    assert not is_model_file("README.md")


def test_grouping_puts_split_parts_together_and_sorts_by_size():
    files = [
        RemoteFile("README.md", 10),
        RemoteFile("Q8/M-Q8_0-00002-of-00002.gguf", 5, "b"),
        RemoteFile("Q8/M-Q8_0-00001-of-00002.gguf", 6, "a"),
        RemoteFile("M-Q4_K_M.gguf", 7, "c"),
        RemoteFile("mmproj-M-f16.gguf", 1),
        RemoteFile("M-Q6_K-00001-of-00002.gguf", 3),  # second part missing
    ]
    choices = group_gguf_files(files)
    assert [c.label for c in choices] == ["Q6_K", "Q4_K_M", "Q8_0"]
    q8 = choices[-1]
    assert q8.is_split and q8.size == 11 and q8.complete
    assert [f.name for f in q8.files] == [
        "Q8/M-Q8_0-00001-of-00002.gguf",
        "Q8/M-Q8_0-00002-of-00002.gguf",
    ]
    assert not choices[0].complete


def test_pick_choice():
    choices = group_gguf_files(
        [RemoteFile(f"M-{q}.gguf", i) for i, q in enumerate(["Q2_K", "Q8_0", "Q4_K_M", "Q6_K"])]
    )
    assert pick_choice(choices)[0].quant == "Q4_K_M"  # the usual default
    assert pick_choice(choices, quant="q8_0")[0].quant == "Q8_0"
    assert pick_choice(choices, file="M-Q6_K.gguf")[0].quant == "Q6_K"
    assert pick_choice(choices, quant="IQ1_S") == (None, "no IQ1_S file")
    only = group_gguf_files([RemoteFile("M-Q2_K.gguf", 1)])
    assert pick_choice(only)[0].quant == "Q2_K"
    odd = group_gguf_files([RemoteFile("a.gguf", 1), RemoteFile("b.gguf", 2)])
    assert pick_choice(odd)[0] is None


@pytest.mark.parametrize(
    ("name", "model_id"),
    [
        ("SmolLM2-135M-Instruct.Q4_1.gguf", "smollm2-135m-instruct-q4_1"),
        ("Qwen2.5-7B-Instruct-Q4_K_M-00001-of-00002.gguf", "qwen2.5-7b-instruct-q4_k_m"),
        ("Mistral-7B-Instruct-v0.3-Q4_K_M.gguf", "mistral-7b-instruct-v0.3-q4_k_m"),
        ("llama3.2-3b", "llama3.2-3b"),
        ("bartowski/Foo GGUF:Q4", "foo-gguf-q4"),
        ("...", "model"),
    ],
)
def test_model_ids_are_short_and_readable(name, model_id):
    assert model_id_from_name(name) == model_id
