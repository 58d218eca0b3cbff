"""A trained topic model on disk, and what inference needs from it.

A model folder holds ``topics.json`` (settings, measures, topics: see README, Topics) and plain data files,
no pickles: ``dictionary.json`` (words in id order with document frequencies), ``phrases.json`` (the learnt
collocations) and NumPy arrays: for NMF ``components.npy`` (topics x words) and ``idf.npy``; for LDA
``exp_elog_beta.npy`` (topics x words) and ``alpha.npy``. The model id names the kind, k and a hash of these
files, so a document says exactly which model gave its topics.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from pipeline.topics.nmf import NmfTransform
from pipeline.topics.vocabulary import join_phrases

FORMAT_VERSION = 1
ARRAYS = {"nmf": ("components", "idf"), "lda": ("exp_elog_beta", "alpha")}
DATA_FILES = ("dictionary.json", "phrases.json")
LDA_ITERATIONS = 100
LDA_GAMMA_THRESHOLD = 1e-3
NMF_MAX_ITER = 400


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def save_arrays(out: Path, fitted, prepared) -> str:
    """Write the data files of ``fitted`` (a :class:`~pipeline.topics.train.Fitted`) into ``out``; return its id."""
    out.mkdir(parents=True, exist_ok=True)
    d = prepared.dictionary
    write_json(out / "dictionary.json", {"num_docs": d.num_docs, "words": [d[i] for i in range(len(d))],
                                         "dfs": [int(d.dfs.get(i, 0)) for i in range(len(d))]})
    write_json(out / "phrases.json", {"separator": "", "pairs": [[a, b, s] for (a, b), s in prepared.phrases.items()]})
    if fitted.kind == "nmf":
        arrays = {"components": fitted.state["components"], "idf": fitted.state["idf"]}
    else:
        lda = fitted.state["lda"]
        arrays = {"exp_elog_beta": lda.expElogbeta, "alpha": np.asarray(lda.alpha)}
    for old in out.glob("*.npy"):
        old.unlink()
    for name, arr in arrays.items():
        np.save(out / f"{name}.npy", np.ascontiguousarray(arr, dtype=np.float64))
    return model_id(out, fitted.kind, fitted.k)


def model_id(folder: Path, kind: str, k: int) -> str:
    """``<kind>-k<k>-v<format>-<first 12 hex digits of the SHA-256 of the data files>``."""
    h = hashlib.sha256()
    for name in DATA_FILES + tuple(f"{a}.npy" for a in ARRAYS[kind]):
        h.update(name.encode())
        h.update((folder / name).read_bytes())
    return f"{kind}-k{k}-v{FORMAT_VERSION}-{h.hexdigest()[:12]}"


def dirichlet_expectation(alpha: np.ndarray) -> np.ndarray:
    from scipy.special import psi

    return psi(alpha) - psi(alpha.sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class TopicModel:
    """A loaded model: map topic words to topic mixtures."""

    id: str
    kind: str
    k: int
    token2id: dict[str, int]
    phrases: frozenset[tuple[str, str]]
    arrays: dict[str, np.ndarray]
    labels: tuple[str, ...]
    nmf_loss: str = "frobenius"
    nmf: NmfTransform | None = None  # the NumPy transform of a frobenius NMF model (no scikit-learn import)

    @cached_property
    def phrase_heads(self) -> frozenset[str]:
        """The first words of the collocations."""
        return frozenset(a for a, _ in self.phrases)

    def bag(self, words: Sequence[str]) -> dict[int, int]:
        """Counts of dictionary words after joining collocations."""
        counts = Counter(map(self.token2id.get, join_phrases(words, self.phrases, self.phrase_heads)))
        counts.pop(None, None)  # words outside the dictionary
        return dict(counts)

    def mixtures(self, bags: Sequence[dict[int, int]]) -> np.ndarray:
        """Topic mixtures (rows sum to 1; all zero for a bag with no dictionary word)."""
        if not bags:
            return np.zeros((0, self.k))
        if self.kind == "nmf":
            return self._nmf(bags)
        return self._lda(bags)

    def _nmf(self, bags: Sequence[dict[int, int]]) -> np.ndarray:
        if self.nmf is not None:
            return self.nmf.mixtures(bags, max_iter=NMF_MAX_ITER)
        from scipy import sparse

        from pipeline.topics.train import TrainConfig, nmf_transform, tfidf_rows

        rows, cols, vals = [], [], []
        for r, bag in enumerate(bags):
            for i, c in sorted(bag.items()):
                rows.append(r)
                cols.append(i)
                vals.append(float(c))
        counts = sparse.csr_matrix((vals, (rows, cols)), shape=(len(bags), len(self.token2id)))
        x = tfidf_rows(counts, self.arrays["idf"])
        return nmf_transform(x, self.arrays["components"],
                             TrainConfig(nmf_max_iter=NMF_MAX_ITER, nmf_beta_loss=self.nmf_loss))

    def _lda(self, bags: Sequence[dict[int, int]]) -> np.ndarray:
        """Variational inference as gensim's ``LdaModel.inference``, started from a flat gamma (deterministic)."""
        beta, alpha = self.arrays["exp_elog_beta"], self.arrays["alpha"]
        out = np.zeros((len(bags), self.k))
        for r, bag in enumerate(bags):
            if not bag:
                continue
            ids = np.array(sorted(bag))
            cts = np.array([bag[i] for i in ids], dtype=np.float64)
            gamma = np.ones(self.k)
            exp_theta = np.exp(dirichlet_expectation(gamma))
            beta_d = beta[:, ids]
            phinorm = exp_theta @ beta_d + 1e-100
            for _ in range(LDA_ITERATIONS):
                last = gamma
                gamma = alpha + exp_theta * ((cts / phinorm) @ beta_d.T)
                exp_theta = np.exp(dirichlet_expectation(gamma))
                phinorm = exp_theta @ beta_d + 1e-100
                if np.mean(np.abs(gamma - last)) < LDA_GAMMA_THRESHOLD:
                    break
            out[r] = gamma / gamma.sum()
        return out


def load_model(folder: Path) -> TopicModel:
    """Load a model folder (cached per folder and ``topics.json`` modification time)."""
    folder = folder.resolve()
    meta = folder / "topics.json"
    return _load(folder, meta.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(folder: Path, _mtime: int) -> TopicModel:
    meta = json.loads((folder / "topics.json").read_text(encoding="utf-8"))
    model = meta["model"]
    words = json.loads((folder / "dictionary.json").read_text(encoding="utf-8"))["words"]
    pairs = json.loads((folder / "phrases.json").read_text(encoding="utf-8"))["pairs"]
    arrays = {name: np.load(folder / f"{name}.npy") for name in ARRAYS[model["kind"]]}
    nmf_loss = model["train_config"].get("nmf_beta_loss", "frobenius")
    frobenius_nmf = model["kind"] == "nmf" and nmf_loss == "frobenius"
    nmf = NmfTransform(arrays["components"], arrays["idf"]) if frobenius_nmf else None
    return TopicModel(id=model["id"], kind=model["kind"], k=int(model["k"]),
                      token2id={w: i for i, w in enumerate(words)},
                      phrases=frozenset((a, b) for a, b, _s in pairs), arrays=arrays,
                      labels=tuple(t["label"] for t in meta["topics"]),
                      nmf_loss=nmf_loss, nmf=nmf)
