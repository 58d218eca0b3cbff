"""Build a model folder: train on inputs, measure, pick k if asked, write topics.json, the data files and a report.

``topics.json`` and ``sweep.json`` are deterministic (same inputs, seed and library versions give the same
bytes); timings and the date go to ``training.json``. See README, Topics, for the fields.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from pipeline.config import library_versions
from pipeline.topics.corpus import CorpusFilter, Unit, read_units
from pipeline.topics.store import FORMAT_VERSION, save_arrays, write_json
from pipeline.topics.train import (Fitted, Prepared, TrainConfig, coherence, diversity, fit, pick_k, prepare,
                                   stability, sweep)
from pipeline.topics.vocabulary import stopwords_hash

LIBRARIES = ("gensim", "scikit-learn", "numpy", "scipy", "jieba")
DEFAULT_GRID = (5, 8, 10, 12, 15, 20, 25, 30)
LABEL_TERMS = 3
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class BuildOptions:
    """What ``python -m pipeline topics`` does beyond training one model.

    k_auto: sweep ``grid`` over ``sweep_seeds`` seeds and take k from the coherence plateau (see ``pick_k``).
    stability_seeds: how many seeds (seed, seed+1, ...) the final k is trained with to measure stability.
    """

    k_auto: bool = False
    grid: tuple[int, ...] = DEFAULT_GRID
    sweep_seeds: int = 3
    stability_seeds: int = 3
    report: bool = True


def draft_label(terms: Sequence[str], n: int = LABEL_TERMS) -> str:
    """A label from the top terms: the first ``n`` that are not part of an earlier one (or contain it).

    >>> draft_label(["智库", "新型智库", "政策", "高校"])
    '智库·政策·高校'
    """
    picked: list[str] = []
    for t in terms:
        if not any(t in p or p in t for p in picked):
            picked.append(t)
        if len(picked) == n:
            break
    return "·".join(picked)


def _progress(total: int, desc: str) -> Callable[[], None]:
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit="run", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    return lambda: bar.update(1)


def _counted(items: Iterable, desc: str) -> Iterable:
    """``items`` with a counting progress bar on stderr when it is a terminal."""
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="doc", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)


def _representatives(fitted: Fitted, prepared: Prepared, n: int) -> list[list[dict]]:
    units = list(prepared.units())
    reps = []
    dominant = fitted.doc_topic.argmax(axis=1)
    has = fitted.doc_topic.sum(axis=1) > 0
    for t in range(fitted.k):
        w = fitted.doc_topic[:, t]
        # units dominated by the topic first, then by weight; ties by position (deterministic)
        order = np.lexsort((np.arange(len(w)), -w, ~((dominant == t) & has)))
        picked, seen = [], set()
        for i in order:
            if w[i] <= 0 or len(picked) == n:
                break
            u = units[i]
            key = "".join(u["text"].split())
            if key in seen:  # the same abstract twice in a corpus (CSL has a few): show it once
                continue
            seen.add(key)
            text = u["text"] if len(u["text"]) <= EXCERPT_CHARS else u["text"][:EXCERPT_CHARS] + "…"
            picked.append({"unit": u["id"], "paper": u["paper"], "sentences": u["sentences"],
                           "weight": round(float(w[i]), 4), "text": text})
        reps.append(picked)
    return reps


def paper_mixtures(fitted: Fitted, prepared: Prepared) -> tuple[list[str], np.ndarray]:
    """Papers in first-seen order and their mean unit mixture."""
    papers: dict[str, list[int]] = {}
    for i, u in enumerate(prepared.units()):
        papers.setdefault(u["paper"], []).append(i)
    names = list(papers)
    mix = np.zeros((len(names), fitted.k))
    for r, name in enumerate(names):
        rows = fitted.doc_topic[papers[name]]
        rows = rows[rows.sum(axis=1) > 0]
        if len(rows):
            mix[r] = rows.mean(axis=0)
    return names, mix


def summarise(fitted: Fitted, prepared: Prepared, config: TrainConfig, model_id: str, *, inputs: Sequence[str],
              corpus_filter: CorpusFilter, stab: dict | None, selection: dict | None) -> dict:
    """The content of topics.json."""
    d = prepared.dictionary
    orders = fitted.orders()
    top25 = [[d[int(i)] for i in o[:25]] for o in orders]
    npmi, npmi_per = coherence(top25, prepared, "c_npmi", 10)
    cv, cv_per = coherence(top25, prepared, "c_v", None)
    trained = fitted.doc_topic.sum(axis=1) > 0
    shares = fitted.doc_topic[trained].mean(axis=0) if trained.any() else np.zeros(fitted.k)
    reps = _representatives(fitted, prepared, config.representatives)
    topics = []
    for t, order in enumerate(orders):
        terms = [{"term": d[int(i)], "weight": round(float(fitted.topic_term[t, i]), 5)}
                 | ({} if fitted.relevance is None else {"relevance": round(float(fitted.relevance[t, i]), 4)})
                 for i in order[:config.top_n]]
        topics.append({"id": t, "label": draft_label([x["term"] for x in terms]),
                       "share": round(float(shares[t]), 4), "c_npmi": npmi_per[t], "c_v": cv_per[t],
                       "terms": terms, "representatives": reps[t]})
    return {
        "format": FORMAT_VERSION,
        "model": {
            "id": model_id, "kind": fitted.kind, "k": fitted.k, "seed": fitted.seed,
            "library_versions": library_versions(LIBRARIES),
            "dictionary_hash": prepared.dictionary_hash(), "stopwords_hash": stopwords_hash(),
            "train_config": {k: v for k, v in vars(config).items()},
        },
        "corpus": {
            "inputs": list(inputs), "units": prepared.n_units, "trained_units": int(trained.sum()),
            "filter": {"categories": sorted(corpus_filter.categories) if corpus_filter.categories else None,
                       "keep_ids": len(corpus_filter.keep_ids) if corpus_filter.keep_ids else None,
                       "min_chars": corpus_filter.min_chars},
            "vocabulary": {kk: v for kk, v in prepared.settings.items() if kk != "min_words"},
        },
        "measures": {
            "c_npmi": npmi, "c_v": cv, "diversity_top25": diversity(top25, 25),
            "coherence_settings": "c_npmi: top 10 terms, sliding window 10, reference = training texts "
                                  "(phrase-joined topic words); c_v: top 10 terms, gensim default window 110",
            "stability": stab,
        },
        "k_selection": selection,
        "topics": topics,
    }


def build_model(inputs: Sequence[Path], out: Path, config: TrainConfig = TrainConfig(),
                options: BuildOptions = BuildOptions(), corpus_filter: CorpusFilter = CorpusFilter(),
                *, units: Iterable[Unit] | None = None, log: Callable[[str], None] = lambda m: None) -> dict:
    """Train on ``inputs`` (or on ready ``units``, ``inputs`` then only naming them) and write a model folder
    ``out``; return topics.json's content."""
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="topics-") as tmp:
        t0 = time.perf_counter()
        source = units if units is not None else _counted(read_units(inputs, corpus_filter), "reading")
        prepared = prepare(source, Path(tmp), config)
        timings["read_and_prepare_s"] = round(time.perf_counter() - t0, 2)
        log(f"{prepared.n_units} units, {len(prepared.dictionary)} words, {len(prepared.phrases)} collocations")
        selection = None
        if options.k_auto:
            t0 = time.perf_counter()
            seeds = [config.seed + i for i in range(options.sweep_seeds)]
            rows = sweep(prepared, config, options.grid, seeds,
                         tick=_progress(len(options.grid) * len(seeds), "k sweep"))
            timings["sweep_fit_cpu_s"] = {f"k{r['k']}/seed{r['seed']}": r.pop("seconds") for r in rows}
            k, summary = pick_k(rows)
            selection = {"grid": list(options.grid), "seeds": seeds, "runs": rows, **summary}
            write_json(out / "sweep.json", selection)
            config = replace(config, k=k)
            timings["sweep_s"] = round(time.perf_counter() - t0, 2)
            log(f"k sweep: chose k={k} from the plateau {summary['plateau']} (best mean c_npmi at k={summary['best']})")
        t0 = time.perf_counter()
        fitted = fit(prepared, config)
        timings["fit_s"] = round(time.perf_counter() - t0, 2)
        timings["fit_cpu_s"] = fitted.seconds
        stab = None
        if options.stability_seeds > 1:
            t0 = time.perf_counter()
            runs = [fitted] + [fit(prepared, replace(config, seed=config.seed + i), kind=fitted.kind)
                               for i in range(1, options.stability_seeds)]
            stab = {"seeds": [r.seed for r in runs], "matched_top10_jaccard": stability(runs, prepared.dictionary)}
            timings["stability_s"] = round(time.perf_counter() - t0, 2)
        model_id = save_arrays(out, fitted, prepared)
        t0 = time.perf_counter()
        summary = summarise(fitted, prepared, config, model_id, inputs=[p.as_posix() for p in inputs],
                            corpus_filter=corpus_filter, stab=stab, selection=selection)
        timings["measure_s"] = round(time.perf_counter() - t0, 2)
        write_json(out / "topics.json", summary)
        if options.report:
            from pipeline.topics.report import render_report

            names, mix = paper_mixtures(fitted, prepared)
            (out / "report.html").write_text(render_report(summary, names, mix), encoding="utf-8")
            if fitted.kind == "lda":
                _write_ldavis(fitted, prepared, out, log)
    write_json(out / "training.json", {"timings": timings, "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
    return summary


def _write_ldavis(fitted: Fitted, prepared: Prepared, out: Path, log: Callable[[str], None]) -> None:
    """A pyLDAvis page for an LDA model, when pyLDAvis is installed (it is optional)."""
    import importlib.util

    if importlib.util.find_spec("pyLDAvis") is None:
        log("pyLDAvis is not installed: no ldavis.html (pip install pyLDAvis to get one).")
        return
    from pipeline.topics.report import render_ldavis

    render_ldavis(fitted, prepared, out / "ldavis.html")


def read_ids(path: Path | None) -> frozenset[str] | None:
    if path is None:
        return None
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


