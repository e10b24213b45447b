"""Apply a mapping (surface form -> replacement) to any text: quotes, condensates, theme
labels, report context. Matching is by surface form at word boundaries, so it also reaches
text the machine or the researcher wrote (condensates) and genitives ('Annas', "Anna's")."""

from __future__ import annotations

import re
from typing import Mapping


class Replacer:
    """Replaces every accepted surface form, longest first, in one pass (no replacement is
    ever matched again)."""

    def __init__(self, mapping: Mapping[str, str], ignore_case: bool = False):
        self.mapping = {k: v for k, v in mapping.items() if k and k.strip()}
        self.ignore_case = ignore_case
        if ignore_case:
            self.mapping = {k.lower(): v for k, v in sorted(self.mapping.items(), key=lambda kv: kv[0].islower())}
        if self.mapping:
            alternatives = "|".join(re.escape(s) for s in sorted(self.mapping, key=len, reverse=True))
            # Not glued to a word on either side, except a trailing genitive s.
            self._rx = re.compile(rf"(?<!\w)(?:{alternatives})(?=s?(?!\w))", re.IGNORECASE if ignore_case else 0)
        else:
            self._rx = None

    def __bool__(self) -> bool:
        return self._rx is not None

    def spans(self, text: str):
        """(start, end, replacement) of every match, left to right."""
        if self._rx is None:
            return
        for m in self._rx.finditer(text):
            yield m.start(), m.end(), self.mapping[m.group(0).lower() if self.ignore_case else m.group(0)]

    def __call__(self, text: str | None) -> str | None:
        if not text or self._rx is None:
            return text
        return self._rx.sub(lambda m: self.mapping[m.group(0).lower() if self.ignore_case else m.group(0)], text)


# Words of an institution's name that identify nothing by themselves.
GENERIC = re.compile(r"(?i)^(?:vårdcentral|hälsocentral|sjukhus|lasarett|sygehus|hospital|lægehus|sundhedshus|"
                     r"legekontor|legesenter|klinik|mottagning|medical|health|centre|center|general|surgery|"
                     r"practice|clinic|infirmary|university|region|the)")


def label_replacer(mapping: Mapping[str, str]) -> Replacer:
    """For machine-made labels (keyphrases are lower-cased words): every accepted surface and
    each of its name words, matched in any case, so 'anna lindqvist' and 'lindqvist' go too."""
    words: dict[str, str] = {}
    for surface, repl in mapping.items():
        local = surface.split("@")[0] if "@" in surface else surface
        for word in re.findall(r"[^\W\d_][\w’'-]*", local):
            if len(word) >= 3 and (word[0].isupper() or "@" in surface) and not GENERIC.match(word):
                words.setdefault(word, repl)
    return Replacer({**words, **mapping}, ignore_case=True)


def deidentify_text(project_or_mapping, text: str) -> str:
    """``text`` with every accepted identifier of the project replaced.

    ``project_or_mapping`` is a ``condense.api.Project``, a ``DeidState`` or a plain
    ``{surface: replacement}`` dict. This is what exports call (e.g. REFI ``--deidentify``);
    the mapping itself is never written out."""
    if isinstance(project_or_mapping, Mapping):
        mapping = project_or_mapping
    elif hasattr(project_or_mapping, "deid_state"):
        mapping = project_or_mapping.deid_state().mapping
    else:
        mapping = project_or_mapping.mapping
    return Replacer(mapping)(text)
