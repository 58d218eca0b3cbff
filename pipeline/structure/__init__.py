"""Structure stage: recover the paper's parts from the cleaned text and build ``doc.text`` from its own content.

The cleaned text has one unit (paragraph, heading, table row, label line) per line. Each unit gets a role in a few
linear passes: English abstract blocks (wherever they sit), front matter (title, authors, affiliations, 摘要,
关键词, 分类号/DOI), references, noise (收稿日期, 作者简介 …), body (headings, paragraphs, footnotes, tables), and a
trailing run of text from another article. ``doc.text`` joins the kept units with "\\n"; every paragraph,
abstract and section offset indexes it, and ``cleaning.offset_map`` maps it back to the raw input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.clean import patterns as P
from pipeline.model import (
    Abstract,
    AbstractPart,
    Bilingual,
    Document,
    Excluded,
    Footnote,
    Journal,
    Keywords,
    Paragraph,
    Reference,
    Section,
    Table,
)
from pipeline.offsets import OffsetMap, TextBuilder
from pipeline.structure import front as FM
from pipeline.structure import parts as PT


@dataclass(frozen=True)
class StructureConfig:
    """Options of the structure stage.

    front_units: how many units from the top may hold the title and the Chinese abstract label.
    foreign_ratio: a trailing run of paragraphs is another article's when its density of the paper's anchor bigrams
        (title and keyword bigrams that recur in the body) is at most this share of the density before it
        (pdftotext text; MinerU files require no anchor at all).
    foreign_max_share: at most this share of the body's characters can be taken as foreign text.
    """

    front_units: int = 60
    foreign_ratio: float = 0.2
    foreign_max_share: float = 0.4


@dataclass
class Unit:
    start: int  # content span in clean_text (Markdown "#" and surrounding blanks excluded)
    end: int
    text: str
    md_heading: bool
    role: str = ""
    lang: str = "zh"


RE_NOISE = re.compile(
    r"^[*＊∗\s]*[［\[【]?\s*(?:修改稿收到日期|收到日期|修订日期|资助|收稿日期|修回日期|录用日期|接受日期|网络出版|基金项目|资助项目|作者简介|第一作者|通信作者|通讯作者|"
    r"责任编辑|本文责任编辑|作者贡献说明|引用格式|本文引用格式|引用本文|文献标识码|文章编号|中图分类号|分类号|"
    r"E-?mail|Email|Corresponding author|Foundation item|Received|Citation|编者按|DOI|doi|作者贡献|利益冲突|"
    r"所有作者声明|ChinaXiv合作期刊|键入文字|致谢单位|支撑数据|收修改稿日期|修改稿日期)"
)
RE_KEYWORDS_INLINE = re.compile(r"(?:(?<=[。.．!?！？])|(?<=\s)|^)[［\[【]?\s*关\s*键\s*词\s*(?:[］\]】:：]|\s)")
RE_BRACKET_REF = re.compile(r"^[［\[]\s*\d{1,3}\s*[］\]]")
RE_FUNDING = re.compile(r"^[*＊∗]|^[^。]{0,12}(?:资助|收到日期|通讯作者|通信作者|作者简介)")
RE_COLUMN_LABEL = re.compile(r"^[·•▪■◆【\[]|^.{1,6}$")
RE_HTML_TABLE = re.compile(r"<table", re.I)


_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def _lang(text: str) -> str:
    """"en" when Latin letters outnumber other scripts three to one in the first 120 characters (C-speed counts).

    >>> _lang("Abstract: The paper analyzes policies"), _lang("产业集群政策研究 OECD 2001")
    ('en', 'zh')
    """
    text = text[:120]
    ascii_bytes = text.encode("ascii", "ignore")
    other = len(text) - len(ascii_bytes)
    letters = len(ascii_bytes.translate(None, _NOT_LETTERS))
    return "en" if letters > 3 * other and letters >= 3 else "zh"


def split_units(clean_text: str) -> list[Unit]:
    """One unit per non-blank line of the cleaned text; a Markdown heading mark is kept out of the span.

    >>> [(u.text, u.md_heading) for u in split_units("# 1引言\\n\\n正文。\\n")]
    [('1引言', True), ('正文。', False)]
    """
    units: list[Unit] = []
    pos = 0
    for line in clean_text.split("\n"):
        stripped = line.strip(" \t\u3000")
        if stripped:
            start = pos + line.index(stripped[0])
            md = False
            m = PT.RE_MD_HEADING_MARK.match(stripped)
            if m and stripped.startswith("#"):
                md = True
                start += m.end()
                stripped = stripped[m.end():]
            if stripped:
                units.append(Unit(start, start + len(stripped), stripped, md, lang=_lang(stripped)))
        pos += len(line) + 1
    return units


def structure(doc: Document, config: StructureConfig = StructureConfig()) -> Document:
    """Return ``doc`` with text, front matter, sections, paragraphs, footnotes, tables, references and excluded set."""
    clean_text = doc.clean_text
    clean_map = OffsetMap(doc.clean_map or [[0, 0]])
    units = split_units(clean_text)
    _split_inline_abstract(units, config.front_units)
    fmt = doc.source.format
    journal: dict = {}
    excluded: list[Excluded] = []

    def raw_span(s: int, e: int) -> tuple[int, int]:
        a, b = clean_map.to_source(s), clean_map.to_source(e)
        return max(0, a), max(0, b, a)

    def exclude(u: Unit, kind: str, reason: str) -> None:
        u.role = "excluded"
        a, b = raw_span(u.start, u.end)
        excluded.append(Excluded(kind=kind, text=u.text, raw_start=a, raw_end=b, reason=reason))

    # -- page furniture removed by the clean stage: excluded, and journal data recovered from it
    pages: list[int] = []
    header_names: dict[str, int] = {}
    for e in doc.cleaning.edits:
        if e.step in ("remove_page_furniture", "remove_md_running_headers"):
            body = e.before.strip().lstrip("#").strip()
            if P.RE_JUMP_LINE.match(body):
                excluded.append(Excluded(kind="other", text=body, raw_start=e.raw_start, raw_end=e.raw_end,
                                         reason="continuation note (下转/上接第…页)"))
            elif P.RE_PAGE_NUMBER_LINE.match(body):
                pages.append(int(re.sub(r"\D", "", body)))
                excluded.append(Excluded(kind="page_number", text=body, raw_start=e.raw_start, raw_end=e.raw_end,
                                         reason="page number between text lines"))
            else:
                excluded.append(Excluded(kind="running_header", text=body, raw_start=e.raw_start, raw_end=e.raw_end,
                                         reason="running header repeated on the journal's pages"))
                for k, v in (FM.parse_citation_line(body) or FM.parse_running_header(body)).items():
                    if k == "name":
                        header_names[v] = header_names.get(v, 0) + 1
                    journal.setdefault(k, v)
        elif e.step == "remove_images":
            excluded.append(Excluded(kind="image", text=e.before.strip(), raw_start=e.raw_start, raw_end=e.raw_end,
                                     reason="image link"))
    if header_names:  # the most frequent spelling of the journal's name (OCR varies it from page to page)
        journal["name"] = max(header_names, key=lambda k: (header_names[k], -list(header_names).index(k)))
    if pages:
        lo, hi = min(pages), max(pages)
        journal.setdefault("pages", f"{lo}-{hi}" if hi != lo else str(lo))

    n = len(units)
    # -- tables (HTML) and table/figure captions, footnotes, noise
    for i, u in enumerate(units):
        if RE_HTML_TABLE.search(u.text):
            u.role = "table"
        elif "\t" in u.text:
            u.role = "table_row"
        elif P.RE_TABLE_CAPTION.match(u.text) and len(u.text) <= 120 and not P.RE_SENTENCE_END.search(u.text[4:]):
            if u.lang == "en" and i > 0 and units[i - 1].role == "caption":
                exclude(u, "other", "English version of the table caption")
            else:
                u.role = "caption"
        elif P.RE_FIGURE_CAPTION.match(u.text) and len(u.text) <= 80 and not P.RE_SENTENCE_END.search(u.text[4:]):
            exclude(u, "image", "figure caption")
        elif P.RE_FOOTNOTE_START.match(u.text) and len(u.text) > 3:
            u.role = "footnote"

    # -- English abstracts wherever they sit, with their title, front lines and keywords
    en_blocks: list[dict] = []
    for i, u in enumerate(units):
        if u.role or not P.RE_ABSTRACT_EN.match(u.text):
            continue
        label = P.RE_ABSTRACT_EN.match(u.text)
        rest = u.text[label.end():]
        if rest and _lang(rest) != "en":
            continue
        block = {"abstract": [i], "start_offset": label.end(), "keywords": None, "title": None, "front": []}
        j = i + 1
        if not rest.strip():
            block["start_offset"] = None
            block["abstract"] = []
            while j < n and units[j].lang == "en" and not units[j].role and not P.RE_KEYWORDS_EN.match(units[j].text):
                block["abstract"].append(j)
                j += 1
                if len(block["abstract"]) >= 4:
                    break
            if not block["abstract"]:
                continue
            u.role = "label"
        for k in range(j, min(n, j + 3)):
            if P.RE_KEYWORDS_EN.match(units[k].text) and not units[k].role:
                block["keywords"] = k
                break
        # title and author/affiliation lines: Latin units just before the abstract
        k = i - 1
        latin_before: list[int] = []
        while k >= 0 and len(latin_before) < 6:
            v = units[k]
            if v.lang != "en" or v.role or PT.RE_REF_MARKER.match(v.text) or len(v.text) > 400 or \
                    P.RE_KEYWORDS_EN.match(v.text) or P.RE_ABSTRACT_EN.match(v.text):
                break
            latin_before.append(k)
            k -= 1
        latin_before.reverse()
        if latin_before:
            heads = [k for k in latin_before if units[k].md_heading]
            title_idx = heads[0] if heads else latin_before[0]
            block["title"] = title_idx
            block["front"] = [k for k in latin_before if k > title_idx]
        en_blocks.append(block)
        for k in block["abstract"]:
            units[k].role = "abstract_en_candidate"
        if block["keywords"] is not None:
            units[block["keywords"]].role = "keywords_en_candidate"
        if block["title"] is not None:
            units[block["title"]].role = "title_en_candidate"
        for k in block["front"]:
            units[k].role = "en_front_candidate"

    # -- Chinese front matter
    abstract_idx = None
    for i, u in enumerate(units[: config.front_units]):
        if not u.role and P.RE_ABSTRACT_ZH.match(u.text) and "摘" in u.text[:6]:
            abstract_idx = i
            break
    keywords_idx = None
    search_from = abstract_idx + 1 if abstract_idx is not None else 0
    for i in range(search_from, min(n, search_from + (8 if abstract_idx is not None else config.front_units))):
        if not units[i].role and P.RE_KEYWORDS_ZH.match(units[i].text) and "键" in units[i].text[:5]:
            keywords_idx = i
            break
    abstract_units: list[tuple[int, int, int]] = []  # (unit index, start, end) in clean_text
    keyword_span: tuple[int, int] | None = None
    keywords_zh: list[str] = []
    if abstract_idx is not None:
        u = units[abstract_idx]
        m = P.RE_ABSTRACT_ZH.match(u.text)
        s = u.start + m.end()
        e = u.end
        kw_inside = RE_KEYWORDS_INLINE.search(u.text[m.end():])
        if kw_inside:
            e = u.start + m.end() + kw_inside.start()
            keyword_span = _keywords_from(u.start + m.end() + kw_inside.start(), u.end, clean_text)
        u.role = "abstract_zh"
        if s < e:
            abstract_units.append((abstract_idx, s, _rstrip_end(clean_text, s, e)))
        stop = keywords_idx if keywords_idx is not None else min(n, abstract_idx + 2)
        for k in range(abstract_idx + 1, stop):
            v = units[k]
            if v.role or v.md_heading or PT.is_heading_text(v.text, numbered_only=True) or RE_NOISE.match(v.text):
                break
            if RE_FUNDING.search(v.text) or len(v.text) < 20:
                continue
            if keywords_idx is None and abstract_units:
                break
            v.role = "abstract_zh"
            abstract_units.append((k, v.start, v.end))
    if keywords_idx is None and abstract_idx is not None:  # keywords printed before the abstract
        for i in range(max(0, abstract_idx - 3), abstract_idx):
            if not units[i].role and P.RE_KEYWORDS_ZH.match(units[i].text) and "键" in units[i].text[:5]:
                keywords_idx = i
                break
    if keywords_idx is not None and keyword_span is None:
        u = units[keywords_idx]
        u.role = "keywords_zh"
        keyword_span = _keywords_from(u.start, u.end, clean_text)
    if keyword_span is not None:
        keywords_zh, length = FM.parse_keywords_zh(clean_text[keyword_span[0]:keyword_span[1]])
        keyword_span = (keyword_span[0], keyword_span[0] + length) if keywords_zh else None

    # front zone: everything up to the keywords/abstract, then meta lines right after them
    if keywords_idx is not None and keywords_idx > (abstract_idx or 0):
        front_end = keywords_idx + 1
    elif abstract_idx is not None:
        front_end = (abstract_units[-1][0] + 1) if abstract_units else abstract_idx + 1
    else:
        front_end = 0
        for i, u in enumerate(units[: config.front_units]):
            if u.role:
                continue
            if PT.is_heading_text(u.text, numbered_only=True) or (u.md_heading and i > 0 and front_end < i):
                break
            if "。" in u.text or len(u.text) >= 60:
                break
            front_end = i + 1
    while front_end < n and not units[front_end].role and (RE_NOISE.match(units[front_end].text) or
                                                            P.RE_DOI.match(units[front_end].text)):
        front_end += 1
    title_limit = abstract_idx if abstract_idx is not None else front_end
    front_meta_text: list[str] = []
    title_idx = None
    authors: list[str] = []
    affiliations: list[str] = []
    for i in range(0, min(title_limit, front_end)):
        if not units[i].role and _is_title_candidate(units[i], fmt):
            title_idx = i
            units[i].role = "title_zh"
            break
    for i in range(0, front_end):
        u = units[i]
        if u.role:
            if u.role in ("abstract_zh", "keywords_zh"):
                front_meta_text.append(u.text)
            continue
        text = u.text
        if P.RE_CITATION_LINE.search(text) or RE_NOISE.match(text) or P.RE_DOI.match(text) or "[J]" in text:
            front_meta_text.append(text)
            exclude(u, "front_matter_noise", "journal, DOI or submission line")
            continue
        if i >= title_limit:
            front_meta_text.append(text)
            exclude(u, "front_matter_noise", "front matter after the abstract")
            continue
        before_title = title_idx is None or i < title_idx
        if FM.looks_like_authors(text) and not authors and (not before_title or re.search(r"[(（]", text)):
            authors = FM.parse_authors(text)
            paren = re.search(r"[(（].*$", text)
            if paren and FM.looks_like_affiliation(paren.group()):
                affiliations.extend(FM.split_affiliations(paren.group()))
            u.role = "authors"
            continue
        if FM.looks_like_affiliation(text):
            if not authors and not before_title:
                authors, text = FM.split_leading_authors(text)
            affiliations.extend(FM.split_affiliations(text))
            u.role = "affiliation"
            continue
        if title_idx is not None and i == title_idx + 1 and _lang(text) == "zh" and len(text) <= 40 and \
                text.startswith(("—", "-", "——")):
            u.role = "subtitle"
            continue
        if title_idx is not None and i < title_idx and fmt == "txt" and len(text) > 60 and "。" in text:
            exclude(u, "foreign_text", "text before the title: the end of the previous article on the page")
            continue
        front_meta_text.append(text)
        exclude(u, "front_matter_noise", "column label, journal line or other front-matter line")

    # journal data from front matter
    for text in front_meta_text:
        m = P.RE_DOI.search(text)
        if m and "doi" not in journal:
            journal["doi"] = m.group("doi").rstrip(".。")
        m = P.RE_CLASSIFICATION.search(text)
        if m and "classification" not in journal:
            journal["classification"] = re.sub(r"\s+", "", m.group("clc")).rstrip(";；,，")
        for k, v in FM.parse_citation_line(text).items():
            journal.setdefault(k, v)

    # -- references and noise after the front matter
    refs_idx = None
    for i in range(front_end, n):
        u = units[i]
        if not u.role and P.RE_REFERENCES_LABEL.match(u.text):
            refs_idx = i
            u.role = "refs_label"
            break
    references: list[Reference] = []
    noise_mode = False
    for i in range(front_end, n):
        u = units[i]
        if u.role:
            if u.role == "refs_label":
                noise_mode = False
            continue
        if RE_NOISE.match(u.text) or u.text.startswith(("作者贡献说明", "利益冲突")):
            exclude(u, "front_matter_noise", "submission, funding or author note")
            noise_mode = u.text.rstrip("：:").endswith(("作者贡献说明", "作者贡献声明", "作者简介"))
            continue
        if noise_mode and not u.md_heading:
            exclude(u, "front_matter_noise", "author note")
            continue
        noise_mode = False
        if refs_idx is not None and i > refs_idx:
            if u.md_heading and not PT.RE_REF_MARKER.match(u.text) and u.lang == "zh" and len(u.text) < 30:
                refs_idx = None  # a new section after the list (appendix, 附录)
            else:
                # a line that runs on into the next entry ([n+1] or n+1 glued) belongs to the list, and opens with the
                # tail of the previous entry, however long
                runs_on = bool(references) and PT.continues_list(u.text, references[-1].marker)
                if not PT.RE_REF_MARKER.match(u.text) and references and references[-1].marker and \
                        ("[J]" in u.text or P.RE_CITATION_LINE.search(u.text)) and u.lang == "zh" and not runs_on:
                    exclude(u, "other", "citation line of another article after the reference list")
                    continue
                u.role = "reference"
                for marker, text in PT.split_references(u.text):
                    if marker and not text and references and PT.far_ahead(marker, references):  # 107-\n110.
                        marker, text = None, marker  # the end of a page range alone on its line
                    if marker is None and references and \
                            (glued := PT.next_glued(text, references[-1].marker)):  # 3 …; then 4徐严波…: the next entry
                        marker, text = glued.group(1), text[glued.end():].strip()
                    if marker is None and references and references[-1].marker and \
                            (u.lang == "en" or len(text) < 20 or runs_on):
                        references[-1].text += " " + text
                    else:
                        references.append(Reference(id=f"r{len(references) + 1}", marker=marker, text=text))
    # -- body: headings and paragraphs
    body_idx: list[int] = []
    for i in range(front_end, n):
        u = units[i]
        if u.role:
            continue
        if u.md_heading:
            if u.lang == "en" or u.text.rstrip("：:") in ("文章编号", "文献标识码"):
                exclude(u, "front_matter_noise", "heading-styled label")
                continue
            u.role = "heading" if len(u.text) <= 60 and not P.RE_SENTENCE_END.search(u.text[:-1]) else "body"
        elif PT.is_heading_text(u.text, numbered_only=True) and len(u.text) <= 40:
            u.role = "heading"
        else:
            u.role = "body"
        body_idx.append(i)

    # -- text from another article at the end of the body
    title_text = units[title_idx].text if title_idx is not None else ""
    abstract_text = " ".join(clean_text[s:e] for _, s, e in abstract_units)
    topic = " ".join(filter(None, [title_text, abstract_text, " ".join(keywords_zh)]))
    prose = [i for i in body_idx if (units[i].role == "body" or units[i].role == "heading") and
             not RE_BRACKET_REF.match(units[i].text) and units[i].lang == "zh"]
    anchors = PT.topic_anchors(title_text, " ".join(keywords_zh), abstract_text,
                               "\n".join(units[i].text for i in prose))
    # MinerU preprints rarely carry a neighbour's text: there the tail must share none of the paper's anchors
    j = PT.find_foreign_tail([units[i].text for i in prose], anchors, max_share=config.foreign_max_share,
                             ratio=config.foreign_ratio if fmt == "txt" else 0.0)
    if j is not None and not _foreign_cue(units, prose[j], doc.raw, clean_map, fmt):
        j = None
    if j is not None:
        for i in [k for k in body_idx if k >= prose[j]]:
            exclude(units[i], "foreign_text",
                    "end of another article: its vocabulary does not share the paper's title and abstract")
        for i in range(prose[j], n):  # footnotes and tables inside the foreign run go with it
            if units[i].role in ("footnote", "caption", "table", "table_row"):
                exclude(units[i], "foreign_text", "inside the text of another article")

    # -- English abstract: the candidate that matches the Chinese title and abstract
    zh_ref = topic
    chosen = None
    if en_blocks:
        scored = []
        for b in en_blocks:
            text = " ".join(units[k].text for k in b["abstract"])
            if b["title"] is not None:
                text = units[b["title"]].text + " " + text
            # on a tie the later block wins: journals print the neighbouring article's abstract first
            scored.append((PT.score_english(text, zh_ref), en_blocks.index(b), b))
        scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
        chosen = scored[0][2]
        for _, _, b in scored[1:]:
            for k in b["abstract"] + ([b["keywords"]] if b["keywords"] is not None else []) + \
                    ([b["title"]] if b["title"] is not None else []) + b["front"]:
                exclude(units[k], "foreign_abstract",
                        "English abstract of another article: it matches the paper's Chinese abstract less well")
    keywords_en: list[str] = []
    if chosen is not None:
        for k in chosen["abstract"]:
            units[k].role = "abstract_en"
        if chosen["title"] is not None:
            units[chosen["title"]].role = "title_en"
        for k in chosen["front"]:
            exclude(units[k], "front_matter_noise", "English author or affiliation line")
        if chosen["keywords"] is not None:
            units[chosen["keywords"]].role = "keywords_en"

    # -- build doc.text
    builder = TextBuilder()
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    tables: list[Table] = []
    footnotes: list[Footnote] = []
    pending_footnotes: list[Unit] = []
    stack: list[Section] = []
    heading_units = [u for u in units if u.role == "heading"]
    levels = PT.assign_levels([PT.heading_number(u.text)[2] for u in heading_units])
    level_of = {id(u): lv for u, lv in zip(heading_units, levels)}
    abstract_zh_span: list[int] = []
    abstract_en_span: list[int] = []
    title_zh = title_en = None
    current_section: str | None = None
    pending_caption: tuple[Unit, int] | None = None

    def add(kind: str, s: int, e: int, lang: str | None = None, section: str | None = None) -> Paragraph | None:
        s, e = _strip_span(clean_text, s, e)
        if s >= e:
            return None
        start, end = builder.append(clean_text[s:e], s)
        p = Paragraph(id=f"p{len(paragraphs) + 1}", kind=kind, lang=lang or _lang(clean_text[s:e]), section=section,
                      start=start, end=end)
        paragraphs.append(p)
        return p

    i = 0
    while i < n:
        u = units[i]
        role = u.role
        if role == "title_zh":
            title_zh = FM.clean_title(u.text)
            add("title", u.start, u.end, "zh")
        elif role == "subtitle":  # "——以浙江为例" printed on its own line
            title_zh = FM.clean_title((title_zh or "") + u.text)
            add("title", u.start, u.end, "zh")
        elif role == "title_en":
            title_en = u.text.strip()
            add("title", u.start, u.end, "en")
        elif role == "abstract_zh":
            for k, s, e in abstract_units:
                if k == i:
                    p = add("abstract", s, e, "zh")
                    if p:
                        abstract_zh_span.extend([p.start, p.end])
            if keyword_span and units[i].start <= keyword_span[0] < units[i].end:
                add("keywords", *keyword_span, "zh")
        elif role == "keywords_zh" and keyword_span:
            add("keywords", *keyword_span, "zh")
        elif role == "abstract_en":
            s = u.start
            if P.RE_ABSTRACT_EN.match(u.text):
                s = u.start + P.RE_ABSTRACT_EN.match(u.text).end()
            p = add("abstract", s, u.end, "en")
            if p:
                abstract_en_span.extend([p.start, p.end])
        elif role == "keywords_en":
            m = P.RE_KEYWORDS_EN.match(u.text)
            kws, length = FM.parse_keywords_en(u.text[m.end():])
            keywords_en_span = (u.start + m.end(), u.start + m.end() + length)
            if kws:
                keywords_en = kws
                add("keywords", *keywords_en_span, "en")
        elif role == "heading":
            number, title, _ = PT.heading_number(u.text)
            level = level_of[id(u)]
            while stack and stack[-1].level >= level:
                stack.pop()
            sec = Section(id=f"s{len(sections) + 1}", number=number, title=title, level=level,
                          parent=stack[-1].id if stack else None)
            sections.append(sec)
            stack.append(sec)
            current_section = sec.id
            add("heading", u.start, u.end, None, current_section)
        elif role == "body":
            add("body", u.start, u.end, None, current_section)
        elif role == "footnote":
            pending_footnotes.append(u)
        elif role == "caption":
            add("table_caption", u.start, u.end, None, current_section)
            pending_caption = (u, i)
        elif role in ("table", "table_row"):
            rows: list[list[str]] = []
            first = i
            if role == "table":
                rows = PT.parse_html_table(u.text)
            else:
                while i < n and units[i].role == "table_row":
                    rows.append([c.strip() for c in units[i].text.split("\t")])
                    i += 1
                i -= 1
            caption = None
            if pending_caption is not None and first - pending_caption[1] <= 2:
                caption = _caption_text(pending_caption[0].text)
            elif i + 1 < n and units[i + 1].role == "caption":
                caption = _caption_text(units[i + 1].text)
            pending_caption = None
            a, _ = raw_span(units[first].start, units[first].end)
            _, b = raw_span(units[i].start, units[i].end)
            tables.append(Table(id=f"t{len(tables) + 1}", caption=caption, header=rows[0] if rows else [],
                                rows=rows[1:], raw_start=a, raw_end=b))
        i += 1
    for u in pending_footnotes:
        m = P.RE_FOOTNOTE_START.match(u.text)
        p = add("footnote", u.start + m.end(), u.end, None, None)
        footnotes.append(Footnote(id=f"f{len(footnotes) + 1}", marker=m.group("marker"), text=u.text[m.end():].strip()))

    text = builder.text
    abstract = Abstract(
        zh=_part(text, abstract_zh_span),
        en=_part(text, abstract_en_span),
    )
    text_map = builder.offset_map().compose(clean_map)
    cleaning = doc.cleaning.model_copy(update={"offset_map": text_map.breakpoints})
    excluded.sort(key=lambda x: (x.raw_start, x.raw_end, x.kind))
    return doc.model_copy(update={
        "text": text,
        "title": Bilingual(zh=title_zh or None, en=title_en or None),
        "authors": authors,
        "affiliations": _unique(affiliations),
        "journal": Journal(**{k: journal[k] for k in ("name", "volume", "issue", "year", "pages", "doi",
                                                     "classification") if k in journal}),
        "keywords": Keywords(zh=keywords_zh, en=FM.split_run_together_keywords(keywords_en, keywords_zh)),
        "abstract": abstract,
        "sections": sections,
        "paragraphs": paragraphs,
        "footnotes": footnotes,
        "tables": tables,
        "references": [Reference(id=r.id, marker=m, text=t) for r, (m, t) in
                       zip(references, PT.glued_numbers([(r.marker, r.text) for r in references]))],
        "excluded": excluded,
        "cleaning": cleaning,
    })


RE_OWN_TAIL_HEADING = re.compile(r"致谢|附录|结语|结论|讨论|展望|后记|Acknowledg")


def _foreign_cue(units: list[Unit], i: int, raw: str, clean_map: OffsetMap, fmt: str) -> bool:
    """A layout cue that a foreign run starts at unit ``i``: not an own closing section (致谢, 附录, 结语) and, in
    pdftotext text, the first line starts a new text block (pdftotext indents it by one space)."""
    if RE_OWN_TAIL_HEADING.search(units[i].text[:12]):
        return False
    if fmt != "txt":
        return True
    r = clean_map.to_source(units[i].start)
    line_start = raw.rfind("\n", 0, r) + 1
    return raw[line_start:r].startswith(" ") or r == line_start and raw[r:r + 1] == " "


def _split_inline_abstract(units: list[Unit], limit: int) -> None:
    """When no line starts with 摘要, split the front line that has it glued on ("…北京100081摘要：…")."""
    for u in units[:limit]:
        if P.RE_ABSTRACT_ZH.match(u.text) and "摘" in u.text[:6]:
            return
    for i, u in enumerate(units[:limit]):
        m = P.RE_ABSTRACT_ZH_INLINE.search(u.text)
        if m and m.start() > 0:
            cut = m.start() + (len(m.group()) - len(m.group().lstrip()))
            head = Unit(u.start, u.start + cut, u.text[:cut].rstrip(), u.md_heading, lang=_lang(u.text[:cut]))
            head.end = head.start + len(head.text)
            tail = Unit(u.start + cut, u.end, u.text[cut:], False, lang=_lang(u.text[cut:]))
            units[i:i + 1] = [head, tail] if head.text else [tail]
            return


RE_NOT_TITLE = re.compile(r"^(?:栏目|专题|专栏|特稿|编者按|本期导读)\s*[:：]|^已投|^[［\[【(（]?(?:收稿|基金|编者按)|^[^《]{0,4}《[^》]+》$")


def _is_title_candidate(u: Unit, fmt: str) -> bool:
    text = u.text
    if u.lang != "zh" or len(text) > 80 or "。" in text or RE_NOT_TITLE.search(text):
        return False
    if "[J]" in text or P.RE_CITATION_LINE.search(text) or P.RE_DOI.match(text):
        return False
    if RE_NOISE.match(text) and re.search(r"[:：]", text[:14]):
        return False
    if RE_COLUMN_LABEL.match(text) or FM.looks_like_authors(text):
        return False
    if FM.looks_like_affiliation(text) and not (u.md_heading and not P.RE_POSTCODE.search(text)):
        return False
    return len(P.RE_CJK.findall(text)) >= 6


def _keywords_from(s: int, e: int, clean_text: str) -> tuple[int, int]:
    m = P.RE_KEYWORDS_ZH.match(clean_text[s:e])
    return (s + m.end() if m else s), e


def _rstrip_end(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in " \t\u3000":
        e -= 1
    return e


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u3000":
        s += 1
    while e > s and text[e - 1] in " \t\u3000":
        e -= 1
    return s, e


def _part(text: str, span: list[int]) -> AbstractPart | None:
    if not span:
        return None
    s, e = min(span), max(span)
    return AbstractPart(text=text[s:e], start=s, end=e)


def _caption_text(text: str) -> str:
    m = P.RE_TABLE_CAPTION.match(text)
    if not m:
        return text.strip()
    word = "Table" if text.startswith("Table") else ("续表" if text.startswith("续表") else "表")
    rest = m.group("rest").strip()
    return f"{word} {m.group('num')} {rest}".strip()


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out
