"""Agreement between reviewers: Cohen's kappa per label on the model tags that two reviewers both decided.

For a pair of reviewers and a label L, each overlapping tag gives each reviewer a yes/no judgement: "after my
review this tag is an L" (accepted or relabelled to L; rejected or relabelled to the other label is no).
Tags a reviewer added are not in the overlap: the other reviewer never saw them as items.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations

from pipeline.review.decision import LABELS
from pipeline.review.store import Event, is_added


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' labels for the same items; None when undefined (no items, or chance
    agreement is already 1 because both raters gave one and the same label throughout).

    >>> cohen_kappa(["是", "是", "否", "否"], ["是", "否", "否", "否"])
    0.5
    >>> cohen_kappa(["是", "是"], ["是", "是"]) is None
    True
    """
    if len(a) != len(b):
        raise ValueError("both raters must label the same items")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    cats = sorted(set(a) | set(b), key=repr)
    expected = sum((list(a).count(c) / n) * (list(b).count(c) / n) for c in cats)
    if expected >= 1.0:
        return None
    return round((observed - expected) / (1.0 - expected), 6)


@dataclass(frozen=True)
class Agreement:
    reviewers: tuple[str, str]
    label: str
    n: int
    observed: float | None
    kappa: float | None


def _final_label(state: dict) -> str | None:
    return None if state["status"] == "rejected" else state["label"]


def agreement_by_label(states: dict[tuple[str, str, str], Event], *, paper: str | None = None) -> list[Agreement]:
    """Kappa per label for every pair of reviewers who decided at least one same model tag (optionally in one
    paper), sorted by reviewer pair then label."""
    by_reviewer: dict[str, dict[tuple[str, str], str | None]] = {}
    for (p, tag, reviewer), e in states.items():
        if paper is not None and p != paper:
            continue
        if is_added(e) or e.after is None or not e.after.get("status"):
            continue
        by_reviewer.setdefault(reviewer, {})[(p, tag)] = _final_label(e.after)
    rows: list[Agreement] = []
    for r1, r2 in combinations(sorted(by_reviewer), 2):
        common = sorted(set(by_reviewer[r1]) & set(by_reviewer[r2]))
        if not common:
            continue
        for label in LABELS:
            a = [by_reviewer[r1][k] == label for k in common]
            b = [by_reviewer[r2][k] == label for k in common]
            observed = round(sum(x == y for x, y in zip(a, b, strict=True)) / len(common), 6)
            rows.append(Agreement((r1, r2), label, len(common), observed, cohen_kappa(a, b)))
    return rows
