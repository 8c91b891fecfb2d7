"""Coreference metrics over clusters of mention ids: MUC, B-cubed, CEAF-e and their CoNLL mean.

Clusters are iterables of hashable mention ids; the key (gold) and response (system) may hold
different mentions (end-to-end scoring): a response mention absent from the key counts against
precision, a key mention absent from the response against recall, as in the reference scorer
(Pradhan et al. 2014).

>>> key = [["a", "b", "c"], ["d", "e"]]
>>> muc(key, [["a", "b"], ["c", "d", "e"]])["f1"]
0.6667
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

Clusters = Iterable[Iterable[Hashable]]


def _sets(clusters: Clusters) -> list[frozenset]:
    return [frozenset(c) for c in clusters if c]


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> dict[str, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _muc_side(key: list[frozenset], response: list[frozenset]) -> tuple[int, int]:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for cluster in key:
        # partitions of the cluster by the response; mentions the response lacks are singletons
        parts = {where.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC (Vilain et al. 1995): links kept over links needed."""
    k, r = _sets(key), _sets(response)
    r_num, r_den = _muc_side(k, r)
    p_num, p_den = _muc_side(r, k)
    return _prf(p_num, p_den, r_num, r_den)


def _b3_side(key: list[frozenset], response: list[frozenset]) -> tuple[float, int]:
    where = {m: c for c in response for m in c}
    total = 0.0
    count = 0
    for cluster in key:
        for m in cluster:
            count += 1
            other = where.get(m)
            if other is not None:
                total += len(cluster & other) / len(cluster)
    return total, count


def b_cubed(key: Clusters, response: Clusters) -> dict[str, float]:
    """B-cubed (Bagga & Baldwin 1998): per-mention overlap of its key and response clusters."""
    k, r = _sets(key), _sets(response)
    r_num, r_den = _b3_side(k, r)
    p_num, p_den = _b3_side(r, k)
    return _prf(p_num, p_den, r_num, r_den)


def ceaf_e(key: Clusters, response: Clusters) -> dict[str, float]:
    """Entity-based CEAF (Luo 2005) with phi4 = 2|K & R| / (|K| + |R|), best one-to-one
    alignment by the Hungarian algorithm."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    k, r = _sets(key), _sets(response)
    if not k or not r:
        return _prf(0, len(r), 0, len(k))
    sim = np.zeros((len(k), len(r)))
    where = {m: j for j, c in enumerate(r) for m in c}
    for i, cluster in enumerate(k):
        for j in {where[m] for m in cluster if m in where}:
            sim[i, j] = 2 * len(cluster & r[j]) / (len(cluster) + len(r[j]))
    rows, cols = linear_sum_assignment(sim, maximize=True)
    total = float(sim[rows, cols].sum())
    return _prf(total, len(r), total, len(k))


def conll(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e F1 and their mean (the CoNLL F1).

    >>> conll([["a", "b"]], [["a", "b"]])["conll_f1"]
    1.0
    """
    key, response = _sets(key), _sets(response)
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    out = {f"{name}_{part}": value for name, s in scores.items() for part, value in s.items()}
    out["conll_f1"] = round(sum(s["f1"] for s in scores.values()) / 3, 4)
    return out


def pairwise(key: Clusters, response: Clusters, *, group=None) -> dict[str, float]:
    """Precision, recall and F1 of the same-cluster pairs; ``group(mention)`` given, only pairs
    from different groups count (e.g. cross-document pairs).

    >>> pairwise([["a1", "b1", "c1"]], [["a1", "b1"], ["c1"]])
    {'p': 1.0, 'r': 0.3333, 'f1': 0.5}
    """

    def pairs(clusters: list[frozenset]) -> set[tuple]:
        out = set()
        for c in clusters:
            items = sorted(c, key=str)
            for i, a in enumerate(items):
                for b in items[i + 1 :]:
                    if group is None or group(a) != group(b):
                        out.add((a, b))
        return out

    gold, pred = pairs(_sets(key)), pairs(_sets(response))
    tp = len(gold & pred)
    return _prf(tp, len(pred), tp, len(gold))
