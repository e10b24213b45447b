"""The bilingual concept vocabulary (``data/vocabulary.tsv``): everyday and health-care words of
interview talk, each concept with its English words and its Swedish and Danish base forms.

``lexicon.tsv`` matches foreign *stems* at the start of a source word, which suits a hundred
and fifty hand-tuned entries. A vocabulary of thousands of words needs exact matching
instead, or every short stem would match half the sources: a source word is looked up as
written, as its lemma (simplemma's Swedish and Danish dictionaries: "trapporna" -> "trappa",
"fandt" -> "finde") and, for a compound the dictionaries lack, as its head and modifier
("levervärdena" -> "lever" + "värde"). English words are looked up by stem, phrases
("sick leave", "ta hand om") as whole runs of words.

The file was written from general knowledge of the three languages, blind to the guard's test
sets; one concept is one sense, and near relations (arm and leg, son and daughter, spring and
autumn) are separate concepts, so that a substituted word stays unbacked."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from condense.guard.text import stem, tokens

FILE = "data/vocabulary.tsv"
# Swedish and Danish compounds join their parts bare or with a linking -s- or -e-
# ("sjukhus-vård", "barn-s-dop", "hjert-e-piller" is bare: "hjerte" + "piller").
_LINKS = ("", "s", "e")
_MIN_PART = 3


@dataclass
class Vocabulary:
    english: dict[str, set[str]] = field(default_factory=dict)      # stem -> concepts
    english_phrases: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # stems
    foreign: dict[str, set[str]] = field(default_factory=dict)      # form -> concepts
    foreign_phrases: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # forms
    people: set[str] = field(default_factory=set)
    forms: dict[str, set[str]] = field(default_factory=dict)        # English word as written -> concepts
    words: dict[str, list[str]] = field(default_factory=dict)       # concept -> its English words
    single: dict[str, set[str]] = field(default_factory=dict)       # one-word English entry -> concepts

    def add(self, concept: str, english: list[str], foreign: list[str]) -> None:
        if is_person(concept):
            self.people.add(concept)
        self.words.setdefault(concept, []).extend(english)
        for phrase in english:
            words = tokens(phrase)
            if not words:
                continue
            if len(words) == 1:
                self.english.setdefault(stem(words[0]), set()).add(concept)
                self.forms.setdefault(words[0], set()).add(concept)
                self.single.setdefault(words[0], set()).add(concept)
            else:
                self.english_phrases.setdefault(tuple(stem(w) for w in words), set()).add(concept)
                # a sentence may keep one word of a phrase ("the parish hall" -> "hall"): each of
                # its content words names the concept on the sentence's side ("of", "the" do not)
                for w in words:
                    if w not in _english_stopwords():
                        self.forms.setdefault(w, set()).add(concept)
        for phrase in foreign:
            words = tokens(phrase)
            if len(words) == 1:
                self.foreign.setdefault(words[0], set()).add(concept)
            elif words:
                self.foreign_phrases.setdefault(tuple(words), set()).add(concept)

    # -- the sentence's side -------------------------------------------------------------
    def concepts_of_word(self, word: str) -> frozenset[str]:
        """Concepts an English sentence word may express."""
        w = word.lower()
        return frozenset(self.english.get(stem(w), set()) | self.forms.get(w, set()))

    def people_of_word(self, word: str) -> frozenset[str]:
        """The people a sentence word names on its own ("neighbour", "daughters"); words that
        only name a person within a phrase ("nurse" in "agency nurse") do not count."""
        w = word.lower()
        forms = (w, w[:-1]) if w.endswith("s") else (w,)
        return frozenset(c for f in forms for c in self.single.get(f, ()) if c in self.people)

    # -- the sources' side ---------------------------------------------------------------
    def concepts_in(self, text: str, language: str | None = None) -> frozenset[str]:
        """Concepts a source text mentions: its English words (in any language: interviews
        borrow them) and, unless the text is English, its Swedish and Danish words."""
        toks = tokens(text)
        found: set[str] = set()
        stems = [stem(t) for t in toks]
        lang = (language or "").split("-")[0]
        stop = _foreign_stopwords()
        for t, s in zip(toks, stems):
            if lang == "en" or t not in stop:  # Swedish "min" (my) is no English "min"
                found |= self.english.get(s, set())
        for phrase, concepts in self.english_phrases.items():
            if _contains(stems, phrase):
                found |= concepts
        if lang == "en":
            return frozenset(found)
        langs = (lang,) if lang in _LEMMATISED else _LEMMATISED
        lemmas = [set() if t in stop else {t, *_lemmas(t, langs)} for t in toks]
        for t, forms in zip(toks, lemmas):
            if forms:
                hits = set().union(*(self.foreign.get(f, set()) for f in forms))
                # a long word is read as a compound too ("videomøde": video call, and a meeting)
                found |= hits | self._compound(t, langs) if not hits or len(t) >= 8 else hits
        if self.foreign_phrases:
            options = [{t, *_lemmas(t, langs)} for t in toks]
            for phrase, concepts in self.foreign_phrases.items():
                if _contains_any(options, phrase):
                    found |= concepts
        return frozenset(found)

    def gloss(self, text: str, language: str, limit: int = 24) -> list[tuple[str, str]]:
        """(word, English) for the Swedish or Danish words of ``text`` the vocabulary knows, in
        order of appearance: a word list a drafting model can translate with, and whose
        English the guard then backs. A word of several senses gives them all ("ben": leg / bone)."""
        lang = language.split("-")[0]
        if lang not in _LEMMATISED:
            return []
        out: dict[str, str] = {}
        for t in tokens(text):
            if t in out or t in _foreign_stopwords() or not t.isalpha() or len(t) < 3:
                continue
            concepts = set().union(*(self.foreign.get(f, set()) for f in {t, *_lemmas(t, (lang,))}))
            english = [self.words[c][0] for c in sorted(concepts) if self.words.get(c)]
            english = [e for e in dict.fromkeys(english) if e.lower() != t]
            if english:
                out[t] = " / ".join(english[:3])
            if len(out) >= limit:
                break
        return list(out.items())

    def _compound(self, token: str, langs: tuple[str, ...]) -> set[str]:
        """A compound's head (the longest known ending) and its modifier, when both are known:
        "levervärdena" -> liver, value."""
        if len(token) < 2 * _MIN_PART + 1:
            return set()
        for i in range(_MIN_PART, len(token) - _MIN_PART + 1):
            head = self._known(token[i:], langs)
            if not head:
                continue
            for link in _LINKS:
                left = token[:i]
                if link and not left.endswith(link):
                    continue
                modifier = self._known(left[: len(left) - len(link)] if link else left, langs)
                if modifier:
                    return head | modifier
        return set()

    def _known(self, part: str, langs: tuple[str, ...]) -> set[str]:
        if len(part) < _MIN_PART:
            return set()
        return set().union(*(self.foreign.get(f, set()) for f in {part, *_lemmas(part, langs)}))


@lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    text = resources.files("condense").joinpath("steps/stopwords/en.txt").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.split() if w.strip() and not w.startswith("#"))


def is_person(concept: str) -> bool:
    """People and roles: "@nurse" (lexicon.tsv) or "p:@neighbour" (here). The role checks read
    only lexicon.tsv's people, whose words they were tuned on; here, a person is a claim-bearing
    word like any other."""
    return concept.startswith("@") or ":@" in concept


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i:i + n]) == phrase for i in range(len(seq) - n + 1))


def _contains_any(options: list[set[str]], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(all(p in options[i + k] for k, p in enumerate(phrase)) for i in range(len(options) - n + 1))


_LEMMATISED = ("sv", "da")


@lru_cache(maxsize=1)
def _foreign_stopwords() -> frozenset[str]:
    words: set[str] = set()
    for lang in ("sv", "da", "en"):
        text = resources.files("condense").joinpath(f"steps/stopwords/{lang}.txt").read_text("utf-8")
        words |= {w.strip().lower() for w in text.split() if w.strip() and not w.startswith("#")}
    return frozenset(words)


@lru_cache(maxsize=65536)
def _lemmas(token: str, langs: tuple[str, ...] = _LEMMATISED) -> tuple[str, ...]:
    """The word's lemmas in ``langs`` (simplemma's dictionaries; the word itself where they
    lack it); without a known language, both Swedish and Danish are looked up."""
    if not token.isalpha():
        return ()
    try:
        import simplemma
    except ImportError as exc:  # pragma: no cover - a declared dependency
        from condense.errors import MissingDependency
        raise MissingDependency("simplemma", "the faithfulness guard's vocabulary") from exc
    return tuple(dict.fromkeys(simplemma.lemmatize(token, lang=lang) for lang in langs))


@lru_cache(maxsize=65536)
def lemmatize_english(word: str) -> str:
    """An English word's lemma ("rang" -> "ring", "children" -> "child"), by simplemma."""
    import simplemma

    return simplemma.lemmatize(word, lang="en").lower()


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    vocab = Vocabulary()
    text = resources.files("condense.guard").joinpath(FILE).read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        concept, en, sv, da = (line.split("\t") + ["", "", ""])[:4]
        vocab.add(concept.strip(), _items(en), _items(sv) + _items(da))
    return vocab


def _items(field_: str) -> list[str]:
    return [w.strip().lower() for w in field_.split(",") if w.strip()]
