"""The tag stage's word lists and patterns, read once from ``pipeline/resources/tag_*`` and compiled once.

Every list is a data file with a header naming its source and licence; this module only parses them. Lines
starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources import read_data_lines
from pipeline.tag.gates import GateTable, Needs, hinted, required_chars

# Punctuation that closes a clause: imperative openings and actor windows never cross it.
RE_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
# An enumerator opening a list item: （1） (2) 1. 1、 ① 第一， 一是 一、 (一) A．
RE_ENUMERATOR = re.compile(
    r"^\s*(?:[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|\d+(?:\s*\.\s*\d+)*\s*[.、．]?(?!\d)|[一二三四五六七八九十]+\s*[、.．]"
    r"|第[一二三四五六七八九十\d]+\s*(?:是|[，,、])?|[一二三四五六七八九十]是|(?:首先|其次|再次|最后)是?\s*[，,]?"
    r"|[A-Za-z]\s*[.．])\s*"
)
RE_QUESTION = re.compile(r"[？?]\s*$|吗[？?。]?$|难道|(?:扮演|发挥)什么|什么(?:样的)?角色")
RE_DESCRIPTION = hinted(re.compile(r"(?<![为除])了(?![解却])|曾经|已经|先后|相继|(?:19|20)\d{2}\s*年"))
RE_OWN_AIM = re.compile(r"^(?:本文|本研究|本章|本节|本课题|我们(?:讨论|分析|研究|通过|提出|认为本)|笔者)")
RE_AUTHOR_VOICE = re.compile(r"我们认为|本文认为|笔者认为|我们建议|因此建议|为此建议")
# Claims of importance with no action: 离不开…, …至关重要, 是…的关键/保障/前提.
RE_IMPORTANCE = re.compile(r"离不开|至关重要|极为重要|十分重要|非常重要|尤为重要|具有(?:重要|关键|决定性)|"
                           r"是[^，。；]{0,30}(?:关键|保障|前提|基础|核心|任务|途径|路径|动力|标志|引擎|之本|根本|做法)(?:之一)?[。；，]?$")

# A colon opens a clause that may start with an imperative (…措施：加强…).
RE_COLON = re.compile(r"[：:]")


@dataclass(frozen=True)
class Cue:
    """A modal cue: its regex, strength and rule id."""

    pattern: str
    strength: str
    rule: str


@dataclass(frozen=True)
class Lexicon:
    """Everything the rules need, compiled."""

    cues: tuple[Cue, ...]
    re_cue: re.Pattern
    cue_by_text: dict
    re_negative: re.Pattern
    re_imperative: re.Pattern
    re_rec_section: re.Pattern
    re_announcement: re.Pattern  # a body sentence announcing the proposals that follow (提出以下建议)
    re_desc_section: re.Pattern
    re_lesson_section: re.Pattern
    actors: dict
    re_actor: re.Pattern
    re_actor_subject: re.Pattern  # an actor's name not followed by a word that makes it a modifier (智库建设, 政府的)
    # (regex, actor) of subjects that name an actor only right before a modal verb (我国应…, 欠发达地区要…), each
    # anchored at the end of the text before the verb, after the adverbs that may stand between (tag_actor_subjects.tsv)
    subject_actors: tuple[tuple[re.Pattern, str], ...]
    re_action_frame: re.Pattern  # a clause before the action of a recommendation (tag_action_frames.txt: 因此, 在…层面)
    instruments: tuple[tuple[str, str], ...]
    evidence: tuple[tuple[str, str, re.Pattern], ...]
    re_case_name: re.Pattern
    re_case_suffixed: re.Pattern
    re_named_subject: re.Pattern
    re_case_suffix_after: re.Pattern
    re_instrument: re.Pattern
    instruments_by_word: dict
    re_case_other: re.Pattern
    # gate name -> the characters its pattern needs (pipeline.tag.gates): a sentence without them skips the pattern;
    # the evidence patterns' gates are named ev0, ev1 ... (evidence_gates)
    gate_needs: dict[str, Needs]
    gate_table: GateTable
    evidence_gates: tuple[str, ...]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon (read from the resource files on first use, then cached for the process)."""
    cues: list[Cue] = []
    surface: dict[str, Cue] = {}
    for line in read_data_lines("tag_rec_cues.tsv"):
        pattern, strength, rule = line.split("\t")
        cue = Cue(pattern, strength, rule)
        cues.append(cue)
        for word in pattern.split("|"):
            surface.setdefault(word, cue)
    re_cue = re.compile(_alternation(list(surface)))
    re_negative = hinted(re.compile("|".join(f"(?:{p})" for p in read_data_lines("tag_rec_negative.txt"))))
    verbs = _alternation(read_data_lines("tag_rec_imperatives.txt"))
    adverbs = _alternation(read_data_lines("tag_rec_adverbs.txt"))
    nouns = _alternation(read_data_lines("tag_rec_imperative_nouns.txt"))
    actors = dict(line.split("\t") for line in read_data_lines("tag_actors.tsv"))
    actor_words = _alternation(list(actors))
    re_imperative = re.compile(
        rf"^(?:(?:{adverbs})\s*[、，,]?\s*)*"
        rf"(?:由?(?:{actor_words})(?=.{{0,2}}(?:{verbs})))?"
        rf"(?:(?:在|从|对|为|向|按照|根据|依据|基于|围绕|面向|以|结合|针对|依托|将|把|通过)[^，。；：]{{1,30}}?"
        rf"(?:方面|领域|基础上|过程中|中|上)?[，,]?\s*(?=(?:{adverbs}|{verbs})))?"
        rf"(?:(?:{adverbs})\s*[、，,]?\s*地?\s*)*(?!{nouns})(?P<verb>{verbs})(?![了过着])"
    )
    re_rec_section = re.compile("|".join(read_data_lines("tag_rec_sections.txt")))
    re_announcement = re.compile("|".join(read_data_lines("tag_rec_announcements.txt")))
    re_desc_section = re.compile("|".join(read_data_lines("tag_desc_sections.txt")))
    re_lesson_section = re.compile("|".join(read_data_lines("tag_lesson_sections.txt")))
    re_actor = re.compile(actor_words)
    # atomic: a longer name that fails the check does not fall back to a shorter one inside it (政府部门建设 -> none)
    re_actor_subject = re.compile(rf"(?>{actor_words})(?!{'|'.join(read_data_lines('tag_actor_followers.txt'))})")
    gap = _alternation(read_data_lines("tag_actor_subject_adverbs.txt"))
    subject_actors = tuple((re.compile(rf"(?:{rx})(?:{gap})*$"), actor)
                           for rx, actor in (line.split("\t") for line in read_data_lines("tag_actor_subjects.tsv")))
    instruments = tuple(tuple(line.split("\t")) for line in read_data_lines("tag_instruments.tsv"))
    evidence = tuple(
        (kind, rule, re.compile(rx))
        for kind, rule, rx in (line.split("\t", 2) for line in read_data_lines("tag_evidence_patterns.tsv"))
    )
    names = read_data_lines("tag_case_gazetteer.txt")
    re_case_name = re.compile(_alternation(names))
    suffixes = _alternation(read_data_lines("tag_case_suffixes.txt"))
    # a named instance: a gazetteer name, a Latin acronym or a quoted name, then (after a few characters) a suffix
    re_case_suffixed = re.compile(
        rf"(?:(?:{_alternation(names)}|[A-Z]{{2,}})[^\s，。；、：:的在对是了等于和与及为从向将把]{{0,10}}?|“[^”]{{2,12}}”)"
        rf"(?:{suffixes})"
    )
    re_case_suffix_after = re.compile(rf"[^\s，。；、：:的在对是了等于和与及为从向将把]{{0,10}}?(?:{suffixes})")
    re_case_other = re.compile(rf"(?:[A-Z]{{2,}}[^\s，。；、：:的在对是了等于和与及为从向将把]{{0,10}}?|“[^”]{{2,12}}”)(?:{suffixes})")
    re_named_subject = re.compile(rf"^(?:{_alternation(names)})")
    # Gates (a speed-up only): a gated pattern is skipped on a sentence that lacks a character it needs, read from the
    # pattern by pipeline.tag.gates (tests/test_tag_rules.py checks that the gates never change a finding).
    evidence_gates = tuple(f"ev{i}" for i in range(len(evidence)))
    gated = {"negative": re_negative, "imperative": re_imperative, "case_name": re_case_name, "colon": RE_COLON,
             "question": RE_QUESTION, "description": RE_DESCRIPTION, "author_voice": RE_AUTHOR_VOICE,
             "importance": RE_IMPORTANCE, **{g: rx for g, (_, _, rx) in zip(evidence_gates, evidence)}}
    gate_needs = {name: required_chars(rx.pattern) for name, rx in gated.items()}
    return Lexicon(
        cues=tuple(cues), re_cue=re_cue, cue_by_text=surface, re_negative=re_negative, re_imperative=re_imperative,
        re_rec_section=re_rec_section, re_announcement=re_announcement, re_desc_section=re_desc_section,
        re_lesson_section=re_lesson_section, actors=actors, re_actor=re_actor, re_actor_subject=re_actor_subject,
        subject_actors=subject_actors,
        re_action_frame=re.compile("|".join(f"(?:{p})" for p in read_data_lines("tag_action_frames.txt"))),
        instruments=instruments, evidence=evidence,
        re_case_name=re_case_name, re_case_suffixed=re_case_suffixed,
        re_named_subject=re_named_subject, re_case_suffix_after=re_case_suffix_after, re_case_other=re_case_other,
        re_instrument=re.compile(_alternation([w for w, _ in instruments])), instruments_by_word=dict(instruments),
        gate_needs=gate_needs, gate_table=GateTable(list(gate_needs.values())), evidence_gates=evidence_gates,
    )
