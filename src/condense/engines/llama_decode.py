"""Greedy decoding under a JSON grammar for llama.cpp, with the grammar checked lazily.

llama-cpp-python applies a grammar to every one of the vocabulary's candidates at every step
(151,000 for Qwen2.5) and runs a Python sampler chain over all of them; with temperature 0 only
the best allowed token matters. So, as llama.cpp's own ``common_sampler`` does, this loop asks
the grammar about the model's best token first, then about its 64 best, and only if none of
those fits about the whole vocabulary. The answer is the same token that full grammar sampling
picks (the highest-scoring token the grammar allows); the work per token is a fraction.

It also reuses the prefix of the previous prompt held in the context (the fixed instructions
that head every template), as ``Llama.generate`` does, but only in whole chunks of ``CHUNK``
tokens, and it always evaluates a prompt in chunks at those same positions. A token's numbers
depend on how it was batched; evaluated this way they are the same whether the prefix came
from the previous call or not, so a prompt gets the same answer in any order of calls."""

from __future__ import annotations

import ctypes
import json

import numpy as np

TOP = 64
CHUNK = 64


class GrammarPicker:
    """The grammar's state over one answer: ``pick(logits)`` returns the best allowed token
    and advances the grammar past it."""

    def __init__(self, llm, schema: dict):
        import llama_cpp
        from llama_cpp.llama_grammar import LlamaGrammar

        self._lib = llama_cpp
        grammar = LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
        self._sampler = llama_cpp.llama_sampler_init_grammar(
            llm._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8"))
        if not self._sampler:
            raise ValueError("llama.cpp could not compile the grammar for this schema")
        self._n_vocab = llm.n_vocab()
        self._one = (llama_cpp.llama_token_data * 1)()
        self._top = (llama_cpp.llama_token_data * TOP)()
        self._all = None  # allocated on first need (151k entries)

    def _apply(self, data, size: int) -> None:
        lib = self._lib
        array = lib.llama_token_data_array(data=ctypes.cast(data, lib.llama_token_data_p), size=size,
                                           selected=-1, sorted=False)
        lib.llama_sampler_apply(self._sampler, ctypes.byref(array))

    def _fill(self, data, tokens, logits) -> None:
        for i, token in enumerate(tokens):
            data[i].id, data[i].logit, data[i].p = token, float(logits[token]), 0.0

    def pick(self, logits: np.ndarray) -> int:
        best = int(np.argmax(logits))
        self._fill(self._one, [best], logits)
        self._apply(self._one, 1)
        token = best if np.isfinite(self._one[0].logit) else self._search(logits)
        self._lib.llama_sampler_accept(self._sampler, token)
        return token

    def _search(self, logits: np.ndarray) -> int:
        top = np.argpartition(logits, -TOP)[-TOP:]
        self._fill(self._top, top.tolist(), logits)
        self._apply(self._top, TOP)
        allowed = [(self._top[i].logit, self._top[i].id) for i in range(TOP) if np.isfinite(self._top[i].logit)]
        if allowed:
            return max(allowed)[1]
        if self._all is None:
            self._all = (self._lib.llama_token_data * self._n_vocab)()
        view = np.frombuffer((ctypes.c_char * ctypes.sizeof(self._all)).from_buffer(self._all),
                             dtype=np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True))
        view["id"] = np.arange(self._n_vocab, dtype=np.intc)
        view["logit"] = logits
        view["p"] = 0.0
        self._apply(self._all, self._n_vocab)
        return int(np.argmax(view["logit"]))

    def close(self) -> None:
        if self._sampler:
            self._lib.llama_sampler_free(self._sampler)
            self._sampler = None


def chat_tokens(llm, formatter, prompt: str) -> list[int]:
    """The prompt as one user turn in the model's own chat template, tokenised."""
    formatted = formatter(messages=[{"role": "user", "content": prompt}])
    return llm.tokenize(formatted.prompt.encode("utf-8"), add_bos=not formatted.added_special, special=True)


def chat_formatter(llm):
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    def text(token: int) -> str:
        return llm._model.token_get_text(token) if token != -1 else ""

    return Jinja2ChatFormatter(template=llm.metadata["tokenizer.chat_template"],
                               eos_token=text(llm.token_eos()), bos_token=text(llm.token_bos()))


def _decode(llm, batch: list[int]) -> None:
    """Append ``batch`` to the context (logits for its last token only)."""
    n_past = llm.n_tokens
    llm._batch.set_batch(batch=batch, n_past=n_past, logits_all=False)
    llm._ctx.decode(llm._batch)
    llm.input_ids[n_past:n_past + len(batch)] = batch
    llm.n_tokens = n_past + len(batch)


def generate_json(llm, tokens: list[int], schema: dict, max_tokens: int) -> str:
    """Greedy decoding of ``tokens``'s continuation under ``schema``'s grammar, up to
    ``max_tokens`` (a cut-off answer then fails JSON parsing or the schema)."""
    import llama_cpp

    if len(tokens) >= llm.n_ctx():
        raise ValueError(f"the prompt has {len(tokens)} tokens; the context holds {llm.n_ctx()}")
    held = llm.input_ids[: llm.n_tokens].tolist()
    same = 0
    limit = min(len(held), len(tokens) - 1)  # evaluate at least one token: its logits start the answer
    while same < limit and held[same] == tokens[same]:
        same += 1
    keep = same - same % CHUNK
    llm.n_tokens = keep
    llm._ctx.kv_cache_seq_rm(-1, keep, -1)
    for start in range(keep, len(tokens), CHUNK):
        _decode(llm, tokens[start:start + CHUNK])
    vocab, n_vocab, ctx = llm._model.vocab, llm.n_vocab(), llm._ctx.ctx

    def last_logits() -> np.ndarray:
        return np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx, -1), shape=(n_vocab,))

    picker = GrammarPicker(llm, schema)
    out: list[int] = []
    try:
        token = picker.pick(last_logits())
        while not llama_cpp.llama_vocab_is_eog(vocab, token):
            out.append(token)
            if len(out) >= max_tokens or llm.n_tokens >= llm.n_ctx():
                break
            _decode(llm, [token])
            token = picker.pick(last_logits())
    finally:
        picker.close()
    return llm.detokenize(out).decode("utf-8", "replace")
