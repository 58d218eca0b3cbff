"""Sentences: where a Chinese paragraph splits, and where it must not.

The rule (issue 4), for a ``zh`` paragraph:

* A sentence ends after a run of 。！？!? (half-width ?! only when no letter, digit or ``=`` follows, so URLs stay
  whole), or after …… / ...... when nothing but closing marks follows before the paragraph ends.
* ；/; ends a sentence when it separates independent clauses, decided by length: the clause before it (from the
  sentence start) and the clause after it (to the next split point) each hold at least
  ``min_clause_chars`` letters, digits or Han characters. Enumerations of short items (北京；上海；广州) stay in one
  sentence; list items such as （1）加强……；（2）完善……。 become one sentence each.
* Nothing splits inside a matched pair of brackets or quotes （）()［］[]【】《》〈〉「」『』“”‘’"" or $…$ (LaTeX),
  so citation markers (［1］, (Porter, 1998; Krugman, 1991)) and quotations stay whole. Pairs are matched first;
  an opener that never closes (OCR) or a pair longer than ``max_enclosed_chars`` protects nothing.
* A terminator at the end of a quotation or bracket (……发动机。”) ends the sentence after the closing mark.
  Closing marks and a bracketed citation marker right after a terminator stay with the sentence (……。”, ……。［3］).
* Numbers (3.6万, 23.4%, 0.66) hold no Chinese terminator, so they never split.
* A piece holding only punctuation (a stray 。) joins the sentence before it.

>>> text = "据调查，2003年产值达1 万亿元。约占50 %。"
>>> [text[s:e] for s, e in split_chinese(text)]
['据调查，2003年产值达1 万亿元。', '约占50 %。']
>>> text = "媒体称“产业集群是发动机。”然而，浙江面临问题！"
>>> [text[s:e] for s, e in split_chinese(text)]
['媒体称“产业集群是发动机。”', '然而，浙江面临问题！']
"""

from __future__ import annotations

import bisect
import re

OPEN_OF = {"）": "（", ")": "(", "］": "［", "]": "[", "】": "【", "》": "《", "〉": "〈", "」": "「", "』": "『",
           "”": "“", "’": "‘"}
OPENERS = frozenset(OPEN_OF.values())
CLOSERS = frozenset(OPEN_OF) | {'"', "$"}
TOGGLES = frozenset('"$')  # the same mark opens and closes

RE_BRACKET = re.compile(r"[（(［\[【《〈「『“‘）)］\]】》〉」』”’\"$]")
RE_TERMINATOR = re.compile(r"(?:[。！？]|[!?](?![A-Za-z0-9=\[])|…+|\.{3,})+|[;；]")
RE_ELLIPSIS_ONLY = re.compile(r"[….]+")
RE_AFTER_TERMINATOR = re.compile(r"[”’」』）)］\]】》〉\"]*(?:[\[［]\s*\d{1,3}(?:\s*[-–,，、]\s*\d{1,3})*\s*[\]］])?")
RE_CONTENT = re.compile(r"[\w]", re.UNICODE)
RE_SPACE_RUN = re.compile(r"\s+")

MIN_CLAUSE_CHARS = 6
MAX_ENCLOSED_CHARS = 300


def enclosed_spans(text: str, start: int = 0, end: int | None = None, *,
                   max_len: int = MAX_ENCLOSED_CHARS) -> list[tuple[int, int]]:
    """Outermost matched bracket/quote pairs in ``text[start:end]`` as (open, close + 1), in order.

    >>> enclosed_spans("甲（乙［1］）丙“丁")
    [(1, 7)]
    """
    end = len(text) if end is None else end
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for m in RE_BRACKET.finditer(text, start, end):
        ch, i = m.group(), m.start()
        if ch in TOGGLES:
            if any(c == ch for c, _ in stack):
                opener = ch
            else:
                stack.append((ch, i))
                continue
        elif ch in OPENERS:
            stack.append((ch, i))
            continue
        else:
            opener = OPEN_OF[ch]
        for j in range(len(stack) - 1, -1, -1):
            if stack[j][0] == opener:
                s = stack[j][1]
                del stack[j:]
                if i + 1 - s <= max_len:
                    spans.append((s, i + 1))
                break
    spans.sort()
    outer: list[tuple[int, int]] = []
    for s, e in spans:
        if outer and s < outer[-1][1]:
            continue
        outer.append((s, e))
    return outer


def _content_chars(text: str, start: int, end: int) -> int:
    return len(RE_CONTENT.findall(text, start, end))


def split_chinese(text: str, start: int = 0, end: int | None = None, *,
                  min_clause_chars: int = MIN_CLAUSE_CHARS,
                  max_enclosed_chars: int = MAX_ENCLOSED_CHARS) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of the Chinese paragraph ``text[start:end]``, stripped of whitespace."""
    end = len(text) if end is None else end
    enclosed = enclosed_spans(text, start, end, max_len=max_enclosed_chars)
    opens = [s for s, _ in enclosed]
    # candidate split points: (offset, is_semicolon)
    cuts: list[tuple[int, bool]] = []
    for m in RE_TERMINATOR.finditer(text, start, end):
        t0, t1 = m.span()
        k = bisect.bisect_right(opens, t0) - 1
        if k >= 0 and enclosed[k][1] > t0:  # inside a pair
            close = enclosed[k][1]
            if m.group() in (";", "；") or text[t1:close].strip("”’」』）)］]】》〉\"") or close <= t1:
                continue
            t1 = close  # 。” : the sentence ends after the closing mark
        semicolon = m.group() in (";", "；")
        if not semicolon:
            t1 = RE_AFTER_TERMINATOR.match(text, t1, end).end()
            if RE_ELLIPSIS_ONLY.fullmatch(m.group()) and text[t1:end].strip():
                continue  # …… mid-paragraph: a pause, not an end
        cuts.append((t1, semicolon))
    bounds: list[int] = []
    last = start
    for i, (cut, semicolon) in enumerate(cuts):
        if semicolon:
            nxt = cuts[i + 1][0] if i + 1 < len(cuts) else end
            if (_content_chars(text, last, cut) < min_clause_chars
                    or _content_chars(text, cut, nxt) < min_clause_chars):
                continue
        if cut > last:
            bounds.append(cut)
            last = cut
    if not bounds or bounds[-1] < end:
        bounds.append(end)
    spans: list[tuple[int, int]] = []
    s = start
    for e in bounds:
        span = strip_span(text, s, e)
        s = e
        if span is None:
            continue
        if spans and not RE_CONTENT.search(text, span[0], span[1]):
            spans[-1] = (spans[-1][0], span[1])  # a stray 。 joins the sentence before it
            continue
        spans.append(span)
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` without leading and trailing whitespace; None when nothing is left.

    >>> strip_span(" 甲乙 ", 0, 4)
    (1, 3)
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
