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
from pipeline.tag.features import name_salience
from pipeline.tag.rules import Announcements, Context, leads_actions, make_context, share_bucket

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
    under_actions: bool = False  # a section around it leads a list of action subsections (rules.leads_actions)
    salience: str = ""  # features.name_salience() of its names among the rows of its top-level section
    share: str = ""  # share_bucket() of the rule recommendations among the body rows of its paper and sections
    announced: bool = False  # an earlier body row of its paper, in its section or one around it, announces proposals

    @property
    def context(self) -> Context:
        base = _base_context(self.kind, self.sections, self.under_actions, self.announced)
        prev_rec = self.previous is not None and _rule_rec(self.previous, base.in_rec_section)
        return replace(base, prev_rec=prev_rec, section_rec_share=self.share, salient_name=self.salience)


@lru_cache(maxsize=8192)
def tokens_of(text: str) -> tuple[tuple[str, str], ...]:
    """Tokens ([word, pos]) of a labelled sentence, from the segment stage (cached: training and evaluation reuse
    them)."""
    from pipeline.segment import words

    return tuple(words(text))


@lru_cache(maxsize=8192)
def _base_context(kind: str, sections: tuple[str, ...], led: bool, announced: bool) -> Context:
    return make_context(kind, sections, led, announced)


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
    return with_section_context(out)


def with_section_context(examples: list[Example]) -> list[Example]:
    """``examples`` with what the stage reads from the paper around a sentence, derived from the labelled rows of
    the same paper (rows in reading order, whole sections): whether a section around it leads a list of action
    subsections (its heading rows' texts, :func:`~pipeline.tag.rules.leads_actions`) and the share of its section's
    body rows that the rules take for recommendations, and how salient its names are in its top-level section."""
    children: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for e in examples:
        if e.kind == "heading":
            children.setdefault((e.paper, e.sections), []).append(e.text)
    leads = {key for key, titles in children.items() if leads_actions(titles)}
    examples = [replace(e, under_actions=any((e.paper, e.sections[:n]) in leads for n in range(1, len(e.sections) + 1)))
                for e in examples]
    marks = Announcements()
    marked = []
    for e in examples:
        path = (e.paper, *e.sections)
        marked.append(replace(e, announced=marks.covers(path)))
        if e.kind == "body":
            marks.note(path, e.text)
    examples = marked
    groups: dict[tuple[str, tuple[str, ...]], list[bool]] = {}
    for e in examples:
        if e.kind == "body":
            in_rec = _base_context(e.kind, e.sections, e.under_actions, e.announced).in_rec_section
            groups.setdefault((e.paper, e.sections), []).append(_rule_rec(e.text, in_rec))
    examples = [replace(e, share=share_bucket(groups[(e.paper, e.sections)])) if e.kind == "body" else e
                for e in examples]
    salience = name_salience(_top_sections(examples), [list(tokens_of(e.text)) for e in examples])
    return [replace(e, salience=level) for e, level in zip(examples, salience)]


def _top_sections(examples: list[Example]) -> list[tuple[str, str]]:
    """(paper, top-level section title) of each row; a top-level heading belongs to the section it opens, the one
    of the next row of its paper."""
    out: list[tuple[str, str]] = []
    for i, e in enumerate(examples):
        if e.sections:
            out.append((e.paper, e.sections[0]))
            continue
        following = examples[i + 1] if i + 1 < len(examples) else None
        opens = following is not None and following.paper == e.paper and following.sections
        out.append((e.paper, following.sections[0] if opens else ""))
    return out


def read_instruments(path: Path, round_: int | None = None) -> dict[str, str | None]:
    """Row id -> instrument (supply / environment / demand / None) of an instrument labels file
    (``tests/data/tags/instruments.jsonl``: ``{"id", "instrument", "round"}`` a line); ``round_``: that round only."""
    out: dict[str, str | None] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if round_ is None or row.get("round") == round_:
                out[row["id"]] = row["instrument"]
    return out


def sha256_files(paths: list[Path]) -> str:
    """SHA-256 over the bytes of ``paths`` in order (the training data's hash stored with the model)."""
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()
