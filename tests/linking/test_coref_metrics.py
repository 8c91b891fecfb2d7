"""The coreference metrics on the worked example of Pradhan et al. (2014), values derived by hand.

key K1 = {a, b, c}, K2 = {d, e, f, g}; response R1 = {a, b}, R2 = {c, d}, R3 = {f, g, h, i}
(e is missing from the response; h and i are not in the key).

MUC recall: K1 splits into {a, b} {c} -> 3 - 2 = 1 link kept of 2; K2 into {d} {e} {f, g} ->
4 - 3 = 1 of 3; R = 2/5. Precision: R1 -> 1 of 1, R2 {c} {d} -> 0 of 1, R3 {f, g} {h} {i} ->
1 of 3; P = 2/5.
B-cubed recall: a, b 2/3 each, c 1/3, d 1/4, e 0, f, g 2/4 each -> (35/12) / 7 = 5/12.
Precision: a, b 1, c, d 1/2, f, g 2/4, h, i 0 -> 4 / 8 = 1/2.
CEAF-e: phi4(K1, R1) = 4/5, phi4(K1, R2) = 2/5, phi4(K2, R2) = 1/3, phi4(K2, R3) = 1/2; the best
alignment K1-R1, K2-R3 sums 13/10; R = 13/10 / 2, P = 13/10 / 3.
"""

from __future__ import annotations

import pytest

from dateline.evaluation.coref import b_cubed, ceaf_e, conll, muc, pairwise

KEY = [["a", "b", "c"], ["d", "e", "f", "g"]]
RESPONSE = [["a", "b"], ["c", "d"], ["f", "g", "h", "i"]]


def f1(p, r):
    return 2 * p * r / (p + r)


def test_muc_by_hand():
    s = muc(KEY, RESPONSE)
    assert (s["p"], s["r"]) == (0.4, 0.4) and s["f1"] == pytest.approx(0.4, abs=1e-4)


def test_b_cubed_by_hand():
    s = b_cubed(KEY, RESPONSE)
    assert s["r"] == pytest.approx(5 / 12, abs=1e-4) and s["p"] == 0.5
    assert s["f1"] == pytest.approx(f1(0.5, 5 / 12), abs=1e-4)


def test_ceaf_e_by_hand():
    s = ceaf_e(KEY, RESPONSE)
    assert s["r"] == pytest.approx(1.3 / 2, abs=1e-4) and s["p"] == pytest.approx(1.3 / 3, abs=1e-4)
    assert s["f1"] == pytest.approx(f1(1.3 / 3, 1.3 / 2), abs=1e-4)


def test_conll_is_the_mean_and_perfect_answers_score_one():
    s = conll(KEY, RESPONSE)
    mean = (0.4 + f1(0.5, 5 / 12) + f1(1.3 / 3, 1.3 / 2)) / 3
    assert s["conll_f1"] == pytest.approx(mean, abs=2e-4)
    assert conll(KEY, KEY)["conll_f1"] == 1.0


def test_singletons_and_all_in_one():
    # Luo (2005): all singletons get MUC 0, all-in-one gets MUC recall 1
    singletons = [[m] for c in KEY for m in c]
    assert muc(KEY, singletons)["f1"] == 0.0
    assert muc(KEY, [[m for c in KEY for m in c]])["r"] == 1.0
    assert b_cubed(KEY, singletons)["p"] == 1.0


def test_pairwise_counts_only_cross_document_pairs_when_asked():
    key = [["d1:m1", "d1:m2", "d2:m1"]]
    response = [["d1:m1", "d1:m2"], ["d2:m1"]]
    assert pairwise(key, response)["p"] == 1.0
    cross = pairwise(key, response, group=lambda k: k.split(":")[0])
    assert (cross["p"], cross["r"]) == (0.0, 0.0)
