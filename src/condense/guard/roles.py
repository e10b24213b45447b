"""Who did what: the order of people and roles (doctor, nurse, patient, parent, ...) in each
clause of the sentence must not reverse an order the sources state. A passive 'by' clause counts
reversed. First-person sources give the speaker a role; the sentence may name the speaker by a
clinician role or he/she."""

from __future__ import annotations

from itertools import combinations
from typing import Sequence

from condense.guard.text import (FIRST_PERSON, SPEAKER_PRONOUNS, clauses, concepts_in_text,
                                 concepts_of_word, lexicon, tokens)

SPEAKER = "@speaker"
SPEAKER_ROLES = frozenset({"@doctor", "@nurse"})
_PASSIVE = frozenset({"by", "av", "af"})
# "my colleague" names the colleague, not the speaker as an actor.
_POSSESSIVE = frozenset({"my", "our", "min", "mitt", "mina", "vår", "vårt", "våra", "mit", "mine",
                         "vores"})


def _source_roles(text: str) -> list[str]:
    people = [e for e in lexicon() if e.is_person]
    out = []
    for tok in tokens(text):
        if tok in _POSSESSIVE:
            continue
        if tok in FIRST_PERSON:
            out.append(SPEAKER)
            continue
        for e in people:
            if e.concept in concepts_in_text(tok):
                out.append(e.concept)
                break
    return out


def _sentence_roles(clause: str, speaker_aliases: set[str], first_person: bool) -> list[str]:
    out = []
    for tok in tokens(clause):
        if first_person and tok in SPEAKER_PRONOUNS:
            out.append(SPEAKER)
            continue
        people = sorted(c for c in concepts_of_word(tok) if c.startswith("@"))
        if people:
            role = people[0]
            out.append(SPEAKER if role in speaker_aliases else role)
    return out


def _ordered_pairs(roles: list[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in combinations(roles, 2) if a != b}


class RoleOrderCheck:
    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        source_clauses = [c for s in sources for c in clauses(s)]
        source_pairs: set[tuple[str, str]] = set()
        named = set()
        for c in source_clauses:
            roles = _source_roles(c)
            named |= set(roles)
            source_pairs |= _ordered_pairs(roles)
        first_person = SPEAKER in named
        aliases = {r for r in SPEAKER_ROLES if r not in named} if first_person else set()
        reasons = []
        for clause in clauses(sentence):
            roles = _sentence_roles(clause, aliases, first_person)
            pairs = _ordered_pairs(roles)
            if _PASSIVE & set(tokens(clause)):
                pairs = {(b, a) for a, b in pairs}
            for a, b in sorted(pairs):
                if (b, a) in source_pairs and (a, b) not in source_pairs:
                    reasons.append(f"roles reversed: {a[1:]} before {b[1:]} in {clause!r}, "
                                   f"the sources have {b[1:]} before {a[1:]}")
        return reasons
