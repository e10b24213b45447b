"""Names, places and institutions in Swedish, Danish and Norwegian (and English, beside the
NER model) from word lists plus capitalisation and context rules.

Nouns are not capitalised in these languages, so a capital letter inside a sentence is a
strong sign of a proper noun; at the start of a sentence only the word lists count, and words
that are also ordinary words ('Per', 'Bo', 'Dag') need a second sign (a surname, a title)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from condense.deid.base import Finding, finding
from condense.steps.keyphrases import stopwords

WORD = re.compile(r"[^\W\d_][\w’'-]*")
# Words before a name: titles, professions, verbs of naming (lower case; compared lower-cased).
TITLES = set("""dr dr. doktor doktorn doctor mr mr. mrs mrs. ms ms. miss prof professor nurse sister
sjuksköterskan sjuksköterska undersköterskan läkaren överläkare överläkaren distriktsläkare kollegan kollega
chefen chef verksamhetschefen mamma pappa dotter son sonen dottern maken makan frun mannen
sygeplejerske sygeplejersken lægen læge overlæge overlægen kollegaen kollegen chefen mor far datter søn
sykepleier sykepleieren legen lege fastlege fastlegen kollegaen sjefen
heter hette hedder hed heiter het named called colleague colleagues manager patient patienten pasienten
fru herr hr. hr""".split())
# Verbs and phrases before a person's name (English needs these; see GazetteerDetector._at).
PERSON_CUES = {"phoned", "rang", "emailed", "e-mailed", "asked", "told", "thanked", "met", "visited",
               "spoke to", "talked to", "talked with", "wrote to", "said to", "spoke with"}
PLACE_CUES = {"moved to", "move to", "went to", "drive to", "travel to", "flyttade till", "flyttede til",
              "flytta till", "kørte til", "åkte till"}
DETERMINERS = {"the", "our", "my", "your", "their", "this", "that", "a", "an", "vår", "vårt", "min", "mitt", "den",
               "det", "vores", "mit", "denne", "dette", "en", "ett", "et"}
# Prepositions before a place.
PLACE_PREPS = set("""i på från fra til till in from to near at utanför udenfor utenfor nära ved vid
mellan mellem nord syd söder øst väst vest north south east west outside around""".split())
COUNTRIES = set("""Sverige Danmark Norge Finland Island Tyskland England Sweden Denmark Norway Iceland
Germany Britain UK USA Europa Europe Skandinavien Scandinavia Norden Frankrike Frankrig Spanien Spain
Polen Poland Syrien Syria Irak Iraq Somalia Afghanistan Iran Kina China Indien India Storbritannien
Scotland Wales Ireland Australia America Canada Pakistan Nigeria Italy Italien""".split())
# Capitalised words that are not identifiers: products, diseases, institutions of the state.
NOT_NAMES = set("""Zoom Teams Skype Facetime FaceTime Covid Corona COVID Internet Google Apple Microsoft
Android Iphone iPhone Ipad iPad BankID MitID NemID Journalen Kry Doktor24 Min Mina Vårdguiden Sundhed
Messenger WhatsApp Facebook Youtube YouTube Excel Word Outlook Windows Mac Region Regionen Kommunen
Socialstyrelsen Sundhedsstyrelsen Helsedirektoratet Folkhälsomyndigheten NHS GP GPs Monday Tuesday
Wednesday Thursday Friday Saturday Sunday January February March April May June July August September
October November December Christmas Easter Jul Påsk Midsommar English Swedish Danish Norwegian Engelsk
Svenska Dansk Norsk Okay OK Ok Hmm Mm Ja Nej Nei Yes No Interviewer Informant Intervjuare Mum Mom Dad
Mamma Pappa Mor Far Mormor Farmor Morfar Farfar Granny Grandma Grandad""".split())
STRONG_SURNAME = re.compile(r"(?:sson|ssen|sen|gaard|gård|qvist|kvist|quist|ström|strøm|ius|stedt)$")
PLACE_SUFFIX = re.compile(r"(?:by|stad|köping|købing|borg|havn|hamn|fors|rup|strup|løse|sted|bro|näs|vik|"
                          r"ås|åsen|holm|lund|berg|torp|hult|ryd|ager|bjerg|øy|heim|dal|ängen|haga)$")
INSTITUTION_WORDS = (r"vårdcentral(?:en)?|hälsocentral(?:en)?|sjukhus(?:et)?|lasarett(?:et)?|sygehus(?:et)?|"
                     r"hospital(?:et)?|lægehus(?:et)?|lægehuset|sundhedscenter|sundhedshus(?:et)?|legekontor(?:et)?|"
                     r"legesenter(?:et)?|legevakt(?:en)?|klinik(?:ken)?|mottagning(?:en)?|familjeläkarmottagning(?:en)?|"
                     r"medical centre|medical center|health centre|health center|surgery|practice|clinic|"
                     r"general hospital|university hospital|infirmary|universitetssjukhus(?:et)?|universitetshospital")
_CAP = r"[A-ZÅÄÖÆØÉÜ][\w’'-]*"
INSTITUTION = re.compile(
    rf"\b(?:[Vv]årdcentralen|[Hh]älsocentralen|[Ss]jukhuset|[Ll]asarettet|[Ll]ægehuset|[Ss]undhedshuset|"
    rf"[Ll]egekontoret|[Ll]egesenteret|[Kk]linikken|[Mm]ottagningen|[Ss]ygehus|[Hh]ospital)\s+{_CAP}(?:\s+{_CAP})?"
    rf"|\b{_CAP}(?:\s+{_CAP}){{0,2}}[\s-](?i:{INSTITUTION_WORDS})\b"
    rf"|\b(?i:[\wåäöæø]*(?:vårdcentralen|hälsocentralen|sjukhuset|lasarettet|sygehuset|hospitalet|lægehuset|"
    rf"sundhedshuset|legekontoret|legesenteret))\s+(?:(?:i|på|ved|vid|in)\s+)?{_CAP}"
    rf"|\b{_CAP}(?:vårdcentral(?:en)?|hälsocentral(?:en)?|sjukhuset|lasarettet|sygehus|hospitalet?)\b"
    rf"|\b(?:Karolinska(?:\s+[Uu]niversitetssjukhuset)?|Sahlgrenska|Akademiska\s+sjukhuset|Rigshospitalet|"
    rf"Ullevål|Haukeland|Danderyds\s+sjukhus|Södersjukhuset|Region\s+{_CAP})\b")


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A word list from deid/data: words separated by blanks, '_' inside a multi-word name."""
    raw = resources.files("condense.deid").joinpath(f"data/{name}.txt").read_text("utf-8")
    words: set[str] = set()
    for line in raw.splitlines():
        if not line.startswith("#"):
            words.update(w.replace("_", " ") for w in line.split())
    return frozenset(words)


def _lang(language: str) -> str:
    base = (language or "en").split("-")[0].lower()
    return {"nb": "no", "nn": "no"}.get(base, base)


class GazetteerDetector:
    """Persons, places and institutions by word lists, capitalisation and context."""

    name = "gazetteer"

    def __init__(self, unknown_capitals: bool = True):
        # In sv/da/no a capitalised word mid-sentence that no list knows is still flagged
        # (low score); English capitalises too much for that, so there the NER model decides.
        self.unknown_capitals = unknown_capitals
        self.first = word_list("first_names")
        self.surnames = word_list("surnames")
        self.places = word_list("places")

    def find(self, text: str, language: str) -> list[Finding]:
        lang = _lang(language)
        stop = stopwords(lang) | stopwords("en")
        out = []
        for m in INSTITUTION.finditer(text):
            words = m.group(0).split()
            if words[0].lower() in DETERMINERS:  # 'Our practice', 'The hospital': no name in it
                if not any(w[:1].isupper() for w in words[1:]):
                    continue
                out.append(finding(text, m.start() + len(words[0]) + 1, m.end(), "org", "institution", 0.95))
            else:
                out.append(finding(text, m.start(), m.end(), "org", "institution", 0.95))
        tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
        i = 0
        while i < len(tokens):
            span = self._at(text, tokens, i, lang, stop)
            if span is None:
                i += 1
                continue
            type_, j, detector, score = span  # tokens[i:j] form the finding
            start, end = tokens[i][0], tokens[j - 1][1]
            word = text[start:end]
            if word.endswith(("’s", "'s")):
                end -= 2
            elif word.endswith("s") and self._base(word) not in self.first | self.surnames | self.places \
                    and word[:-1].split()[-1] in self.first | self.surnames | self.places:
                end -= 1  # a genitive: 'Annas' is Anna
            out.append(finding(text, start, end, type_, detector, score))
            i = j
        return out

    # -- rules ---------------------------------------------------------------------------
    def _base(self, word: str) -> str:
        for tail in ("’s", "'s"):
            if word.endswith(tail):
                return word[:-2]
        return word

    def _known(self, word: str, table: frozenset[str]) -> bool:
        word = self._base(word)
        return word in table or (word.endswith("s") and word[:-1] in table)

    def _capital(self, word: str) -> bool:
        # 'CPR-nummer', 'GP-mottagning': an acronym in front makes no name.
        return word[:1].isupper() and not word[:2].isupper() and word not in NOT_NAMES

    def _at(self, text, tokens, i, lang, stop):
        start, end, word = tokens[i]
        if not self._capital(word) or self._base(word) in COUNTRIES or word.lower() in TITLES \
                or word.lower() + "." in TITLES:  # a title is never part of the name ('Dr Hughes')
            return None
        prev = tokens[i - 1][2].lower() if i > 0 and _adjacent(text, tokens[i - 1][1], start) else ""
        if i > 0 and not prev and text[tokens[i - 1][1]:start] == ". " and tokens[i - 1][2].lower() + "." in TITLES:
            prev = tokens[i - 1][2].lower() + "."  # 'dr. Fogh': the full stop ends a title, not a sentence
        initial = _sentence_initial(text, start) and not prev.endswith(".")
        ordinary = word.lower() in stop or (len(word) <= 3 and not prev)
        # A multi-word place ("Upplands Väsby", "Mo i Rana").
        for n in (3, 2):
            if i + n <= len(tokens) and _adjacent_run(text, tokens[i:i + n]):
                phrase = text[start:tokens[i + n - 1][1]]
                if phrase in self.places:
                    return "place", i + n, "gazetteer:place", 0.95
        is_first = self._known(word, self.first)
        is_sur = self._known(word, self.surnames) or bool(STRONG_SURNAME.search(word))
        is_place = self._known(word, self.places)
        j = i + 1
        while j < len(tokens) and j - i < 3 and _adjacent(text, tokens[j - 1][1], tokens[j][0]) \
                and self._capital(tokens[j][2]) and tokens[j][2].lower() not in stop \
                and (self._known(tokens[j][2], self.surnames) or STRONG_SURNAME.search(tokens[j][2])
                     or self._known(tokens[j][2], self.first) or not _sentence_initial(text, tokens[j][0])) \
                and not self._known(tokens[j][2], self.places - self.surnames):
            j += 1
        followed = j > i + 1
        if prev in TITLES and not (initial and ordinary and not followed):
            return "person", j, "context:title", 0.9
        if prev in PLACE_PREPS and is_place and not (is_first and followed):
            return "place", i + 1, "gazetteer:place", 0.95
        if not is_first and followed and not ordinary and self._known(tokens[i + 1][2], self.surnames) \
                and not is_place:
            return "person", j, "gazetteer:surname", 0.8  # 'Declan Mitchell': unknown first name, known surname
        if is_first and (followed or not (initial and ordinary)):
            if lang == "en" and not followed and (initial or ordinary):
                return None
            return "person", j, "gazetteer:name", 0.9 if followed else 0.8
        if is_place and not (initial and ordinary):
            return "place", i + 1, "gazetteer:place", 0.9
        if is_sur and not (initial and ordinary) and (lang != "en" or not initial):
            return "person", j, "gazetteer:surname", 0.8
        if initial or ordinary or not self.unknown_capitals or len(word) < 3:
            return None
        if lang == "en":  # English capitalises too much: an unknown word needs a cue before it
            cue = context_type(text, start, "", loose=False)
            return (cue, i + 1 if cue == "place" else j, "context:capital", 0.6) if cue else None
        if prev in PLACE_PREPS or PLACE_SUFFIX.search(word):
            return "place", i + 1, "context:capital", 0.6
        return "person", j, "context:capital", 0.5


def context_type(text: str, start: int, default: str, loose: bool = True) -> str:
    """Person or place from the words before a one-word name ('in Truro', 'phoned Bethan').
    ``loose`` also reads 'and X' and 'with X' as persons: right for a word already known to be
    a name, too eager for any capitalised word."""
    before = [w.lower().strip(",.;:") for w in text[max(0, start - 40):start].split()[-2:]]
    prev = before[-1] if before else ""
    if prev in TITLES or prev in PERSON_CUES or " ".join(before) in PERSON_CUES or (loose and prev == "and"):
        return "person"
    if prev in PLACE_PREPS and prev not in {"at", "mellan", "mellem"} | (set() if loose else {"with", "to"}) \
            or " ".join(before) in PLACE_CUES:
        return "place"
    return default


def _adjacent(text: str, end: int, start: int) -> bool:
    return text[end:start] == " "


def _adjacent_run(text: str, tokens) -> bool:
    return all(_adjacent(text, a[1], b[0]) for a, b in zip(tokens, tokens[1:]))


def _sentence_initial(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] in " \t\"'“”‘’«»(-–—":
        k -= 1
    return k < 0 or text[k] in ".!?:\n…;"
