"""How fast the workbench answers on a seed-size study: page renders and edits with undo.

    .venv/bin/python benchmarks/workbench.py [--docs 8] [--words 8750] [--repeat 5]

Generates ``docs`` transcripts (default 8 x 8,750 words = 70k words), runs the fast path with the
hashing embedder (the pages do not depend on the embedder), then times each main page through the
ASGI app in-process (Starlette's TestClient: no network, no browser) and a rename / merge / undo
cycle through the API. Prints the median of ``repeat`` requests per page, edits per second and peak
RSS. Nothing here is asserted; tests never time anything."""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import generate_study  # noqa: E402


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=8)
    ap.add_argument("--words", type=int, default=8750)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from condense.api import Project, RunSettings
    from condense.engines import HashingEmbedder
    from condense.web.app import create_app

    with tempfile.TemporaryDirectory(prefix="condense-bench-workbench-") as tmp:
        root = Path(tmp)
        files = generate_study(root / "transcripts", args.docs, args.words, args.seed)
        words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
        project = Project.init(root / "project", "bench", "How do staff experience their work?", ["staffing"])
        project.add(files)
        project.add_memo("preconception", "I expect staffing to dominate.")
        t0 = time.perf_counter()
        project.run(root / "out", RunSettings(embedder="hashing"), embedder=HashingEmbedder(256))
        run_s = time.perf_counter() - t0
        units, themes = project.units(), project.themes()
        doc = max(project.documents(), key=lambda d: len(d.text))
        in_doc = [u for u in units if u.document_id == doc.id]
        print(f"study: {len(files)} transcripts, {words:,} words, {len(units):,} units, {len(themes)} themes "
              f"(run with the hashing embedder: {run_s:.1f} s)")
        client = TestClient(create_app(project, root / "out", allowed_hosts=("testserver",)))
        pages = {"overview": "/", f"transcript ({len(doc.text.split()):,} words)": f"/transcripts/{doc.id}",
                 "transcript with a unit open": f"/transcripts/{doc.id}?unit={in_doc[len(in_doc) // 2].id}",
                 "themes board": "/themes", "theme page": f"/themes/{themes[0].id}",
                 "condensates": "/condensates", "history": "/history"}
        for name, url in pages.items():
            client.get(url)  # warm the template cache
            ms = _median_ms(lambda url=url: client.get(url).raise_for_status(), args.repeat)
            size = len(client.get(url).content)
            print(f"  GET {name:<34} {ms:8.1f} ms median  {size / 1024:8.1f} KiB")
        n = 0
        t0 = time.perf_counter()
        for i in range(args.repeat):
            project.rename_theme(themes[0].id, f"Renamed {i}", expected=project.version(themes[0].id))
            project.undo()
            n += 2
        edit_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        project.merge_themes(themes[0].id, themes[1].id)
        merge_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        project.undo()
        undo_ms = (time.perf_counter() - t0) * 1000
        print(f"  rename + undo: {n / edit_s:.1f} edits/s; merge of {len(themes[1].unit_ids)} units: {merge_ms:.0f} ms, "
              f"its undo: {undo_ms:.0f} ms")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {rss:.0f} MiB")
        project.close()


if __name__ == "__main__":
    main()
