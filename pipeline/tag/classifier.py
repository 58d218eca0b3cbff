"""The learned tagger: four logistic regressions (recommendation, citation, statistic, case) over the features of
:mod:`pipeline.tag.features`, each feature scaled by how well it separates the classes (naive-Bayes log-count
ratios, :func:`nb_scale`), trained with scikit-learn and stored as plain JSON weights in ``models/tagger/``.

Storing weights rather than a pickle keeps the model readable, diffable and safe to load, and makes inference a
sum of looked-up weights (no scikit-learn import at tagging time): a paper's character n-grams are looked up with
numpy in one pass (:class:`~pipeline.tag.features.NgramColumns`), its words and rule findings in a dictionary.
Training is deterministic (liblinear, fixed seed, sorted features), so the same labelled data gives the same bytes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

from pipeline.errors import ModelMissing
from pipeline.tag.clusters import CLUSTERS_FILE
from pipeline.tag.dataset import Example, sha256_files
from pipeline.tag.features import NgramColumns, Token, token_features

TARGETS = ("policy_recommendation", "citation", "statistic", "case")
MODEL_FILE = "model.json"
FORMAT = 1
REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_MODEL_DIR = REPO / "models" / "tagger"


@dataclass(frozen=True)
class TrainConfig:
    """Options of training: regularisation ``c`` (inverse strength), minimum feature count, seed."""

    # 10-fold CV by paper on tune (18,749 sentences, session 7), recommendation / evidence / case F1: c 1.0 0.832 /
    # 0.874 / 0.778, 0.5 0.834 / 0.875 / 0.782, 0.25 0.835 / 0.877 / 0.788, 0.125 0.833 / 0.879 / 0.793
    c: float = 0.25
    min_count: int = 2
    class_weight: str | None = "balanced"
    seed: int = 0
    rule_scale: float = 4.0  # value of rule features in training: cheaper for the regulariser than n-grams
    # naive-Bayes scaling (as in NBSVM, Wang & Manning 2012): each feature's training value is multiplied by
    # 1 - nb_beta + nb_beta * |r|, r its log-count ratio between the target's positive and negative sentences
    # (add-nb_alpha smoothed), so features that separate the classes cost the regulariser less
    nb_beta: float = 0.5
    nb_alpha: float = 1.0


class TaggerModel:
    """Loaded weights (feature -> one weight per target), intercepts and version; scoring sums the weights of a
    sentence's features with numpy."""

    def __init__(self, version: str, names: list[str], matrix, intercepts: tuple[float, ...], training_sha256: str):
        """A model of sorted feature names and their weights as a (features x targets) numpy matrix."""
        import numpy as np

        self.version = version
        self.training_sha256 = training_sha256
        self.intercepts = tuple(intercepts)
        self.index = {f: i for i, f in enumerate(names)}
        self.matrix = matrix
        self.bias = np.array(self.intercepts, dtype=np.float64)
        self.ngrams = NgramColumns(self.index)
        self._token_columns: dict[Token, tuple[int, ...]] = {}  # token -> rows of its known features

    @classmethod
    def from_weights(cls, version: str, weights: dict, intercepts: tuple[float, ...],
                     training_sha256: str) -> TaggerModel:
        """The model of weights given as feature -> one weight per target (as :func:`fit` returns them)."""
        return cls(version, *weights_matrix(weights), intercepts, training_sha256)

    def probabilities_of_sentences(self, texts: list[str], others: list[set[str]]) -> list[tuple[float, ...]]:
        """:meth:`probabilities` of sentences given as their texts (for the character n-grams, looked up in one
        numpy pass) and their other features (words, rule findings), scored with one numpy reduction."""
        get = self.index.get
        return self.probabilities_of_columns(texts, [{i for i in map(get, f) if i is not None} for f in others])

    def probabilities_of_columns(self, texts: list[str], columns: list[set[int]]) -> list[tuple[float, ...]]:
        """:meth:`probabilities_of_sentences` with the other features given as the matrix rows of the known ones
        (:meth:`feature_columns`)."""
        import numpy as np

        gram_owner, gram_rows = self.ngrams.rows(texts)
        rows = np.fromiter(chain.from_iterable(columns), dtype=np.int64, count=sum(map(len, columns)))
        owner = np.repeat(np.arange(len(columns)), [len(c) for c in columns])
        return self.probabilities_of_rows(len(texts), np.concatenate([gram_owner, owner]),
                                          np.concatenate([gram_rows, rows]))

    def feature_columns(self, tokens: list[Token], names: set[str]) -> set[int]:
        """The matrix rows of a sentence's known features: those of its tokens (:func:`token_features`, looked up
        once per token and model) and the ``names`` of the others (:func:`context_features`)."""
        cache = self._token_columns
        get = self.index.get
        out = {i for i in map(get, names) if i is not None}
        if tokens and tokens[0].__class__ is not tuple:  # tokens read from JSON are lists
            tokens = [tuple(t) for t in tokens]
        found = list(map(cache.get, tokens))
        if None in found:
            for k, token in enumerate(tokens):
                if found[k] is None:
                    found[k] = cache[token] = tuple(i for i in map(get, token_features(*token)) if i is not None)
        out.update(chain.from_iterable(found))
        return out

    def probabilities_of_rows(self, n: int, owner, rows) -> list[tuple[float, ...]]:
        """Probabilities of ``n`` sentences given their features as matrix rows: feature ``k`` of all sentences is
        row ``rows[k]`` of sentence ``owner[k]`` (numpy arrays)."""
        import numpy as np

        picked = self.matrix[rows]
        sums = np.stack([np.bincount(owner, weights=picked[:, t], minlength=n) for t in range(len(TARGETS))], axis=1)
        scores = np.clip(sums.reshape(n, len(TARGETS)) + self.bias, -30.0, 30.0)
        return [tuple(row) for row in (1.0 / (1.0 + np.exp(-scores))).tolist()]

    def probabilities(self, features: list[str]) -> tuple[float, ...]:
        """P(label) for each of :data:`TARGETS` given a sentence's feature names."""
        get = self.index.get
        rows = [i for i in map(get, features) if i is not None]
        scores = self.bias + self.matrix[rows].sum(axis=0) if rows else self.bias
        return tuple(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, float(s))))) for s in scores)


def targets_of(example: Example) -> tuple[int, ...]:
    return (int(example.recommendation),) + tuple(int(t in example.evidence) for t in TARGETS[1:])


def fit(rows: list[tuple[list[str], tuple[int, ...]]], config: TrainConfig = TrainConfig()) -> tuple[dict, list[float]]:
    """Train one logistic regression per target on (features, targets) rows; returns (weights, intercepts)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for feats, _ in rows:
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= config.min_count or f.startswith("r:"))
    index = {f: i for i, f in enumerate(vocab)}
    indptr, indices = [0], []
    for feats, _ in rows:
        indices += sorted(index[f] for f in feats if f in index)
        indptr.append(len(indices))
    base = np.array([config.rule_scale if f.startswith("r:") else 1.0 for f in vocab])
    binary = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    coefs, intercepts = [], []
    for t in range(len(TARGETS)):
        y = np.array([tg[t] for _, tg in rows])
        if y.min() == y.max():  # a target with one class: constant model
            coefs.append(np.zeros(len(vocab)))
            intercepts.append(8.0 if y[0] else -8.0)
            continue
        scale = base * nb_scale(binary, y, config)
        clf = LogisticRegression(C=config.c, solver="liblinear", class_weight=config.class_weight,
                                 random_state=config.seed, max_iter=1000)
        clf.fit(binary.multiply(scale).tocsr(), y)
        # fold the feature's training value into its weight, so that tagging sums weights of binary features
        coefs.append(clf.coef_[0] * scale)
        intercepts.append(float(clf.intercept_[0]))
    weights = {}
    for i, f in enumerate(vocab):
        w = [round(float(coefs[t][i]), 5) for t in range(len(TARGETS))]
        if any(w):
            weights[f] = w
    return weights, [round(v, 5) for v in intercepts]


def nb_scale(binary, y, config: TrainConfig):
    """Per-feature factor ``1 - nb_beta + nb_beta * |r|``, ``r`` the smoothed log-count ratio of the feature in the
    positive (``y == 1``) and negative rows of the binary feature matrix.

    >>> import numpy as np
    >>> from scipy.sparse import csr_matrix
    >>> x = csr_matrix(np.array([[1, 1], [1, 0], [0, 1], [0, 1]]))
    >>> [round(float(v), 3) for v in nb_scale(x, np.array([1, 1, 0, 0]), TrainConfig(nb_beta=1.0))]
    [0.875, 0.629]
    """
    import numpy as np

    pos = config.nb_alpha + np.asarray(binary[y == 1].sum(axis=0)).ravel()
    neg = config.nb_alpha + np.asarray(binary[y == 0].sum(axis=0)).ravel()
    ratio = np.log((pos / pos.sum()) / (neg / neg.sum()))
    return 1.0 - config.nb_beta + config.nb_beta * np.abs(ratio)


def save(model_dir: Path, weights: dict, intercepts: list[float], *, training_files: list[Path],
         training_names: list[str], n_examples: int, config: TrainConfig) -> Path:
    """Write ``model.json`` (weights, intercepts, training hash, config) into ``model_dir``; returns its path."""
    model_dir.mkdir(parents=True, exist_ok=True)
    sha = sha256_files(training_files)
    doc = {
        "format": FORMAT,
        "version": f"1.{sha[:8]}",
        "targets": list(TARGETS),
        "training_data": training_names,
        "training_sha256": sha,
        # the features read the word clusters: a model is only valid with the file it was trained with
        "clusters_sha256": sha256_files([CLUSTERS_FILE]),
        "training_examples": n_examples,
        "train_config": {"c": config.c, "min_count": config.min_count, "class_weight": config.class_weight,
                         "seed": config.seed, "rule_scale": config.rule_scale,
                         "nb_beta": config.nb_beta, "nb_alpha": config.nb_alpha},
        "intercepts": intercepts,
        "weights": dict(sorted(weights.items())),
    }
    from pipeline.emit import write_atomic

    path = model_dir / MODEL_FILE
    write_atomic(path, (json.dumps(doc, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n").encode())
    return path


@lru_cache(maxsize=4)
def load(model_dir: str = "") -> TaggerModel:
    """The model in ``model_dir`` (default ``models/tagger``), read once per process."""
    import numpy as np

    path = Path(model_dir or DEFAULT_MODEL_DIR) / MODEL_FILE
    try:
        doc = _read_model(path)
    except FileNotFoundError:
        raise ModelMissing(f"no tagger model at {path}.", hint="Train it: python -m pipeline train-tagger")
    except ValueError as exc:
        raise ModelMissing(f"the tagger model at {path} is not valid JSON ({exc}).",
                           hint="Retrain it: python -m pipeline train-tagger")
    if doc.get("format") != FORMAT or doc.get("targets") != list(TARGETS) or "names" not in doc:
        raise ModelMissing(f"the tagger model at {path} has an unknown format.",
                           hint="Retrain it: python -m pipeline train-tagger")
    if doc.get("clusters_sha256", "") != sha256_files([CLUSTERS_FILE]):
        raise ModelMissing(f"the tagger model at {path} was trained with other word clusters than "
                           f"{CLUSTERS_FILE.name} (rebuilt since?).", hint="Retrain it: python -m pipeline train-tagger")
    matrix = np.frombuffer(doc["matrix"], dtype=np.float64).reshape(len(doc["names"]), len(TARGETS))
    return TaggerModel(doc["version"], doc["names"], matrix, tuple(doc["intercepts"]), doc["training_sha256"])


CACHE_VERSION = 1  # of the cached form of model.json


def _read_model(path: Path) -> dict:
    """``model.json`` with its weights as sorted feature ``names`` and a float64 ``matrix`` (bytes, features x
    targets). Parsing 4 MB of JSON costs about 0.13 s, so this form is cached (:func:`pipeline.cache.cached`, in the
    temporary folder), keyed by the SHA-256 of the file's bytes: any change to the model is a new key. Raises
    FileNotFoundError, or ValueError for a file that is not JSON."""
    import hashlib

    from pipeline.cache import cached

    raw = path.read_bytes()
    key = f"{hashlib.sha256(raw).hexdigest()[:16]}-v{CACHE_VERSION}"
    return cached("tagger", key, lambda: _parse_model(raw), valid=lambda doc: isinstance(doc, dict) and "names" in doc)


def _parse_model(raw: bytes) -> dict:
    doc = json.loads(raw.decode("utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("weights"), dict):
        return {}  # no weights: load() reports an unknown format
    names, matrix = weights_matrix(doc.pop("weights"))
    doc["names"] = names
    doc["matrix"] = matrix.tobytes()
    return doc


def weights_matrix(weights: dict) -> tuple[list[str], object]:
    """Feature -> weights (one per target) as the sorted names and their (features x targets) float64 matrix."""
    import numpy as np

    names = sorted(weights)
    return names, np.array([weights[f] for f in names], dtype=np.float64).reshape(len(names), len(TARGETS))
