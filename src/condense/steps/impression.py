"""Step 1, total impression: an extractive summary per document (its most central, mutually
different informant sentences) and 4-8 preliminary themes for the whole material. These are
machine readings offered after the researcher has written down their preconceptions."""

from __future__ import annotations

import re
from typing import Protocol, Sequence

import numpy as np

from condense.engines.embedders import Embedder
from condense.model import Impression
from condense.steps.base import Corpus, Sentence
from condense.steps.clustering import centroid, choose_k_and_cluster
from condense.steps.keyphrases import class_tfidf, label_from

_WORDS = re.compile(r"\w+")


class Impressionist(Protocol):
    def impress(self, corpus: Corpus) -> list[Impression]:
        """One impression per document, plus one (document_id None) with preliminary themes."""
        ...


class NoImpression:
    """Pass-through: the researcher writes the total impression."""

    name = "manual"

    def params(self) -> dict:
        return {}

    def impress(self, corpus: Corpus) -> list[Impression]:
        return []


class ExtractiveImpression:
    name = "extractive"

    def __init__(self, embedder: Embedder, sentences: int = 3, k_min: int = 4, k_max: int = 8,
                 min_words: int = 8, diversity: float = 0.5, max_sentences: int = 1500):
        self.embedder = embedder
        self.sentences = sentences
        self.k_min = k_min
        self.k_max = k_max
        self.min_words = min_words
        self.diversity = diversity
        self.max_sentences = max_sentences

    def params(self) -> dict:
        return {"sentences": self.sentences, "k_min": self.k_min, "k_max": self.k_max,
                "min_words": self.min_words, "embedder": self.embedder.name}

    def impress(self, corpus: Corpus) -> list[Impression]:
        pool = [s for s in corpus.informant_sentences if len(_WORDS.findall(s.text)) >= self.min_words]
        if not pool:
            return []
        vectors = self.embedder.embed([s.text for s in pool], "passage")
        out = []
        for doc in corpus.documents:
            idx = [i for i, s in enumerate(pool) if s.document_id == doc.id]
            if idx:
                out.append(Impression(doc.id, self._summary([pool[i] for i in idx], vectors[idx])))
        out.append(Impression(None, f"{len(corpus.documents)} transcripts, "
                                    f"{sum(len(d.text.split()) for d in corpus.documents)} words.",
                              tuple(self._preliminary(corpus, pool, vectors))))
        return out

    def _summary(self, sentences: Sequence[Sentence], v: np.ndarray) -> str:
        """Maximal marginal relevance: central to the document, unlike what is already chosen."""
        c = centroid(v)
        relevance = v @ c
        chosen: list[int] = []
        while len(chosen) < min(self.sentences, len(sentences)):
            redundancy = (v @ v[chosen].T).max(axis=1) if chosen else np.zeros(len(sentences))
            score = (1 - self.diversity) * relevance - self.diversity * redundancy
            score[chosen] = -np.inf
            chosen.append(int(np.argmax(score)))
        return " ".join(sentences[i].text for i in sorted(chosen))

    def _preliminary(self, corpus: Corpus, pool, vectors) -> list[str]:
        if len(pool) > self.max_sentences:  # an even, deterministic sample keeps the cost linear
            keep = np.linspace(0, len(pool) - 1, self.max_sentences).astype(int)
            pool, vectors = [pool[i] for i in keep], vectors[keep]
        labels = choose_k_and_cluster(vectors, self.k_min, self.k_max)
        groups = [[i for i in range(len(pool)) if labels[i] == c] for c in sorted(set(labels.tolist()))]
        groups.sort(key=lambda g: -len(g))
        phrases = class_tfidf([[(pool[i].text, pool[i].language) for i in g] for g in groups], top=3)
        return [label_from(p, 3) for p in phrases]
