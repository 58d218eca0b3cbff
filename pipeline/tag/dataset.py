"""Labelled sentences (the development set in ``tests/data/tags/`` and reviewers' corrections): reading and checking.

One JSON object a line: ``{"id", "paper", "text", "policy_recommendation": bool, "evidence": [...], "actor",
"strength", "split": "tune"|"heldout"}`` plus optional ``"kind"`` ("heading"/"body") and ``"sections"`` (titles of
the enclosing sections, outermost first). See ``tests/data/tags/GUIDE.md``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.tag.lexicon import lexicon
from pipeline.tag.rules import Context

EVIDENCE_TYPES = ("citation", "statistic", "case")
STRENGTHS = ("must", "should", "may")


@dataclass(frozen=True)
class Example:
    """One labelled sentence."""

    id: str
    paper: str
    text: str
    recommendation: bool
    evidence: tuple[str, ...]
    actor: str | None
    strength: str | None
    split: str
    kind: str
    sections: tuple[str, ...]
    previous: str | None = None  # text of the previous body sentence of the same paper and section (body rows only)

    @property
    def context(self) -> Context:
        in_rec = any(lexicon().re_rec_section.search(t) for t in self.sections)
        prev_rec = self.previous is not None and _rule_rec(self.previous, in_rec)
        in_desc = any(lexicon().re_desc_section.search(t) for t in self.sections)
        return Context(kind=self.kind, in_rec_section=in_rec, prev_rec=prev_rec, in_desc_section=in_desc)


@lru_cache(maxsize=8192)
def _rule_rec(text: str, in_rec: bool) -> bool:
    from pipeline.tag.rules import rule_recommendation

    return rule_recommendation(text, Context(kind="body", in_rec_section=in_rec)) is not None


def _check(row: dict, where: str) -> Example:
    try:
        text = row["text"]
        rec = row["policy_recommendation"]
        evidence = tuple(row.get("evidence") or ())
    except (KeyError, TypeError) as exc:
        raise UsageError(f"{where}: missing field {exc}.",
                         hint="Each line needs text, policy_recommendation, evidence.")
    if not isinstance(text, str) or not isinstance(rec, bool):
        raise UsageError(f"{where}: text must be a string and policy_recommendation a boolean.")
    bad = [e for e in evidence if e not in EVIDENCE_TYPES]
    if bad:
        raise UsageError(f"{where}: unknown evidence type {bad[0]!r}.", hint=f"Use {', '.join(EVIDENCE_TYPES)}.")
    strength = row.get("strength")
    if strength is not None and strength not in STRENGTHS:
        raise UsageError(f"{where}: unknown strength {strength!r}.", hint=f"Use {', '.join(STRENGTHS)} or null.")
    return Example(
        id=str(row.get("id", where)), paper=str(row.get("paper", "")), text=text, recommendation=rec,
        evidence=tuple(e for e in EVIDENCE_TYPES if e in evidence), actor=row.get("actor"), strength=strength,
        split=str(row.get("split", "")), kind=row.get("kind", "body"), sections=tuple(row.get("sections") or ()),
    )


def read_examples(path: Path) -> list[Example]:
    """Labelled sentences of a JSONL file, checked; raises :class:`UsageError` naming the bad line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}.")
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise UsageError(f"{path} line {n}: not JSON ({exc}).")
        e = _check(row, f"{path} line {n}")
        last = out[-1] if out else None
        if (last is not None and e.kind == "body" and last.kind == "body" and last.paper == e.paper
                and last.sections == e.sections):
            e = replace(e, previous=last.text)
        out.append(e)
    if not out:
        raise UsageError(f"{path} holds no labelled sentences.")
    return out


def sha256_files(paths: list[Path]) -> str:
    """SHA-256 over the bytes of ``paths`` in order (the training data's hash stored with the model)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()
