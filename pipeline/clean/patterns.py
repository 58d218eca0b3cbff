"""Character classes and layout patterns shared by the clean and structure stages (compiled once, named ``RE_*``).

The structure stage imports these too: the line joiner must know what a heading, a table caption or a front-matter
label looks like so that it never glues them to the text around them.
"""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f\u201c\u201d\u2018\u2019\u2014\u2026\u00b7\uff3b\uff3d"
CN_NUM = "一二三四五六七八九十"
CIRCLED = "\u2460-\u2473"  # ①..⑳

RE_CJK = re.compile(f"[{CJK}]")

# --- headings -------------------------------------------------------------------------------------------
# 一、  （一） (一)  1.  1．  1、  1.1  1.1.1  （1） (1)   -- as printed at the start of a line
RE_HEADING_NUMBER = re.compile(
    rf"^(?:(?P<cn>[{CN_NUM}]{{1,3}})\s*、"
    rf"|[（(]\s*(?P<pcn>[{CN_NUM}]{{1,3}})\s*[)）]"
    r"|(?P<ar>\d{1,2}(?:[.．]\d{1,2}){0,3})(?:[.．、](?!\d)|\s+|(?=[^\d.．、,，%)）\s]))"
    r"|[（(]\s*(?P<par>\d{1,2})\s*[)）])\s*"
)
# The text of a heading must not look like a sentence.
RE_SENTENCE_END = re.compile(r"[。！？!?；;]|\.(?:\s|$)")

# --- front matter labels ---------------------------------------------------------------------------------
RE_ABSTRACT_ZH = re.compile(r"^(?:内容)?[［\[【〔(（]?\s*摘\s*要\s*[］\]】〕)）]?\s*[:：]?\s*")
RE_ABSTRACT_ZH_INLINE = re.compile(
    r"(?:内容)?[［\[【〔]\s*摘\s*要\s*[］\]】〕]|(?:内容)?摘\s*要\s*[:：]|(?<=[\d)）])\s*摘\s*要"
)
RE_KEYWORDS_ZH = re.compile(r"^[［\[【〔(（]?\s*关\s*键\s*(?:词|字)\s*[］\]】〕)）]?\s*[:：]?\s*")
RE_ABSTRACT_EN = re.compile(r"^[［\[【(]?\s*(?:Abstract|ABSTRACT|Summary|SUMMARY)\s*[］\]】)]?\s*[:：.]?\s*")
RE_KEYWORDS_EN = re.compile(r"^[［\[【(]?\s*(?:Key\s*-?\s*words?|KEY\s*WORDS?|Keyword|KEYWORDS)\s*[］\]】)]?\s*[:：.]?\s*", re.I)
RE_REFERENCES_LABEL = re.compile(
    r"^[［\[【]?\s*(?:主要)?参\s*考\s*文\s*献\s*[］\]】]?\s*[(（]?\s*(?:References?|REFERENCES)?\s*[)）]?\s*[:：]?\s*$"
    r"|^(?:References?|REFERENCES|Bibliography)\s*[:：]?\s*$"
)
RE_TABLE_CAPTION = re.compile(r"^(?:续?表|Table|Tab\.?)\s*(?P<num>\d+(?:[-.．]\d+)?)(?![\d.．%])[\s\u3000:：.．]*(?P<rest>.*)$")
RE_FIGURE_CAPTION = re.compile(r"^(?:图|Fig\.?|Figure)\s*(?P<num>\d+(?:[-.．]\d+)?)(?![\d.．%])[\s\u3000:：.．]*(?P<rest>.*)$")
RE_FOOTNOTE_START = re.compile(rf"^(?P<marker>[{CIRCLED}])\s*")

# --- page furniture ----------------------------------------------------------------------------------------
# "技术经济　　　　…　　第 25卷　第 6期" (CNKI running header) and "第59卷第6期2015年3月" / "2017年·第32卷·第3期"
RE_RUNNING_HEADER_VOL = re.compile(
    r"^(?:(?P<page>\d{1,4})\s*[|｜]?\s*)?(?P<name>[^\d\s|｜]{2,20}?)?[\s\u3000·]*"
    r"(?:(?P<year>(?:19|20)\d\d)\s*年\s*[·\s]*)?(?:(?:Vol\.?|第)\s*(?P<vol>\d{1,4})\s*卷?\s*[·,，\s\u3000]*)?"
    r"(?:No\.?|第)\s*(?P<issue>\d{1,3})\s*期?(?:\s*(?P<year2>(?:19|20)\d\d)\s*年(?:\s*\d{1,2}\s*月)?)?"
    r"(?:[\s\u3000]+(?P<name2>[^\d\s]{2,20}))?(?:\s*(?P<page2>\d{1,4}))?\s*$"
)
RE_PAGE_NUMBER_LINE = re.compile(r"^[ \t\u3000]*(?:[-—–]\s*)?\d{1,4}(?:\s*[-—–])?[ \t\u3000]*$")
RE_CITATION_LINE = re.compile(
    r"(?P<name>[\u4e00-\u9fffA-Za-z][\u4e00-\u9fff A-Za-z&]{1,30}?)\s*[,，]\s*(?P<year>(?:19|20)\d\d)\s*[,，]\s*"
    r"(?:(?P<vol>\d{1,4})\s*)?[（(]\s*(?P<issue>\d{1,3})\s*[)）]\s*[:：]\s*(?P<pages>\d{1,5}(?:\s*[-–—~]\s*\d{1,5})?(?:\s*[,，]\s*\d{1,5})*)"
)
RE_DOI = re.compile(r"(?:DOI|doi)?\s*[:：]?\s*(?P<doi>10\.\d{4,9}/[^\s，,；;）)\]】<]+)")
RE_CLASSIFICATION = re.compile(r"(?:中图)?分类号\s*[:：]?\s*(?P<clc>[A-Z]{1,2}\s*\d[\dA-Z.:/\-;；,，\s]*?)(?=\s*(?:文献标识码|文章编号|DOI|doi|[\u4e00-\u9fff]|$))")
RE_POSTCODE = re.compile(r"(?<!\d)(?P<code>\d{6})(?!\d)")
RE_JUMP_LINE = re.compile(r"^[（(]\s*(?:下转|上接|转|接)\s*第?\s*\d{1,4}\s*页\s*[)）]$")
