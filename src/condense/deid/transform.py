"""Apply a mapping (surface form -> replacement) to any text: quotes, condensates, theme
labels, report context. Matching is by surface form at word boundaries, so it also reaches
text the machine or the researcher wrote (condensates) and genitives ('Annas', "Anna's")."""

from __future__ import annotations

import re
from typing import Mapping


class Replacer:
    """Replaces every accepted surface form, longest first, in one pass (no replacement is
    ever matched again)."""

    def __init__(self, mapping: Mapping[str, str]):
        self.mapping = {k: v for k, v in mapping.items() if k and k.strip()}
        if self.mapping:
            alternatives = "|".join(re.escape(s) for s in sorted(self.mapping, key=len, reverse=True))
            # Not glued to a word on either side, except a trailing genitive s.
            self._rx = re.compile(rf"(?<!\w)(?:{alternatives})(?=s?(?!\w))")
        else:
            self._rx = None

    def __bool__(self) -> bool:
        return self._rx is not None

    def __call__(self, text: str | None) -> str | None:
        if not text or self._rx is None:
            return text
        return self._rx.sub(lambda m: self.mapping[m.group(0)], text)


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
