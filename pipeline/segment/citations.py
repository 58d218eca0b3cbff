"""Citations: link in-text citation markers to the paper's reference list.

A numeric marker (［1］, [1-3], [2,5], ``12]``) points to the entries with those numbers: the number in the entry's
printed marker ([12], 12.), or its position in the list when the list has no markers. An author-year citation
(Porter (1998), (Breschi & Malerba, 2001), 波特(1998)) points to the entries whose text holds both the first
author's name and the year.

>>> numbers_in("［1-3，5］")
[1, 2, 3, 5]
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.model import Reference

RE_NUMBER_RANGE = re.compile(r"(?<!\d)(\d{1,3})(?!\d)\s*(?:[-–—~～]\s*(\d{1,3})(?!\d))?")
RE_AUTHOR_YEAR = re.compile(r"((?:1[5-9]|20)\d{2})[a-z]?")
RE_FIRST_AUTHOR = re.compile(r"[A-Z][A-Za-z'’\-]+|[\u4e00-\u9fff]{2,4}?(?=[和与、等，,\s(（]|$)")
RE_BRACKETED = re.compile(r"([\d\s,，、\-–—~～]+)[\]］]")
RE_MARKER_NUMBER = re.compile(r"\d{1,3}")
MAX_RANGE = 50


def numbers_in(marker: str) -> list[int]:
    """Reference numbers of a numeric marker, ranges expanded (at most 50 per range)."""
    out: list[int] = []
    for m in RE_NUMBER_RANGE.finditer(marker):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        if b < a or b - a > MAX_RANGE:
            b = a
        out.extend(range(a, b + 1))
    return out


def reference_numbers(references: list[Reference]) -> dict[int, str]:
    """Reference number -> reference id: from printed markers, else from list positions (1-based)."""
    numbered: dict[int, str] = {}
    if references and all(r.marker is None for r in references):
        return {i: r.id for i, r in enumerate(references, 1)}
    for ref in references:
        m = RE_MARKER_NUMBER.search(ref.marker or "")
        if m and int(m.group()) not in numbered:
            numbered[int(m.group())] = ref.id
    for i, ref in enumerate(references, 1):  # an entry whose marker was lost keeps its place: 19 entries, then [19]
        if ref.marker is None and i not in numbered and _in_sequence(references, i):
            numbered[i] = ref.id
    return numbered


def _in_sequence(references: list[Reference], i: int) -> bool:
    """Whether position ``i`` (1-based) of an unmarked entry agrees with the printed markers after it: the next one
    is its number plus its distance (entries after the last printed marker, an author's biography as often as a
    reference, get no number)."""
    for j in range(i, len(references)):
        m = RE_MARKER_NUMBER.search(references[j].marker or "")
        if m:
            return int(m.group()) == j + 1
    return False


def link(citation_text: str, references: list[Reference], numbered: dict[int, str]) -> list[str]:
    """Ids of the reference entries a citation marker points to, in reference-list order.

    >>> refs = [Reference(id="r1", marker="[1]", text="Porter M E. Clusters and the new economics. 1998."),
    ...         Reference(id="r2", marker="[2]", text="王发明. 产业集群政策研究. 2005.")]
    >>> link("［2］", refs, reference_numbers(refs)), link("(Porter, 1998)", refs, reference_numbers(refs))
    (['r2'], ['r1'])
    """
    bracketed = RE_BRACKETED.search(citation_text)
    if bracketed:  # ［1-3］, 12], and 王发明等[13] (2013): the number decides
        order = {r.id: i for i, r in enumerate(references)}
        ids = {numbered[n] for n in numbers_in(bracketed.group(1)) if n in numbered}
        return sorted(ids, key=order.__getitem__)
    ids = []
    # each "name ... year" group: (Porter, 1998; Krugman, 1991) has two
    for part in re.split(r"[;；]", citation_text):
        part_years = RE_AUTHOR_YEAR.findall(part)
        name = RE_FIRST_AUTHOR.search(part.lstrip("(（"))
        if not part_years or name is None:
            continue
        surname = RE_GLUED_ETAL.sub("", name.group())  # Zhuetal., StiglitzandWeiss: spaces lost in extraction
        for ref in references:
            if surname in ref.text and ref.id not in ids:
                text = ocr_years(ref.text)
                if any(y in text for y in part_years):
                    ids.append(ref.id)
    return ids


RE_GLUED_ETAL = re.compile(r"(?<=[a-z])(?:etal|and[A-Z][A-Za-z]*)$")
RE_OCR_YEAR = re.compile(r"(?<![0-9A-Za-z])[12][0-9Oo]{3}(?![0-9A-Za-z])")


@lru_cache(maxsize=4096)
def ocr_years(text: str) -> str:
    """``text`` with the letter O read as 0 inside years (PDF extraction prints 2O17, 20o3).

    >>> ocr_years("Shoss,M.K. (2O17). Job insecurity. Vallerand (20o3). Oslo 1O0 km")
    'Shoss,M.K. (2017). Job insecurity. Vallerand (2003). Oslo 1O0 km'
    """
    return RE_OCR_YEAR.sub(lambda m: m.group().replace("O", "0").replace("o", "0"), text)
