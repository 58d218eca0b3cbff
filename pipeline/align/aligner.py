"""Monotonic sentence alignment by dynamic programming over calibrated link probabilities.

Each candidate link (a run of ``a`` Chinese sentences against a run of ``b`` English ones, ``(a, b)`` in the
configured link types) gets a probability from a logistic model over :mod:`pipeline.align.features`; the DP
picks the monotonic path that minimises ``sum(-log p + link_bias)`` over links plus ``skip_cost`` per sentence
left unaligned (1-0 and 0-1); a sentence left stranded next to a link is then absorbed into it when the link's
other side translates at least ``absorb_min`` of its words (:func:`_absorb`). The model's parameters are fitted
on the *tune* half of the hand-aligned dev set (``python -m pipeline evaluate-align --fit``) and stored in
``pipeline/resources/align_params.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from pipeline.align.features import FEATURE_NAMES, LengthModel, PairEvidence

PARAMS_PATH = Path(__file__).resolve().parents[1] / "resources" / "align_params.json"
DEFAULT_LINK_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2),
)


@dataclass(frozen=True)
class LinkModel:
    """Logistic link model: p = sigmoid(bias + sum(w * (x - mean) / scale))."""

    weights: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    bias: float
    length: LengthModel
    skip_cost: float = 2.0
    link_bias: float = 0.0
    link_types: tuple[tuple[int, int], ...] = DEFAULT_LINK_TYPES
    calib_a: float = 1.0
    calib_b: float = 0.0
    absorb_min: float = 2.0  # > 1 turns absorption off (see ``_absorb``)
    band: float = 0.45  # candidates further than this from the diagonal (relative positions) are not scored

    def calibrated(self, p: float) -> float:
        """Probability that a link the DP *chose* is correct (Platt scaling of its candidate probability)."""
        p = min(max(p, 1e-9), 1 - 1e-9)
        z = self.calib_a * math.log(p / (1 - p)) + self.calib_b
        return 1.0 / (1.0 + math.exp(-z))

    @cached_property
    def _affine(self) -> tuple[tuple[float, ...], float]:
        """Weights and intercept on the raw (unstandardised) features."""
        coef = tuple(w / s for w, s in zip(self.weights, self.scale))
        return coef, self.bias - sum(c * m for c, m in zip(coef, self.mean))

    def logit(self, x: list[float]) -> float:
        coef, z = self._affine
        for c, v in zip(coef, x):
            z += c * v
        return z

    def prob(self, x: list[float]) -> float:
        z = self.logit(x)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> dict:
        return {
            "features": list(FEATURE_NAMES),
            "weights": list(self.weights),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "bias": self.bias,
            "length": {"c": self.length.c, "s2": self.length.s2},
            "skip_cost": self.skip_cost,
            "link_bias": self.link_bias,
            "link_types": [list(t) for t in self.link_types],
            "calibration": {"a": self.calib_a, "b": self.calib_b},
            "absorb_min": self.absorb_min,
            "band": self.band,
        }

    @classmethod
    def from_json(cls, data: dict) -> "LinkModel":
        if tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("align_params.json was fitted for other features; refit with evaluate-align --fit")
        return cls(
            weights=tuple(data["weights"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            bias=float(data["bias"]),
            length=LengthModel(**data["length"]),
            skip_cost=float(data["skip_cost"]),
            link_bias=float(data["link_bias"]),
            link_types=tuple(tuple(t) for t in data["link_types"]),
            calib_a=float(data.get("calibration", {}).get("a", 1.0)),
            calib_b=float(data.get("calibration", {}).get("b", 0.0)),
            absorb_min=float(data.get("absorb_min", 2.0)),
            band=float(data.get("band", 0.45)),
        )


@lru_cache(maxsize=4)
def load_model(path: Path = PARAMS_PATH) -> LinkModel:
    """The fitted link model (read once per process)."""
    return LinkModel.from_json(json.loads(path.read_text(encoding="utf-8"))["model"])


Link = tuple[list[int], list[int], float]


def align_sentences(zh: list[str], en: list[str], model: LinkModel | None = None) -> list[Link]:
    """Align two sentence lists; return links ``(zh indices, en indices, calibrated score)`` in order.

    Unaligned sentences are absent from the result.

    >>> links = align_sentences(["【目的】研究产业集群政策。", "【结论】政府应发挥作用。"],
    ...                         ["[Objective] To study industrial cluster policy.",
    ...                          "[Conclusions] The government should play a role."])
    >>> [(z, e) for z, e, _ in links]
    [([0], [0]), ([1], [1])]
    """
    model = model or load_model()
    if not zh or not en:
        return []
    ev = PairEvidence(zh, en)
    return [(z, e, round(model.calibrated(p), 4)) for z, e, p in decode(ev, model)]


def decode(ev: PairEvidence, model: LinkModel, prob=None) -> list[Link]:
    """The DP's links (with uncalibrated probabilities), then absorption of stranded neighbours.

    ``prob(i, a, j, b)`` gives a candidate's probability; by default the model's own (a different scorer, e.g.
    embeddings, would pass its own function here).
    """
    def own(i: int, a: int, j: int, b: int) -> float:
        return model.prob(ev.features(i, a, j, b, model.length))

    links = _decode(ev, model, prob or own)
    if model.absorb_min <= 1.0:
        links = _absorb(ev, model, links, own)
    return links


def _absorb(ev: PairEvidence, model: LinkModel, links: list[Link], prob) -> list[Link]:
    """Attach an unaligned sentence to the neighbouring link whose other side explains at least ``absorb_min``
    of its words (the DP stops at 4 sentences a side; a 1-5 rendering leaves the fifth stranded)."""
    out = [[list(z), list(e), p, False] for z, e, p in links]
    while True:
        used_z = {k for z, _, _, _ in out for k in z}
        used_e = {k for _, e, _, _ in out for k in e}
        best = None  # (share, link index, side, sentence)
        for k in range(ev.ne):
            if k in used_e or not ev.en_stem_count[k]:
                continue
            for n, (z, e, _, _) in enumerate(out):
                if e[-1] == k - 1 or e[0] == k + 1:
                    share = ev.hits_en(k, z[0], len(z)) / ev.en_stem_count[k]
                    if share >= model.absorb_min and (best is None or share > best[0]):
                        best = (share, n, "en", k)
        for k in range(ev.nz):
            if k in used_z or not ev.zh_unit_count[k]:
                continue
            for n, (z, e, _, _) in enumerate(out):
                if z[-1] == k - 1 or z[0] == k + 1:
                    share = ev.hits_zh(k, e[0], len(e)) / ev.zh_unit_count[k]
                    if share >= model.absorb_min and (best is None or share > best[0]):
                        best = (share, n, "zh", k)
        if best is None:
            break
        _, n, side, k = best
        run = out[n][1] if side == "en" else out[n][0]
        run.append(k)
        run.sort()
        out[n][3] = True
    return [(z, e, prob(z[0], len(z), e[0], len(e)) if changed else p) for z, e, p, changed in out]


def _decode(ev: PairEvidence, model: LinkModel, prob) -> list[Link]:
    nz, ne = ev.nz, ev.ne
    inf = float("inf")
    cost = [[inf] * (ne + 1) for _ in range(nz + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (ne + 1) for _ in range(nz + 1)]
    cost[0][0] = 0.0
    for i in range(nz + 1):
        for j in range(ne + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for a, b in ((1, 0), (0, 1)):
                if i + a <= nz and j + b <= ne and here + model.skip_cost < cost[i + a][j + b]:
                    cost[i + a][j + b] = here + model.skip_cost
                    back[i + a][j + b] = (a, b, -1.0)
            for a, b in model.link_types:
                if i + a > nz or j + b > ne:
                    continue
                if abs((i + a / 2) / nz - (j + b / 2) / ne) > model.band:
                    continue  # far off the diagonal: never scored (gold links stay within 0.31 on the dev set)
                p = prob(i, a, j, b)
                c = here + model.link_bias - math.log(max(p, 1e-12))
                if c < cost[i + a][j + b]:
                    cost[i + a][j + b] = c
                    back[i + a][j + b] = (a, b, p)
    links: list[Link] = []
    i, j = nz, ne
    while i or j:
        a, b, p = back[i][j]
        if a and b:
            links.append((list(range(i - a, i)), list(range(j - b, j)), p))
        i, j = i - a, j - b
    links.reverse()
    return links
