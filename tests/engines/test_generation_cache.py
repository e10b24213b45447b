"""The answer cache key: any change of engine, model file, template version or input retires
old answers; nothing else does."""

from __future__ import annotations

from condense.engines.generation_cache import MemoryCache, cache_key

BASE = dict(engine="llama-cpp", model_id="a" * 64, template="condensates@1", prompt="p", schema={"type": "object"},
            params={"seed": 0, "temperature": 0.0})


def test_the_key_changes_with_each_part_of_what_was_asked():
    key = cache_key(**BASE)
    assert cache_key(**BASE) == key
    for part, other in (("engine", "openai"), ("model_id", "b" * 64), ("template", "condensates@2"),
                        ("prompt", "q"), ("schema", {"type": "array"}), ("params", {"seed": 1, "temperature": 0.0})):
        assert cache_key(**{**BASE, part: other}) != key, part


def test_memory_cache_round_trip():
    cache = MemoryCache()
    assert cache.get("k") is None
    cache.put("k", {"label": "x"}, "fake", "m", "theme@1")
    assert cache.get("k") == {"label": "x"}
