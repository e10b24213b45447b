"""Who did what: in each clause, people and roles (doctor, nurse, patient, parent, ...) are put in
agent-first order, and the sentence must not reverse an order the sources state.

Agent-first order is word order, corrected where word order lies:
- a subject pronoun (I/we/he/she, jag/vi/han/hon, jeg/vi/han/hun) is the agent wherever it
  stands, so Swedish/Danish V2 inversion ("i morgon ringer jag patienten", "over video kunne han
  tale med mig") keeps the right agent;
- a role right after 'by'/'av'/'af' (passive agent, "fick utbildning av en IT-person", "blev
  hjulpet af sygeplejersken") is the agent;
- a third-person pronoun (him/her/honom/henne/ham/hende, and he/she in the sources) stands for
  the last role named in an earlier clause, so "His sister sat next to him" keeps the patient.
First-person sources make the speaker a role; the sentence may name the speaker by a clinician
role or he/she."""

from __future__ import annotations

import re
from itertools import combinations
from typing import Sequence

from condense.guard.text import FIRST_PERSON, clauses, concepts_in_text, people_of_word, stem, tokens
from condense.guard.text import first_person as speaks_first
from condense.guard.vocabulary import is_person

SPEAKER = "@speaker"
# clinicians whose interviews the condensates retell: the sentence may call the speaker so
SPEAKER_ROLES = frozenset({"@doctor", "@nurse", "@therapist", "@pharmacist", "@midwife",
                           "@psychiatrist"})
_PASSIVE = frozenset({"by", "av", "af"})
# 'by/av/af' marks the agent only in a passive or receiving clause ("blev hjulpet af", "fick
# utbildning av", "was taught by"); otherwise it is a preposition ("ved siden af mig").
_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "gets", "got",
                          "blev", "blir", "bliver", "blivit", "blevet", "vart", "fick", "får",
                          "fått", "fik", "fået"})
# "my colleague" names the colleague, not the speaker as an actor.
_POSSESSIVE = frozenset({"my", "our", "min", "mitt", "mina", "vår", "vårt", "våra", "mit", "mine",
                         "vores"})
# "I taught them myself": a reflexive repeats the agent, it is not a second mention.
_REFLEXIVE = frozenset({"myself", "ourselves", "himself", "herself"})
_FIRST_SUBJECT = frozenset({"i", "we", "jag", "vi", "jeg"})
_THIRD_SUBJECT = frozenset({"he", "she", "han", "hon", "hun"})
_THIRD_OBJECT = frozenset({"him", "her", "honom", "henne", "ham", "hende"})
_FEMALE = frozenset({"she", "her", "hon", "henne", "hun", "hende", "mother", "mothers", "mum",
                     "mom", "daughter", "daughters", "sister", "girl", "wife", "woman", "women",
                     "lady", "mamma", "mor", "dotter", "döttrar", "syster", "flicka", "tjej", "fru",
                     "maka", "kvinna", "kvinnor", "datter", "døtre", "søster", "pige", "kone",
                     "kvinde", "kvinder"})
_MALE = frozenset({"he", "him", "han", "honom", "ham", "father", "fathers", "dad", "son", "sons",
                   "brother", "boy", "husband", "man", "men", "guy", "pappa", "far", "bror",
                   "pojke", "kille", "make", "søn", "sønner", "dreng", "mand", "mænd", "fyr"})


def _name(person: str) -> str:
    """'@doctor' and 'p:@district-nurse' as 'doctor' and 'district nurse'."""
    return person.split("@")[-1].replace("-", " ")


def _gender(token: str) -> str | None:
    return "f" if token in _FEMALE else "m" if token in _MALE else None


def role_of(token: str, english: bool, prefer: frozenset[str] = frozenset(),
            language: str | None = None) -> str | None:
    """The person concept a token names; sentence words are English, source words may be
    Swedish or Danish stems. A word naming several ("undersköterskan": carer and nurse) is
    taken as the one the sentence uses (``prefer``), else the alphabetically first."""
    concepts = people_of_word(token) if english else concepts_in_text(token, language)
    people = sorted(c for c in concepts if is_person(c))
    return next((c for c in people if c in prefer), people[0] if people else None)


def _antecedent(earlier: list[tuple[str, str | None]], gender: str | None) -> str | None:
    """The last role named in an earlier clause that agrees in gender (when both are known)."""
    for role, g in reversed(earlier):
        if role != SPEAKER and (g is None or gender is None or g == gender):
            return role
    return None


def _roles(clause: str, earlier: list[tuple[str, str | None]], *, first_person: bool,
           speaker_aliases: set[str], is_sentence: bool,
           prefer: frozenset[str] = frozenset(), language: str | None = None,
           names: frozenset[str] = frozenset()) -> list[tuple[str, str | None]]:
    """(role, gender) of one clause in agent-first order; ``earlier`` holds those of earlier
    clauses (for pronouns); ``names`` are people named in both the sentence and the sources."""
    # rank: -1 passive agent ("fick utbildning av en IT-person": the giver acts, the subject
    # receives), 0 subject pronoun, 1 other, then word order
    found: list[tuple[int, int, str, str | None]] = []
    toks = tokens(clause)
    english = is_sentence or (language or "").split("-")[0] == "en"
    owners = _possessors(clause, toks) if english else set()
    passive = bool(_PASSIVE_AUX & set(toks))
    for i, tok in enumerate(toks):
        if tok in _POSSESSIVE or tok in _REFLEXIVE or i in owners:
            continue
        if english and i + 1 < len(toks) and _person_phrase(tok, toks[i + 1]):
            continue  # "assistant nurse": the head word names the person
        # "by the district nurse", "av en IT-person": a passive marker up to three words back
        marker = next((j for j in range(i - 1, max(-1, i - 4), -1) if toks[j] in _PASSIVE), None)
        # an s-passive verb just before 'af/av' ("tages af sygeplejersken", "görs av sköterskan")
        s_passive = marker is not None and any(
            t.endswith("s") and len(t) >= 4 for t in toks[max(0, marker - 2):marker])
        after_by = marker is not None and (passive or s_passive)
        if tok in FIRST_PERSON and not is_sentence and not (tok == "i" and _scandinavian(language)):
            found.append((-1 if after_by else 0 if tok in _FIRST_SUBJECT else 1, i, SPEAKER, None))
            continue
        if tok in _THIRD_SUBJECT or tok in _THIRD_OBJECT:
            role = _antecedent(earlier, _gender(tok))
            if is_sentence and first_person and (role is None or tok in _THIRD_SUBJECT):
                role = SPEAKER  # a condensate of first-person talk calls the speaker he/she
            if role is not None:
                found.append((-1 if after_by else 0 if tok in _THIRD_SUBJECT else 1, i, role, None))
            continue
        role = NAMED + tok if tok in names else role_of(tok, english=is_sentence, prefer=prefer,
                                                          language=language)
        if role is None:
            continue
        if is_sentence and role in speaker_aliases:
            role = SPEAKER
        found.append((-1 if after_by else 1, i, role, _gender(tok)))
    ordered = sorted(found)
    if english:
        # the first person named outside a prepositional phrase, however long the adverbial
        # before it ("Last winter the GP phoned ...", "On Thursday the carer found ...")
        subject = next((r for rank, pos, r, _ in ordered
                        if rank <= 0 or not _PREPOSITIONS & set(toks[max(0, pos - 2):pos])), None)
    else:  # Swedish and Danish: a subject pronoun, a passive agent, or a person among the first words
        subject = next((r for rank, pos, r, _ in ordered if rank <= 0 or pos <= 2), None)
    _SUBJECTS[clause, is_sentence] = subject if ordered else None
    return [(r, g) for _, _, r, g in ordered]


NAMED = "@name:"
_OWNED = re.compile(r"([^\W\d_]+)['’]s\b")


def _possessors(clause: str, toks: list[str]) -> set[int]:
    """Indices of English words that own rather than act: "the patient's account", "Mr Patel's
    district nurse", and "her" before a noun ("her kitchen", not "found her on the floor")."""
    owned = {m.group(1).lower() for m in _OWNED.finditer(clause)}
    out = {i for i, t in enumerate(toks) if t in owned}
    for i, t in enumerate(toks[:-1]):
        if t in ("her", "his", "their") and _noun_follows(toks[i + 1:i + 3]):
            out.add(i)
    return out


def _noun_follows(words: list[str]) -> bool:
    """Whether the words after "her" start a noun phrase: a noun that is no verb, after at
    most one adjective ("her kitchen", "her young son"; not "her log in", "her to come")."""
    from condense.guard.wordnet import wordnet

    wn = wordnet()
    for w in words:
        noun, verb, adjective = (bool(wn.senses_of(w, p)) for p in ("n", "v", "a"))
        if noun and not verb:
            return True
        if not (adjective and not verb):
            return False
    return False


def _person_phrase(first: str, second: str) -> bool:
    """Whether two English words name one person ("assistant nurse", "district nurse")."""
    from condense.guard.vocabulary import vocabulary

    vocab = vocabulary()
    return any(c in vocab.people for c in vocab.english_phrases.get((stem(first), stem(second)), ()))


def _scandinavian(language: str | None) -> bool:
    return (language or "").split("-")[0] in ("sv", "da")
_PREPOSITIONS = frozenset({"for", "with", "to", "from", "of", "at", "on", "about", "than", "like", "without",
                           "behind", "beside", "towards", "among", "med", "till", "til", "för", "från", "fra",
                           "hos", "åt", "om", "utan", "uden", "bredvid", "ved"})


def shared_names(sentence: str, sources: Sequence[str]) -> frozenset[str]:
    """Capitalised words of the sentence that the sources also capitalise and that no lexicon
    knows ("Erna", "Gunnar", "Patel"; not "Monday", "GP"): people named in both."""
    def capitalised(text: str) -> set[str]:
        return {m.group().lower() for m in _CAPITALISED.finditer(text)}

    from condense.guard.support import zipf

    theirs = set().union(*(capitalised(s) for s in sources)) if sources else set()
    # frequent English words open sentences ("Last", "When"); names are rarer than that
    return frozenset(w for w in capitalised(sentence) & theirs
                     if zipf(w) < 4.5 and not concepts_in_text(w, "en") and w not in FIRST_PERSON)


_CAPITALISED = re.compile(r"\b[A-ZÅÄÖÆØ][a-zåäöæøéü]+\b")


# The clause's subject (a subject pronoun, a passive agent, or a role among its first three
# words), noted by _roles for the agent-binding test.
_SUBJECTS: dict[tuple[str, bool], str | None] = {}


def _ordered_pairs(roles: list[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in combinations(roles, 2) if a != b}


# "...som håller i plattan när jag pratar med de boende": a subordinate clause has its own subject
_SUBORDINATE = re.compile(r"\s+(?:när|når|when|whenever)\s+", re.IGNORECASE)
_RELATIVE_WORDS = frozenset({"som", "who", "der", "which"})
_RELATIVE = re.compile(r"\s+(?:som|who|der|which)\s+", re.IGNORECASE)


def _clauses_roles(text_clauses: list[str], **kw) -> list[tuple[str, list[str]]]:
    """Roles per clause. Relative clauses ("en patient som inte ville komma", "det var
    sköterskan som lärde mig") are split off, with the role they follow as their subject."""
    out, earlier = [], []
    for clause in text_clauses:
        # a clause that opens with a relative pronoun right after a role ("Det er
        # sygeplejersken, der gennemgår medicinlisten") has that role as its subject
        opener = tokens(clause)[:1]
        last = tokens(out[-1][0])[-1:] if out else []
        after_role = bool(last) and bool(
            role_of(last[0], kw["is_sentence"], kw.get("prefer", frozenset()), kw.get("language")))
        before = [earlier[-1]] if opener and opener[0] in _RELATIVE_WORDS and after_role else []
        subordinates = [s for s in _SUBORDINATE.split(clause) if s.strip()]
        parts = [(j, k, q) for j, sub in enumerate(subordinates)
                 for k, q in enumerate(p for p in _RELATIVE.split(sub) if p.strip())]
        for j, k, part in parts:
            if j and not k:
                before = []  # a subordinate clause inherits no subject
            roles = _roles(part, earlier, **kw)
            if (k or before) and before:
                roles = [before[-1], *roles]
                _SUBJECTS[part, kw["is_sentence"]] = before[-1][0]
            earlier += roles
            before = roles
            out.append((part, [r for r, _ in roles]))
    return out


class RoleOrderCheck:
    """Two tests on agent-first role orders: a pair of roles in one clause must not reverse a
    pair the sources state, and an action must keep its agent: "the nurse takes the blood
    samples and then I go through the results" told as "the GP takes the blood samples and the
    nurse goes through the results" binds each action (matched by content words, through the
    lexicons, at least ``min_overlap`` words; None turns the test off) to the other role of the
    two. It objects only when the sentence's agent has no part in the matching source clause:
    without that condition its subject guesses cost faithful sentences on the tune half."""

    def __init__(self, min_overlap: int | None = 2):
        from condense.guard.negation import PolarityAlignment
        self.min_overlap = min_overlap
        self._words = PolarityAlignment()  # content-word units, shared with the polarity check

    def _units(self, clause: str, is_sentence: bool, language: str | None = None) -> list[set[str]]:
        units = (self._words._sentence_units(clause) if is_sentence
                 else self._words._source_units(clause, language))
        return [u for u in units if not any(is_person(c) for c in u)]

    def check(self, sentence: str, sources: Sequence[str], language: str | None = None) -> list[str]:
        first_person = any(speaks_first(s, language) for s in sources)
        in_sentence = frozenset(c for t in tokens(sentence) for c in people_of_word(t))
        names = shared_names(sentence, sources)
        source_pairs: set[tuple[str, str]] = set()
        named: set[str] = set()
        source_agents: list[tuple[str, set[str], set[str]]] = []  # (agent, content, roles)
        for source in sources:
            for clause, roles in _clauses_roles(clauses(source), first_person=first_person, language=language,
                                                speaker_aliases=set(), is_sentence=False,
                                                prefer=in_sentence, names=names):
                named |= set(roles)
                source_pairs |= _ordered_pairs(roles)
                units = self._units(clause, False, language)
                subject = _SUBJECTS.pop((clause, False), None)
                if subject and units:
                    source_agents.append((subject, set().union(*units), set(roles)))
        aliases = {r for r in SPEAKER_ROLES if r not in named} if first_person else set()
        reasons = []
        sentence_roles = _clauses_roles(clauses(sentence), first_person=first_person,
                                        speaker_aliases=aliases, is_sentence=True, names=names)
        mentioned = {r for _, roles in sentence_roles for r in roles}
        for clause, roles in sentence_roles:
            for a, b in sorted(_ordered_pairs(roles)):
                if (b, a) in source_pairs and (a, b) not in source_pairs:
                    reasons.append(f"roles reversed: {_name(a)} before {_name(b)} in {clause!r}, "
                                   f"the sources have {_name(b)} before {_name(a)}")
            subject = _SUBJECTS.pop((clause, True), None)
            if subject and self.min_overlap is not None:
                reasons += self._agent_binding(clause, subject, mentioned, source_agents)
        return reasons

    def _agent_binding(self, clause, agent, mentioned, source_agents) -> list[str]:
        units = self._units(clause, True)
        overlap = [(sum(bool(u & keys) for u in units), who, roles)
                   for who, keys, roles in source_agents]
        best = max((n for n, _, _ in overlap), default=0)
        if best < self.min_overlap:
            return []
        agents = {who for n, who, _ in overlap if n == best}
        present = set().union(*(roles for n, _, roles in overlap if n == best))
        # only a swap between people the sentence names (an omitted agent is no reversal), and
        # only when the sentence's agent has no part in the matching source clause at all
        if agent in present or not agents & (mentioned - {agent}):
            return []
        other = sorted(agents & mentioned)[0]
        return [f"roles swapped: {clause!r} gives {_name(agent)} the action the sources give to "
                f"{_name(other)}"]
