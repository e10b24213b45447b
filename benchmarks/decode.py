"""Jump-forward decoding against plain grammar decoding, on the embedded model.

    make models   # once: assembles the embedded Qwen2.5-Coder-1.5B model
    .venv/bin/python benchmarks/decode.py [--threads 2] [--rounds 3] [--layout spaced|compact]
                                          [--same-content] [--batch-costs] [--model PATH] [--json OUT]

Six prompts in the shape the generative steps build them (impression, theme, condensates with
a quote to translate, category; English and Swedish interview passages, English and Swedish
researchers) go through ``llama_decode.generate_json`` with ``jump_forward=False`` (the grammar
with its optional spaces, every token from the model: the decoding before jump-forward) and
with ``jump_forward=True``. Per prompt and decoding: the tokens the model wrote, the tokens the
grammar forced, the seconds spent on the prompt and on the answer; and whether the two parsed
answers are equal. The counts are deterministic; the seconds are not on a shared machine, so old
and new run alternately (the order flips from one prompt and round to the next), the summary
takes each one's fastest round, and the load average is printed with the figures. Each
prompt's whole chunks are evaluated before its timed calls, so a timed call evaluates the
prompt's last chunk and writes.

``--same-content`` also makes the new decoding write the old decoding's answers (in the new
layout), for its speed on the same content; ``--batch-costs`` times appending batches of 1 to
16 tokens (what a forced run adds).

Measured on the 2-core machine, otherwise idle, Qwen2.5-Coder-1.5B Q4_K_M, 2 threads, fastest of
2-3 rounds: the old decoding wrote 633 tokens in 44.4-46.0 s. Made to write the same content, the new
one took 33.6 s (425 tokens from the model, 166 forced; json.dumps spacing) or 33.5 s (428 + 105;
compact). Its own answers: spaced 509 + 164 tokens in 38.6 s (5 of 6 answers differed from the old,
mostly in a few words; one was longer), compact 349 + 86 in 27.7 s (6 of 6 differed; they were
shorter). A batch of 1/2/4/8/16 tokens took 65/94/112/214/275 ms."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from condense.prompts import (category_schema, condensates_schema, impression_schema, template,  # noqa: E402
                              theme_schema)


def numbered(texts: list[str], start: int = 1) -> str:
    return "\n".join(f"[{start + i}] {t}" for i, t in enumerate(texts))


IMPRESSION_EN = numbered([
    "I've been a GP for twenty-six years now and I'm one of five partners at a rural practice.",
    "We had a video system switched on within about ten days of the pandemic, and we were all squinting at "
    "laptops.",
    "There was a webinar of forty minutes, which I watched half of while eating a sandwich; really, it was "
    "learning by doing.",
    "For the farmers video is brilliant, because they don't have to come off the land for a medication review.",
    "But I still want to see anybody with chest pain or a new lump in the room.",
])

IMPRESSION_SV = numbered([
    "Jag är distriktsläkare och har varit specialist i allmänmedicin sedan 2012.",
    "Vi fick en halv dags utbildning av en IT-person från regionen, och den handlade mest om hur man loggar in.",
    "Ett tag hade vi en tavla i fikarummet med antal digitala besök per läkare och vecka, och jag tyckte det "
    "var obehagligt.",
    "När man ska ha video och tolk samtidigt blir ett tjugominutersbesök lätt fyrtio minuter.",
])

THEME_EN = numbered([
    "We got an email with a link to an online module, which was mostly about information governance. Nothing "
    "about how you actually do a wound review on a screen.",
    "There was a webinar, I think it was an hour, about the platform, like where to click to send the link. "
    "Nothing about the actual consulting.",
    "What saved us was Megan, one of our healthcare assistants; she's twenty-four and she just gets it.",
    "I learned that from Dr Okafor, mostly, she'd sit in with me for the first few weeks.",
])

THEME_MIXED = numbered([
    "Jag behöver känna på kanterna, jag behöver känna om det är varmt runt omkring. Och lukten! Det får man "
    "inte på en skärm.",
    "You can't feel if the skin is hot. You can't press and see the fluid, the oedema, how much it pits.",
    "Han höll telefonen alldeles för nära och ljuset var gult från taklampan, och jag kunde inte se om det var "
    "rodnad eller bara lampan.",
    "I can't listen to a chest through a screen. I can't look in an ear.",
])

CONDENSATES = (
    "Group A (said in Swedish; write its condensate in English):\n" + numbered([
        "Vi fick en genomgång på en halvtimme på ett APT och sen var det bara att köra.",
        "Det var Maria som satt med mig de första gångerna och visade hur man släpper in patienten och hur man "
        "delar skärmen.",
    ]) + "\n\nGroup B:\n" + numbered([
        "For a child with a temperature I'll ask the parent to take the vest off and hold the phone above them "
        "so I can see the breathing.",
        "If I need to listen or look properly, basically, they come in. Chests, ears, abdos.",
    ], 3) + "\n\nGroup C:\n" + numbered([
        "Our travel time is massive. Some days I do ninety miles, so a review on video saves half a morning.",
    ], 5) + "\n\nAlso translate this quote Q into English word for word, as quote_translation:\n"
    "[Q] Man får stå upp för det. Jag har varit med länge nog att jag vågar säga ifrån.")

CATEGORY_SV = "\n\n".join([
    "Theme: Utbildning genom att göra\n" + numbered([
        "Vi fick en halv dags utbildning av en IT-person från regionen, och sen var det bara att köra."]),
    "Theme: Press från mål och ersättning\n" + numbered([
        "Regionen har ett mål för hur stor andel av besöken som ska vara digitala, och det följs upp varje "
        "månad."], 2),
    "Theme: Learning from colleagues\n" + numbered([
        "Those tricks were honestly more useful than any course. You get it wrong a few times and you "
        "remember."], 3),
])

PROMPTS = [
    ("impression-en", "impression", IMPRESSION_EN, "en", impression_schema()),
    ("impression-sv", "impression", IMPRESSION_SV, "sv", impression_schema()),
    ("theme-en", "theme", THEME_EN, "en", theme_schema()),
    ("theme-mixed", "theme", THEME_MIXED, "en", theme_schema()),
    ("condensates-3+quote", "condensates", CONDENSATES, "en", condensates_schema(["A", "B", "C"], True)),
    ("category-sv", "category", CATEGORY_SV, "sv", category_schema()),
]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def content_chars(answer) -> int:
    """The characters of the strings in an answer: what it says, without the JSON around it."""
    if isinstance(answer, str):
        return len(answer)
    if isinstance(answer, dict):
        return sum(content_chars(v) for v in answer.values())
    if isinstance(answer, list):
        return sum(content_chars(v) for v in answer)
    return 0


def batch_costs(llm, tokens: list[int], sizes=(1, 2, 4, 8, 16), repeat: int = 5) -> dict[int, list[float]]:
    """Seconds to append a batch of each size after ``tokens`` (the prompt, evaluated first),
    ``repeat`` times each, the sizes interleaved."""
    from condense.engines import llama_decode

    llama_decode._evaluate_prompt(llm, tokens)
    base = llm.n_tokens
    filler = llm.tokenize(b" and the camera broke twice in one week, so we went back to the phone", add_bos=False)
    out: dict[int, list[float]] = {k: [] for k in sizes}
    for _ in range(repeat):
        for k in sizes:
            started = time.perf_counter()
            llama_decode._decode(llm, (filler * 2)[:k])
            out[k].append(time.perf_counter() - started)
            llm.n_tokens = base
            llm._ctx.kv_cache_seq_rm(-1, base, -1)
    return out


def replay(llm, tokens, schema, target: str, max_tokens: int, layout: str) -> tuple[dict, float]:
    """Jump-forward decoding made to write ``target`` (the old decoding's answer, in the new
    layout): the same work per step (a batch decoded, logits computed), but each token the
    model would choose is the next token of the target's remaining text. Times the new
    decoding on the same content as the old."""
    from condense.engines import llama_decode

    whole = target.encode("utf-8")
    split, at = {}, 0  # the target as the tokenizer splits it: its tokens by where they start
    for token in llm.tokenize(whole, add_bos=False, special=False):
        split[at] = token
        at += len(llm.detokenize([token]))

    class Replay(llama_decode.GrammarPicker):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self.done = 0

        def accept(self, toks):
            super().accept(toks)
            self.done += len(llm.detokenize(list(toks)))

        def pick(self, logits):
            if self.done >= len(whole):
                return llm.token_eos()
            # Where a forced run was split otherwise, the text goes on after ASCII: whole characters.
            return split.get(self.done) or llm.tokenize(whole[self.done:], add_bos=False, special=False)[0]

    stats: dict = {}
    real, llama_decode.GrammarPicker = llama_decode.GrammarPicker, Replay
    try:
        started = time.perf_counter()
        text = llama_decode.generate_json(llm, tokens, schema, max_tokens, layout=layout, stats=stats)
        seconds = time.perf_counter() - started
    finally:
        llama_decode.GrammarPicker = real
    assert text == target, (text, target)
    return stats, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=None)
    parser.add_argument("--max-tokens", type=int, default=512)
    parser.add_argument("--layout", default=None,
                        help="the JSON layout of the new decoding: spaced or compact (default: llama_decode.LAYOUT)")
    parser.add_argument("--only", default="", help="comma-separated prompt names")
    parser.add_argument("--batch-costs", action="store_true", help="also time batches of 1-16 tokens")
    parser.add_argument("--same-content", action="store_true",
                        help="also time the new decoding made to write the old decoding's answer")
    parser.add_argument("--json", default="", help="write every run's figures and answers here")
    args = parser.parse_args()

    from condense.engines import llama_decode
    from condense.engines.generative import LlamaCppEngine

    args.layout = args.layout or llama_decode.LAYOUT
    engine = LlamaCppEngine(args.model, threads=args.threads, max_tokens=args.max_tokens)
    llm = engine._load()
    llama_decode.alphabet(llm)  # once per model, outside the timings
    prompts = [p for p in PROMPTS if not args.only or p[0] in args.only.split(",")]
    print(f"{engine.model}, {args.threads} threads, new layout {args.layout}; {load()}", flush=True)
    runs = []
    for r in range(args.rounds):
        for i, (name, tpl, material, lang, schema) in enumerate(prompts):
            tokens = llama_decode.chat_tokens(llm, engine._formatter, template(tpl).render(material, lang))
            # The prompt's whole chunks in the context (as after an earlier call with the same
            # material), so that neither decoding pays for the previous prompt's material.
            llama_decode._evaluate_prompt(llm, tokens)
            answers = {}
            for jump in ((False, True) if (r + i) % 2 == 0 else (True, False)):
                stats: dict = {}
                started = time.perf_counter()
                text = llama_decode.generate_json(llm, tokens, schema, args.max_tokens, jump_forward=jump,
                                                  layout=args.layout, stats=stats)
                seconds = time.perf_counter() - started
                try:
                    answers[jump] = json.loads(text)
                except json.JSONDecodeError:
                    answers[jump] = None
                runs.append({"round": r, "prompt": name, "decoding": "new" if jump else "old", "seconds": seconds,
                             "chars": content_chars(answers[jump]), "text": text, **stats})
            same = answers[False] == answers[True]
            for run in runs[-2:]:
                run["same"] = same
            old, new = sorted(runs[-2:], key=lambda x: x["decoding"] != "old")
            if args.same_content and answers[False] is not None:
                sep = (",", ":") if args.layout == "compact" else (", ", ": ")
                target = json.dumps(answers[False], ensure_ascii=False, separators=sep)
                stats, seconds = replay(llm, tokens, schema, target, args.max_tokens, args.layout)
                runs.append({"round": r, "prompt": name, "decoding": "replay", "seconds": seconds,
                             "chars": old["chars"], "text": target, "same": True, **stats})
                print(f"    the old answer through the new decoding: {stats['written']} written "
                      f"{stats['forced']} forced {stats['prompt_s']:.1f}+{stats['write_s']:.1f} s", flush=True)
            print(f"round {r} {name:20s} prompt {old['prompt_tokens']:4d} tok | "
                  f"old: {old['written']:4d} written {old['forced']:3d} forced {old['prompt_s']:6.1f}+"
                  f"{old['write_s']:6.1f} s | new: {new['written']:4d} written {new['forced']:3d} forced "
                  f"{new['prompt_s']:6.1f}+{new['write_s']:6.1f} s | answers {'equal' if same else 'DIFFER'}",
                  flush=True)
            if not same and r == 0:
                print(f"    old: {old['text']}\n    new: {new['text']}", flush=True)
        print(f"-- {load()}", flush=True)

    print("\nper prompt (deterministic counts; seconds: the fastest of the rounds, prompt tail + answer)")
    print(f"{'prompt':20s} {'decoding':8s} {'written':>7s} {'forced':>6s} {'batches':>7s} {'chars':>5s} "
          f"{'tok/100ch':>9s} {'min s':>7s} {'all rounds':s}")
    best = {}
    decodings = ("old", "new", "replay") if args.same_content else ("old", "new")
    for name, *_ in prompts:
        for decoding in decodings:
            rs = [x for x in runs if x["prompt"] == name and x["decoding"] == decoding]
            if not rs:
                continue
            best[name, decoding] = min(x["seconds"] for x in rs)
            x = rs[0]
            stable = all(y["text"] == x["text"] for y in rs)
            print(f"{name:20s} {decoding:8s} {x['written']:7d} {x['forced']:6d} {x['batches']:7d} {x['chars']:5d} "
                  f"{100 * x['written'] / max(x['chars'], 1):9.1f} {best[name, decoding]:7.1f} "
                  f"{' '.join(format(y['seconds'], '.1f') for y in rs)}"
                  f"{'' if stable else '  (answers differ between rounds!)'}")
    print("\ntotals (replay: the new decoding made to write the old answers)")
    for decoding in decodings:
        rs = [x for x in runs if x["round"] == 0 and x["decoding"] == decoding]
        print(f"{decoding}: {sum(x['written'] for x in rs)} written, {sum(x['forced'] for x in rs)} forced, "
              f"{sum(x['batches'] for x in rs)} batches, {sum(x['chars'] for x in rs)} content characters; "
              f"fastest rounds {sum(best.get((n, decoding), 0) for n, *_ in prompts):.1f} s; per round "
              + ", ".join(f"{sum(x['seconds'] for x in runs if x['round'] == r and x['decoding'] == decoding):.1f}"
                          for r in range(args.rounds)) + " s")
    old = sum(best[n, "old"] for n, *_ in prompts)
    new = sum(best[n, "new"] for n, *_ in prompts)
    print(f"new/old time (fastest rounds): {new / old:.2f}")
    if args.same_content:
        names = [n for n, *_ in prompts if (n, "replay") in best]
        print(f"replay/old time on the same content (fastest rounds): "
              f"{sum(best[n, 'replay'] for n in names) / sum(best[n, 'old'] for n in names):.2f}")
    differ = sorted({x["prompt"] for x in runs if not x["same"]})
    print(f"answers differ for {len(differ)} of {len(prompts)} prompts: {', '.join(differ) or '-'}")
    if args.batch_costs:
        tokens = llama_decode.chat_tokens(llm, engine._formatter, template("theme").render(THEME_EN))
        costs = batch_costs(llm, tokens)
        print("\nseconds per batch appended after a prompt (min / median of 5): " + ", ".join(
            f"{k}: {min(v):.3f}/{sorted(v)[len(v) // 2]:.3f}" for k, v in costs.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
