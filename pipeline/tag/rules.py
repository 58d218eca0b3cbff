"""Rules: cue lexicons and patterns that find recommendations and evidence in one sentence, with their reasons.

The rules are the explainable baseline and the source of the classifier's rule features. Each finding names the
rule that made it (``rec.modal.ying``, ``ev.cite.marker`` ...), which becomes the tag's ``source``.

>>> rule_recommendation("政府应加强对民营企业主的培训。").rule
'rec.modal.ying'
>>> rule_recommendation("政府应扮演什么角色？") is None
True
>>> rule_recommendation("主要表现在以下几个方面。") is None
True
>>> sorted({h.kind for h in find_evidence("据浙江省经贸委调查，2003年产业集群有149个。")})
['case', 'citation', 'statistic']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress

from pipeline.tag.gates import may_match
from pipeline.tag.lexicon import (
    RE_AUTHOR_VOICE,
    RE_COLON,
    RE_DESCRIPTION,
    RE_ENUMERATOR,
    RE_IMPORTANCE,
    RE_OWN_AIM,
    RE_QUESTION,
    lexicon,
)

MASK = "□"
# what an actor has done (…建立了…, 已经…): an imperative opening followed by this describes, it does not prescribe
RE_PAST = re.compile(r"(?<![为除])了(?![解却])|曾经|已经|先后|相继")
# first characters an enumerator (RE_ENUMERATOR) can start with
ENUMERATOR_STARTS = frozenset("（(0123456789一二三四五六七八九十第首其再最") | frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
RE_OTHER_NAME_GATE = re.compile(r"[A-Z]{2}|“")
ADVICE_CUES = ("建议", "提议", "鼓励")
RE_SECTION_TITLE_END = re.compile(r"(?:建议|对策|启示|思考|措施|策略|借鉴|经验|结语|结论)[与和及]?(?:建议|对策|启示|思考|展望)?\s*$")
RE_HEADING_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|\d+(?:\s*\.\s*\d+)*\s*[.、．]?|[一二三四五六七八九十]+\s*[、.．])\s*"
)


@dataclass(frozen=True)
class Context:
    """Where a sentence sits: its kind, whether it is in a recommendations section (:func:`make_context`), whether
    the previous body sentence of the same section is a recommendation by the rules alone (``prev_rec``), whether a
    section around it is descriptive (``in_desc_section``: 经验, 现状, 问题 ...; ``tag_desc_sections.txt``), whether
    its innermost section's title names an action (``in_action_section``: 4.5强化对接意识, 2.3要营造…;
    :func:`is_action_title`), and the fields below. The rules read only ``kind`` and ``in_rec_section``; the rest are
    classifier features."""

    kind: str = "body"
    in_rec_section: bool = False
    prev_rec: bool = False
    in_desc_section: bool = False
    in_action_section: bool = False
    under_action_headings: bool = False  # a section around it has mostly action titles for subsections
    section_rec_share: str = ""  # share_bucket() of the section's body sentences that the rules take for recs
    titles: tuple[str, ...] = ()  # titles of the sections around it, outermost first
    salient_name: str = ""  # features.name_salience(): how often its most repeated name recurs in its top section
    announced: bool = False  # an earlier body sentence of its section announced the proposals that follow


@dataclass(frozen=True)
class RecHit:
    """A recommendation found by a rule: rule id, the cue text, its offset, strength."""

    rule: str
    cue: str
    start: int
    strength: str


@dataclass(frozen=True)
class EvidenceHit:
    """Evidence found by a rule: type, rule id, matched text and offset."""

    kind: str
    rule: str
    text: str
    start: int


@dataclass(frozen=True)
class RuleView:
    """Everything the rules say about one sentence (the classifier's rule features come from here)."""

    cues: tuple[RecHit, ...]
    imperative: RecHit | None
    question: bool
    description: bool
    own_aim: bool
    author_voice: bool
    attributed: bool
    evidence: tuple[EvidenceHit, ...]
    recommendation: RecHit | None
    flags: tuple[str, ...] = field(default=())


Gates = frozenset[str]  # names of the gated patterns (Lexicon.gate_needs) that may match a text


def gates_of(text: str) -> Gates:
    """Which gated patterns may match ``text`` (one text; :func:`gates_of_batch` for many).

    >>> sorted(g for g in gates_of("政府应加强培训。") if not g.startswith("ev"))
    ['imperative', 'negative']
    """
    chars = set(text)
    return frozenset(name for name, needs in lexicon().gate_needs.items() if may_match(needs, chars))


def gates_of_batch(texts: list[str]) -> list[Gates]:
    """:func:`gates_of` for many texts, in one numpy pass."""
    lex = lexicon()
    names = tuple(lex.gate_needs)
    return [frozenset(compress(names, row)) for row in lex.gate_table.open(texts)]


def mask_negatives(text: str, gates: Gates | None = None) -> str:
    """``text`` with negative patterns (主要, 重要, 应用, 需要注意的是 ...) replaced by □ of the same length.
    ``gates``: :func:`gates_of` the text, if known.

    >>> mask_negatives("主要原因是需要注意的是应用")
    '□□原因是□□□□□□□□'

    """
    lex = lexicon()
    if "negative" not in (gates_of(text) if gates is None else gates):
        return text
    return lex.re_negative.sub(_mask, text)


def _mask(m: re.Match) -> str:
    return MASK * len(m.group())


def find_cues(text: str, gates: Gates | None = None) -> list[RecHit]:
    """Modal cues of ``text`` after masking negatives, in order.

    >>> [(h.cue, h.strength) for h in find_cues("地方政府要贯彻知识参与分配的原则，必须保障创新者利益")]
    [('要', 'should'), ('必须', 'must')]
    >>> find_cues("这是一个重要的问题")
    []
    """
    lex = lexicon()
    if not lex.re_cue.search(text):  # masking costs more than this search: skip it for sentences with no cue
        return []
    hits = []
    for m in lex.re_cue.finditer(mask_negatives(text, gates)):
        cue = lex.cue_by_text[m.group()]
        hits.append(RecHit(cue.rule, m.group(), m.start(), cue.strength))
    return hits


def strip_enumerator(text: str) -> tuple[str, int]:
    """``text`` without a leading list enumerator, and the number of characters removed.

    >>> strip_enumerator("（1）加强海外园区战略规划")
    ('加强海外园区战略规划', 3)
    >>> strip_enumerator("第二，研究科技创新")
    ('研究科技创新', 3)
    """
    if not text or text.lstrip()[:1] not in ENUMERATOR_STARTS:  # most sentences: skip the big regex
        return text, 0
    m = RE_ENUMERATOR.match(text)
    if not m or m.end() == 0:
        return text, 0
    return text[m.end():], m.end()


def find_imperative(text: str, gates: Gates | None = None) -> RecHit | None:
    """An imperative opening (加快/推进/加强 ... with an implied actor) at the start of the sentence or of a clause
    after a colon, or None.

    >>> find_imperative("（1）加强海外园区战略规划，统筹推进。").cue
    '加强'
    >>> find_imperative("积极开展专用玉米收入保险试点。").cue
    '开展'
    >>> find_imperative("加强了海外园区的规划。") is None
    True
    """
    lex = lexicon()
    gates = gates_of(text) if gates is None else gates
    if "imperative" not in gates:  # no imperative verb anywhere in the text
        return None
    starts = [0] + [m.end() for m in RE_COLON.finditer(text)] if "colon" in gates else [0]
    for s in starts:
        rest, skipped = strip_enumerator(text[s:])
        m = lex.re_imperative.match(rest)
        if m:
            return RecHit("rec.imperative", m.group("verb"), s + skipped + m.start("verb"), "should")
    return None


def find_case(text: str, *, gated: bool = True, gates: Gates | None = None) -> EvidenceHit | None:
    """The first named instance of ``text``: a name with a suffix (天津泰达投资控股有限公司) first, else a bare
    gazetteer name (硅谷). ``gated=False`` runs the one big regex instead of the name-then-suffix scan.

    >>> find_case("如，红豆集团联合我国其他三家民营企业").text
    '红豆集团'
    """
    lex = lexicon()
    if not gated:
        m = lex.re_case_suffixed.search(text)
        if m:
            return EvidenceHit("case", "ev.case.named", m.group(), m.start())
    else:
        named = None
        first = None
        has_name = "case_name" in (gates_of(text) if gates is None else gates)
        for m in lex.re_case_name.finditer(text) if has_name else ():
            first = first or m
            s = lex.re_case_suffix_after.match(text, m.end())
            if s:
                named = (m.start(), text[m.start():s.end()])
                break
        if RE_OTHER_NAME_GATE.search(text):
            o = lex.re_case_other.search(text)
            if o and (named is None or o.start() < named[0]):
                named = (o.start(), o.group())
        if named:
            return EvidenceHit("case", "ev.case.named", named[1], named[0])
        if first:
            return EvidenceHit("case", "ev.case.gazetteer", first.group(), first.start())
        return None
    m = lex.re_case_name.search(text)
    return EvidenceHit("case", "ev.case.gazetteer", m.group(), m.start()) if m else None


def find_evidence(text: str, *, gated: bool = True, gates: Gates | None = None) -> list[EvidenceHit]:
    """Evidence rule hits of ``text`` (citation, statistic, case), sorted by offset then rule.

    >>> [(h.kind, h.rule) for h in find_evidence("Langendijk认为，政府应根据集群的不同发展模式选择相应的政策。")]
    [('citation', 'ev.cite.expert')]
    >>> [h.kind for h in find_evidence("2015年之后，劳动年龄人口持续下降。")]
    []
    """
    lex = lexicon()
    hits: list[EvidenceHit] = []
    gates = gates_of(text) if gates is None else gates
    patterns = compress(lex.evidence, map(gates.__contains__, lex.evidence_gates)) if gated else lex.evidence
    for kind, rule, rx in patterns:
        m = rx.search(text)
        if m:
            hits.append(EvidenceHit(kind, rule, m.group(), m.start()))
    case = find_case(text, gated=gated, gates=gates)
    if case:
        hits.append(case)
    return sorted(hits, key=lambda h: (h.start, h.rule))


def is_section_title(text: str) -> bool:
    """A heading that names its section's genre (…的对策建议, 几点启示) rather than an action.

    >>> is_section_title("4加强企业智库建设的建议")
    True
    >>> is_section_title("4.1完善影响力机制")
    False
    >>> is_section_title("3.3党校智库建设应勇于担当，提出有价值的对策建议")
    False
    """
    return bool(RE_SECTION_TITLE_END.search(text)) and not any(
        c.rule not in ("rec.modal.jianyi", "rec.modal.keyi") for c in find_cues(text))


# cues that do not prescribe in a heading or title: 可以 (capability) and 亟需 (a problem: …亟需提升)
NON_PRESCRIBING_CUES = ("rec.modal.keyi", "rec.modal.jixu")


def prescribing_cue(cues: list[RecHit] | tuple[RecHit, ...]) -> RecHit | None:
    """The first cue that prescribes in a heading or title (not 可以 or 亟需), or None."""
    return next((c for c in cues if c.rule not in NON_PRESCRIBING_CUES), None)


def share_bucket(flags: list[bool]) -> str:
    """The share of true ``flags`` as a coarse bucket (a classifier feature): "0", "low" (<= 1/4), "mid" (<= 1/2),
    "high". Used for the share of a section's body sentences that the rules take for recommendations: a section
    of prescriptions that is not titled as one (…需平衡好几方面关系) reads "high".

    >>> share_bucket([]), share_bucket([True, False, False, False]), share_bucket([True, True, False])
    ('0', 'low', 'high')
    """
    n = sum(flags) / len(flags) if flags else 0.0
    return "0" if n == 0 else "low" if n <= 0.25 else "mid" if n <= 0.5 else "high"


def leads_actions(child_titles: list[str]) -> bool:
    """Whether a section whose subsections carry these titles is a list of actions: at least two subsections, at
    least half of them with an action title (:func:`is_action_title`). Such a section prescribes even when its own
    title does not say so (4国防科技智库建言进路的基本考虑 → 4.1参与…, 4.2举办…, 4.3参加…).

    >>> leads_actions(["4.1参与国防科技领域课题研究", "4.2举办国防科技相关交流活动", "4.3打造国防科技智库知名品牌"])
    True
    >>> leads_actions(["3.1国防科技筹划", "3.2国防科技管理", "3.3军民科技融合"]), leads_actions(["5.1加强合作"])
    (False, False)
    """
    if len(child_titles) < 2:
        return False
    return 2 * sum(map(is_action_title, child_titles)) >= len(child_titles)


def is_action_title(title: str) -> bool:
    """A section title that prescribes an action: an imperative opening or a modal cue in the authors' voice,
    and not a title naming its section's genre.

    >>> is_action_title("4.5强化对接意识"), is_action_title("2.3要营造知识经济背景下的领先市场")
    (True, True)
    >>> is_action_title("4加强企业智库建设的建议"), is_action_title("3.1秸秆还田"), is_action_title("1.2调研过程")
    (False, False, False)
    """
    m = RE_HEADING_NUMBER.match(title)
    text = title[m.end():] if m else title
    if not text or is_section_title(text) or (m is None and RE_QUESTION.search(text)):
        return False
    gates = gates_of(text)
    return find_imperative(text, gates) is not None or prescribing_cue(find_cues(text, gates)) is not None


def _prescribes(title: str) -> bool:
    """A section title with a modal verb in the authors' voice (加快科技创新智库建设需平衡好几方面关系)."""
    return prescribing_cue(find_cues(title)) is not None and not is_section_title(title)


def make_context(kind: str, titles: tuple[str, ...], led: bool = False, announced: bool = False) -> Context:
    """The context of a sentence of ``kind`` ("body"/"heading") in sections with these ``titles`` (outermost
    first); ``led``: a section around it leads a list of actions (:func:`leads_actions`); ``announced``: an earlier
    body sentence of a section around it announced proposals (:func:`announces`). A recommendations
    section is one titled as such (``tag_rec_sections.txt``) by a title that does not also name a description
    (``tag_desc_sections.txt``: 实务个案：…的路径选择与启示), or titled with a modal verb in the authors' voice, or,
    unless it is descriptive, one led by actions, or, from there on, one whose text announced proposals.

    >>> make_context("body", ("4政策建议", "4.1完善影响力机制")).in_rec_section
    True
    >>> make_context("body", ("4国防科技智库建言进路的基本考虑",), led=True).in_rec_section
    True
    >>> make_context("body", ("2国外经验", "2.1美国"), led=True).in_rec_section
    False
    >>> make_context("body", ("加快科技创新智库建设需平衡好几方面关系", "平衡好政府扶持与市场筛选的关系")).in_rec_section
    True
    >>> make_context("body", ("3实务个案：IPP公共政策研究院的路径选择与启示",)).in_rec_section
    False
    >>> make_context("body", ("5基于SECI模型的高校智库知识转化提升路径分析",)).in_rec_section
    True
    >>> c = make_context("body", ("3国别经验对我国智库独立性建设的启示", "3.2国外智库经验对我国智库独立性的启示"))
    >>> c.in_rec_section, c.in_desc_section
    (True, False)
    >>> make_context("body", ("3资源环境承载力调控提升方向",), announced=True).in_rec_section
    True
    """
    lex = lexicon()
    # a title drawing lessons for the authors' own country (国外智库经验对我国…的启示) prescribes, whatever else it names
    lessons = [bool(lex.re_lesson_section.search(t)) for t in titles]
    described = [bool(lex.re_desc_section.search(t)) and not lesson for t, lesson in zip(titles, lessons)]
    titled = any(lesson or (lex.re_rec_section.search(t) and not d) or _prescribes(t)
                 for t, d, lesson in zip(titles, described, lessons))
    in_desc = any(described)
    return Context(kind=kind, in_rec_section=titled or announced or (led and not in_desc), in_desc_section=in_desc,
                   in_action_section=bool(titles) and is_action_title(titles[-1]), under_action_headings=led,
                   titles=titles, announced=announced)


def announces(text: str) -> bool:
    """Whether a body sentence announces, in the authors' voice, the proposals that follow it
    (``tag_rec_announcements.txt``): the rest of its section is then a recommendations section.

    >>> announces("针对水资源短缺等主要限制因素，提出4点对策建议。"), announces("本文提出以下建议：")
    (True, True)
    >>> announces("他对科技政策研究提出了四点建议：一是加强…"), announces("智库的功能是提出政策建议。")
    (False, False)
    """
    return lexicon().re_announcement.search(text) is not None


class Announcements:
    """The sections, as paths outermost first (section ids in the stage, (paper, *titles) for labelled rows), in which
    a body sentence announced proposals (:func:`announces`); the stage and training derive ``announced`` with it.

    >>> marks = Announcements()
    >>> marks.note(("s3",), "针对这些限制因素，提出4点对策建议。")
    >>> marks.covers(("s3",)), marks.covers(("s3", "s3.1")), marks.covers(("s4",))
    (True, True, False)
    """

    def __init__(self) -> None:
        self._paths: set[tuple[str, ...]] = set()

    def covers(self, path: tuple[str, ...]) -> bool:
        """Whether an earlier body sentence of this section, or of one around it, announced proposals."""
        return bool(self._paths) and any(path[:n] in self._paths for n in range(len(path) + 1))

    def note(self, path: tuple[str, ...], text: str) -> None:
        """Record a body sentence of the section at ``path``."""
        if announces(text):
            self._paths.add(path)


def view(text: str, context: Context = Context(), gates: Gates | None = None) -> RuleView:
    """Apply every rule to one sentence and decide what the rules alone would tag as a recommendation.
    ``gates``: :func:`gates_of` the text, if known."""
    gates = gates_of(text) if gates is None else gates
    cues = tuple(find_cues(text, gates))
    imperative = find_imperative(text, gates)
    question = "question" in gates and bool(RE_QUESTION.search(text))
    body, skipped = strip_enumerator(text)
    own_aim = bool(RE_OWN_AIM.match(body))
    named_subject = bool(lexicon().re_named_subject.match(body))
    importance = "importance" in gates and bool(RE_IMPORTANCE.search(text))
    author_voice = "author_voice" in gates and bool(RE_AUTHOR_VOICE.search(text))
    description = "description" in gates and bool(RE_DESCRIPTION.search(text))
    evidence = tuple(find_evidence(text, gates=gates))
    first_cue = cues[0].start if cues else len(text)
    attributed = not author_voice and any(h.rule == "ev.cite.expert" and h.start < first_cue for h in evidence)
    flags: list[str] = []
    rec: RecHit | None = None
    if context.kind == "heading":
        if not is_section_title(text) and not question:
            # in a recommendations section an imperative heading counts; elsewhere only a modal cue in the
            # authors' voice (3.1党校智库建设应坚持…), never 可以 (capability) or 亟需 (a problem: …亟需提升)
            if context.in_rec_section:
                hit = imperative or (cues[0] if cues else None)
            else:
                hit = prescribing_cue(cues)
            if hit:
                strength = "should" if hit.rule == "rec.imperative" else hit.strength
                rec = RecHit("rec.heading", hit.cue, hit.start, strength)
    elif not question and not own_aim:
        usable = [c for c in cues if context.in_rec_section or c.rule != "rec.modal.keyi"]
        # what an actor did (商务部…鼓励企业…, 2005年…可以…) is no prescription; advice (建议…) always is
        if usable and not (description and all(c.rule in ("rec.modal.guli", "rec.modal.keyi") for c in usable)):
            rec = usable[0]
        elif (imperative and context.in_rec_section and not named_subject and not importance
              and not RE_PAST.search(text)):
            rec = imperative
    flags.extend(flag for flag, on in (
        ("neg.question", question), ("neg.own_aim", own_aim), ("neg.description", description),
        ("quoted", attributed), ("neg.named_subject", named_subject), ("neg.importance", importance),
        ("enumerated", skipped),
    ) if on)
    if cues and cues[0].start - skipped <= 4:
        flags.append("cue_at_start")
    lex = lexicon()
    if cues and any(m.end() <= cues[0].start <= m.end() + 3 for m in lex.re_actor.finditer(text, 0, cues[0].start)):
        flags.append("actor_subject")
    return RuleView(cues, imperative, question, description, own_aim, author_voice, attributed, evidence, rec,
                    tuple(flags))


def rule_recommendation(text: str, context: Context = Context()) -> RecHit | None:
    """The recommendation the rules alone find in ``text`` (None when they find none); quoted prescriptions of
    other authors are not the paper's own and give None."""
    v = view(text, context)
    return None if v.attributed else v.recommendation
