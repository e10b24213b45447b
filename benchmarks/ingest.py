"""Ingest throughput: ``Project.add`` on generated transcripts.

    .venv/bin/python benchmarks/ingest.py [--docs 100] [--words 2000] [--per-call 10] [--seed 0]

0. one parse outside the timings (loads the language identifier once per process);
1. all files in one ``add`` call (one transaction), timed without tracemalloc;
2. the same batch again in a fresh project under tracemalloc, for the Python-heap peak;
3. ``--per-call`` files added one ``add`` call each, to show the fixed cost of a command.
Peak RSS is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the whole process, monotonic)."""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import generate_study  # noqa: E402

from condense.api import Project  # noqa: E402
from condense.ingest import parse_transcript  # noqa: E402

QUESTION = "How do health-service staff experience their working conditions and the care they can give?"
FOCUS = ["waiting times", "video consultations", "staffing", "continuity of care", "patient safety"]


def maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB on Linux


def new_project(root: Path, name: str) -> Project:
    return Project.init(root / name, name=name, question=QUESTION, focus_areas=FOCUS, language="en")


def timed_add(project: Project, files: list[Path]) -> float:
    t0 = time.perf_counter()
    project.add(files)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100, help="transcripts in the batch (default 100)")
    ap.add_argument("--words", type=int, default=2000, help="approximate words per transcript (default 2000)")
    ap.add_argument("--per-call", type=int, default=10, help="files to add one call each (default 10)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="condense-bench-ingest-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        files = generate_study(root / "transcripts", args.docs, args.words, args.seed)
        gen_s = time.perf_counter() - t0
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
        mib = sum(f.stat().st_size for f in files) / 2**20
        print(f"generated {len(files)} transcripts, {words:,} words, {mib:.1f} MiB in {gen_s:.2f} s "
              f"(seed {args.seed})")
        rss_before = maxrss_mib()
        t0 = time.perf_counter()  # one-time start-up (language model load), paid once per process
        parse_transcript(files[0].name, files[0].read_bytes())
        warm_s = time.perf_counter() - t0

        # 1. one call, all files
        project = new_project(root, "batch")
        batch_s = timed_add(project, files)
        status = project.status()
        project.close()
        rss_after = maxrss_mib()
        langs: dict[str, int] = {}
        for d in status.documents:
            langs[d["language"]] = langs.get(d["language"], 0) + 1
        db_mib = sum(p.stat().st_size for p in (root / "batch").rglob("*") if p.is_file()) / 2**20

        # 2. the same batch under tracemalloc (slower; only the peak is reported)
        project = new_project(root, "traced")
        tracemalloc.start()
        traced_s = timed_add(project, files)
        _, py_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        project.close()

        # 3. one file per call
        few = files[: args.per_call]
        project = new_project(root, "per-call")
        per_call = [timed_add(project, [f]) for f in few]
        project.close()
        project = new_project(root, "per-call-batch")
        few_batch_s = timed_add(project, few)
        project.close()

    n = len(files)
    print()
    print(f"one add() call, {n} files ({status.events} events, {sum(d['turns'] for d in status.documents):,} turns, "
          f"languages {langs}, project dir {db_mib:.1f} MiB)")
    print(f"  start-up        {warm_s:8.2f} s (first parse in the process, not in the figures below)")
    print(f"  time            {batch_s:8.2f} s")
    print(f"  words/s         {words / batch_s:10,.0f}")
    print(f"  files/s         {n / batch_s:8.1f}")
    print(f"  ms/file         {1000 * batch_s / n:8.1f}")
    print(f"  tracemalloc peak {py_peak / 2**20:7.1f} MiB (traced re-run: {traced_s:.2f} s)")
    print(f"  maxrss          {rss_after:8.1f} MiB (before ingest {rss_before:.1f} MiB)")
    k = len(few)
    mean = sum(per_call) / k
    print()
    print(f"{k} files, one add() call each vs one call for all {k}")
    print(f"  per call        {1000 * mean:8.1f} ms mean, {1000 * min(per_call):.1f} min, "
          f"{1000 * max(per_call):.1f} max (first {1000 * per_call[0]:.1f}, last {1000 * per_call[-1]:.1f})")
    print(f"  one call        {1000 * few_batch_s:8.1f} ms total = {1000 * few_batch_s / k:.1f} ms/file")
    print(f"  overhead/call   {1000 * (mean - few_batch_s / k):8.1f} ms "
          f"({sum(per_call) / few_batch_s:.2f}x the single call)")
    print(f"  files/s         {k / sum(per_call):8.1f} one per call vs {k / few_batch_s:.1f} in one call")
    print(f"maxrss at end     {maxrss_mib():8.1f} MiB")


if __name__ == "__main__":
    main()
