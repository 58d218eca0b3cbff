"""Scoring, the Gale-Church baseline and fitting of the link model on the hand-aligned dev set.

Link F1 follows vecalign's ``score.py`` (Thompson & Koehn 2019): a predicted link is a *strict* hit when the
gold has exactly that link, a *lax* hit when it shares at least one (zh, en) sentence pair with a gold link;
precision over predicted links, recall over gold links, both micro-averaged over documents; links with an
empty side (1-0, 0-1) are left out of both.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.align.aligner import DEFAULT_LINK_TYPES, LinkModel, decode
from pipeline.align.features import LengthModel, PairEvidence, char_length

REPO = Path(__file__).resolve().parents[2]
DEV_PATH = REPO / "tests" / "data" / "align" / "dev_pairs.jsonl"

Links = list[tuple[tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True)
class Scores:
    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float
    gold: int
    predicted: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_links(gold_docs: Iterable[Links], test_docs: Iterable[Links]) -> Scores:
    """Strict and lax link precision, recall and F1 (vecalign's definitions).

    >>> gold = [[((0,), (0,)), ((1,), (1, 2))]]
    >>> test = [[((0,), (0,)), ((1,), (1,)), ((), (2,))]]
    >>> s = score_links(gold, test)
    >>> (s.strict_p, s.strict_r, s.lax_p, s.lax_r)
    (0.5, 0.5, 1.0, 1.0)
    """
    tp_s = tp_lp = tp_lr = n_gold = n_test = 0
    for gold, test in zip(gold_docs, test_docs):
        gold = [(tuple(z), tuple(e)) for z, e in gold if z and e]
        test = [(tuple(z), tuple(e)) for z, e in test if z and e]
        gold_set = set(gold)
        gold_pairs = {(z, e) for zs, es in gold for z in zs for e in es}
        test_pairs = {(z, e) for zs, es in test for z in zs for e in es}
        n_gold += len(gold)
        n_test += len(test)
        tp_s += sum(1 for link in test if link in gold_set)
        tp_lp += sum(1 for zs, es in test if any((z, e) in gold_pairs for z in zs for e in es))
        tp_lr += sum(1 for zs, es in gold if any((z, e) in test_pairs for z in zs for e in es))
    sp = tp_s / n_test if n_test else 0.0
    sr = tp_s / n_gold if n_gold else 0.0
    lp = tp_lp / n_test if n_test else 0.0
    lr = tp_lr / n_gold if n_gold else 0.0
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), n_gold, n_test)


def load_dev(path: Path = DEV_PATH, split: str | None = None) -> list[dict]:
    """The hand-aligned pairs, optionally one split (``tune`` or ``heldout``)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split is None or r["split"] == split]


def gold_links(row: dict) -> Links:
    return [(tuple(z), tuple(e)) for z, e in row["links"]]


# --- Gale-Church baseline --------------------------------------------------------------------------------------

GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}


def gale_church(zh: list[str], en: list[str], length: LengthModel) -> Links:
    """Length-only alignment (Gale & Church 1993) with their link priors and our fitted length model."""
    zl = [char_length(s) for s in zh]
    el = [char_length(s) for s in en]
    nz, ne = len(zh), len(en)
    inf = float("inf")
    cost = [[inf] * (ne + 1) for _ in range(nz + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (ne + 1) for _ in range(nz + 1)]
    cost[0][0] = 0.0
    for i in range(nz + 1):
        for j in range(ne + 1):
            if cost[i][j] == inf:
                continue
            for (a, b), prior in GC_PRIORS.items():
                if i + a > nz or j + b > ne:
                    continue
                if a and b:
                    lp = length.logp(sum(zl[i : i + a]), sum(el[j : j + b]))
                else:
                    lp = math.log(1e-3)  # a deletion or insertion: a flat length cost
                c = cost[i][j] - math.log(prior) - lp
                if c < cost[i + a][j + b]:
                    cost[i + a][j + b] = c
                    back[i + a][j + b] = (a, b)
    out: Links = []
    i, j = nz, ne
    while i or j:
        a, b = back[i][j]
        if a and b:
            out.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    out.reverse()
    return out


# --- fitting ---------------------------------------------------------------------------------------------------


def fit_length(rows: list[dict]) -> LengthModel:
    """Fit c (English characters per Chinese character) and s2 (variance per Chinese character) on gold links."""
    pairs = []
    for r in rows:
        for z, e in r["links"]:
            pairs.append((sum(char_length(r["zh_sentences"][k]) for k in z),
                          sum(char_length(r["en_sentences"][k]) for k in e)))
    c = sum(e for _, e in pairs) / sum(z for z, _ in pairs)
    s2 = sum((e - c * z) ** 2 / z for z, e in pairs) / len(pairs)
    return LengthModel(c=round(c, 4), s2=round(s2, 4))


def candidate_examples(rows: list[dict], length: LengthModel, link_types) -> tuple[list[list[float]], list[int]]:
    """Feature vectors of every candidate link in ``rows``; label 1 for exact gold links.

    Candidates outside the DP's band are kept: the far negatives steady the fit (tune CV 0.943 vs 0.929).
    """
    xs: list[list[float]] = []
    ys: list[int] = []
    for r in rows:
        ev = PairEvidence(r["zh_sentences"], r["en_sentences"])
        gold = {(tuple(z), tuple(e)) for z, e in r["links"]}
        for i in range(ev.nz):
            for j in range(ev.ne):
                for a, b in link_types:
                    if i + a > ev.nz or j + b > ev.ne:
                        continue
                    xs.append(ev.features(i, a, j, b, length))
                    ys.append(1 if (tuple(range(i, i + a)), tuple(range(j, j + b))) in gold else 0)
    return xs, ys


def predict(rows: list[dict], model: LinkModel) -> list[Links]:
    out = []
    for r in rows:
        ev = PairEvidence(r["zh_sentences"], r["en_sentences"])
        links = decode(ev, model)
        out.append([(tuple(z), tuple(e)) for z, e, _ in links])
    return out


ABSORB_GRID = (2.0, 0.3, 0.4, 0.5, 0.6)  # 2.0: off


def fit_model(rows: list[dict], link_types=DEFAULT_LINK_TYPES, c_reg: float = 0.1) -> LinkModel:
    """Fit the link model on ``rows``, then calibrate the scores of chosen links by 2-fold cross-fitting.

    Calibration: fit on one half, decode the other half, and fit a logistic (Platt) map from the chosen links'
    candidate log-odds to whether they are gold; the final link model is fitted on all ``rows``.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    logits: list[float] = []
    correct: list[int] = []
    for fold in (0, 1):
        train = [r for k, r in enumerate(rows) if k % 2 != fold]
        test = [r for k, r in enumerate(rows) if k % 2 == fold]
        m = _fit_uncalibrated(train, link_types, c_reg)
        for r in test:
            gold = set(gold_links(r))
            ev = PairEvidence(r["zh_sentences"], r["en_sentences"])
            for z, e, p in decode(ev, m):
                p = min(max(p, 1e-9), 1 - 1e-9)
                logits.append(math.log(p / (1 - p)))
                correct.append(int((tuple(z), tuple(e)) in gold))
    model = _fit_uncalibrated(rows, link_types, c_reg)
    if len(set(correct)) == 2:
        platt = LogisticRegression(C=1.0).fit(np.array(logits).reshape(-1, 1), np.array(correct))
        a, b = round(float(platt.coef_[0][0]), 6), round(float(platt.intercept_[0]), 6)
    else:  # every held-out choice right (or wrong): keep the candidate probabilities
        a, b = 1.0, 0.0
    return replace(model, calib_a=a, calib_b=b)


def _fit_uncalibrated(rows: list[dict], link_types, c_reg: float) -> LinkModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    length = fit_length(rows)
    xs, ys = candidate_examples(rows, length, link_types)
    x = np.array(xs, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=c_reg, max_iter=2000)
    clf.fit((x - mean) / scale, np.array(ys))
    base = LinkModel(
        weights=tuple(round(float(w), 6) for w in clf.coef_[0]),
        mean=tuple(round(float(m), 6) for m in mean),
        scale=tuple(round(float(s), 6) for s in scale),
        bias=round(float(clf.intercept_[0]), 6),
        length=length,
        link_types=tuple(link_types),
    )
    gold = [gold_links(r) for r in rows]
    tables = []  # candidate probabilities do not depend on skip cost and link bias: compute them once
    for r in rows:
        ev = PairEvidence(r["zh_sentences"], r["en_sentences"])
        table = {}
        for i in range(ev.nz):
            for j in range(ev.ne):
                for a, b in link_types:
                    if i + a <= ev.nz and j + b <= ev.ne:
                        if abs((i + a / 2) / ev.nz - (j + b / 2) / ev.ne) <= base.band:
                            table[i, a, j, b] = base.prob(ev.features(i, a, j, b, length))
        tables.append((ev, table))
    best = None
    grid = [(skip, bias, absorb) for skip in (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
            for bias in (-1.0, -0.5, 0.0, 0.5, 1.0, 2.0) for absorb in ABSORB_GRID]
    for skip, bias, absorb in grid:
        m = replace(base, skip_cost=skip, link_bias=bias, absorb_min=absorb)
        test = []
        for ev, table in tables:
            links = decode(ev, m, lambda i, a, j, b, t=table: t[i, a, j, b])
            test.append([(tuple(z), tuple(e)) for z, e, _ in links])
        s = score_links(gold, test)
        key = (round(s.strict_f1, 6), round(s.lax_f1, 6), absorb, -abs(bias), -skip)
        if best is None or key > best[0]:
            best = (key, m)
    return best[1]


def evaluate(rows: list[dict], model: LinkModel) -> dict:
    """Strict/lax scores of our aligner and of the Gale-Church baseline on ``rows``."""
    gold = [gold_links(r) for r in rows]
    ours = score_links(gold, predict(rows, model))
    gc = score_links(gold, [gale_church(r["zh_sentences"], r["en_sentences"], model.length) for r in rows])
    return {"papers": len(rows), "ours": ours.__dict__, "gale_church": gc.__dict__}


def calibration(rows: list[dict], model: LinkModel, bins: int = 5) -> list[dict]:
    """Reliability of the calibrated link scores on ``rows`` (see :func:`_calibration_table`)."""
    return _calibration_table(rows, model, bins)


def _calibration_table(rows: list[dict], model: LinkModel, bins: int) -> list[dict]:
    """Reliability of the link scores: per score bin, mean score and share of predicted links that are gold."""
    table = [[0, 0.0, 0] for _ in range(bins)]
    for r in rows:
        gold = set(gold_links(r))
        ev = PairEvidence(r["zh_sentences"], r["en_sentences"])
        for z, e, p in decode(ev, model):
            p = model.calibrated(p)
            k = min(int(p * bins), bins - 1)
            table[k][0] += 1
            table[k][1] += p
            table[k][2] += (tuple(z), tuple(e)) in gold
    return [
        {"bin": f"{k / bins:.1f}-{(k + 1) / bins:.1f}", "links": n, "mean_score": round(s / n, 3) if n else None,
         "precision": round(c / n, 3) if n else None}
        for k, (n, s, c) in enumerate(table)
    ]


def timing(rows: list[dict], model: LinkModel) -> dict:
    """Milliseconds per abstract pair for ``align_sentences`` (dictionary and jieba loaded first): wall-clock
    time, and CPU time of this process (steadier on a shared machine)."""
    import time

    from pipeline.align.aligner import align_sentences
    from pipeline.align.lexicon import cedict_index, en_stems, zh_units

    from pipeline.segment.english import _split_run

    cedict_index()
    zh_units("研究产业集群的政策")
    en_stems("warm up")
    _split_run.cache_clear()  # time the lost-space repair too, not a cache of it
    times = []
    cpu = time.process_time()
    for r in rows:
        t = time.perf_counter()
        align_sentences(r["zh_sentences"], r["en_sentences"], model)
        times.append((time.perf_counter() - t) * 1000)
    cpu = (time.process_time() - cpu) * 1000 / len(rows)
    times.sort()
    return {"pairs": len(times), "mean_ms": round(sum(times) / len(times), 2),
            "median_ms": round(times[len(times) // 2], 2), "max_ms": round(times[-1], 2), "cpu_mean_ms": round(cpu, 2)}


def report(path: Path = DEV_PATH, split: str = "heldout", fit: bool = False, params_out: Path | None = None) -> dict:
    """Evaluate on ``split`` (refitting on the tune split first when ``fit``); the dict the CLI prints."""
    from pipeline.align.aligner import PARAMS_PATH, load_model

    if fit:
        model = fit_model(load_dev(path, "tune"))
        target = params_out or PARAMS_PATH
        target.write_text(json.dumps({
            "source": "fitted by `python -m pipeline evaluate-align --fit` on the tune split of "
                      "tests/data/align/dev_pairs.jsonl (ChinaXiv, CC BY 4.0; alignments hand-made for this project)",
            "model": model.to_json(),
        }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        load_model.cache_clear()
    else:
        model = load_model(params_out) if params_out else load_model()
    rows = load_dev(path, None if split == "all" else split)
    result = evaluate(rows, model)
    result["split"] = split
    result["calibration"] = calibration(rows, model)
    result["speed"] = timing(rows, model)
    return result
