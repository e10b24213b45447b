"""The generative engine on whole studies: wall time, engine calls and the guard's kept/dropped
counts per step, for the bundled example study and a seed-size study (8 x ~8,750 words).

    make models   # once: assembles the embedded Qwen2.5-Coder-1.5B model
    .venv/bin/python benchmarks/llm.py [--study example,seed] [--engine llama-cpp] [--threads N]

Each study runs in a fresh project (a cold answer cache), then once more on the same project
(every answer from the cache). It also checks the acceptance rules on the output: every kept
generated sentence passed the guard and cites units, and condensates drafted from Swedish or
Danish units are in the researcher's language (py3langid). Prints the machine's load with
the figures: on a shared 2-core box the timings are pessimistic."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _generate import generate_study  # noqa: E402

EXAMPLE = ROOT / "examples" / "video-consultations"
EXAMPLE_QUESTION = ("How do primary-care clinicians experience video consultations, and what makes them keep "
                    "using them or give them up?")
EXAMPLE_FOCUS = ["Getting started with video consultations: training and support",
                 "Clinical judgement and safety at a distance", "The relationship with the patient on video",
                 "Technology, workload and organisation of video visits",
                 "Patients who are helped or left out by video",
                 "The future of video consultations"]
SEED_QUESTION = "How do health-service staff experience their working conditions and the care they can give?"
SEED_FOCUS = ["waiting times", "video consultations", "staffing", "continuity of care", "patient safety"]
STEPS = ("impression", "themes", "condensation", "synthesis")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def build(kind: str, root: Path):
    from condense.api import Project

    if kind == "example":
        project = Project.init(root / "project", "Video consultations in primary care", EXAMPLE_QUESTION,
                               EXAMPLE_FOCUS, language="en")
        project.add(sorted((EXAMPLE / "transcripts").iterdir()))
        project.load_participants(EXAMPLE / "participants.csv")
        project.add_memo("preconception", (EXAMPLE / "preconceptions.md").read_text("utf-8"))
    else:
        files = generate_study(root / "transcripts", 8, 8750, 7)
        project = Project.init(root / "project", "seed-size study", SEED_QUESTION, SEED_FOCUS, language="en")
        project.add(files)
        project.add_memo("preconception", "I expect staffing and waiting times to dominate.")
    return project


def check(analysis: dict) -> dict:
    """The acceptance rules, read off analysis.json."""
    from condense.ingest.language import detect_language

    units = {u["id"]: u for u in analysis["units"]}
    kept = [g for g in analysis["generated"] if g["status"] == "kept"]
    sentences = [g for g in kept if g["field"] != "label"]
    uncited = [g for g in sentences if g["object_type"] != "impression" and not g["unit_ids"]]
    unit_free = [g for g in sentences if any(u not in units for u in g["unit_ids"])]
    foreign, generated, english = 0, 0, 0
    for theme in analysis["themes"]:
        for sub in theme["subgroups"]:
            c = sub["condensate"]
            if not any(units[u]["language"] in ("sv", "da") for u in c["unit_ids"]):
                continue
            foreign += 1
            if "generated_by" in c:  # a dropped draft leaves the extractive one, in the units' language
                generated += 1
                english += detect_language(c["text"]) == "en"
    return {"kept_sentences": len(sentences), "kept_without_units": len(uncited) + len(unit_free),
            "kept_failing_guard": sum(1 for g in kept if g["reasons"]),
            "sv_da_condensates": foreign, "of_them_generated": generated, "generated_in_english": english}


def dump(analysis: dict, path: Path) -> None:
    """Every generated sentence with its verdict and the units it cites, to read the guard's calls."""
    units = {u["id"]: u for u in analysis["units"]}
    lines = []
    for g in analysis["generated"]:
        lines.append(f"[{g['status']}] {g['object_type']}.{g['field']}: {g['text']}")
        lines += [f"    reason: {r}" for r in g["reasons"]]
        lines += [f"    <{units[u]['language']}> {units[u]['text'][:400]}" for u in g["unit_ids"] if u in units]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(kind: str, args) -> None:
    from condense.api import RunSettings

    settings = RunSettings(engine=args.engine, model=args.model, base_url=args.base_url)
    with tempfile.TemporaryDirectory(prefix=f"condense-bench-llm-{kind}-") as tmp:
        if args.keep:  # a kept project keeps its answer cache: re-runs ask the engine nothing twice
            tmp = str(args.keep / kind)
        if (Path(tmp) / "project").exists():
            from condense.api import Project
            project = Project(Path(tmp) / "project")
        else:
            project = build(kind, Path(tmp))
        words = sum(len(d.text.split()) for d in project.documents())
        for attempt in ("cold", "warm")[: 1 if args.no_rerun else 2]:
            before = load()
            t0 = time.perf_counter()

            def progress(label, done, total, kind=kind, attempt=attempt, t0=t0):
                print(f"  [{kind} {attempt} {time.perf_counter() - t0:7.1f} s] {label}", file=sys.stderr, flush=True)

            a = project.run(Path(tmp) / f"out-{attempt}", settings, progress=progress).analysis
            wall = time.perf_counter() - t0
            steps = {r["step"]: r for r in a["runs"]}
            print(f"\n{kind} study ({len(a['documents'])} transcripts, {words} words, {len(a['units'])} units, "
                  f"{len(a['themes'])} themes, {len(a['categories'])} categories), {attempt} cache, "
                  f"engine {args.engine} ({steps['condensation']['params'].get('model')}, "
                  f"threads {steps['condensation']['params'].get('threads')})")
            print(f"  before: {before}; after: {load()}")
            print(f"  wall time {wall:.1f} s")
            print(f"  {'step':<13} {'seconds':>8} {'calls':>6} {'cached':>6} {'failed':>6} {'kept':>5} {'dropped':>7}")
            total = Counter()
            for step in STEPS:
                g = steps[step]["params"]["generated"]
                total.update(g)
                print(f"  {step:<13} {steps[step]['seconds']:8.1f} {g['calls']:6d} {g['cached']:6d} {g['failed']:6d} "
                      f"{g['kept']:5d} {g['dropped']:7d}")
            print(f"  {'all':<13} {sum(steps[s]['seconds'] for s in STEPS):8.1f} {total['calls']:6d} "
                  f"{total['cached']:6d} {total['failed']:6d} {total['kept']:5d} {total['dropped']:7d}")
            print(f"  checks: {check(a)}")
            if args.dump:
                dump(a, args.dump.with_name(f"{args.dump.stem}-{kind}-{attempt}.txt"))
            dropped = [g for g in a["generated"] if g["status"] == "dropped"][: args.show]
            for g in dropped:
                why = "; ".join(g["reasons"])[:120]
                print(f"  dropped {g['object_type']}.{g['field']}: {g['text'][:110]!r} <- {why}")
        project.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--study", default="example,seed")
    ap.add_argument("--engine", default="llama-cpp")
    ap.add_argument("--model")
    ap.add_argument("--base-url")
    ap.add_argument("--threads", type=int, help="llama.cpp threads (default: as a run chooses them, from how busy "
                                                "the machine is when the engine starts)")
    ap.add_argument("--show", type=int, default=5, help="dropped sentences to print per run")
    ap.add_argument("--no-rerun", action="store_true", help="skip the second (cached) run")
    ap.add_argument("--keep", type=Path, help="keep the projects (and their answer caches) in this folder; "
                                             "an existing one is re-run, so its timings are warm")
    ap.add_argument("--dump", type=Path, help="write every generated sentence, verdict and cited units "
                                             "to DUMP-<study>-<attempt>.txt")
    args = ap.parse_args()
    if args.threads:
        os.environ["CONDENSE_LLM_THREADS"] = str(args.threads)
    print(f"condense LLM benchmark; {load()}")
    for kind in args.study.split(","):
        run(kind.strip(), args)


if __name__ == "__main__":
    main()
