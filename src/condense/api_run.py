"""``Project.run``: draft the whole analysis, keep human work, write analysis.json and the
reports. Output files are written to a temporary name and moved into place, so a failed run
leaves the previous outputs as they were."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from condense.analysis_json import build_analysis
from condense.deid.publish import for_report
from condense.deid.state import load_state
from condense.engines.embedders import Embedder, choose_embedder
from condense.engines.generation_cache import StoreCache
from condense.errors import BadSettings, BracketingRequired
from condense.files import write_atomically
from condense.model import Study
from condense.report.outputs import render_outputs
from condense.settings import RunSettings, build_pipeline
from condense.steps.base import Corpus
from condense.store import repository
from condense.store import tables as t
from condense.store.embedding_cache import StoreEmbeddingCache
from condense.store.events import record
from condense.store.merge import locked, save_draft

__all__ = ["Running", "RunResult", "RunSettings"]


@dataclass(frozen=True)
class RunResult:
    out_dir: Path
    analysis: dict
    files: tuple[Path, ...]

    def summary_lines(self) -> list[str]:
        a = self.analysis
        relevant = sum(1 for u in a["units"] if u["relevant"])
        thin = sum(1 for t_ in a["themes"] if t_.get("saturation_flag"))
        lines = [f"{len(a['documents'])} transcripts -> {relevant} relevant meaning units, {len(a['themes'])} themes "
                 f"({thin} resting on <= 2 participants), {len(a['categories'])} main categories, "
                 f"{len(a.get('unassigned', []))} units unassigned."]
        lines += [f"  step {r['step']:<13} {r['engine']:<24} {r['seconds']:7.2f} s" for r in a["runs"]]
        deid = a.get("deidentification") or {}
        lines.append(f"quotes {deid.get('quote_mode', 'labelled')}; {deid.get('identifiers_replaced', 0)} identifiers "
                     "replaced in the reports" + (f"; {deid['pending_review']} found but not reviewed "
                                                  "(condense deid PROJECT)" if deid.get("pending_review") else ""))
        lines += [f"wrote {f}" for f in self.files]
        lines.append(f"Open the report: {self.out_dir / 'report.html'}")
        return lines


class Running:
    store: object

    def run(self, out_dir: str | Path, settings: RunSettings | None = None, embedder: Embedder | None = None,
            progress=lambda *_: None) -> RunResult:
        settings = settings or RunSettings()
        out_dir = Path(out_dir)
        with self.store.reading() as s:
            study: Study = repository.study(s)
            docs = repository.documents(s)
            people = repository.participants(s)
            memos = repository.memos(s)
            lock = locked(s)
        if not docs:
            raise BadSettings("the project has no transcripts yet; add some with 'condense add PROJECT FILES...'")
        if settings.bracketing and not any(m.kind == "preconception" for m in memos):
            raise BracketingRequired(
                "write down your preconceptions before the machine shows its themes: "
                "condense memo PROJECT --kind preconception \"...\" (or pass --no-bracketing, which is recorded)")
        if out_dir.exists() and not out_dir.is_dir():
            raise BadSettings(f"--out {out_dir} is a file, not a folder")
        if embedder is None:  # record the concrete model, so the run can be replayed exactly
            settings = replace(settings, embedder=choose_embedder(settings.embedder, {d.language for d in docs}))
        pipeline = build_pipeline(settings, embedder, cache=StoreCache(self.store), language=study.researcher_language,
                                  embedding_cache=StoreEmbeddingCache(self.store))
        corpus = Corpus(study, tuple(docs), tuple(people))
        if not corpus.informant_sentences:
            raise BadSettings("the transcripts have no informant text to analyse; check the speaker roles")
        draft = pipeline.run(corpus, lock, progress)
        if not any(u.relevant for u in draft.units):
            raise BadSettings("no informant text was judged relevant to the research question; check the "
                              "question and focus areas, or lower --relevance-threshold")
        batch = uuid.uuid4().hex[:12]
        with self.store.transaction() as s:
            save_draft(s, draft, lock, batch, settings.to_dict())
            if not settings.bracketing:
                record(s, "researcher", "no-bracketing", "run", batch,
                       note="machine themes shown without a preconception memo")
            row = s.get(t.ProjectRow, 1)
            row.settings = {**(row.settings or {}), "last_run": settings.to_dict()}
            analysis = build_analysis(s, {"settings": {**settings.to_dict(), "embedder_model": pipeline.model},
                                          "disagreements": list(draft.synthesis.disagreements)})
            deid = load_state(s)
        published = for_report(analysis, deid)  # the reports show only de-identified text
        outputs = {"analysis.json": json.dumps(analysis, ensure_ascii=False, indent=1).encode("utf-8"),
                   **render_outputs(published, working=analysis)}  # all rendered before any file is written
        out_dir.mkdir(parents=True, exist_ok=True)
        files = []
        for name, data in outputs.items():
            write_atomically(out_dir / name, data)
            files.append(out_dir / name)
        return RunResult(out_dir, analysis, tuple(files))

    def analysis(self) -> dict:
        """The project as analysis.json, without running anything."""
        with self.store.reading() as s:
            return build_analysis(s)
