"""Body parts: heading numbers and levels, HTML and text tables, reference lists, foreign text, English abstract choice."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from pipeline.clean import patterns as P
from pipeline.resources import read_data_lines

# --- headings -----------------------------------------------------------------------------------------------

RE_MD_HEADING_MARK = re.compile(r"^#{1,6}\s*")
RANK_CN, RANK_PCN, RANK_PAR = 1, 2, 8


def heading_number(text: str) -> tuple[str | None, str, int | None]:
    """Split a heading into (number as printed, title, rank of the numbering scheme).

    Ranks order the schemes from outer to inner: 一、 (1) < （一） (2) < 1 / 1. (3) < 1.1 (4) < 1.1.1 (5) < (1) (8);
    unnumbered headings have rank None.

    >>> heading_number("三、浙江市场主导的内生型产业集群的局限性")
    ('三、', '浙江市场主导的内生型产业集群的局限性', 1)
    >>> heading_number("（一）解决集群的“市场失灵”"), heading_number("1.1 研究区概况"), heading_number("问题提出")
    (('（一）', '解决集群的“市场失灵”', 2), ('1.1', '研究区概况', 4), (None, '问题提出', None))
    """
    m = P.RE_HEADING_NUMBER.match(text)
    if m is None or m.end() >= len(text):
        return None, text.strip(), None
    number = text[: m.end()].strip()
    title = text[m.end():].strip()
    if m.group("cn"):
        rank = RANK_CN
    elif m.group("pcn"):
        rank = RANK_PCN
    elif m.group("ar"):
        rank = 2 + len(re.split(r"[.．]", m.group("ar")))
    else:
        rank = RANK_PAR
    return number, title, rank


def is_heading_text(text: str, *, numbered_only: bool) -> bool:
    """Whether a line reads as a heading: short, no sentence punctuation, numbered when ``numbered_only``.

    >>> is_heading_text("(一)区域文化的局限性对集群发展的制约", numbered_only=True)
    True
    >>> is_heading_text("1.要使大家了解新时期国际科技合作的任务、目的，感觉到吸引力。", numbered_only=True)
    False
    """
    number, title, rank = heading_number(text)
    if numbered_only and number is None:
        return False
    if not title or len(title) > 50 or P.RE_SENTENCE_END.search(title) or title.endswith(("，", ",", "、", "：", ":")):
        return False
    if number is not None and rank is not None and 3 <= rank <= 7 and not P.RE_CJK.match(title[:1]):
        return False
    return True


def assign_levels(ranks: list[int | None]) -> list[int]:
    """Levels from numbering ranks, relative to the schemes the paper uses (unnumbered headings are level 1).

    >>> assign_levels([1, 2, 2, 1, 2, 3, None])
    [1, 2, 2, 1, 2, 3, 1]
    >>> assign_levels([3, 4, 5, 4, None])
    [1, 2, 3, 2, 1]
    >>> assign_levels([None, 4, 4, None, 4])
    [1, 2, 2, 1, 2]
    """
    present = sorted({r for r in ranks if r is not None})
    # "1.1" headings without any "1" heading, beside unnumbered ones: the numbers of the top level were lost
    offset = 1 if None in ranks and present and present[0] >= 4 else 0
    index = {r: i + 1 + offset for i, r in enumerate(present)}
    return [min(6, index[r]) if r is not None else 1 for r in ranks]


# --- tables --------------------------------------------------------------------------------------------------

RE_TR = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S | re.I)
RE_TD = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S | re.I)
RE_TAG = re.compile(r"<[^>]+>")
RE_WS = re.compile(r"\s+")


def parse_html_table(text: str) -> list[list[str]]:
    """Rows of cells from MinerU's HTML table (spans ignored).

    >>> parse_html_table("<table><tr><td>变量</td><td>均值</td></tr><tr><td>收入</td><td>40.35</td></tr></table>")
    [['变量', '均值'], ['收入', '40.35']]
    """
    rows = []
    for tr in RE_TR.finditer(text):
        cells = [RE_WS.sub(" ", html.unescape(RE_TAG.sub("", td.group(1)))).strip() for td in RE_TD.finditer(tr.group(1))]
        rows.append(cells)
    return rows


# --- references ----------------------------------------------------------------------------------------------

RE_REF_SPLIT = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[.。]))(?=[［\[]\s*\d{1,3}\s*[］\]]|\d{1,3}[［\[]\s*[］\]])")
RE_REF_MARKER = re.compile(r"^(?P<marker>[［\[]\s*\d{1,3}\s*[］\]]|\d{1,3}[.．、](?!\d)|\d{1,3}\s(?=\D))\s*")
# a number glued to the text of a reference entry (2王郦久…, 1Guo JH…; not a year, a count or a date), or before the
# brackets its number was lost from (4[]李凡…, 3[] 360个人图书馆…, 11]陈振明…); not a volume and issue (11(1)：45-49)
RE_GLUED_NUMBER = re.compile(r"^(\d{1,3})(?:\s*[\[［]?\s*[\]］]\s*|(?=[^\d\s.．,，、:：/\-()（）\[［%年月日]))")


def split_references(text: str) -> list[tuple[str | None, str]]:
    """A reference-list line as (marker, text) entries; several entries on one line are split at [n] (and at n[],
    whose number MinerU moved out of the brackets; :func:`glued_numbers` reads it).

    >>> split_references("[1] 波特. 国家竞争优势[M]. 北京: 华夏出版社, 2002. [2] Porter M E. Clusters[J]. HBR, 1998.")
    [('[1]', '波特. 国家竞争优势[M]. 北京: 华夏出版社, 2002.'), ('[2]', 'Porter M E. Clusters[J]. HBR, 1998.')]
    >>> [m for m, _ in split_references("唐磊.中国民间智库[J].2016(4):99-112,129.23[]葛伟军.公司捐赠[J].")]  # number lost: 23[]
    [None, None]
    """
    out: list[tuple[str | None, str]] = []
    for piece in RE_REF_SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        m = RE_REF_MARKER.match(piece)
        if m:
            out.append((m.group("marker").strip().replace(" ", ""), piece[m.end():].strip()))
        else:
            out.append((None, piece))
    return out


def marker_number(marker: str | None) -> int | None:
    """The number of a reference marker ([12], ［3］, 7., 5、), or None.

    >>> marker_number("[12]"), marker_number("［3］"), marker_number("7."), marker_number(None)
    (12, 3, 7, None)
    """
    digits = re.sub(r"\D", "", marker or "")
    return int(digits) if digits else None


def far_ahead(marker: str, entries: list) -> bool:
    """Whether a marker's number runs more than 20 past the list so far (its highest number or its count of entries,
    whichever is larger). A number so far ahead with no text after it is the end of a page range broken onto its
    own line (…13(2):107-\n110.), not the next entry; with text it is an entry (lists may lose a page of entries).

    >>> class E: marker = "3"
    >>> far_ahead("110.", [E(), E(), E()]), far_ahead("4.", [E(), E(), E()])
    (True, False)
    """
    n = marker_number(marker)
    last = max([len(entries)] + [k for e in entries if (k := marker_number(e.marker)) is not None])
    return n is not None and n > last + 20


def continues_list(text: str, last: str | None) -> bool:
    """Whether a reference-list line holds the entry numbered after marker ``last`` (a line that runs several
    entries together, after the end of the previous one: …4-9.) [5]The Royal Society… [6]Hey T…).

    >>> continues_list("潮流研究[J]．科学技術動向，2015. [5]The Royal Society. Science[EB/OL]. [6]Hey T. 第四范式[M].", "[4]")
    True
    >>> continues_list("王明. 产业集群研究[J]. 经济研究, 2010. [3] 李华. 集群[J].", "[7]")
    False
    >>> continues_list("4徐严波，李怀印.土库曼斯坦天然气产销预测[J].国际石油经济,2009", "3")
    True
    """
    n = marker_number(last)
    if n is None:
        return False
    return next_glued(text, last) is not None or any(marker_number(m) == n + 1 for m, _ in split_references(text) if m)


def next_glued(text: str, last: str | None) -> re.Match | None:
    """The number glued to the start of ``text`` (:data:`RE_GLUED_NUMBER`) when it is the one after marker ``last``.

    >>> next_glued("4徐严波，李怀印.土库曼斯坦天然气产销预测", "3").group(1), next_glued("4徐严波", "[7]")
    ('4', None)
    """
    n = marker_number(last)
    glued = RE_GLUED_NUMBER.match(text) if n is not None else None
    return glued if glued is not None and int(glued.group(1)) == n + 1 else None


def glued_numbers(entries: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """Reference entries (marker, text) with the numbers glued to their texts taken as markers (``2王郦久.中亚…``:
    cleaning removes the space between a number and Chinese; MinerU may also print the entries out of order), when
    the list reads that way: no number twice among them, at least two entries and 60% of the unmarked ones opening
    with a number, or at least three whose numbers rise (the others are the tails of entries the extraction broke
    over lines), and none of them a printed marker too (for rising numbers, at most half: an affiliation line after
    the list reads "2 Research Institute…"). Otherwise the entries are returned as they are (their positions then
    number them).

    >>> glued_numbers([(None, "1英国石油公司.BP世界能源统计年鉴2017."), (None, "2王郦久.中亚油气资源与开发综述."),
    ...                (None, "3B.DAep.土库曼斯坦石油天然气产业发展现状.")])[1]
    ('2', '王郦久.中亚油气资源与开发综述.')
    >>> glued_numbers([(None, "2018年报告"), (None, "王明.集群."), (None, "李华.政策.")])[0]
    (None, '2018年报告')
    >>> glued_numbers([(None, "1[]百度百科.2015年后发展议程目标[EB/OL]."), (None, "2[]新华社.十九大报告[EB/OL].")])[1]
    ('2', '新华社.十九大报告[EB/OL].')
    >>> [m for m, _ in glued_numbers([(None, "1新华社评论员.千年大计."), (None, "2UN Water.Water security."),
    ...                               (None, "3夏军.中国水安全."), ("2", "Research Institute for Water Security")])]
    ['1', '2', '3', '2']
    """
    unmarked = [k for k, (marker, _) in enumerate(entries) if marker is None]
    found = {k: m for k in unmarked if (m := RE_GLUED_NUMBER.match(entries[k][1]))}
    glued = [int(m.group(1)) for m in found.values()]
    printed = {n for m, _ in entries if (n := marker_number(m))}
    rising = len(glued) >= 3 and all(a < b for a, b in zip(glued, glued[1:]))  # line breaks left tails between
    clash = len(printed & set(glued)) > (len(glued) / 2 if rising else 0)
    if len(found) < 2 or (len(found) < 0.6 * len(unmarked) and not rising) or len(set(glued)) < len(glued) or clash:
        return entries
    return [(found[k].group(1), text[found[k].end():].strip()) if k in found else (marker, text)
            for k, (marker, text) in enumerate(entries)]


# --- foreign text and English abstracts ---------------------------------------------------------------------------

RE_CJK_RUN = re.compile(f"[{P.CJK}]+")


def cjk_bigrams(text: str) -> list[str]:
    """Chinese character bigrams (within runs of Chinese characters).

    >>> cjk_bigrams("产业集群，政策")
    ['产业', '业集', '集群', '政策']
    """
    out = []
    for run in RE_CJK_RUN.findall(text):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def topic_anchors(title: str, keywords: str, abstract: str, body: str, *, min_count: int = 3) -> set[str]:
    """The paper's anchor bigrams: those of its title and keywords that recur in its body (at least ``min_count``
    times); when fewer than two do, the five abstract bigrams most frequent in the body are added.

    >>> sorted(topic_anchors("产业集群政策研究", "", "", "产业集群的政策。" * 3))
    ['业集', '产业', '政策', '集群']
    """
    anchors = {g for g in set(cjk_bigrams(title + "，" + keywords)) if body.count(g) >= min_count}
    if len(anchors) < 2:
        counts = {g: body.count(g) for g in set(cjk_bigrams(abstract))}
        ranked = sorted(counts, key=lambda g: (-counts[g], g))
        anchors.update(g for g in ranked[:5] if counts[g] >= min_count)
    return anchors


def find_foreign_tail(paragraphs: list[str], anchors: set[str], *, max_share: float = 0.4, ratio: float = 0.2,
                      min_chars: int = 60) -> int | None:
    """Index of the first paragraph of a trailing run of text from another article, or None.

    ``anchors`` are the paper's topic bigrams (:func:`topic_anchors`). A tail is foreign when its density of anchors
    (and that of its first paragraph) is at most ``ratio`` times the density in the paragraphs before it (``ratio=0``:
    no anchor at all), and it holds at most ``max_share`` of the body's characters.

    >>> paras = ["产业集群政策研究，政府作用。" * 5, "集群发展需要政策支持。" * 5, "国际科技合作要加强管理。" * 3]
    >>> find_foreign_tail(paras, {"集群", "政策", "产业"}, min_chars=10)
    2
    """
    if not anchors or len(paragraphs) < 3:
        return None
    grams = sorted(anchors)
    hits = [sum(p.count(g) for g in grams) for p in paragraphs]
    lens = [max(1, len(p)) for p in paragraphs]
    total_len = sum(lens)
    best = None
    tail_hits = tail_len = 0
    head_hits, head_len = sum(hits), total_len
    for j in range(len(paragraphs) - 1, 0, -1):
        tail_hits += hits[j]
        tail_len += lens[j]
        head_hits -= hits[j]
        head_len -= lens[j]
        if tail_len > max_share * total_len:
            break
        head_density = head_hits / head_len
        if head_density < 0.02:
            break
        if tail_len >= min_chars and tail_hits / tail_len <= ratio * head_density and \
                hits[j] / lens[j] <= ratio * head_density:
            best = j
    return best


@lru_cache(maxsize=1)
def load_glossary() -> tuple[tuple[str, str], ...]:
    """(Chinese, English stem) pairs from ``resources/structure_glossary_zh_en.tsv``."""
    pairs = []
    for line in read_data_lines("structure_glossary_zh_en.tsv"):
        zh, en = line.split("\t")
        pairs.append((zh.strip(), en.strip().lower()))
    return tuple(pairs)


def score_english(en: str, zh: str) -> float:
    """How well an English abstract matches a Chinese title and abstract: the share of glossary terms found in the
    English text whose Chinese side is in the Chinese text (plus shared numbers and Latin acronyms).

    >>> zh = "产业集群是当代经济世界的一个重要现象，政府应扮演什么角色"
    >>> score_english("The paper analyzes policies for industrial clusters and government role", zh) > \\
    ...     score_english("international science and technology cooperation", zh)
    True
    """
    low = en.lower()
    low_compact = low.replace(" ", "")
    found = matched = 0
    for zh_term, en_term in load_glossary():
        if en_term in low or en_term.replace(" ", "") in low_compact:
            found += 1
            if zh_term in zh:
                matched += 1
    numbers_en = set(re.findall(r"\d{2,}", en))
    numbers_zh = set(re.findall(r"\d{2,}", zh))
    shared = len(numbers_en & numbers_zh)
    return (matched + shared) / (found + len(numbers_en) + 1)
