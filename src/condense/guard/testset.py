"""The faithfulness test set (package data) and its fixed tune/held-out split."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

KINDS = ("substitution", "role_swap", "invented_event", "wrong_number", "negation_flip")


@dataclass(frozen=True)
class Case:
    group: str          # source group id, e.g. "sv-03"
    language: str       # language of the sources
    sources: tuple[str, ...]
    sentence: str
    kind: str           # "faithful" or one of KINDS
    split: str          # "tune" (odd group numbers) or "heldout" (even)

    @property
    def faithful(self) -> bool:
        return self.kind == "faithful"


def load_cases() -> list[Case]:
    text = resources.files("condense.guard").joinpath("data/faithfulness.jsonl").read_text("utf-8")
    cases = []
    for line in text.splitlines():
        if not line.strip():
            continue
        group = json.loads(line)
        # Split by source group, so paraphrases of one statement never sit on both sides.
        split = "tune" if int(group["id"].split("-")[1]) % 2 else "heldout"
        base = dict(group=group["id"], language=group["language"],
                    sources=tuple(group["sources"]), split=split)
        cases += [Case(sentence=s, kind="faithful", **base) for s in group["faithful"]]
        cases += [Case(sentence=u["sentence"], kind=u["kind"], **base) for u in group["unfaithful"]]
    return cases
