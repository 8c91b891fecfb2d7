"""Fit linking's evidence weights on ECB+ train (run by hand; prints a Weights(...) to paste).

    python eval/fit_linking.py [--split train]

Every pair of gold event mentions inside a topic is one example (label: same gold cluster);
features are :func:`dateline.linking.evidence.features`. An L2-regularized logistic regression
(plain Newton steps, numpy only) gives the log-odds per kind of evidence. Evidence ECB+ seldom
shows (dates, places, vectors) keeps its default weight: the fit leaves what it cannot see alone.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import fields

import numpy as np

from dateline.evaluation import corpora_dir
from dateline.evaluation.linking import analyze_docs, read_ecbplus
from dateline.linking.evidence import DEFAULT, Weights, features
from dateline.nlp import load_model

MIN_SUPPORT = 200  # pairs showing a feature before its weight is fitted
#: weights set by what they mean (a gold mention borrows its sentence's time and place, so ECB+
#: cannot tell them): fitted alongside, so the others are fitted net of them, but never pasted
BY_MEANING = {"same_day", "near_day", "date_conflict", "published_far", "near_place",
              "region_place", "contains", "country_conflict", "far_place"}  # fmt: skip


def pairs(analyzed):
    gold = {g.key: f"{a.doc.group}/{g.cluster}" for a in analyzed for g in a.doc.mentions}
    groups: dict[str, list] = {}
    for a in analyzed:
        groups.setdefault(a.doc.group, []).extend(m for m in a.gold if m.key in gold)
    for mentions in groups.values():
        for x, y in itertools.combinations(mentions, 2):
            f, ev = features(x, y, DEFAULT)
            if ev.get("type") != "incompatible":
                yield f, gold[x.key] == gold[y.key]


def fit(rows, names, l2=1.0, steps=25):
    X = np.array([[1.0] + [f.get(n, 0.0) for n in names] for f, _ in rows])
    y = np.array([float(label) for _, label in rows])
    w = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], l2)
    reg[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg)
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="train")
    args = parser.parse_args()
    docs = read_ecbplus(corpora_dir() / "ecbplus" / args.split, args.split)
    rows = list(pairs(analyze_docs(docs, load_model())))
    support = {n.name: sum(1 for f, _ in rows if n.name in f) for n in fields(Weights)}
    names = [n for n, c in support.items() if n != "bias" and c >= MIN_SUPPORT]
    w = fit(rows, names)
    fitted = {"bias": w[0], **dict(zip(names, w[1:], strict=True))}
    print(f"{len(rows)} pairs, {sum(label for _, label in rows)} coreferent")
    for name in [n.name for n in fields(Weights)]:
        value = fitted.get(name)
        shown = "kept" if value is None else f"{value:+.2f}"
        if name in BY_MEANING and value is not None:
            shown += "  (set by meaning: not pasted)"
        print(f"{name:20s} support {support[name]:7d}  {shown}")


if __name__ == "__main__":
    main()
