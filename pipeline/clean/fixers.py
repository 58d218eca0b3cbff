"""Small, named, pure fixers for OCR and conversion damage in Chinese papers.

Every fixer is a function ``text -> list[Replacement]``: it never edits text itself, it says what to replace, so the
clean stage can record each edit and keep an offset map back to the raw input. :func:`apply_fixer` shows the result,
which is what the ``>>>`` examples use.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Callable

from pipeline.clean import patterns as P
from pipeline.offsets import Replacement, apply_replacements
from pipeline.resources import english_word_costs

Fixer = Callable[[str], list[Replacement]]


def apply_fixer(fixer: Fixer, text: str) -> str:
    """Run one fixer and return the fixed text (for examples and tests)."""
    return apply_replacements(text, fixer(text))[0]


# ----------------------------------------------------------------------------------------------------------
# Both formats
# ----------------------------------------------------------------------------------------------------------

_FW_TABLE = {c: c - 0xFEE0 for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))}
_FW_TABLE[0xFF05] = ord("%")
_FW_TABLE[0xFF0E] = ord(".")
RE_FULLWIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ．％]+")
RE_FULLWIDTH_ANY = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")


def normalize_fullwidth(text: str) -> list[Replacement]:
    """Full-width digits and Latin letters become ASCII; a full-width point or percent next to a digit too.

    Chinese typesetting (and CNKI's OCR) often prints numbers in full-width forms, which breaks number matching
    and tokenisation. Chinese punctuation (，。（）［］) is left alone.

    >>> apply_fixer(normalize_fullwidth, "１９９４年，建设了３．６万平方米［１］")
    '1994年，建设了3.6万平方米［1］'
    """
    out: list[Replacement] = []
    if not RE_FULLWIDTH_ANY.search(text):
        return out
    for m in RE_FULLWIDTH.finditer(text):
        s, e = m.start(), m.end()
        run = m.group()
        # a full-width point or percent only counts next to a digit: trim the ones that are not
        while run and run[0] in "．％" and not (s > 0 and text[s - 1].isdigit()) and not (len(run) > 1 and run[1].isdigit()):
            run, s = run[1:], s + 1
        while run and run[-1] in "．％" and not (len(run) > 1 and run[-2].isdigit()) and not (e < len(text) and text[e].isdigit()):
            run, e = run[:-1], e - 1
        if run and any(c not in "．％" for c in run):
            out.append(Replacement(s, e, run.translate(_FW_TABLE)))
    return out


RE_CNKI_HYPHEN = re.compile(  # the literal comes first so the scan is fast; the context is checked behind it
    r"2(?:(?<=[a-z]{2}2)(?=[A-Z][a-z])"  # Bottom2Up, Top2Down
    r"|(?<=[a-z]{3}2)(?=[a-z]{3})"  # macro2science
    r"|(?<=[a-z]{2}2)[ \t]*\n[\s]*(?=[a-z]{2}))"  # rev2\n\nolution: a hyphenated line break
)


def repair_cnki_hyphen(text: str) -> list[Replacement]:
    """CNKI's text layer turns the hyphen of English words into the digit 2; a hyphen at a line break goes.

    The damage only ever sits between letters, so digits in numbers are never touched.

    >>> apply_fixer(repair_cnki_hyphen, "“自下而上”(Bottom2Up)模式, As macro2science age, rev2\\n\\nolution, CO2, 2003年")
    '“自下而上”(Bottom-Up)模式, As macro-science age, revolution, CO2, 2003年'
    """
    return [
        Replacement(m.start(), m.end(), "" if "\n" in m.group() else "-")
        for m in RE_CNKI_HYPHEN.finditer(text)
    ]


RE_SPACED_AMPERSAND = re.compile(r"(?<![A-Za-z])([A-Z]) & ([A-Z])(?![A-Za-z])")


def join_spaced_ampersand(text: str) -> list[Replacement]:
    """Letter-spaced abbreviations with an ampersand are closed up: "R & D" -> "R&D" (names like "Breschi & Malerba" stay).

    >>> apply_fixer(join_spaced_ampersand, "解决 R & D投资 (Breschi & Malerba, 2001)")
    '解决 R&D投资 (Breschi & Malerba, 2001)'
    """
    if " & " not in text:
        return []
    return [Replacement(m.start(), m.end(), f"{m.group(1)}&{m.group(2)}") for m in RE_SPACED_AMPERSAND.finditer(text)]


RE_SPACING = re.compile(r"(?P<punct>[ \u3000]*[,;:?!][ \u3000]*)|(?P<space>[ \u3000]+)")
# The matches of RE_SPACING that fix_cjk_spacing acts on: the same spans, without one plain space between two ASCII
# characters (not after "(" or a line break, not before ")", "%" or a line break), which it leaves alone anyway. It
# starts with a character class, so the regex engine skips to candidates quickly (four times faster on papers).
# A match is a punct match of RE_SPACING when it holds a mark, else a space match.
RE_SPACING_WORK = re.compile(
    r"[ \u3000,;:?!](?:(?<=[,;:?!])[ \u3000]*|[ \u3000]*[,;:?!][ \u3000]*|[ \u3000]+|(?<=\u3000)"
    r"|(?:(?<![\x00-\x7f] )|(?<=[(\n] )|(?![\x00-\x7f])|(?=[)%\n])))"
)
RE_CAPTION_HEAD = re.compile(r"(?:^|\n)[ \u3000]*(?:续?表|图)[ \u3000]*\d+[ \u3000]*")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK_CHARS = re.compile(f"[{P.CJK}]")
_CJK_PUNCT_CHARS = re.compile(f"[{P.CJK_PUNCT}\u3000]")


@lru_cache(maxsize=65_536)
def _kind(ch: str) -> str:
    """The class of one character for spacing decisions: edge, cjk, cjkp (CJK punctuation), digit, latin, or
    the character itself."""
    if not ch or ch in "\n\t":
        return "edge"
    if _CJK_CHARS.match(ch):
        return "cjk"
    if _CJK_PUNCT_CHARS.match(ch):
        return "cjkp"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return ch


def _context_before(text: str, pos: int) -> str:
    """The script of the nearest letter before ``pos``, looking past digits, spaces and % (at most 12 characters)."""
    for ch in reversed(text[max(0, pos - 12):pos]):
        kind = _kind(ch)
        if kind in ("cjk", "cjkp"):
            return "cjk"
        if kind == "latin":
            return "latin"
        if kind in ("digit", "%", ".") or ch in " \u3000":
            continue
        return kind
    return "edge"


RE_PAREN_TAIL = re.compile(r"[(（].*$")
RE_NAME_TOKEN = re.compile(rf"^[{P.CJK}·]{{1,4}}[\d¹²³⁴⁵⁶⁷⁸⁹⁰*,.，、}}\]」'’]*$")
RE_CLAUSE_MARK = re.compile(r"[，。；：,;:]")
RE_KEYWORD_LINE = re.compile(r"^(?:#\s*)?[［\[【]?\s*关\s*键\s*词")
RE_ISOLATED_CJK = re.compile(f"(?:^|(?<=[ \u3000]))[{P.CJK}](?=[ \u3000]|$)")


def _name_list_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines whose spaces separate items: keyword lines and front-matter lines (author names) that are
    not letter-spaced titles ("产 业 集 群" is letter-spaced; "邢采 孟或琦 林青青" is a list of names)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    lines = text.split("\n")
    front = min(len(lines), 40)
    for i, line in enumerate(lines[:front]):
        if P.RE_ABSTRACT_ZH.match(line.strip().lstrip("#").strip()) and "摘" in line[:8]:
            front = i
            break
    else:
        front = 8
    for i, line in enumerate(lines):
        stripped = line.strip()
        if RE_KEYWORD_LINE.match(stripped):
            spans.append((pos, pos + len(line)))
        elif i < front and (" " in stripped or "\u3000" in stripped):
            head = RE_PAREN_TAIL.sub("", stripped.lstrip("#").strip())
            cjk = len(_CJK_CHARS.findall(head))
            isolated = len(RE_ISOLATED_CJK.findall(head))
            tokens = head.split()
            names = all(RE_NAME_TOKEN.match(t) for t in tokens) and len(tokens) >= 2
            if cjk and isolated < 4 and len(head) <= 40 and not RE_CLAUSE_MARK.search(head) and names:
                spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def fix_cjk_spacing(text: str) -> list[Replacement]:
    """Remove spaces OCR put between Chinese characters, numbers and punctuation; ASCII punctuation in Chinese
    text becomes full-width (" ," -> "，"), while inside Latin text only the space before it goes.

    Spaces between Chinese and Latin words are kept; so is the space after a table or figure number ("表 1 ").

    >>> apply_fixer(fix_cjk_spacing, "产 业 集 群 ,在 10亿元以上 ,约 50 % ? (Breschi & Malerba , 2001) 。的 Modena")
    '产业集群，在10亿元以上，约50%？(Breschi & Malerba, 2001)。的 Modena'
    >>> apply_fixer(fix_cjk_spacing, "表 1\u3000各国集群政策上的比较")
    '表 1 各国集群政策上的比较'
    """
    spans = sorted([m.span() for m in RE_CAPTION_HEAD.finditer(text)] + _name_list_lines(text))
    starts: list[int] = []  # protected offsets: the union of the spans, merged, as sorted disjoint intervals
    ends: list[int] = []
    for a, z in spans:
        if a >= z:
            continue
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], z)
        else:
            starts.append(a)
            ends.append(z)
    out: list[Replacement] = []
    n = len(text)
    for m in RE_SPACING_WORK.finditer(text):
        s, e = m.start(), m.end()
        g = m.group()
        a = text[s - 1] if s > 0 else "\n"
        b = text[e] if e < n else "\n"
        if a.isascii() and b.isascii() and a not in "(\n" and b not in ")%\n":
            if g == " ":
                continue  # an ordinary space between Latin words
            if a.isalpha() and (g[0] != " " and g[-1:] in " ,;:?!" and len(g) <= 2):
                continue  # "policies, and": already right
        prev = _kind(a)  # "edge" at either end of the text, as for a line break
        nxt = _kind(b)
        mark = g.strip(" \u3000")
        if mark:  # RE_SPACING's punct group
            if prev == "digit" and nxt == "digit" and g == mark:
                continue  # 1,000 and 10:30
            cjk_context = _context_before(text, s) == "cjk" or (nxt == "cjk" and prev not in ("latin", "digit"))
            if cjk_context:
                new = _FULL[mark]
            else:
                new = mark + (" " if g.endswith((" ", "\u3000")) and nxt not in ("edge",) else "")
                if prev == "edge":
                    new = g.replace("\u3000", " ")
        else:
            i = bisect_right(starts, s) - 1
            if i >= 0 and s < ends[i]:  # s is protected
                new = " " if "\u3000" in g and prev != "edge" and nxt != "edge" else g
            elif prev in ("cjk", "cjkp") and nxt in ("cjk", "cjkp"):
                new = ""
            elif {prev, nxt} <= {"cjk", "cjkp", "digit"} and "edge" not in (prev, nxt):
                new = ""
            elif prev == "digit" and nxt == "%":
                new = ""
            elif (prev in ("cjk", "cjkp") and nxt in ("(", ")", "-")) or (prev in ("(", ")", "-") and nxt in ("cjk", "cjkp")):
                new = ""
            elif prev == "(" or nxt == ")":
                new = ""
            elif "\u3000" in g and prev != "edge" and nxt != "edge":
                new = " "
            else:
                continue
        if new != g:
            out.append(Replacement(s, e, new))
    return out


RE_GLUED_LATIN = re.compile(r"[A-Za-z]{10,}")
RE_CJK_ANY = re.compile(f"[{P.CJK}]")
RE_URLISH = re.compile(r"[/@=_\\]|https?|www\.|\.(?:com|org|net|gov|edu|cn|uk|html?|pdf)\b", re.I)
MAX_WORD_COST = 12.5  # wordninja cost of a word around rank 20,000 of its frequency list
MAX_WORD_LEN = 16
MAX_RUN = 120
MAX_MEAN_COST = 11.0  # glued English is mostly common words; pinyin syllables average above this
RE_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})")
SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of on or so to up us we".split())


_COMMON_WORDS: frozenset[str] | None = None


def _common_words() -> frozenset[str]:
    """Dictionary words ``_respace`` accepts as pieces of a split (common, short ones only from ``SHORT_WORDS``)."""
    global _COMMON_WORDS
    if _COMMON_WORDS is None:
        _COMMON_WORDS = frozenset(
            w for w, c in english_word_costs().items()
            if c <= MAX_WORD_COST and len(w) <= MAX_WORD_LEN and (len(w) > 2 or w in SHORT_WORDS)
        )
    return _COMMON_WORDS


def _can_split(low: str) -> bool:
    """Whether ``low`` splits into common words at all; when not, no split of it can pass ``_respace``'s checks.

    >>> _can_split("studyanalyzed"), _can_split("langendijk")
    (True, False)
    """
    words = _common_words()
    n = len(low)
    reach = [True] + [False] * n
    for k in range(n):
        if reach[k]:
            for i in range(k + 1, min(n, k + MAX_WORD_LEN) + 1):
                if not reach[i] and low[k:i] in words:
                    reach[i] = True
    return reach[n]


def _split_words(word: str, cost: dict[str, float]) -> list[str]:
    """Cheapest split of ``word`` into dictionary words (words of at most ``MAX_WORD_LEN`` letters)."""
    low = word.lower()
    n = len(low)
    inf = float("inf")
    best = [0.0] + [inf] * n
    back = [0] * (n + 1)
    get = cost.get
    for k in range(n):  # forward: extend every reachable prefix by each dictionary word starting at k
        base = best[k]
        if base == inf:
            continue
        for i in range(k + 1, min(n, k + MAX_WORD_LEN) + 1):
            c = get(low[k:i])
            if c is not None and base + c < best[i]:
                best[i], back[i] = base + c, k
    if best[n] == inf:
        return [word]
    pieces = []
    i = n
    while i > 0:
        pieces.append(word[back[i]:i])
        i = back[i]
    return pieces[::-1]


def split_glued_english(text: str) -> list[Replacement]:
    """Restore spaces lost between English words ("Thecurrent studyanalyzed") with the wordninja dictionary.

    Only letter runs of 10 or more in English context (mostly Latin letters around them) that are not dictionary
    words are split, and only into common words of two letters or more, so names ("Langendijk" in Chinese text),
    long genuine words and garbage stay as they are.

    >>> apply_fixer(split_glued_english, "Thecurrent studyanalyzed internationalization")
    'The current study analyzed internationalization'
    >>> apply_fixer(split_glued_english, "学术界有不同的看法。Langendijk认为，Rabellotti等人")
    '学术界有不同的看法。Langendijk认为，Rabellotti等人'
    >>> apply_fixer(split_glued_english, "[EB/OL]. http://docs.house.gov/billsthisweek/20140113")
    '[EB/OL]. http://docs.house.gov/billsthisweek/20140113'
    """
    out: list[Replacement] = []
    cost = english_word_costs()
    for m in RE_GLUED_LATIN.finditer(text):
        word = m.group()
        if len(word) > MAX_RUN or word.lower() in cost:  # a dictionary word: _respace leaves it alone
            continue
        around = text[max(0, m.start() - 40):m.end() + 40]
        if len(RE_CJK_ANY.findall(around)) > 5:
            continue
        left = text.rfind(" ", max(0, m.start() - 120), m.start()) + 1 or max(0, m.start() - 120)
        right = text.find(" ", m.end(), m.end() + 120)
        token = text[left:right if right >= 0 else m.end() + 120]
        if RE_URLISH.search(token):  # URLs, e-mail addresses, file names keep their letters together
            continue
        new = _respace(word)
        if new is not None:  # one insertion per restored space, so every letter keeps its own offset
            pos = m.start()
            for piece in new.split(" ")[:-1]:
                pos += len(piece)
                out.append(Replacement(pos, pos, " "))
    return out


@lru_cache(maxsize=8192)
def _respace(word: str) -> str | None:
    """The word with its lost spaces restored, or None when nothing is to be done.

    A case change inside the word ("QuanqinFan", "InstitutionforEconomic") is a word boundary when both sides have at
    least three letters; each part that is not a word itself is split by the dictionary when the split is made of
    common words (each below ``MAX_WORD_COST``, on average below ``MAX_MEAN_COST``: "Quan qin" is refused).
    """
    cost = english_word_costs()
    if word.lower() in cost:
        return None
    parts = [p for p in RE_CAMEL_BOUNDARY.split(word) if p]
    out = []
    for part in parts:
        if part.lower() in cost or len(part) < 6:
            out.append(part)
            continue
        if not _can_split(part.lower()):
            out.append(part)
            continue
        pieces = _split_words(part, cost)
        costs = [cost.get(p.lower(), 99.0) for p in pieces]
        if len(pieces) >= 2 and max(costs) <= MAX_WORD_COST and sum(costs) / len(costs) <= MAX_MEAN_COST and \
                all(len(p) > 2 or p.lower() in SHORT_WORDS for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    new = " ".join(out)
    return new if new != word else None


# ----------------------------------------------------------------------------------------------------------
# pdftotext-style CNKI text
# ----------------------------------------------------------------------------------------------------------

RE_TXT_FURNITURE_LINE = re.compile(r"[^\n]*\n(?:[ \t\u3000]*\n)*|[^\n]+$")


def remove_page_furniture(text: str) -> list[Replacement]:
    """Remove running headers ("技术经济 … 第 25卷 第 6期") and page numbers ("83") that pdftotext leaves between
    the lines of a sentence, together with the blank lines after them, so the sentence can be rejoined.

    >>> apply_fixer(remove_page_furniture, "产业集\\n\\n83\\n\\n技术经济　　　　第 25卷　第 6期\\n\\n\\n\\n群形成的初期")
    '产业集\\n\\n群形成的初期'
    """
    out: list[Replacement] = []
    for m in RE_TXT_FURNITURE_LINE.finditer(text):
        line = m.group().split("\n", 1)[0]
        stripped = line.strip(" \t\u3000")
        if not stripped:
            continue
        if P.RE_PAGE_NUMBER_LINE.match(line) or is_running_header(stripped) or P.RE_JUMP_LINE.match(stripped):
            out.append(Replacement(m.start(), m.end(), ""))
    return out


def is_running_header(line: str) -> bool:
    """A short line carrying a journal volume/issue ("第 25卷 第 6期", "2017年·第32卷·第3期").

    >>> is_running_header("技术经济　　　第 25卷　第 6期"), is_running_header("第二期工程完成后构建了9万平方米")
    (True, False)
    """
    compact = line.strip()
    if len(compact) > 60:
        return False
    return P.RE_RUNNING_HEADER_VOL.match(compact) is not None


def _width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in s)


MAX_WRAP_CJK = 60  # Chinese characters beyond which a line is a whole paragraph, not a pdftotext line
RE_LINE_INDENT = re.compile(r"^[\u3000]|^[ ]{2,}")
RE_ROW_START = re.compile(rf"^(?P<cell>[{P.CJK}A-Za-z]{{1,6}})(?:[ \t\u3000]+(?=[^\s,，.。;；:：、])|$)")
RE_FRONT_LABEL = re.compile(r"^(?:[［\[【]?\s*(?:摘\s*要|关\s*键\s*词|中图分类号|分类号|文献标识码|文章编号|参\s*考\s*文\s*献)|Abstract|Key\s*words)", re.I)
RE_DASH_START = re.compile(r"^[—–-]{1,3}")
RE_TERMINAL = re.compile(r"[。！？!?：:；;.”」』)）]$")
RE_CLAUSE_PUNCT = re.compile(r"[，,；;。]")


def _heading_line(line: str) -> bool:
    m = P.RE_HEADING_NUMBER.match(line)
    if m is None:
        return False
    body = line[m.end():]
    if not body or len(body) > 40 or P.RE_SENTENCE_END.search(body):
        return False
    if m.group("ar") is not None and not P.RE_CJK.match(body[:1] or " "):
        return False
    return True


def join_broken_lines(text: str) -> list[Replacement]:
    """Rejoin lines that pdftotext broke inside paragraphs: Chinese without a space, Latin with one; keep real
    paragraph breaks (one "\\n" between paragraphs) and leading indentation goes.

    A break is kept before an indented line (　　), around headings, labels (摘要, 关键词, Abstract), footnotes (①)
    and table captions, after a short line ending a sentence, and between front-matter lines. A heading broken
    over two lines is rejoined; inside a table (after "表 1") each row becomes one line with a tab after its
    first cell.

    >>> apply_fixer(join_broken_lines, "面临着许多意想不到的问题和困\\n\\n难。\\n\\n据浙江省经贸委调查 ,2003 年 ,浙江全省工业\\n\\n总产值在 10亿元以上")
    '面临着许多意想不到的问题和困难。\\n据浙江省经贸委调查 ,2003 年 ,浙江全省工业总产值在 10亿元以上'
    >>> apply_fixer(join_broken_lines, "为集群政策留下了空间 ,主要表现在 :\\n\\n三、浙江市场主导的内生型产业\\n集群的局限性\\n\\n　　浙江产业集群作为一种中小企业")
    '为集群政策留下了空间 ,主要表现在 :\\n三、浙江市场主导的内生型产业集群的局限性\\n浙江产业集群作为一种中小企业'
    """
    lines: list[tuple[int, int, str]] = []  # (content start, content end, raw line)
    pos = 0
    for raw in text.split("\n"):
        content = raw.strip(" \t\u3000")
        if content:
            lead = len(raw) - len(raw.lstrip(" \t\u3000"))
            lines.append((pos + lead, pos + lead + len(content), raw))
        pos += len(raw) + 1
    if not lines:
        return []
    contents = [text[s:e] for s, e, _ in lines]
    widths = [_width(c) for c in contents]
    indented = [bool(RE_LINE_INDENT.match(raw)) for _, _, raw in lines]
    n = len(lines)

    # front matter: lines before the abstract label (when it comes early)
    front_end = 1
    for i, c in enumerate(contents[:30]):
        if P.RE_ABSTRACT_ZH.match(c) and ("摘" in c[:4]):
            front_end = i
            break

    heading = [_heading_line(c) for c in contents]
    label = [bool(RE_FRONT_LABEL.match(c)) for c in contents]
    footnote = [bool(P.RE_FOOTNOTE_START.match(c)) for c in contents]
    caption = [bool(P.RE_TABLE_CAPTION.match(c)) and widths[i] <= 80 for i, c in enumerate(contents)]

    sep: list[str] = ["\n"] * n  # separator placed BEFORE line i (i >= 1)
    heading_cont = [False] * n
    for i in range(n - 1):  # headings broken over two lines; enumerated sentences are not headings
        if not heading[i] or heading[i + 1] or label[i + 1] or footnote[i + 1]:
            continue
        nxt = contents[i + 1]
        ref = max(widths[i - 1] if i > 0 else 0, widths[i + 2] if i + 2 < n else 0, widths[i + 1], 40)
        if widths[i + 1] < 0.6 * ref and not RE_CLAUSE_PUNCT.search(nxt) and not indented[i + 1]:
            sep[i + 1] = "join-heading"
            heading_cont[i + 1] = True
        elif indented[i + 1]:
            continue
        elif contents[i].endswith(("，", ",", "、")) or "。" in nxt and widths[i] >= 0.85 * ref or (
            RE_CLAUSE_PUNCT.search(contents[i]) and widths[i] >= 0.85 * ref and widths[i + 1] >= 0.85 * ref
        ):
            heading[i] = False

    in_table = False
    row_cells = 0
    row_start = [False] * n
    for i in range(1, n):
        a, b = contents[i - 1], contents[i]
        if sep[i] == "join-heading":
            sep[i] = ""
            continue
        if caption[i - 1]:
            in_table = True
        if in_table:
            if indented[i] or heading[i] or label[i] or caption[i] or footnote[i]:
                in_table = False
            else:
                m = RE_ROW_START.match(b)
                whole_line_cell = m is not None and m.end() == len(b)
                m2 = RE_ROW_START.match(contents[i + 1]) if i + 1 < n else None
                next_is_row = m2 is not None and m2.end() < len(contents[i + 1])
                if caption[i - 1] or (m is not None and (not whole_line_cell or not next_is_row)):
                    sep[i] = "\n"
                    row_start[i] = True
                    row_cells = 1 if whole_line_cell else 2
                else:
                    sep[i] = "\t" if row_cells == 1 else ("" if _joins_cjk(a, b) else " ")
                    row_cells = 2
                continue
        if i < front_end:
            sep[i] = "" if RE_DASH_START.match(b) else "\n"
            continue
        if indented[i] or heading[i] or heading[i - 1] or heading_cont[i - 1] or label[i] or footnote[i] or caption[i] or caption[i - 1]:
            continue
        if label[i - 1] and len(a) <= 8:
            continue
        ref = max(widths[i - 2] if i >= 2 else 0, widths[i])
        if RE_TERMINAL.search(a) and (widths[i - 1] < 0.9 * ref or len(_CJK_CHARS.findall(a)) > MAX_WRAP_CJK):
            continue  # a short last line, or a line too long to be a wrapped one (one paragraph a line)
        sep[i] = "" if _joins_cjk(a, b) else " "

    out: list[Replacement] = []
    first_start = lines[0][0]
    if first_start > 0:
        out.append(Replacement(0, first_start, ""))
    for i in range(1, n):
        gap_start, gap_end = lines[i - 1][1], lines[i][0]
        if text[gap_start:gap_end] != sep[i]:
            out.append(Replacement(gap_start, gap_end, sep[i]))
        if row_start[i]:  # a row's first cell: its first run of spaces becomes a tab
            m = RE_ROW_START.match(contents[i])
            if m is not None and m.end() < len(contents[i]):
                cell_end = lines[i][0] + len(m.group("cell"))
                out.append(Replacement(cell_end, lines[i][0] + m.end(), "\t"))
    end = lines[-1][1]
    if end < len(text):
        out.append(Replacement(end, len(text), "\n"))
    return out


def _joins_cjk(a: str, b: str) -> bool:
    """Whether two pieces join without a space (either side Chinese or Chinese punctuation)."""
    return _kind(a[-1]) not in ("latin", "digit", ",", ".", ";", ":", ")", "%") or _kind(b[0]) not in ("latin", "digit", "(")


# ----------------------------------------------------------------------------------------------------------
# MinerU Markdown
# ----------------------------------------------------------------------------------------------------------

RE_MD_ESCAPE = re.compile(r"(?<!\$)\$(?!\$)[^$\n]{1,400}?\$|\\([*_~])")  # inline math is skipped whole


def unescape_markdown(text: str) -> list[Replacement]:
    r"""MinerU escapes Markdown characters that were plain text in the PDF ("保障\*面临", "李伟峰1,\*").

    >>> apply_fixer(unescape_markdown, "雄安新区建设水安全保障\\*面临的问题")
    '雄安新区建设水安全保障*面临的问题'
    >>> apply_fixer(unescape_markdown, "深度 $1 0 \\_ 2 0$ cm")  # LaTeX keeps its escapes
    '深度 $1 0 \\_ 2 0$ cm'
    """
    return [Replacement(m.start(), m.end(), m.group(1)) for m in RE_MD_ESCAPE.finditer(text) if m.group(1)]


RE_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)[ \t]*")


def remove_images(text: str) -> list[Replacement]:
    """Image links carry no text: "![](images/….jpg)" is removed (the structure stage lists it as excluded).

    >>> apply_fixer(remove_images, "![](images/5dda02b1.jpg)  \\n图1白洋淀")
    '\\n图1白洋淀'
    """
    return [Replacement(m.start(), m.end(), "") for m in RE_MD_IMAGE.finditer(text)]


RE_INLINE_MATH = re.compile(r"(?<!\$)\$(?!\$)([^$\n]{1,400}?)\$")
RE_TEX_WRAP = re.compile(r"\\(?:mathrm|text|mathbf|mathit|operatorname|boldsymbol|textrm|mathsf)\s*\{([^{}]*)\}")
RE_TEX_SCRIPT = re.compile(r"([\^_])\s*(?:\{([^{}]*)\}|(\S))")
RE_TEX_BRACES = re.compile(r"\{([^{}]*)\}")
RE_SPACE_RUN = re.compile(r"\s+")
RE_DIGIT_LETTER = re.compile(r"(?<=[\d²³⁰¹⁴-⁹%])(?=[A-Za-zμ])")
_TEX_SYMBOLS = {
    r"\%": "%", r"\times": "×", r"\sim": "~", r"\cdot": "·", r"\bullet": "·", r"\pm": "±", r"\leq": "≤",
    r"\geq": "≥", r"\le": "≤", r"\ge": "≥", r"\prime": "′", r"\left": "", r"\right": "", r"\,": " ", r"\;": " ",
    r"\quad": " ", r"\ ": " ", r"\mu": "μ", r"\circ": "°", r"\div": "÷", r"\approx": "≈",
    r"\textperthousand": "‰", r"\&": "&", r"\$": "$", r"\degree": "°", r"\mathrm": "", r"\cdots": "…",
    r"\lbrace": "{", r"\rbrace": "}", r"\{": "(", r"\}": ")", r"\_": "\ue000",
}
RE_TEX_SYMBOL = re.compile("|".join(re.escape(k) for k in sorted(_TEX_SYMBOLS, key=len, reverse=True)) + r"(?![A-Za-z])")
_SUP = str.maketrans("0123456789+-−()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾")
_SUB = str.maketrans("0123456789+-()", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎")


def _untex(content: str) -> str | None:
    s = RE_TEX_SYMBOL.sub(lambda m: _TEX_SYMBOLS[m.group()], content.replace("~", " "))
    s = RE_TEX_SYMBOL.sub(lambda m: _TEX_SYMBOLS[m.group()], content)
    for _ in range(3):
        s2 = RE_TEX_WRAP.sub(lambda m: m.group(1), s)
        if s2 == s:
            break
        s = s2

    def script(m: re.Match) -> str:
        body = (m.group(2) if m.group(2) is not None else m.group(3)).replace(" ", "")
        if m.group(1) == "^" and all(c in "0123456789+-−()" for c in body):
            return body.translate(_SUP)
        if m.group(1) == "_" and all(c in "0123456789+-()" for c in body):
            return body.translate(_SUB)
        return body

    s = RE_TEX_SCRIPT.sub(script, s)
    s = RE_TEX_BRACES.sub(lambda m: m.group(1), s)
    if "\\" in s or "{" in s or "}" in s or "^" in s:
        return None
    s = RE_SPACE_RUN.sub("", s)
    s = RE_DIGIT_LETTER.sub(" ", s)
    return s.replace("\ue000", "_")


def unlatex_numbers(text: str) -> list[Replacement]:
    r"""MinerU writes numbers and units as inline LaTeX with spaced digits; turn the simple ones back into text.

    Formulas that still need LaTeX after the conversion (fractions, Greek, matrices) are left untouched.

    >>> apply_fixer(unlatex_numbers, r"编号$1 0 0 0 - 6 0 6 0$，约 $2 0 0 0 \mathrm { k m } ^ { 2 }$，占 $9 . 0 \%$，$\frac{a}{b}$")
    '编号1000-6060，约 2000 km²，占 9.0%，$\\frac{a}{b}$'
    """
    out: list[Replacement] = []
    for m in RE_INLINE_MATH.finditer(text):
        new = _untex(m.group(1))
        if new is not None and new:
            out.append(Replacement(m.start(), m.end(), new))
    return out


RE_HEADER_NORMALIZE = re.compile(r"[\s#|｜·.．,，]+")
RE_JOURNALISH = re.compile(r"学报|杂志|期刊|院刊|地理|论坛|评论|通讯|Journal|JOURNAL|Vol\.|ChinaXiv|http|www\.|\[J\]|第\s*\d+\s*[卷期]")
MIN_REPEATS = 2
RE_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)*")


def remove_md_running_headers(text: str) -> list[Replacement]:
    """MinerU keeps a journal's running header as a line (often a "# " heading) on every page: "# 干旱区地理",
    "# 沈进建．…[J].智库理论与实践，2016，1(5)：64-70,77.". Lines that repeat and look like a header, OCR variants
    of them, volume/issue lines and bare page numbers are removed with their line break.

    >>> apply_fixer(remove_md_running_headers, "甲。\\n\\n# 干旱区地理\\n\\n乙。\\n\\n# 干吴区地理\\n\\n丙。\\n\\n# 结论\\n\\n# 结论")
    '甲。\\n\\n乙。\\n\\n丙。\\n\\n# 结论\\n\\n# 结论'
    """
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    keys: dict[str, int] = {}
    info = []
    for s, e in lines:
        line = text[s:e]
        stripped = line.strip()
        key = RE_HEADER_NORMALIZE.sub("", stripped) if len(stripped) <= 160 else ""
        info.append((s, e, stripped, key))
        if key and len(stripped) <= 160:
            keys[key] = keys.get(key, 0) + 1
    candidates = sorted(k for k in keys if RE_JOURNALISH.search(k) and not k.isdigit())
    by_len: dict[int, list[str]] = {}
    for k in candidates:
        by_len.setdefault(len(k), []).append(k)
    headers = set()
    for k in candidates:  # OCR variants ("干吴区地理" for "干旱区地理") count as repeats of one header
        similar = [h for h in by_len[len(k)] if h == k or (len(k) >= 4 and sum(a != b for a, b in zip(k, h)) <= 1)]
        if sum(keys[h] for h in similar) >= MIN_REPEATS:
            headers.add(k)
    out: list[Replacement] = []
    for s, e, stripped, key in info:
        if not key:
            continue
        hit = key in headers
        if not hit:
            body = stripped.lstrip("#").strip()
            hit = bool(P.RE_PAGE_NUMBER_LINE.match(body)) or is_running_header(body) or bool(P.RE_JUMP_LINE.match(body))
            # a heading-styled citation of the paper itself ("# 沈进建．…[J].智库理论与实践，2016，1(5)：64-70,77.")
            hit = hit or (stripped.startswith("#") and len(body) <= 200 and bool(P.RE_CITATION_LINE.search(body)))
        if hit:
            m = RE_BLANK_LINES.match(text, e)
            out.append(Replacement(s, m.end() if m else e, ""))
    return out


RE_ABSTRACT_LINE = re.compile(r"^(?:#\s*)?[［\[【]?\s*摘\s*要", re.M)
RE_MD_PLAIN_BLOCK = re.compile(r"[^\n]+")
RE_NOT_PLAIN = re.compile(r"^(?:#|<|!\[|\$\$|[［\[]\s*\d|(?:续?表|图|Table|Fig)\s*\d|注[:：]|[（(]?\d{1,2}[)）.．、]|参\s*考\s*文\s*献|关\s*键\s*词|摘\s*要|Abstract|Key\s*words)", re.I)
RE_ENDS_MIDSENTENCE = re.compile(rf"[{P.CJK}，,、；;A-Za-z]$")
RE_STARTS_CONTINUATION = re.compile(rf"^[{P.CJK}a-z，,、）)”]")


def join_split_paragraphs(text: str) -> list[Replacement]:
    """A paragraph cut by a page break (MinerU makes two blocks of it) is rejoined when the first block stops
    mid-sentence and the next one is plain text that continues it.

    Lines before the abstract label (title, authors, affiliations) are never joined.

    >>> apply_fixer(join_split_paragraphs, "摘要：略。\\n\\n# 1引言\\n\\n当前，世界多极化、经济全球化等深\\n\\n人发展，智库成为意见领袖机构。")
    '摘要：略。\\n\\n# 1引言\\n\\n当前，世界多极化、经济全球化等深人发展，智库成为意见领袖机构。'
    """
    blocks = [(m.start(), m.end()) for m in RE_MD_PLAIN_BLOCK.finditer(text)]
    out: list[Replacement] = []
    label = RE_ABSTRACT_LINE.search(text, 0, 6000)
    front_end = label.start() if label else (blocks[min(len(blocks), 8) - 1][1] if blocks else 0)
    for (s1, e1), (s2, e2) in zip(blocks, blocks[1:]):
        a = text[s1:e1].rstrip()
        b = text[s2:e2].lstrip()
        if not a or not b or len(a) < 12 or RE_NOT_PLAIN.match(a) or RE_NOT_PLAIN.match(b):
            continue
        if not RE_ENDS_MIDSENTENCE.search(a) or not RE_STARTS_CONTINUATION.match(b):
            continue
        if s1 < front_end:  # title, author and affiliation lines before 摘要 are never one paragraph
            continue
        if (a[-1].isascii() and a[-1].isalpha()) != (b[0].isascii() and b[0].isalpha()):  # "Fig.2 Trend of …" + 中文
            continue
        if text[s1 + len(a):s2].strip():
            continue
        out.append(Replacement(s1 + len(a), s2, "" if _joins_cjk(a, b) else " "))
    return out
