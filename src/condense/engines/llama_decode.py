"""Greedy decoding under a JSON grammar for llama.cpp: the grammar checked lazily, and the
characters it forces written without asking the model ("jump-forward" decoding).

llama-cpp-python applies a grammar to every one of the vocabulary's candidates at every step
(151,000 for Qwen2.5) and runs a Python sampler chain over all of them; with temperature 0 only
the best allowed token matters. So, as llama.cpp's own ``common_sampler`` does, this loop asks
the grammar about the model's best token first, then about its 64 best, and only if none of
those fits about the whole vocabulary: the highest-scoring token the grammar allows, for a
fraction of the work.

Much of a JSON answer is fixed by the schema: keys, quotes, colons, commas, brackets. The
grammar's optional whitespace is fixed to one layout (``LAYOUT``: Python's ``json.dumps``
spacing, ``{"a": "x", "b": [1, 2]}``, or compact, ``{"a":"x","b":[1,2]}``), so these become
forced. After each token the model picks, ``GrammarPicker.forced`` finds the characters the
grammar allows next by probing a copy of it with the model's single-byte tokens; while exactly
one (ASCII) character is allowed it is forced. The run is tokenised together with the model's
token and appended to the context in one batch, and the model picks again from the logits
after it. The first run (``{"label": "``) goes with the prompt; when the grammar is complete
the answer ends without asking the model for its end-of-generation token. Every token the
model chooses is still the best-scoring one the grammar allows.

It also reuses the prefix of the previous prompt held in the context (the fixed instructions
that head every template), as ``Llama.generate`` does, but only in whole chunks of ``CHUNK``
tokens, and it always evaluates a prompt (with the first forced run) in chunks at those same
positions. A token's numbers depend on how it was batched; evaluated this way they are the
same whether the prefix came from the previous call or not, so a prompt gets the same answer in
any order of calls. The answer's batches depend only on the answer itself."""

from __future__ import annotations

import ctypes
import json
import re
import time
import weakref
from dataclasses import dataclass, field

import numpy as np

TOP = 64
CHUNK = 64
RUN = 96  # the most characters forced in one run (a run this long is rare: keys are short)

_TOKEN_DATA = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True)
_SPACE_RULE = re.compile(r"^space ::= .*$", re.M)


LAYOUTS = ("spaced", "compact", "loose")
# The model reads the JSON it is made to write. Compact JSON changed the answers more than
# json.dumps's spacing, which the model often chooses itself (benchmarks/decode.py: with
# compact JSON 6 of 6 answers differed from the earlier decoding's, impressions lost their
# second sentence; spaced, 5 of 6 differed, mostly late in a sentence), for the same speed.
LAYOUT = "spaced"


def layout_grammar(gbnf: str, layout: str = LAYOUT) -> str:
    """``gbnf`` (as ``LlamaGrammar.from_json_schema`` writes it, with a rule ``space`` for the
    optional whitespace between JSON tokens) allowing one layout only: "spaced" as Python's
    ``json.dumps`` writes JSON (``{"a": "x", "b": [1, 2]}``) or "compact"
    (``{"a":"x","b":[1,2]}``); "loose" leaves it as it is."""
    if layout == "loose":
        return gbnf
    if layout not in LAYOUTS:
        raise ValueError(f"unknown JSON layout {layout!r}")
    if len(_SPACE_RULE.findall(gbnf)) != 1:  # the converter's naming changed: see LlamaGrammar
        raise ValueError("the JSON grammar has no single 'space' rule to fix")
    if layout == "spaced":
        gbnf = gbnf.replace('"," space', '", "').replace('":" space', '": "')
    return _SPACE_RULE.sub('space ::= ""', gbnf)


def json_grammar(schema: dict, layout: str = LAYOUT) -> tuple[str, str]:
    """The GBNF text and root rule for ``schema``, in ``layout`` (see layout_grammar)."""
    from llama_cpp.llama_grammar import LlamaGrammar

    grammar = LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
    return layout_grammar(grammar._grammar, layout), grammar._root


def _token_array(lib, n: int):
    data = (lib.llama_token_data * n)()
    view = np.frombuffer((ctypes.c_char * ctypes.sizeof(data)).from_buffer(data), dtype=_TOKEN_DATA)
    return data, view


@dataclass
class Alphabet:
    """A model's single-byte tokens (one per byte value it has), the probes that show which
    characters a grammar allows next, and an end-of-generation token."""

    ids: np.ndarray  # token ids
    byte: np.ndarray  # the byte each one is
    eog: int
    char_token: dict[str, int] = field(default_factory=dict)  # an ASCII character -> its token


_ALPHABETS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def alphabet(llm) -> Alphabet:
    """``llm``'s Alphabet, found once per model (a pass over the vocabulary, 0.1 s for 151k)."""
    found = _ALPHABETS.get(llm)
    if found is None:
        import llama_cpp

        vocab = llm._model.vocab
        buf = ctypes.create_string_buffer(8)
        by_byte: dict[int, int] = {}
        eog = llm.token_eos()
        if eog < 0 or not llama_cpp.llama_vocab_is_eog(vocab, eog):
            eog = -1
        for token in range(llm.n_vocab()):
            if eog < 0 and llama_cpp.llama_vocab_is_eog(vocab, token):
                eog = token
            if llama_cpp.llama_token_to_piece(vocab, token, buf, 8, 0, False) == 1 and buf.raw[0]:
                by_byte.setdefault(buf.raw[0], token)
        if eog < 0:
            raise ValueError("the model has no end-of-generation token")
        chars = {}
        for b in range(1, 128):  # the token the tokenizer itself gives a character, where it is one
            toks = llm.tokenize(bytes([b]), add_bos=False, special=False)
            if len(toks) == 1 and llm.detokenize(toks) == bytes([b]):
                chars[chr(b)], by_byte[b] = toks[0], toks[0]
            elif b in by_byte:
                chars[chr(b)] = by_byte[b]
        order = sorted(by_byte)
        found = Alphabet(np.array([by_byte[b] for b in order], dtype=np.intc), np.array(order), eog, chars)
        _ALPHABETS[llm] = found
    return found


class GrammarPicker:
    """The grammar's state over one answer: ``pick(logits)`` returns the best allowed token,
    ``accept(tokens)`` advances the grammar past tokens, ``forced()`` tells what it forces next."""

    def __init__(self, llm, schema: dict, layout: str = LAYOUT):
        import llama_cpp

        self._lib = llama_cpp
        text, root = json_grammar(schema, layout)
        self._sampler = llama_cpp.llama_sampler_init_grammar(llm._model.vocab, text.encode("utf-8"),
                                                             root.encode("utf-8"))
        if not self._sampler:
            raise ValueError("llama.cpp could not compile the grammar for this schema")
        self._vocab = llm._model.vocab
        self._n_vocab = llm.n_vocab()
        self._one = (llama_cpp.llama_token_data * 1)()
        self._top = (llama_cpp.llama_token_data * TOP)()
        self._all = None  # allocated on first need (151k entries)
        self._probe = None

    def _apply(self, data, size: int, sampler=None) -> None:
        lib = self._lib
        array = lib.llama_token_data_array(data=ctypes.cast(data, lib.llama_token_data_p), size=size,
                                           selected=-1, sorted=False)
        lib.llama_sampler_apply(sampler or self._sampler, ctypes.byref(array))

    def _fill(self, data, tokens, logits) -> None:
        for i, token in enumerate(tokens):
            data[i].id, data[i].logit, data[i].p = token, float(logits[token]), 0.0

    def pick(self, logits: np.ndarray) -> int:
        """The highest-scoring token the grammar allows (not yet accepted)."""
        best = int(np.argmax(logits))
        self._fill(self._one, [best], logits)
        self._apply(self._one, 1)
        return best if np.isfinite(self._one[0].logit) else self._search(logits)

    def accept(self, tokens) -> None:
        for token in tokens:
            self._lib.llama_sampler_accept(self._sampler, token)

    def _search(self, logits: np.ndarray) -> int:
        top = np.argpartition(logits, -TOP)[-TOP:]
        self._fill(self._top, top.tolist(), logits)
        self._apply(self._top, TOP)
        allowed = [(self._top[i].logit, self._top[i].id) for i in range(TOP) if np.isfinite(self._top[i].logit)]
        if allowed:
            return max(allowed)[1]
        view = self._all_view(logits)
        self._apply(self._all, self._n_vocab)
        return int(np.argmax(view["logit"]))

    def _all_view(self, logits) -> np.ndarray:
        if self._all is None:
            self._all, self._all_np = _token_array(self._lib, self._n_vocab)
        view = self._all_np
        view["id"] = np.arange(self._n_vocab, dtype=np.intc)
        view["logit"] = logits
        view["p"] = 0.0
        return view

    def allowed(self, sampler=None) -> np.ndarray:
        """Every token the grammar allows now (a pass over the whole vocabulary)."""
        view = self._all_view(np.zeros(self._n_vocab, dtype=np.single))
        self._apply(self._all, self._n_vocab, sampler)
        return view["id"][np.isfinite(view["logit"])].copy()

    def forced(self, letters: Alphabet, after: int | None = None, limit: int = RUN) -> tuple[str, bool]:
        """The characters the grammar forces next (after the token ``after``, if given; at most
        ``limit``), and whether it is then complete (only end-of-generation allowed).

        Probes a clone of the grammar with every single-byte token, in one call per character;
        a character is forced when it is the only one allowed and the end is not. Any token the
        grammar allows starts with a byte whose single-byte token it allows too (it accepts
        prefixes, partial UTF-8 included; a byte-level vocabulary has a token for every byte
        any token holds), so nothing outside the probes is missed. Only ASCII is forced. The
        real grammar's state is left as it was."""
        lib = self._lib
        if self._probe is None or self._probe[2] is not letters:
            n = len(letters.ids) + 1
            data, view = _token_array(lib, n)
            view["id"][:-1], view["id"][-1] = letters.ids, letters.eog
            self._probe = (data, view, letters)
        data, view, _ = self._probe
        clone = lib.llama_sampler_clone(self._sampler)
        run: list[str] = []
        try:
            if after is not None:
                lib.llama_sampler_accept(clone, after)
            while True:
                view["logit"] = 0.0
                self._apply(data, len(view), clone)
                ok = np.isfinite(view["logit"])
                end, chars = bool(ok[-1]), np.flatnonzero(ok[:-1])
                if end:
                    if len(chars) == 0:  # complete, unless a token outside the probes fits
                        rest = self.allowed(clone)
                        return "".join(run), all(lib.llama_vocab_is_eog(self._vocab, int(t)) for t in rest)
                    break
                if len(chars) != 1 or letters.byte[chars[0]] >= 0x80 or len(run) >= limit:
                    break
                run.append(chr(letters.byte[chars[0]]))
                lib.llama_sampler_accept(clone, int(letters.ids[chars[0]]))
        finally:
            lib.llama_sampler_free(clone)
        return "".join(run), False

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


def text_tokens(llm, letters: Alphabet, token: int | None, run: str) -> list[int]:
    """``token`` (or nothing) and the ASCII ``run`` after it as the tokenizer splits their
    text, if those tokens spell exactly that text (no added space, nothing lost); else
    ``token`` and one token per character of ``run``."""
    head = llm.detokenize([token]) if token is not None else b""
    tokens = llm.tokenize(head + run.encode("ascii"), add_bos=False, special=False)
    if llm.detokenize(tokens) == head + run.encode("ascii"):
        return tokens
    return ([token] if token is not None else []) + [letters.char_token[c] for c in run]


def _decode(llm, batch: list[int]) -> None:
    """Append ``batch`` to the context (logits for its last token only)."""
    n_past = llm.n_tokens
    llm._batch.set_batch(batch=batch, n_past=n_past, logits_all=False)
    llm._ctx.decode(llm._batch)
    llm.input_ids[n_past:n_past + len(batch)] = batch
    llm.n_tokens = n_past + len(batch)


# What each context last evaluated in prompt chunks: only those positions are reused, never
# ones written token by token in an answer (batched differently, so numerically different).
_CHUNKED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _evaluate_prompt(llm, prompt: list[int]) -> None:
    held = llm.input_ids[: llm.n_tokens].tolist()
    chunked = _CHUNKED.get(llm, [])
    same = 0
    limit = min(len(held), len(chunked), len(prompt) - 1)  # evaluate at least one token: its logits start the answer
    while same < limit and held[same] == prompt[same] == chunked[same]:
        same += 1
    keep = same - same % CHUNK
    llm.n_tokens = keep
    llm._ctx.kv_cache_seq_rm(-1, keep, -1)
    _CHUNKED[llm] = prompt[:keep]
    for start in range(keep, len(prompt), CHUNK):
        _decode(llm, prompt[start:start + CHUNK])
    _CHUNKED[llm] = list(prompt)


def generate_json(llm, tokens: list[int], schema: dict, max_tokens: int, jump_forward: bool = True,
                  layout: str = LAYOUT, stats: dict | None = None) -> str:
    """Greedy decoding of ``tokens``'s continuation under ``schema``'s grammar, up to
    ``max_tokens`` answer tokens (a cut-off answer then fails JSON parsing or the schema).
    ``jump_forward=False`` decodes as before jump-forward decoding: the grammar with its
    optional spaces, every token from the model; else the JSON is in ``layout`` (see
    layout_grammar). ``stats`` (a dict) gets ``written`` (tokens
    the model chose), ``forced`` (the answer's other tokens), ``batches`` (decode calls after
    the prompt) and ``batch_sizes``, ``prompt_tokens``, and the seconds spent on the prompt (``prompt_s``, the
    first forced run included) and on the answer (``write_s``)."""
    import llama_cpp

    if len(tokens) >= llm.n_ctx():
        raise ValueError(f"the prompt has {len(tokens)} tokens; the context holds {llm.n_ctx()}")
    letters = alphabet(llm) if jump_forward else None
    vocab, n_vocab, ctx = llm._model.vocab, llm.n_vocab(), llm._ctx.ctx
    picker = GrammarPicker(llm, schema, layout if jump_forward else "loose")
    out: list[int] = []
    written = batches = 0
    sizes: list[int] = []

    def with_run(token: int | None, limit: int) -> tuple[list[int], bool]:
        """``token`` (the model's, or None) and the run the grammar forces after it, tokenised
        as one text (a '"' before ', "cites": [' joins it as the tokenizer would join it), at
        most ``limit`` tokens, accepted by the grammar; and whether the answer is complete."""
        run, ends = picker.forced(letters, after=token) if letters else ("", False)
        if run:
            new = text_tokens(llm, letters, token, run)
        else:
            new = [token] if token is not None else []
        ends = ends and len(new) <= limit
        new = new[:limit]
        picker.accept(new)
        return new, ends

    try:
        head, ends = with_run(None, max_tokens)
        prompt = tokens + head
        if len(prompt) >= llm.n_ctx():
            raise ValueError(f"the prompt has {len(tokens)} tokens; the context holds {llm.n_ctx()}")
        started = time.perf_counter()
        _evaluate_prompt(llm, prompt)
        prompt_s = time.perf_counter() - started
        out += head
        while not ends and len(out) < max_tokens:
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx, -1), shape=(n_vocab,))
            token = picker.pick(logits)
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                break
            written += 1
            batch, ends = with_run(token, max_tokens - len(out))
            out += batch
            if ends or len(out) >= max_tokens or llm.n_tokens + len(batch) > llm.n_ctx():
                break
            _decode(llm, batch)
            batches += 1
            sizes.append(len(batch))
    finally:
        picker.close()
    if stats is not None:
        stats.update(written=written, forced=len(out) - written, batches=batches, prompt_tokens=len(tokens),
                     batch_sizes=sizes, prompt_s=prompt_s, write_s=time.perf_counter() - started - prompt_s)
    return llm.detokenize(out).decode("utf-8", "replace")
