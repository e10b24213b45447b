"""Step 2, relevant parts: each informant sentence, read with its neighbours in the turn, is
scored against the research question and the guide's focus areas, and against a fixed set
of small-talk prototypes (weather, coffee, greetings, the recording). A sentence is relevant
when it is closer to the question than to small talk by at least ``threshold``. Interviewer
turns are never scored: they are context, not data."""

from __future__ import annotations

import re
from typing import Protocol, Sequence

import numpy as np

from condense.engines.embedders import Embedder
from condense.steps.base import Corpus, Judgement, Sentence

SMALL_TALK = (
    "The weather is lovely today, isn't it?", "I had a cup of coffee before we started.",
    "Can you hear me? Is the recording working?", "Thank you, that was nice, goodbye.",
    "Where did you park your car?", "Did you watch the football match last night?",
    "We are going on holiday to the summer house next week.", "Yes. Okay. Mm. Right.",
    "Vädret är fint idag.", "Jag tog en kopp kaffe innan vi började.", "Hörs jag? Spelar vi in nu?",
    "Tack så mycket, hej då.", "Vi ska åka på semester i sommar.", "Ja. Okej. Mm. Precis.",
    "Vejret er dejligt i dag.", "Jeg fik en kop kaffe, før vi startede.", "Kan du høre mig? Optager vi?",
    "Tak for det, farvel.", "Vi skal på ferie i sommerhuset.", "Ja. Okay. Mm. Nemlig.",
    "Das Wetter ist heute schön.", "Fußball gestern Abend war spannend.",
)
_WORDS = re.compile(r"\w+")


class RelevanceJudge(Protocol):
    def judge(self, corpus: Corpus, sentences: Sequence[Sentence]) -> list[Judgement]:
        """One judgement per informant sentence, in the order given."""
        ...


class KeepAll:
    """Pass-through: every informant sentence is relevant (the researcher decides later)."""

    name = "keep-all"

    def params(self) -> dict:
        return {}

    def judge(self, corpus: Corpus, sentences: Sequence[Sentence]) -> list[Judgement]:
        return [Judgement(s, True, 1.0, "kept: no relevance filter") for s in sentences]


class EmbeddingRelevance:
    """Relevance by embedding similarity to the question and focus areas versus small talk."""

    name = "embedding-relevance"

    def __init__(self, embedder: Embedder, threshold: float = -0.05, context: float = 0.4,
                 min_words: int = 4, turn_weight: float = 0.25):
        self.embedder = embedder
        self.threshold = threshold
        self.context = context
        self.min_words = min_words
        self.turn_weight = turn_weight

    def params(self) -> dict:
        return {"threshold": self.threshold, "context": self.context, "min_words": self.min_words,
                "turn_weight": self.turn_weight,
                "embedder": self.embedder.name}

    def judge(self, corpus: Corpus, sentences: Sequence[Sentence]) -> list[Judgement]:
        if not sentences:
            return []
        topics = [corpus.study.question, *corpus.study.focus_areas]
        names = ["the research question", *(f"focus area '{f}'" for f in corpus.study.focus_areas)]
        topic_vecs = self.embedder.embed(topics, "query")
        talk_vecs = self.embedder.embed(list(SMALL_TALK), "query")
        vecs = self.embedder.embed([s.text for s in sentences], "passage")
        ctx = self._with_context(sentences, vecs)
        topic_sim = ctx @ topic_vecs.T
        best_topic = topic_sim.max(axis=1)
        own = best_topic - (ctx @ talk_vecs.T).max(axis=1)
        turn_margin, asked_margin = self._turn_margins(corpus, sentences, vecs, topic_vecs, talk_vecs)
        # A story told in answer to a question on the topic is relevant even when its own
        # sentences ("He was in theatre that night.") are not topical words.
        margin = (1 - 2 * self.turn_weight) * own + self.turn_weight * (turn_margin + asked_margin)
        keep = margin >= self.threshold
        keep = self._smooth(sentences, keep)
        out = []
        for i, s in enumerate(sentences):
            nearest = names[int(topic_sim[i].argmax())]
            if keep[i]:
                reason = f"nearest: {nearest} ({best_topic[i]:.2f}; margin over small talk {margin[i]:+.2f})"
            else:
                reason = (f"closer to small talk than to the question (margin {margin[i]:+.2f}); "
                          f"nearest: {nearest} ({best_topic[i]:.2f})")
            out.append(Judgement(s, bool(keep[i]), round(float(margin[i]), 4), reason))
        return out

    def _turn_margins(self, corpus, sentences, vecs, topic_vecs, talk_vecs):
        turns: dict[tuple[str, int], list[int]] = {}
        for i, s in enumerate(sentences):
            turns.setdefault((s.document_id, s.turn), []).append(i)
        keys = list(turns)
        means = np.array([vecs[turns[k]].mean(axis=0) for k in keys])
        means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)
        per_turn = (means @ topic_vecs.T).max(axis=1) - (means @ talk_vecs.T).max(axis=1)
        questions = [corpus.question_before(d, k) or "" for d, k in keys]
        q_vecs = self.embedder.embed(questions, "query")
        per_question = (q_vecs @ topic_vecs.T).max(axis=1) - (q_vecs @ talk_vecs.T).max(axis=1)
        per_question = np.where([bool(q) for q in questions], per_question, per_turn)
        turn_margin, asked_margin = np.zeros(len(sentences)), np.zeros(len(sentences))
        for k, key in enumerate(keys):
            turn_margin[turns[key]] = per_turn[k]
            asked_margin[turns[key]] = per_question[k]
        return turn_margin, asked_margin

    def _with_context(self, sentences: Sequence[Sentence], vecs: np.ndarray) -> np.ndarray:
        """Blend each sentence with its turn neighbours: short spoken sentences lean on them."""
        ctx = vecs.copy()
        for i, s in enumerate(sentences):
            weight = self.context if len(_WORDS.findall(s.text)) >= self.min_words else 0.8
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(sentences)
                          and sentences[j].document_id == s.document_id and sentences[j].turn == s.turn]
            if neighbours:
                ctx[i] = (1 - weight) * vecs[i] + weight * vecs[neighbours].mean(axis=0)
        norms = np.linalg.norm(ctx, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return ctx / norms

    @staticmethod
    def _smooth(sentences: Sequence[Sentence], keep: np.ndarray) -> np.ndarray:
        """A single dropped sentence between two kept ones of the same turn is kept: a unit
        should not have a hole in the middle."""
        keep = keep.copy()
        for i in range(1, len(sentences) - 1):
            a, b, c = sentences[i - 1], sentences[i], sentences[i + 1]
            if (not keep[i] and keep[i - 1] and keep[i + 1]
                    and a.document_id == b.document_id == c.document_id and a.turn == b.turn == c.turn):
                keep[i] = True
        return keep
