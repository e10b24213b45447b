"""Language of a document (at least en, sv, da, de, no), from its informant text."""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("en", "sv", "da", "no", "nn", "de", "fi", "nl", "fr", "es", "is")
_ALIASES = {"nb": "no", "nn": "no"}


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str, default: str = "en") -> str:
    sample = text[:20000]
    if len(sample.split()) < 3:
        return default
    lang, _prob = _identifier().classify(sample)
    return _ALIASES.get(lang, lang)
