"""WebVTT and SubRip: cues -> one turn per run of cues by the same speaker, times kept.

The document text is rebuilt as ``Speaker: words`` paragraphs (the original file is kept
as it was); each turn's span covers the words, not the label."""

from __future__ import annotations

import re

from condense.errors import BadFile
from condense.model import Turn

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_CUE_TIME = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_LABEL = re.compile(r"^\s*([A-ZÅÄÖÆØÜ][\w.'’ -]{0,30}?|[A-Z]{1,3}\d{0,3})\s*:\s+")


def _ms(h, m, s, frac) -> int:
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0")[:3])


def _cues(name: str, text: str):
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        for i, line in enumerate(lines):
            match = _CUE_TIME.match(line)
            if match:
                g = match.groups()
                payload = " ".join(lines[i + 1:]).strip()
                if payload:
                    yield _ms(*g[:4]), _ms(*g[4:]), payload
                break


def parse_subtitles(name: str, text: str, fmt: str) -> tuple[str, tuple[Turn, ...]]:
    if fmt == "vtt" and not text.lstrip().startswith("WEBVTT"):
        raise BadFile(f"{name} is not a WebVTT file: it does not start with 'WEBVTT'")
    merged: list[list] = []  # [speaker, start_ms, end_ms, words]
    for start_ms, end_ms, payload in _cues(name, text):
        voice = _VOICE.search(payload)
        speaker = voice.group(1).strip() if voice else None
        words = _TAG.sub("", payload).strip()
        if speaker is None:
            label = _LABEL.match(words)
            if label:
                speaker, words = label.group(1).strip(), words[label.end():]
        if not words:
            continue
        if speaker is None:
            speaker = merged[-1][0] if merged else "Speaker"
        if merged and merged[-1][0] == speaker:
            merged[-1][2] = end_ms
            merged[-1][3].append(words)
        else:
            merged.append([speaker, start_ms, end_ms, [words]])
    if not merged:
        raise BadFile(f"{name} has no subtitle cues with text")
    parts, turns, pos = [], [], 0
    for speaker, start_ms, end_ms, words in merged:
        prefix, body = f"{speaker}: ", " ".join(words)
        turns.append(Turn(pos + len(prefix), pos + len(prefix) + len(body), speaker, "informant",
                          start_ms, end_ms))
        parts.append(prefix + body)
        pos += len(prefix) + len(body) + 2
    return "\n\n".join(parts) + "\n", tuple(turns)
