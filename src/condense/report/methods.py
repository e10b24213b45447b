"""What the analysis dict tells about how the study was analysed: the facts the methods
paragraph and the COREQ/SRQR checklists are written from (steps, engines, models, who coded,
codebook or inductive themes, quotes, saturation). Reads analysis.json only, never the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from condense import __version__

from .matrix import saturation_curve

LANGUAGES = {"en": "English", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "nb": "Norwegian",
             "nn": "Norwegian", "de": "German", "fi": "Finnish", "nl": "Dutch", "fr": "French"}
STEP_TEXT = {
    "impression": "a total impression of each transcript and preliminary themes for the whole material (step 1)",
    "relevance": "informant text judged relevant to the research question and focus areas (step 2)",
    "units": "meaning units cut within informant turns (step 3)",
    "themes": "code groups of meaning units (step 4)",
    "condensation": "condensates per subgroup of each code group, each citing its meaning units (step 5)",
    "synthesis": "main categories over the code groups, with saturation per theme (step 6)",
}


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class Facts:
    n_documents: int
    n_participants: int
    languages: tuple[str, ...]          # readable names, most frequent first
    timed_documents: int                # transcripts with time codes (from recordings)
    durations_min: tuple[float, ...]    # interview lengths where time codes give them
    repeat_participants: int            # participants with more than one transcript
    n_units: int                        # relevant meaning units
    n_themes: int
    n_categories: int
    thin_themes: int                    # themes resting on <= 2 participants
    unassigned: int
    reread: int                         # passages flagged to re-read
    codebook: str | None                # file name of the codebook, when themes were given in advance
    human: dict                         # object type -> how many were made or changed by a person
    totals: dict                        # object type -> how many there are
    coders: tuple[str, ...]             # who coded units to themes ("machine" included)
    n_quotes: int
    attributed_quotes: int
    changed_quotes: int                 # display text differs from the verbatim span (cut or de-identified)
    preconception_memos: int
    reflexive_memos: int
    bracketing: bool | None
    model: str | None
    engine: str | None
    steps: tuple[dict, ...]             # the runs of the latest batch
    new_in_last: tuple[int, ...]        # new themes added by each of the last three interviews
    software: str


def facts(analysis: dict) -> Facts:
    docs = analysis.get("documents") or []
    people = analysis.get("participants") or []
    settings = analysis.get("settings") or {}
    runs = analysis.get("runs") or []
    themes = analysis.get("themes") or []
    condensates = [s.get("condensate") or {} for t in themes for s in t.get("subgroups") or []]
    units = [u for u in analysis.get("units") or [] if u.get("relevant")]
    langs = Counter(d.get("language") for d in docs if d.get("language"))
    per_person = Counter(d.get("participant_id") for d in docs if d.get("participant_id"))
    durations = []
    for d in docs:
        ends = [t["time_end_ms"] for t in d.get("turns") or [] if t.get("time_end_ms") is not None]
        if ends:
            durations.append(round(max(ends) / 60000, 1))
    groups = {"units": units, "themes": themes, "condensates": condensates,
              "categories": analysis.get("categories") or [], "impressions": analysis.get("impressions") or []}
    quotes = analysis.get("quotes") or []
    memos = Counter(m.get("kind") for m in analysis.get("memos") or [])
    codebook = settings.get("codebook")
    models = [r.get("model") for r in runs if r.get("model")]
    curve = saturation_curve(analysis)
    return Facts(
        n_documents=len(docs),
        n_participants=len(people) or len({d.get("participant_id") or d["id"] for d in docs}),
        languages=tuple(LANGUAGES.get(code, code) for code, _ in langs.most_common()),
        timed_documents=len(durations), durations_min=tuple(durations),
        repeat_participants=sum(1 for n in per_person.values() if n > 1),
        n_units=len(units), n_themes=len(themes), n_categories=len(analysis.get("categories") or []),
        thin_themes=sum(1 for t in themes if t.get("saturation_flag")),
        unassigned=len(analysis.get("unassigned") or []), reread=len(analysis.get("disagreements") or []),
        codebook=PurePath(str(codebook)).name if codebook else None,  # never an absolute path in a paper
        human={k: sum(1 for x in v if x.get("source") == "human") for k, v in groups.items()},
        totals={k: len(v) for k, v in groups.items()},
        coders=tuple(analysis.get("coders") or ()),
        n_quotes=len(quotes), attributed_quotes=sum(1 for q in quotes if q.get("attribution")),
        changed_quotes=sum(1 for q in quotes if q.get("text") is not None and q.get("display_text") != q["text"]),
        preconception_memos=memos["preconception"], reflexive_memos=memos["reflexive"],
        bracketing=settings.get("bracketing"),
        model=settings.get("embedder_model") or (models[0] if models else None),
        engine=settings.get("engine"),
        steps=tuple(runs),
        new_in_last=tuple(len(p.new_themes) for p in curve[-3:]),
        software=f"Condense {__version__}",
    )


def _step_detail(run: dict, f: Facts) -> str:
    p = run.get("params") or {}
    step = run.get("step")
    if step == "relevance" and p.get("threshold") is not None:
        return f"threshold {p['threshold']}"
    if step == "units" and p.get("min_words") is not None:
        return f"{p['min_words']}–{p.get('max_words', '?')} words"
    if step == "themes":
        if f.codebook:
            return f"assigned to the codebook {f.codebook} given in advance"
        if p.get("k_min") is not None:
            return f"{p['k_min']}–{p.get('k_max', '?')} groups chosen by silhouette"
    return ""


def who_coded(f: Facts) -> str:
    """One sentence on who made the codes: the machine draft and what people changed."""
    humans = [c for c in f.coders if c != "machine"]
    changed = [f"{f.human[k]} of {f.totals[k]} {k}" for k in ("units", "themes", "condensates", "categories")
               if f.human.get(k)]
    if not changed and not humans:
        return ("All meaning units, code groups, condensates and categories are still the machine's draft: "
                "no researcher has reviewed or changed them yet.")
    text = "The machine drafted every step; "
    text += (f"{join(changed)} were made or changed by the researcher" if changed
             else "the researcher reviewed the draft without changing it")
    if humans:
        text += f", and {plural(len(humans), 'person', 'people')} coded meaning units ({join(humans)})"
    return text + "."


def methods_paragraphs(analysis: dict) -> list[str]:
    """The methods section as paragraphs, written from the run's settings and provenance."""
    f = facts(analysis)
    langs = f" in {join(list(f.languages))}" if f.languages else ""
    first = (f"We analysed {plural(f.n_documents, 'interview transcript')}{langs} from "
             f"{plural(f.n_participants, 'participant')} with systematic text condensation (STC; Malterud 2012), "
             "a descriptive and explorative method for thematic cross-case analysis.")
    if f.steps:
        steps = []
        for run in f.steps:
            detail = _step_detail(run, f)
            what = STEP_TEXT.get(run.get("step"), str(run.get("step")))
            steps.append(f"{what} [{run.get('engine')}{', ' + detail if detail else ''}]")
        model = f" Text was represented with the embedding model {f.model}." if f.model else ""
        second = (f"A first draft of each step was made on the researcher's computer with {f.software}"
                  f"{' (engine: ' + f.engine + ')' if f.engine else ''}: {'; '.join(steps)}.{model}")
    else:
        second = f"The analysis was kept in {f.software}; no machine step has been run."
    derivation = (f"Code groups were given in advance as a codebook ({f.codebook}) and meaning units assigned to them."
                  if f.codebook else "Code groups were derived from the data (inductively), not given in advance.")
    bracket = ("The researcher wrote down preconceptions before the machine's themes were shown (bracketing)."
               if f.preconception_memos else
               "No preconceptions were written down before the machine's themes were shown.")
    if f.bracketing is False:
        bracket += " Bracketing was waived for this run, and the waiver is recorded."
    third = " ".join([derivation, who_coded(f), bracket])
    fourth = (f"The analysis yielded {plural(f.n_categories, 'main category', 'main categories')} with "
              f"{plural(f.n_themes, 'theme')} from {plural(f.n_units, 'relevant meaning unit')}"
              f"; {plural(f.thin_themes, 'theme')} {'rests' if f.thin_themes == 1 else 'rest'} on two participants "
              "or fewer. Every condensate cites the meaning units it condenses, and every change is kept in an "
              "append-only event log (audit trail).")
    return [first, second, third, fourth]
