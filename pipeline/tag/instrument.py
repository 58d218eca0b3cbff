"""The policy instrument of a recommendation (Rothwell & Zegveld: supply / environment / demand, or none), by a small
learned model over the keywords of ``tag_instruments.tsv`` and the words of the action and the sentence.

The keyword rule alone (:func:`~pipeline.tag.attributes.find_instrument`: the first keyword in the action) scores
0.52 on 300 labelled recommendations it was never tuned on; the model, trained on the 700 recommendations whose
instrument two annotators labelled (``tests/data/tags/instruments.jsonl``), scores 0.64 in 10-fold cross-validation
by paper (``benchmarks/eval_instruments.py``). It is saved as ``instrument.json`` beside the tagger's ``model.json``
and trained by the same command (``python -m pipeline train-tagger``); without it the keyword rule decides.

>>> sorted(instrument_features("政府应加大资金投入。", "加大资金投入", "supply", [("政府", "n"), ("应", "v"),
...        ("加大", "v"), ("资金", "n"), ("投入", "v"), ("。", "x")], [("加大", "v"), ("资金", "n"), ("投入", "v")]))
... # doctest: +NORMALIZE_WHITESPACE
['A:加大', 'A:投入', 'A:资金', 'S:加大', 'S:投入', 'S:政府', 'S:资金', 'a:first:supply', 'a:k:supply', 'a:w:投入',
 'a:w:资金', 'rule:supply', 's:first:supply', 's:k:supply', 's:w:投入', 's:w:资金']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import ModelMissing, UsageError
from pipeline.resources import RESOURCES, read_data_lines
from pipeline.tag.features import Token
from pipeline.tag.lexicon import lexicon

CLASSES = ("supply", "environment", "demand", "none")
INSTRUMENT_FILE = "instrument.json"
KEYWORDS_FILE = RESOURCES / "tag_instruments.tsv"
FORMAT = "instrument-logreg-1"


def instrument_features(text: str, action: str | None, rule: str | None, tokens: list[Token],
                        action_tokens: list[Token]) -> set[str]:
    """Features of a recommendation for its instrument: the instrument keywords (their types, the words, the type of
    the first) in the action ``a:`` and in the whole sentence ``s:``, the words of two characters or more of the
    action ``A:`` and of the sentence ``S:``, and the keyword rule's answer ``rule:``."""
    lex = lexicon()
    feats = {f"rule:{rule or 'none'}"}
    for src, part in (("a", action or ""), ("s", text)):
        first = None
        for m in lex.re_instrument.finditer(part):
            kind = lex.instruments_by_word[m.group()]
            first = first or kind
            feats.add(f"{src}:k:{kind}")
            feats.add(f"{src}:w:{m.group()}")
        if first:
            feats.add(f"{src}:first:{first}")
    feats.update(f"A:{w}" for w, _ in action_tokens if len(w) > 1)
    feats.update(f"S:{w}" for w, _ in tokens if len(w) > 1)
    return feats


@dataclass(frozen=True)
class InstrumentModel:
    """Multinomial logistic regression: feature -> one weight per class of :data:`CLASSES`."""

    version: str
    weights: dict[str, tuple[float, ...]]
    intercepts: tuple[float, ...]

    def predict(self, features: set[str]) -> str | None:
        """The class with the highest score (None for "none"); ties go to the earlier class."""
        scores = list(self.intercepts)
        for f in features:
            w = self.weights.get(f)
            if w is not None:
                for k, x in enumerate(w):
                    scores[k] += x
        best = max(range(len(CLASSES)), key=lambda k: (scores[k], -k))
        return None if CLASSES[best] == "none" else CLASSES[best]


def fit(rows: list[tuple[set[str], str | None]], c: float = 1.0) -> tuple[dict[str, list[float]], list[float]]:
    """Train on (features, instrument or None) rows; deterministic (lbfgs, features in sorted order)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    names = sorted({f for feats, _ in rows for f in feats})
    index = {f: i for i, f in enumerate(names)}
    indptr, indices = [0], []
    for feats, _ in rows:
        indices.extend(sorted(index[f] for f in feats))
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(names)))
    y = np.array([CLASSES.index(label or "none") for _, label in rows])
    if len(set(y.tolist())) < 3:
        raise UsageError("too few instrument classes among the labelled recommendations to train on.",
                         hint="Label more rows in tests/data/tags/instruments.jsonl.")
    clf = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    # one row per class seen in training, in CLASSES order; a class never seen gets no weight and cannot win
    coef = np.zeros((len(CLASSES), len(names)))
    bias = np.full(len(CLASSES), -1e9)
    for row, k in enumerate(clf.classes_):
        coef[k], bias[k] = clf.coef_[row], clf.intercept_[row]
    weights = {f: [round(float(v), 6) for v in coef[:, i]] for i, f in enumerate(names) if np.any(coef[:, i])}
    return weights, [round(float(b), 6) for b in bias]


def keywords_sha256() -> str:
    """SHA-256 of the keyword lines of ``tag_instruments.tsv`` (comments aside): the features read them, so a model
    is only valid with the keywords it was trained with."""
    import hashlib

    return hashlib.sha256("\n".join(read_data_lines(KEYWORDS_FILE.name)).encode("utf-8")).hexdigest()


def save(model_dir: Path, weights: dict, intercepts: list[float], *, sha256: str, training_names: list[str],
         n_examples: int, c: float) -> Path:
    """Write ``instrument.json`` into ``model_dir``."""
    from pipeline.emit import write_atomic

    doc = {"format": FORMAT, "version": f"1.{sha256[:8]}", "classes": list(CLASSES), "training_data": training_names,
           "training_sha256": sha256, "keywords_sha256": keywords_sha256(), "training_examples": n_examples, "c": c,
           "intercepts": intercepts, "weights": dict(sorted(weights.items()))}
    path = Path(model_dir) / INSTRUMENT_FILE
    write_atomic(path, (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode())
    return path


@lru_cache(maxsize=4)
def load(model_dir: str) -> InstrumentModel | None:
    """The instrument model saved in ``model_dir``, or None when there is none (the keyword rule then decides)."""
    path = Path(model_dir) / INSTRUMENT_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError as exc:
        raise ModelMissing(f"the instrument model at {path} is not valid JSON ({exc}).",
                           hint="Retrain it: python -m pipeline train-tagger")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("classes") != list(CLASSES):
        raise ModelMissing(f"the instrument model at {path} has an unknown format.",
                           hint="Retrain it: python -m pipeline train-tagger")
    if doc.get("keywords_sha256") != keywords_sha256():
        raise ModelMissing(f"the instrument model at {path} was trained with other keywords than {KEYWORDS_FILE.name} "
                           "(edited since?).", hint="Retrain it: python -m pipeline train-tagger")
    return InstrumentModel(doc["version"], {f: tuple(w) for f, w in doc["weights"].items()}, tuple(doc["intercepts"]))
