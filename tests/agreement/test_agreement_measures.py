"""The agreement measures reproduce published reference values and handle missing codings."""

from __future__ import annotations

import pytest

from condense.agreement import agreement, cohen_kappa, gwet_ac1, krippendorff_alpha, masi_distance

N = None
fs = frozenset


def test_krippendorff_nominal_example_with_missing_data():
    # Krippendorff (2011) "Computing Krippendorff's alpha-reliability", section C:
    # four coders, twelve units, values 1-5, missing codings; alpha nominal = 0.743.
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
            [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
    assert krippendorff_alpha(data) == pytest.approx(0.743, abs=5e-4)


def test_krippendorff_two_coders_binary_example():
    # Krippendorff (2011), section A: two observers, ten units, binary data; alpha = 0.095.
    assert krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
                               [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]) == pytest.approx(0.095, abs=5e-4)


def test_kappa_from_a_hand_computed_table():
    # 2x2 table: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 (n = 50).
    # po = 35/50 = 0.70; pe = (25*30 + 25*20)/50^2 = 0.50; kappa = (0.70-0.50)/(1-0.50) = 0.40.
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.40)
    # Gwet's AC1 on the same table: pi_yes = (25+30)/100 = 0.55; pe = 2*0.55*0.45 = 0.495;
    # AC1 = (0.70-0.495)/(1-0.495) = 0.40594.
    assert gwet_ac1(a, b) == pytest.approx(0.205 / 0.505)


def test_ac1_and_kappa_match_a_published_three_category_example():
    # PyCM's documented example (12 ratings, classes 0-2): Kappa 0.35484, Gwet_AC1 0.38931.
    a = [2, 0, 2, 2, 0, 1, 1, 2, 2, 0, 1, 2]
    b = [0, 0, 2, 1, 0, 2, 1, 0, 2, 0, 2, 2]
    assert cohen_kappa(a, b) == pytest.approx(0.35484, abs=5e-6)
    assert gwet_ac1(a, b) == pytest.approx(0.38931, abs=5e-6)


def test_masi_alpha_agrees_with_nltk_annotation_task():
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import masi_distance as nltk_masi

    a = [fs({1}), fs({1, 2}), fs({3}), fs({2, 3}), fs({1})]
    b = [fs({1}), fs({1}), fs({2}), fs({2, 3}), fs({1, 2, 3})]
    task = AnnotationTask(data=[(c, i, v) for c, row in (("a", a), ("b", b)) for i, v in enumerate(row)],
                          distance=nltk_masi)
    assert krippendorff_alpha([a, b], "masi") == pytest.approx(task.alpha())
    # Partial overlap earns partial credit: MASI alpha exceeds nominal alpha here.
    assert krippendorff_alpha([a, b], "masi") > krippendorff_alpha([a, b], "nominal")
    assert masi_distance(fs(), fs()) == 0.0 and masi_distance(fs({1}), fs({2})) == 1.0


def test_missing_codings_are_missing_not_no_theme():
    coded = {"A": {"u1": fs({"x"}), "u2": fs({"x", "y"}), "u3": fs(), "u4": fs({"y"})},
             "B": {"u1": fs({"x"}), "u2": fs({"x"}), "u3": fs({"y"})}}  # B has not coded u4
    r = agreement(coded, "A", "B")
    assert (r.units, r.units_any) == (3, 4)
    x, y = r.themes
    assert (x.theme, x.units, x.a_count, x.b_count, x.percent, x.kappa) == ("x", 3, 2, 2, 100.0, 1.0)
    assert (y.a_count, y.b_count) == (1, 1)  # u4 does not count for A's "y"
    assert y.percent == pytest.approx(100 / 3)
    assert r.percent == pytest.approx(100 / 3)
    # u4 enters alpha as a unit with one value only, which alpha ignores: the same as without it.
    without = agreement({"A": {k: v for k, v in coded["A"].items() if k != "u4"}, "B": coded["B"]}, "A", "B")
    assert r.alpha_nominal == pytest.approx(without.alpha_nominal)
    # Disagreements only where both coded; the widest (nothing in common) first.
    assert [d.unit_id for d in r.disagreements] == ["u3", "u2"]
    assert r.disagreements[0].distance == 1.0 and 0 < r.disagreements[1].distance < 1


def test_restricting_to_themes_and_undefined_values():
    coded = {"A": {"u1": fs({"x"}), "u2": fs({"z"})}, "B": {"u1": fs({"x"}), "u2": fs()}}
    r = agreement(coded, "A", "B", themes=["x"])
    assert r.percent == 100.0 and [t.theme for t in r.themes] == ["x"]
    assert r.themes[0].kappa == pytest.approx(1.0)
    # Both coders identical and constant: kappa and alpha are undefined, not 0 or 1.
    same = agreement({"A": {"u1": fs({"x"})}, "B": {"u1": fs({"x"})}}, "A", "B")
    assert same.themes[0].kappa is None and same.alpha_nominal is None and same.percent == 100.0
    empty = agreement({"A": {}, "B": {"u1": fs()}}, "A", "B")
    assert empty.units == 0 and empty.percent is None and empty.ac1 is None
