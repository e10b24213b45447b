"""Agreement between two coders, with the meaning unit as the unit of analysis.

Each coder's work is a mapping ``unit id -> set of theme ids`` (an empty set: the coder read the
unit and gave it no theme). A unit a coder has not coded is *missing* for that coder, not "no
theme": Krippendorff's alpha uses every unit at least one coder coded; the paired measures
(percentage agreement, Cohen's kappa, Gwet's AC1) use the units both coded.

- per theme: percentage agreement and Cohen's kappa (scikit-learn) on "has the theme or not";
- overall: Krippendorff's alpha (``krippendorff`` package) nominal, with each unit's set of
  themes as its value, and with the MASI set distance (Passonneau 2006, nltk's ``masi_distance``)
  where units carry several themes, so partial overlap earns partial credit; Gwet's AC1
  (Gwet 2008) over the same set values, and per theme.

Pure functions over plain data; the store and the CLI live in ``api_agreement.py``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

Coded = Mapping[str, Mapping[str, frozenset]]  # coder -> unit id -> themes


@dataclass(frozen=True)
class ThemeAgreement:
    theme: str
    units: int            # units both coders coded
    a_count: int          # of those, units coder A gave this theme
    b_count: int
    percent: float        # share of paired units where both agree on this theme (0-100)
    kappa: float | None   # None where undefined (both coders constant and the same)
    ac1: float | None


@dataclass(frozen=True)
class Disagreement:
    unit_id: str
    a: frozenset
    b: frozenset
    distance: float       # MASI distance: 1 where the two share no theme


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[str, str]
    units: int                      # units both coders coded
    units_any: int                  # units at least one coded
    percent: float | None           # exact agreement on the whole set of themes (0-100)
    alpha_nominal: float | None
    alpha_masi: float | None
    ac1: float | None
    themes: tuple[ThemeAgreement, ...] = ()
    disagreements: tuple[Disagreement, ...] = field(default=(), repr=False)

    def to_dict(self, labels: Mapping[str, str] | None = None) -> dict:
        labels = labels or {}
        r = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {
            "coders": list(self.coders), "units": self.units, "units_any": self.units_any,
            "percent": r(self.percent), "alpha_nominal": r(self.alpha_nominal), "alpha_masi": r(self.alpha_masi),
            "ac1": r(self.ac1),
            "themes": [{"theme_id": t.theme, "label": labels.get(t.theme, t.theme), "units": t.units,
                        "a": t.a_count, "b": t.b_count, "percent": r(t.percent), "kappa": r(t.kappa),
                        "ac1": r(t.ac1)} for t in self.themes],
            "disagreements": len(self.disagreements),
        }


def masi_distance(a: frozenset, b: frozenset) -> float:
    """MASI distance between two sets of themes (nltk's definition); two empty sets agree."""
    if not a and not b:
        return 0.0
    from nltk.metrics.distance import masi_distance as nltk_masi

    return float(nltk_masi(set(a), set(b)))


def krippendorff_alpha(values: Sequence[Sequence[object | None]], distance: str = "nominal") -> float | None:
    """Alpha over a coders x units table of hashable values (None = missing), with ``nominal``
    or ``masi`` distance (values must then be frozensets). None where alpha is undefined
    (fewer than two pairable values, or a single value in all of them)."""
    import krippendorff

    domain = sorted({v for row in values for v in row if v is not None}, key=_sort_key)
    if len(domain) < 2:
        return None
    index = {v: i for i, v in enumerate(domain)}
    data = np.array([[np.nan if v is None else index[v] for v in row] for row in values], dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if pairable.sum() < 1 or len({v for row in data[:, pairable] for v in row if not np.isnan(v)}) < 2:
        return None
    if distance == "nominal":
        level = "nominal"
    elif distance == "masi":
        table = np.array([[masi_distance(x, y) for y in domain] for x in domain])

        def level(v1, v2, i1, i2, n_v, dtype=np.float64):  # krippendorff's DistanceMetric protocol
            return table[v1.astype(int), v2.astype(int)].astype(dtype)
    else:
        raise ValueError(f"unknown distance {distance!r}")
    value = float(krippendorff.alpha(reliability_data=data, value_domain=np.arange(len(domain), dtype=float),
                                     level_of_measurement=level))
    return None if math.isnan(value) else value


def _sort_key(v):
    return (sorted(map(str, v)) if isinstance(v, frozenset) else [str(v)])


def gwet_ac1(a: Sequence[object], b: Sequence[object], categories: Sequence[object] | None = None) -> float | None:
    """Gwet's AC1 for two raters (Gwet 2008, eq. 17): (pa - pe) / (1 - pe) with
    pe = sum_k pi_k (1 - pi_k) / (Q - 1), pi_k the mean of the two raters' shares of category k
    and Q the number of categories (those given, else those used)."""
    if len(a) != len(b):
        raise ValueError("both raters must rate the same units")
    if not a:
        return None
    cats = list(categories) if categories is not None else sorted(set(a) | set(b), key=_sort_key)
    if len(cats) < 2:
        return 1.0
    n = len(a)
    pa = sum(x == y for x, y in zip(a, b)) / n
    pi = [(list(a).count(k) + list(b).count(k)) / (2 * n) for k in cats]
    pe = sum(p * (1 - p) for p in pi) / (len(cats) - 1)
    return (pa - pe) / (1 - pe) if pe < 1 else None


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> float | None:
    """Cohen's kappa (scikit-learn); None where undefined (one value only, on both sides)."""
    if not a or len(set(a) | set(b)) < 2:
        return None
    from sklearn.metrics import cohen_kappa_score

    labels = sorted(set(a) | set(b), key=_sort_key)
    index = {v: i for i, v in enumerate(labels)}
    with np.errstate(invalid="ignore", divide="ignore"):
        value = float(cohen_kappa_score([index[x] for x in a], [index[x] for x in b]))
    return None if math.isnan(value) else value


def agreement(coded: Coded, a: str, b: str, themes: Sequence[str] | None = None) -> AgreementReport:
    """How far coders ``a`` and ``b`` agree. ``themes`` restricts the comparison to those themes
    (other themes are ignored on both sides); by default every theme either coder used."""
    ca, cb = coded.get(a, {}), coded.get(b, {})
    keep = set(themes) if themes is not None else None
    restrict = (lambda s: frozenset(s) & keep) if keep is not None else frozenset  # noqa: E731
    ca = {u: restrict(s) for u, s in ca.items()}
    cb = {u: restrict(s) for u, s in cb.items()}
    units_any = sorted(set(ca) | set(cb))
    paired = [u for u in units_any if u in ca and u in cb]
    theme_ids = list(themes) if themes is not None else sorted(
        {t for s in (*ca.values(), *cb.values()) for t in s})
    per_theme = []
    for t in theme_ids:
        xa = [t in ca[u] for u in paired]
        xb = [t in cb[u] for u in paired]
        per_theme.append(ThemeAgreement(
            t, len(paired), sum(xa), sum(xb),
            100.0 * sum(x == y for x, y in zip(xa, xb)) / len(paired) if paired else 0.0,
            cohen_kappa(xa, xb), gwet_ac1(xa, xb, [False, True]) if paired else None))
    table = [[ca.get(u) for u in units_any], [cb.get(u) for u in units_any]]
    va, vb = [ca[u] for u in paired], [cb[u] for u in paired]
    disagreements = sorted((Disagreement(u, ca[u], cb[u], masi_distance(ca[u], cb[u]))
                            for u in paired if ca[u] != cb[u]), key=lambda d: -d.distance)
    return AgreementReport(
        (a, b), len(paired), len(units_any),
        100.0 * sum(x == y for x, y in zip(va, vb)) / len(paired) if paired else None,
        krippendorff_alpha(table, "nominal"), krippendorff_alpha(table, "masi"),
        gwet_ac1(va, vb), tuple(per_theme), tuple(disagreements))
