"""Attributes of a recommendation: who should act (actor), how strongly (strength), with which kind of policy
instrument (Rothwell & Zegveld: supply / environment / demand) and what to do (action).

>>> a = recommendation_attributes("基层政府应尽快引导农民以专业合作组织的形式参与秸秆的物流环节。")
>>> a.actor, a.strength, a.cue, a.action
('地方政府', 'should', '应', '尽快引导农民以专业合作组织的形式参与秸秆的物流环节')
>>> recommendation_attributes("建议相关部门严抓政策法规的落实。").actor
'有关部门'
>>> recommendation_attributes("（1）加强对外贸企业汇率风险的指导。").strength
'should'
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.tag.lexicon import RE_CLAUSE_BREAK, lexicon
from pipeline.tag.rules import ADVICE_CUES, RE_HEADING_NUMBER, RecHit, find_cues, find_imperative, strip_enumerator

ACTOR_WINDOW = 8  # characters between an actor and the modal verb it is the subject of
ACTION_MAX = 60
ADVICE_WINDOW = 12  # characters after 建议/鼓励 within which its addressee is looked for
# jieba tags of a first word that opens no action: pronouns (其核心是…, 这就要求…), numerals, conjunctions, particles
NO_ACTION_POS = frozenset({"r", "m", "x", "c", "u", "uj", "ul", "f", "num", "cite"})
LIST_JOINERS = ("、", "和", "与", "及", "等")  # after a name: the name is one item of a list
NEED_RULES = ("rec.modal.xuyao", "rec.modal.jixu")  # cues of need (需要, 亟需 ...): who is needed right after acts


@dataclass(frozen=True)
class RecAttributes:
    actor: str | None
    strength: str
    instrument: str | None
    action: str | None
    cue: str | None


def _addressee(text: str, end: int):
    """The actor addressed by 建议/鼓励 ending at ``end``: the last actor within a few characters, in the same
    clause (建议农业发展银行等金融机构… -> 金融机构)."""
    best = None
    for m in lexicon().re_actor_subject.finditer(text, end, end + ADVICE_WINDOW):
        if RE_CLAUSE_BREAK.search(text, end, m.start()):
            break
        best = m
    return best


def find_actor(text: str, cue: RecHit | None) -> str | None:
    """The canonical actor of a prescription: the object of 建议/鼓励 (建议政府…), else the subject right before the
    modal verb (地方政府应…), else a country or region as the verb's subject (我国应…, 欠发达地区要…;
    ``tag_actor_subjects.tsv``), else the one needed right after 需要/亟需 (需要政府介入…), else an actor opening the
    sentence (由政府组织…). A name followed by a word that makes it a modifier (``tag_actor_followers.txt``:
    智库建设需要…, 智库的观点应当…) is no actor.

    >>> [find_actor(t, find_cues(t)[0]) for t in ("我国也应加快产业转型升级", "我国种业要加强资源整合",
    ...                                            "欠发达地区要抓住机遇", "因此需要政府介入", "雄安新区建设要树立新的发展理念")]
    ['中央政府', None, '地方政府', '政府', None]
    """
    lex = lexicon()
    body, skipped = strip_enumerator(text)
    if cue is not None and cue.cue in ADVICE_CUES:
        m = _addressee(text, cue.start + len(cue.cue))
        if m:
            return lex.actors[m.group()]
    if cue is not None and cue.rule != "rec.imperative":
        best = None
        for m in lex.re_actor_subject.finditer(text, 0, cue.start):
            gap = text[m.end():cue.start]
            if len(gap) <= ACTOR_WINDOW and not any(ch in gap for ch in "。；;"):
                best = m
        if best:
            return lex.actors[best.group()]
        before = text[:cue.start]
        for rx, actor in lex.subject_actors:
            if rx.search(before):
                return actor
        if cue.rule in NEED_RULES:  # 需要政府…, 亟需由企业…: the one needed acts
            after = cue.start + len(cue.cue)
            m = lex.re_actor_subject.match(text, after + (text[after:after + 1] == "由"))
            if m:
                return lex.actors[m.group()]
    m = lex.re_actor_subject.match(body.lstrip("由"))
    if m:
        return lex.actors[m.group()]
    return None


def find_instrument(action: str | None) -> str | None:
    """The policy instrument type named in an action: the earliest keyword of ``tag_instruments.tsv`` (the longest
    when several start at the same place).

    >>> find_instrument("加大对品牌运营核心企业的贷款支持力度")
    'environment'
    >>> find_instrument("构建创新领军人才培养体系")
    'supply'
    """
    if not action:
        return None
    lex = lexicon()
    m = lex.re_instrument.search(action)
    return lex.instruments_by_word[m.group()] if m else None


def find_action(text: str, cue: RecHit | None) -> str | None:
    """The prescribed verb phrase: from the cue (or the imperative verb) to the end of its clause, none when the cue
    modifies a noun (需要的人才); without either
    (a sentence the classifier alone takes for a recommendation), the first clause after any enumerator when it
    does not open with a pronoun, numeral or conjunction (:func:`leading_action`)."""
    if cue is None:
        return leading_action(text)
    start = cue.start if cue.rule == "rec.imperative" else cue.start + len(cue.cue)
    if cue.cue in ADVICE_CUES:  # 建议有关部门严抓…: the action starts after the addressee
        m = _addressee(text, start)
        if m and text[m.end():m.end() + 1] not in LIST_JOINERS:  # not inside a list (鼓励集群内的企业、机构…的接触)
            start = m.end()
    rest = text[start:]
    if rest[:1] == "的":  # the cue is no verb here (需要的人才, 建议的方式): no action to read
        return None
    rest = rest.lstrip(" ，,：:")  # 有专家提议政府，不要迷信…: the action is in the next clause
    m = RE_CLAUSE_BREAK.search(rest)
    action = (rest[:m.start()] if m else rest).strip(" ：:，,。；;“”、")
    if not action:
        return None
    return action[:ACTION_MAX]


def leading_action(text: str) -> str | None:
    """The first clause of ``text`` after a list enumerator (（3）, 一是, 第二，) and after clauses that only frame it
    (在地方层面，…; 因此，…; ``tag_action_frames.txt``), as an action unless its first word is a pronoun, numeral,
    conjunction or particle (jieba's tags): 尽快颁布…, 规划实施…, 与媒体签订… are actions; 其核心是…, 这就要求… are not.

    >>> leading_action("一是筹建规划评估研究机构，强化第三方评估能力建设。"), leading_action("其核心是弱化干预、强化协调。")
    ('筹建规划评估研究机构', None)
    >>> leading_action("二是在地方层面，规划实施一批科技示范合作项目。"), leading_action("因此，一是构建相互制衡的主体结构。")
    ('规划实施一批科技示范合作项目', '构建相互制衡的主体结构')
    """
    from pipeline.segment import words

    body, _ = strip_enumerator(text)
    clauses = [c.strip(" “”") for c in RE_CLAUSE_BREAK.split(body)]
    frames = lexicon().re_action_frame
    k = 0
    while k + 1 < len(clauses) and frames.fullmatch(clauses[k]):  # 在地方层面，规划实施…: the action follows
        k += 1
    clause, _ = strip_enumerator(clauses[k])  # 因此，一是构建…
    first = words(clause[:8]) if clause else []
    if not first or first[0][1] in NO_ACTION_POS:
        return None
    return clause[:ACTION_MAX]


def recommendation_attributes(text: str, hit: RecHit | None = None, *, heading: bool = False,
                              tokens: list | None = None, model_dir: str | None = None) -> RecAttributes:
    """Actor, strength, instrument, action and cue of a sentence tagged as a recommendation.

    ``hit`` is the rule finding that explains the tag, if any; without one the first cue or imperative is used.
    Imperatives and headings without a modal verb are ``should``. ``tokens``: the sentence's words, if known.
    ``model_dir``: the tagger's folder ("" for ``models/tagger``), whose ``instrument.json``
    (:mod:`pipeline.tag.instrument`) then decides the instrument; None, or no such file: the keyword rule
    (:func:`find_instrument`) decides.
    """
    text, hit, tokens = _prepared(text, hit, heading, tokens)
    strength = hit.strength if hit is not None else "should"
    action = find_action(text, hit)
    instrument = find_instrument(action)
    model = _instrument_model(model_dir)
    if model is not None:
        instrument = model.predict(_instrument_features(text, action, instrument, tokens))
    return RecAttributes(actor=find_actor(text, hit), strength=strength, instrument=instrument,
                         action=action, cue=hit.cue if hit else None)


def instrument_features_of(text: str, hit: RecHit | None = None, *, heading: bool = False,
                           tokens: list | None = None) -> set[str]:
    """The features the instrument model reads for a recommendation (:func:`recommendation_attributes`' inputs),
    for training it."""
    text, hit, tokens = _prepared(text, hit, heading, tokens)
    action = find_action(text, hit)
    return _instrument_features(text, action, find_instrument(action), tokens)


def _prepared(text: str, hit: RecHit | None, heading: bool, tokens: list | None):
    """(text, hit, tokens) as the attributes read them: a heading without its number, judged by its own cues."""
    if heading:
        text, hit, tokens = RE_HEADING_NUMBER.sub("", text, count=1), None, None
    if hit is None:
        cues = find_cues(text)
        hit = cues[0] if cues else find_imperative(text)
    return text, hit, tokens


def _instrument_features(text: str, action: str | None, rule: str | None, tokens: list | None) -> set[str]:
    from pipeline.segment import words
    from pipeline.tag.instrument import instrument_features

    return instrument_features(text, action, rule, tokens if tokens is not None else words(text),
                               words(action) if action else [])


def _instrument_model(model_dir: str | None):
    if model_dir is None:
        return None
    from pipeline.tag.classifier import DEFAULT_MODEL_DIR
    from pipeline.tag.instrument import load

    return load(model_dir or str(DEFAULT_MODEL_DIR))
