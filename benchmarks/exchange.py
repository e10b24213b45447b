"""REFI-QDA throughput: import a .qdpx into a new project, export it again, and re-import the export.

    .venv/bin/python benchmarks/exchange.py [FILE.qdpx]

Default FILE: the largest real fixture, NVivo for Windows 12.6 (2 sources, 1.3 M characters,
303 selections with UTF-16 offsets), read from ../shared/refi/fixtures/. One parse runs first
outside the timings (loads the language identifier once per process). Peak RSS is
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the whole process, monotonic); the Python-heap
peak of one import is measured separately under tracemalloc."""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from condense.api import Project
from condense.ingest import parse_transcript

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "refi" / "fixtures" / "nvivo-win-12.6_oltas0517.qdpx"


def maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    args = ap.parse_args()
    source = Path(args.file)
    if not source.is_file():
        sys.exit(f"{source} not found; pass a .qdpx file")
    parse_transcript("warm-up.txt", b"I: hello?\nP: a short warm-up answer about nothing in particular.\n")
    with tempfile.TemporaryDirectory(prefix="condense-bench-refi-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        project, report = Project.import_qdpx(source, root / "imported")
        import_s = time.perf_counter() - t0
        chars = sum(len(d.text) for d in project.documents())
        t0 = time.perf_counter()
        out = project.export_qdpx(root / "export.qdpx")
        export_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again, _ = Project.import_qdpx(out, root / "again")
        reimport_s = time.perf_counter() - t0
        same = again.export_qdpx(root / "again.qdpx").read_bytes() == out.read_bytes()
        tracemalloc.start()
        Project.import_qdpx(source, root / "traced")[0].close()
        heap = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        c = report.counts
        print(f"file: {source.name} ({source.stat().st_size / 2**20:.1f} MB), {c['document']} documents, "
              f"{chars:,} characters, {c['theme']} themes, {c['unit']} units, {c['coding']} codings")
        print(f"import:    {import_s:6.2f} s  {chars / import_s / 1e6:5.2f} M chars/s  "
              f"{c['coding'] / import_s:8.0f} codings/s")
        print(f"export:    {export_s:6.2f} s  {chars / export_s / 1e6:5.2f} M chars/s  ({out.stat().st_size / 2**20:.1f} MB)")
        print(f"re-import: {reimport_s:6.2f} s  (export -> import -> export byte-identical: {same})")
        print(f"peak Python heap of one import: {heap:.0f} MiB; peak RSS of the process: {maxrss_mib():.0f} MiB")
        project.close()
        again.close()


if __name__ == "__main__":
    main()
