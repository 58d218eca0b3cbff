"""Train and measure topic models: gensim LDA and scikit-learn NMF over one prepared corpus.

:func:`prepare` streams units to disk (their words, gensim ``Phrases`` collocations, a filtered ``Dictionary``
and a serialised Matrix Market bag-of-words corpus), so corpora larger than memory can be trained on;
:func:`fit` trains one model; :func:`score` measures it (c_npmi with the top 10 terms in windows of 10 words
over the training texts, c_v, topic diversity); :func:`stability` matches the topics of runs with different
seeds; :func:`sweep` tries a grid of k over several seeds and :func:`pick_k` takes k from the coherence plateau.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np
from scipy import sparse

from pipeline.topics.corpus import Unit
from pipeline.topics.nmf import normalise_rows
from pipeline.topics.vocabulary import join_phrases

log = logging.getLogger(__name__)

KINDS = ("nmf", "lda")
PHRASE_SEP = "\x1f"  # joins a learnt pair inside gensim; never occurs in text


@dataclass(frozen=True)
class TrainConfig:
    """How a topic model is trained; every field is recorded in topics.json.

    kind: "nmf", "lda", or "auto": NMF (it won every measured comparison, README, Topics) unless the corpus
        has ``lda_min_units`` units or more, where LDA is used because it trains streaming from disk while
        scikit-learn NMF holds the whole tf-idf matrix in memory (an untested size: a memory rule, not a score).
    k: number of topics. seed: the random seed (the same seed gives the same model, byte for byte).
    phrase_min_count, phrase_threshold: gensim ``Phrases`` with npmi scoring joins pairs seen at least this
        often with at least this npmi (产业 + 集群 -> 产业集群).
    no_below, no_above, keep_n: ``Dictionary.filter_extremes``: drop words in fewer than ``no_below`` units or
        in more than ``no_above`` of them; keep at most ``keep_n`` words.
    min_words: units with fewer dictionary words after filtering are not trained on.
    nmf_*: scikit-learn NMF on l2-normalised tf-idf rows: Frobenius loss with nndsvd initialisation and
        coordinate descent, or Kullback-Leibler loss with nndsvda initialisation and multiplicative updates.
    lda_*: gensim LdaModel (passes over the corpus, iterations per document, priors).
    term_relevance: lambda of Sievert & Shirley's relevance, by which a topic's terms are ranked:
        lambda * log p(w|t) + (1 - lambda) * log(p(w|t) / p(w)); 1.0 ranks by weight alone, lower values favour
        words particular to the topic (measured in README, Topics: 0.8 lifts diversity for little coherence).
    top_n: terms listed per topic in topics.json; representatives: units shown per topic.
    """

    kind: str = "auto"
    k: int = 20
    seed: int = 1
    phrase_min_count: int = 5
    phrase_threshold: float = 0.5
    no_below: int = 3
    no_above: float = 0.1
    keep_n: int = 20000
    min_words: int = 5
    nmf_max_iter: int = 400
    nmf_beta_loss: str = "frobenius"
    nmf_alpha_h: float = 0.0
    nmf_l1_ratio: float = 0.0
    lda_passes: int = 20
    lda_iterations: int = 200
    lda_alpha: str = "auto"
    lda_eta: str = "auto"
    lda_min_units: int = 200_000
    term_relevance: float = 0.8
    top_n: int = 20
    representatives: int = 5

    def resolved_kind(self, n_units: int) -> str:
        if self.kind in KINDS:
            return self.kind
        return "lda" if n_units >= self.lda_min_units else "nmf"


class LineTexts:
    """A restartable stream of token lists, one unit per line of a text file (words separated by spaces)."""

    def __init__(self, path: Path):
        self.path = path

    def __iter__(self) -> Iterator[list[str]]:
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                yield line.split()


@dataclass
class Prepared:
    """A corpus ready for training: files in ``workdir`` plus the dictionary and collocations."""

    workdir: Path
    dictionary: object  # gensim.corpora.Dictionary
    phrases: dict[tuple[str, str], float]
    n_units: int
    settings: dict = field(default_factory=dict)

    @property
    def texts(self) -> LineTexts:
        """Phrase-joined topic words of every unit (the reference texts of coherence)."""
        return LineTexts(self.workdir / "texts.txt")

    def bows(self):
        from gensim.corpora import MmCorpus

        return MmCorpus(str(self.workdir / "corpus.mm"))

    def units(self) -> Iterator[dict]:
        with (self.workdir / "units.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)

    def matrix(self) -> sparse.csr_matrix:
        """Units x words count matrix (float64, CSR)."""
        from gensim.matutils import corpus2csc

        return corpus2csc(self.bows(), num_terms=len(self.dictionary), num_docs=self.n_units).T.tocsr()

    def dictionary_hash(self) -> str:
        blob = json.dumps([[self.dictionary[i], self.dictionary.dfs.get(i, 0)] for i in range(len(self.dictionary))],
                          ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]


class TrainedBows:
    """A restartable stream of the bags of words of units with at least ``min_words`` words."""

    def __init__(self, prepared: Prepared, min_words: int):
        self.prepared, self.min_words = prepared, min_words

    def __iter__(self):
        for bow in self.prepared.bows():
            if sum(c for _, c in bow) >= self.min_words:
                yield bow


def learn_phrases(texts: Iterable[Sequence[str]], *, min_count: int, threshold: float) -> dict[tuple[str, str], float]:
    """Collocations of ``texts``: word pairs whose npmi is at least ``threshold``, with their scores."""
    from gensim.models.phrases import Phrases

    model = Phrases(texts, min_count=min_count, threshold=threshold, scoring="npmi", delimiter=PHRASE_SEP)
    pairs = {}
    for phrase, score in model.export_phrases().items():
        a, _, b = phrase.partition(PHRASE_SEP)
        pairs[(a, b)] = round(float(score), 6)
    return dict(sorted(pairs.items()))


def prepare(units: Iterable[Unit], workdir: Path, config: TrainConfig = TrainConfig()) -> Prepared:
    """Stream ``units`` to ``workdir``, learn collocations and the dictionary, serialise the corpus."""
    from gensim.corpora import Dictionary, MmCorpus

    workdir.mkdir(parents=True, exist_ok=True)
    n = 0
    with (workdir / "units.jsonl").open("w", encoding="utf-8") as fu, \
            (workdir / "words.txt").open("w", encoding="utf-8") as fw:
        for unit in units:
            fu.write(json.dumps({"id": unit.id, "paper": unit.paper, "sentences": list(unit.sentences),
                                 "text": unit.text}, ensure_ascii=False) + "\n")
            fw.write(" ".join(w.replace(" ", "") for w in unit.words) + "\n")
            n += 1
    if n == 0:
        from pipeline.errors import UsageError

        raise UsageError("no training documents in the inputs.",
                         hint="Give papers (.txt, .md) or JSON Lines records with an abstract or zh_abstract field.")
    phrases = learn_phrases(LineTexts(workdir / "words.txt"), min_count=config.phrase_min_count,
                            threshold=config.phrase_threshold)
    with (workdir / "texts.txt").open("w", encoding="utf-8") as ft:
        for words in LineTexts(workdir / "words.txt"):
            ft.write(" ".join(join_phrases(words, phrases)) + "\n")
    texts = LineTexts(workdir / "texts.txt")
    dictionary = Dictionary(texts)
    before = len(dictionary)
    dictionary.filter_extremes(no_below=config.no_below, no_above=config.no_above, keep_n=config.keep_n)
    MmCorpus.serialize(str(workdir / "corpus.mm"), (dictionary.doc2bow(t) for t in texts))
    settings = {"units": n, "words_before_filter": before, "words": len(dictionary), "phrases": len(phrases),
                "min_words": config.min_words}
    return Prepared(workdir=workdir, dictionary=dictionary, phrases=phrases, n_units=n, settings=settings)


def tfidf_rows(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """l2-normalised tf-idf rows of a count matrix (empty rows stay zero)."""
    x = sparse.csr_matrix(counts.multiply(idf[None, :]))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(x.multiply(1.0 / norms[:, None]))


def smooth_idf(counts: sparse.csr_matrix) -> np.ndarray:
    """scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


@dataclass
class Fitted:
    """One trained model: its topic-term weights (rows sum to 1), the units' topic mixtures, and its state."""

    kind: str
    k: int
    seed: int
    topic_term: np.ndarray
    doc_topic: np.ndarray
    seconds: float
    state: dict
    relevance: np.ndarray | None = None

    def top_terms(self, dictionary, n: int = 10) -> list[list[str]]:
        return [[dictionary[int(i)] for i in order[:n]] for order in self.orders()]

    def orders(self) -> list[np.ndarray]:
        """Term ids of every topic by decreasing relevance (ties by id: deterministic)."""
        rank = self.topic_term if self.relevance is None else self.relevance
        return [np.lexsort((np.arange(row.size), -row)) for row in rank]


def relevance(topic_term: np.ndarray, word_prob: np.ndarray, lam: float) -> np.ndarray:
    """Sievert & Shirley (2014) relevance of every word to every topic (higher: more relevant)."""
    tt = np.maximum(topic_term, 1e-12)
    return lam * np.log(tt) + (1.0 - lam) * np.log(tt / np.maximum(word_prob, 1e-12)[None, :])


def word_probabilities(dictionary) -> np.ndarray:
    """p(w): each dictionary word's share of all word occurrences in the corpus."""
    cfs = np.array([dictionary.cfs.get(i, 0) for i in range(len(dictionary))], dtype=np.float64)
    return cfs / cfs.sum() if cfs.sum() else cfs


def nmf_transform(x: sparse.csr_matrix, components: np.ndarray, config: TrainConfig) -> np.ndarray:
    """Topic mixtures of tf-idf rows ``x`` for fixed NMF components (rows sum to 1, or 0 for empty rows).

    Inference of a frobenius model uses :class:`pipeline.topics.nmf.NmfTransform`, the same arithmetic without
    importing scikit-learn; this remains for the Kullback-Leibler loss and as the reference it is tested against.
    """
    from sklearn.decomposition import non_negative_factorization

    kl = config.nmf_beta_loss == "kullback-leibler"
    w, _h, _n = non_negative_factorization(x, H=components.astype(np.float64), n_components=components.shape[0],
                                          update_H=False, solver="mu" if kl else "cd", beta_loss=config.nmf_beta_loss,
                                          max_iter=config.nmf_max_iter, alpha_W=0.0, alpha_H=0.0,
                                          random_state=0)
    return normalise_rows(w)


def fit(prepared: Prepared, config: TrainConfig = TrainConfig(), *, kind: str | None = None) -> Fitted:
    """Train one model of ``kind`` (default: ``config.resolved_kind``) with ``config.k`` and ``config.seed``."""
    kind = kind or config.resolved_kind(prepared.n_units)
    t0 = time.process_time()
    if kind == "nmf":
        from sklearn.decomposition import NMF

        counts = prepared.matrix()
        mask = np.asarray(counts.sum(axis=1)).ravel() >= config.min_words
        idf = smooth_idf(counts[mask])
        x = tfidf_rows(counts, idf)
        kl = config.nmf_beta_loss == "kullback-leibler"
        model = NMF(n_components=config.k, init="nndsvda" if kl else "nndsvd", solver="mu" if kl else "cd",
                    beta_loss=config.nmf_beta_loss,
                    max_iter=config.nmf_max_iter, random_state=config.seed, alpha_W=0.0,
                    alpha_H=config.nmf_alpha_h, l1_ratio=config.nmf_l1_ratio)
        w = np.zeros((counts.shape[0], config.k))
        w[mask] = model.fit_transform(x[mask])
        doc_topic = normalise_rows(w)
        components = model.components_
        topic_term = normalise_rows(components)
        state = {"components": components, "idf": idf, "iterations": int(model.n_iter_)}
    elif kind == "lda":
        from gensim.models import LdaModel

        train = TrainedBows(prepared, config.min_words)  # streamed from disk on every pass
        model = LdaModel(corpus=train, id2word=prepared.dictionary, num_topics=config.k,
                         random_state=config.seed, passes=config.lda_passes, iterations=config.lda_iterations,
                         alpha=config.lda_alpha, eta=config.lda_eta, chunksize=2000, eval_every=None,
                         update_every=1)
        model.random_state = np.random.RandomState(config.seed)
        doc_topic = np.zeros((prepared.n_units, config.k))
        chunk: list = []
        rows: list[int] = []
        for i, bow in enumerate(prepared.bows()):
            if sum(c for _, c in bow) >= config.min_words:
                chunk.append(bow)
                rows.append(i)
            if len(chunk) == 2000 or (i == prepared.n_units - 1 and chunk):
                gamma, _ = model.inference(chunk)
                doc_topic[rows] = normalise_rows(gamma)
                chunk, rows = [], []
        topic_term = normalise_rows(model.get_topics())
        state = {"lda": model}
    else:
        raise ValueError(f"unknown model kind {kind!r}")
    seconds = time.process_time() - t0
    rel = None if config.term_relevance >= 1.0 else relevance(topic_term, word_probabilities(prepared.dictionary),
                                                               config.term_relevance)
    return Fitted(kind=kind, k=config.k, seed=config.seed, topic_term=topic_term, doc_topic=doc_topic,
                  seconds=round(seconds, 3), state=state, relevance=rel)


def diversity(top_terms: list[list[str]], n: int = 25) -> float:
    """Share of unique words among the top ``n`` words of all topics (1.0: no word shared).

    >>> diversity([["产业", "集群"], ["产业", "政策"]], n=2)
    0.75
    """
    words = [w for t in top_terms for w in t[:n]]
    return round(len(set(words)) / len(words), 4) if words else 0.0


def coherence(top_terms: list[list[str]], prepared: Prepared, measure: str = "c_npmi",
              window: int | None = 10) -> tuple[float, list[float]]:
    """Coherence of topics (top 10 terms) against the training texts: (mean, per topic)."""
    from gensim.models.coherencemodel import CoherenceModel

    cm = CoherenceModel(topics=[t[:10] for t in top_terms], texts=prepared.texts, dictionary=prepared.dictionary,
                        coherence=measure, window_size=window, topn=10, processes=1)
    per = [round(float(x), 4) for x in cm.get_coherence_per_topic()]
    return round(float(np.mean(per)), 4), per


def score(fitted: Fitted, prepared: Prepared, *, with_cv: bool = True) -> dict:
    """c_npmi (top 10, window 10), c_v (top 10, gensim's window 110) and diversity (top 25) of a model."""
    top = fitted.top_terms(prepared.dictionary, 25)
    npmi, per = coherence(top, prepared, "c_npmi", 10)
    result = {"c_npmi": npmi, "c_npmi_per_topic": per, "diversity": diversity(top, 25)}
    if with_cv:
        result["c_v"] = coherence(top, prepared, "c_v", None)[0]
    return result


def stability(runs: Sequence[Fitted], dictionary, n: int = 10) -> float:
    """Mean Jaccard similarity of the top ``n`` terms of topics matched one-to-one between every pair of runs."""
    from scipy.optimize import linear_sum_assignment

    tops = [[set(t) for t in r.top_terms(dictionary, n)] for r in runs]
    scores = []
    for i in range(len(tops)):
        for j in range(i + 1, len(tops)):
            sim = np.array([[len(a & b) / len(a | b) for b in tops[j]] for a in tops[i]])
            rows, cols = linear_sum_assignment(-sim)
            scores.append(sim[rows, cols].mean())
    return round(float(np.mean(scores)), 4) if scores else 1.0


def coherence_many(runs: Sequence[list[list[str]]], texts: Iterable[list[str]], dictionary,
                   measure: str = "c_npmi", window: int | None = 10) -> list[float]:
    """Mean coherence (top 10 terms) of each run's topics, from one pass over the reference ``texts``."""
    from gensim.models.coherencemodel import CoherenceModel

    topics = [t[:10] for run in runs for t in run]
    cm = CoherenceModel(topics=topics, texts=texts, dictionary=dictionary, coherence=measure,
                        window_size=window, topn=10, processes=1)
    per = cm.get_coherence_per_topic()
    out, i = [], 0
    for run in runs:
        out.append(round(float(np.mean(per[i:i + len(run)])), 4))
        i += len(run)
    return out


def sweep(prepared: Prepared, config: TrainConfig, ks: Sequence[int], seeds: Sequence[int], *,
          kind: str | None = None, tick: Callable[[], None] = lambda: None) -> list[dict]:
    """Train every (k, seed) of the grid; one row per run with c_npmi, diversity and CPU time."""
    rows, tops = [], []
    for k in ks:
        for seed in seeds:
            fitted = fit(prepared, replace(config, k=k, seed=seed), kind=kind)
            top = fitted.top_terms(prepared.dictionary, 25)
            tops.append(top)
            rows.append({"k": k, "seed": seed, "kind": fitted.kind, "diversity": diversity(top, 25),
                         "seconds": fitted.seconds})
            tick()
    for row, npmi in zip(rows, coherence_many(tops, prepared.texts, prepared.dictionary)):
        row["c_npmi"] = npmi
    return rows


def pick_k(rows: list[dict], *, min_diversity: float = 0.8, min_tolerance: float = 0.01) -> tuple[int, dict]:
    """k from the coherence plateau. Among the k whose mean diversity over seeds reaches ``min_diversity``
    (all k if none does), the plateau level is the median of their mean c_npmi; the plateau is the k within a
    tolerance (the largest standard error over seeds, at least ``min_tolerance``) of that level or above it;
    the largest k of the plateau is chosen (the most detail at no loss of coherence). The median ignores a
    spike of coherence at the smallest k, where NMF topics are broad but score well.

    >>> rows = [{"k": 5, "c_npmi": 0.12, "diversity": 0.92}, {"k": 10, "c_npmi": 0.08, "diversity": 0.85},
    ...         {"k": 15, "c_npmi": 0.075, "diversity": 0.81}, {"k": 20, "c_npmi": 0.072, "diversity": 0.78},
    ...         {"k": 30, "c_npmi": 0.04, "diversity": 0.81}]
    >>> pick_k(rows)[0]
    15
    """
    by_k: dict[int, list[dict]] = {}
    for r in rows:
        by_k.setdefault(r["k"], []).append(r)
    summary = {}
    for k, rs in sorted(by_k.items()):
        v = np.array([r["c_npmi"] for r in rs])
        summary[k] = {"c_npmi_mean": round(float(v.mean()), 4),
                      "c_npmi_se": round(float(v.std(ddof=1) / np.sqrt(len(v))) if len(v) > 1 else 0.0, 4),
                      "diversity_mean": round(float(np.mean([r["diversity"] for r in rs])), 4)}
    eligible = [k for k, s in summary.items() if s["diversity_mean"] >= min_diversity] or list(summary)
    level = float(np.median([summary[k]["c_npmi_mean"] for k in eligible]))
    tol = max(max(summary[k]["c_npmi_se"] for k in eligible), min_tolerance)
    plateau = [k for k in eligible if summary[k]["c_npmi_mean"] >= level - tol]
    best = max(eligible, key=lambda k: (summary[k]["c_npmi_mean"], -k))
    chosen = max(plateau)
    return chosen, {"by_k": {str(k): s for k, s in summary.items()}, "eligible": eligible,
                    "plateau_level": round(level, 4), "tolerance": round(tol, 4), "plateau": plateau,
                    "best": best, "chosen": chosen, "rule": " ".join(pick_k.__doc__.split("\n\n")[0].split())}
