"""Recall and precision of identifier detection on the synthetic test set
(benchmarks/_deid_synthetic.py: en/sv/da interview sentences with planted identifiers).

    .venv/bin/python benchmarks/deid.py [--seed 8] [--docs 40] [--no-ner]

A planted identifier counts as found when findings cover all of it (a name half-replaced is
not de-identified); 'found' ignores the type (it is replaced either way), 'typed' also needs the
right type. A finding is correct when it overlaps a planted identifier. Prints a table per
language and type, then throughput and peak memory."""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _deid_synthetic import generate  # noqa: E402

from condense.deid.detect import detect, detectors_for  # noqa: E402

TARGET = {"en": 0.95, "sv": 0.9, "da": 0.9}
KEY_TYPES = ("person", "place", "id")


def covered(planted, findings) -> tuple[bool, bool]:
    over = [f for f in findings if f.start < planted.end and planted.start < f.end]
    chars = set()
    for f in over:
        chars.update(range(f.start, f.end))
    whole = all(i in chars for i in range(planted.start, planted.end))
    return whole, whole and any(f.type == planted.type for f in over)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--docs", type=int, default=40, help="transcripts per language")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    ap.add_argument("--no-ner", action="store_true", help="leave the English NER model out")
    args = ap.parse_args()
    corpus = generate(args.seed, args.docs)
    stats = defaultdict(lambda: [0, 0, 0, 0, 0])  # (lang, type) -> planted, found, typed, findings, correct
    misses = defaultdict(list)
    t0, chars = time.perf_counter(), 0
    dets = {lang: detectors_for(lang, use_ner=not args.no_ner) for lang in ("en", "sv", "da")}
    detect("warm up", "en", dets["en"])
    t0 = time.perf_counter()
    for lang, text, planted in corpus:
        chars += len(text)
        findings = detect(text, lang, dets[lang])
        for p in planted:
            found, typed = covered(p, findings)
            row = stats[(lang, p.type)]
            row[0] += 1
            row[1] += found
            row[2] += typed
            if not found:
                misses[(lang, p.type)].append(p.text)
        for f in findings:
            row = stats[(lang, f.type)]
            row[3] += 1
            row[4] += any(f.start < p.end and p.start < f.end for p in planted)
            if not any(f.start < p.end and p.start < f.end for p in planted):
                misses[(lang, "false+" + f.type)].append(f.text)
    seconds = time.perf_counter() - t0
    total = sum(len(p) for _, _, p in corpus)
    print(f"synthetic set: seed {args.seed}, {len(corpus)} transcripts, {total} planted identifiers"
          f"{' (English NER off)' if args.no_ner else ''}")
    print(f"{'lang':<5}{'type':<8}{'planted':>8}{'recall':>8}{'typed':>8}{'findings':>9}{'precision':>10}")
    ok = True
    for lang in ("en", "sv", "da"):
        agg = [0, 0, 0, 0, 0]
        for type_ in ("person", "place", "org", "email", "phone", "id", "date"):
            p, f, ty, n, c = stats[(lang, type_)]
            if p or n:
                nan = float("nan")
                print(f"{lang:<5}{type_:<8}{p:>8}{f / p if p else nan:>8.3f}{ty / p if p else nan:>8.3f}"
                      f"{n:>9}{c / n if n else nan:>10.3f}")
            if type_ in KEY_TYPES:
                agg = [a + b for a, b in zip(agg, (p, f, ty, n, c))]
        recall = agg[1] / agg[0]
        ok &= recall >= TARGET[lang]
        print(f"{lang:<5}{'P+P+ID':<8}{agg[0]:>8}{recall:>8.3f}{agg[2] / agg[0]:>8.3f}{agg[3]:>9}"
              f"{agg[4] / agg[3] if agg[3] else float('nan'):>10.3f}   target recall >= {TARGET[lang]}"
              f" {'met' if recall >= TARGET[lang] else 'NOT met'}")
    if "-v" in sys.argv or "--verbose" in sys.argv:
        for key, items in sorted(misses.items()):
            print(key, sorted(set(items))[:25])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"throughput: {chars / seconds / 1000:.0f}k characters/s ({seconds:.1f} s for {chars} characters); "
          f"peak RSS {rss:.0f} MiB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
