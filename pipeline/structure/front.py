"""Front matter: authors, affiliations, keywords, journal data (name, volume, issue, pages, DOI, classification).

Pure string functions; the structure stage decides which lines they are applied to.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pipeline.clean import patterns as P
from pipeline.resources import read_data_lines

RE_INSTITUTION = re.compile(
    r"大学|学院|研究院|研究所|研究中心|中心|实验室|科学院|社科院|公司|集团|管理局|委员会|学校|医院|协会|基金会|"
    r"办公室|部门|厅|局|所$|University|Institute|Academy|College|School|Center|Centre|Laboratory|Department"
)
RE_AFFIL_START = re.compile(r"^[(（]|^\d{1,2}\s*[.．)）]?\s*[\u4e00-\u9fff]")
RE_INSTITUTION_END = re.compile(r"(?:大学|学院|研究院|研究所|中心|实验室|科学院|公司|集团|局|委员会|学校|医院|协会|University|Institute|Academy|College)$")
RE_NAME_SPLIT = re.compile(r"[\s,，、;；]+")
RE_NAME_NOISE = re.compile(r"[\d¹²³⁴⁵⁶⁷⁸⁹⁰*＊∗†‡§#}\]」』'’‘`^.．\\丨]+")
RE_NAME = re.compile(rf"^[{P.CJK}]{{2,4}}$|^[{P.CJK}]{{1,6}}[·•][{P.CJK}]{{1,8}}$")
RE_AFFIL_PARTS = re.compile(r"[)）]\s*[(（]|[；;]|\s{2,}|\n|(?<=[\u4e00-\u9fff])[¹²³⁴⁵⁶⁷⁸⁹](?=[\u4e00-\u9fff])|(?<=\d{6})(?:\s*,?\s*China)?\s*(?=[\d¹²³⁴⁵⁶⁷⁸⁹丨」\u4e00-\u9fff])")
RE_AFFIL_INDEX = re.compile(r"^[\s(（]*(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹丨」])[.．、)）]?\s*(?=\D)")
RE_COUNTRY_TAIL = re.compile(r"[,，]?\s*(?:China|中国)\s*$")
RE_KEYWORD_CUT = re.compile(r"(?:中图)?分类号|文献标识码|文章编号|DOI|doi|收稿日期|基金项目|作者简介|E-mail|\[?中图")
RE_KEYWORD_SEP = re.compile(r"\s*[；;，,、]\s*")
RE_KEYWORD_SPACE = re.compile(r"[\s\u3000]+")
RE_EN_KEYWORD_CUT = re.compile(rf"[{P.CJK}]")
RE_TITLE_MARKERS = re.compile(r"[\s*＊∗†‡\d①-⑳¹²³⁴⁵⁶⁷⁸⁹⁰]+$")
RE_CJK_SPACE = re.compile(rf"(?<=[{P.CJK}])[ \u3000]+(?=[{P.CJK}])")


@lru_cache(maxsize=1)
def load_provinces() -> tuple[str, ...]:
    """Province names from ``resources/structure_provinces.txt``, longest first."""
    names = [ln.strip() for ln in read_data_lines("structure_provinces.txt")]
    return tuple(sorted(set(names), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def load_cities() -> tuple[str, ...]:
    """City names from ``resources/structure_cities.txt``, longest first."""
    names = [ln.strip() for ln in read_data_lines("structure_cities.txt")]
    return tuple(sorted(set(names), key=lambda s: (-len(s), s)))


def clean_title(text: str) -> str:
    """A title without its footnote markers and letter spacing.

    >>> clean_title("基于本体的国史知识检索平台构建研究1"), clean_title("雄安新区建设水安全保障*面临的问题与挑战")
    ('基于本体的国史知识检索平台构建研究', '雄安新区建设水安全保障面临的问题与挑战')
    """
    text = RE_CJK_SPACE.sub("", text.strip()).lstrip("*＊∗ ")
    text = re.sub(r"(?<=[\u4e00-\u9fff])[*＊∗]+(?=[\u4e00-\u9fff])", "", text)
    return RE_TITLE_MARKERS.sub("", text).strip() or text.strip()


def parse_authors(text: str) -> list[str]:
    """Author names from an author line: markers and affiliation numbers dropped, split names rejoined.

    >>> parse_authors("刘菁华1,²，李伟峰1,*，周伟奇1")
    ['刘菁华', '李伟峰', '周伟奇']
    >>> parse_authors("张志强 苏 娜2"), parse_authors("王发明，周才明")
    (['张志强', '苏娜'], ['王发明', '周才明'])
    """
    head = re.split(r"[(（]", text, maxsplit=1)[0]
    head = RE_NAME_NOISE.sub(" ", head)
    tokens = [t for t in RE_NAME_SPLIT.split(head) if t]
    merged: list[str] = []
    i = 0
    while i < len(tokens):  # "苏 娜" -> "苏娜"
        t = tokens[i]
        if len(t) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) <= 2:
            merged.append(t + tokens[i + 1])
            i += 2
            continue
        merged.append(t)
        i += 1
    return [t for t in merged if RE_NAME.match(t)]


def looks_like_authors(text: str) -> bool:
    """A short line made of personal names (no institution words, no sentence punctuation).

    >>> looks_like_authors("夏军1.2 张永勇1"), looks_like_authors("中国现代国际关系研究院北京100081")
    (True, False)
    >>> looks_like_authors("负面冲击 正向效应")
    False
    """
    head = re.split(r"[(（]", text, maxsplit=1)[0]
    if not head.strip() or len(head) > 80 or RE_INSTITUTION.search(head) or re.search(r"[。：:]", head):
        return False
    names = parse_authors(head)
    if not names or all(len(n) >= 4 for n in names):  # "负面冲击 正向效应" is a title, not two names
        return False
    leftover = RE_NAME_SPLIT.sub("", RE_NAME_NOISE.sub("", head))
    return sum(len(n) for n in names) >= 0.6 * max(1, len(leftover))


RE_INSTITUTION_START = re.compile(
    r"中国|国家|国网|北京|上海|天津|重庆|[\u4e00-\u9fff]{2,4}?(?:大学|学院|研究院|研究所|科学院|省|市|自治区)"
)


def split_leading_authors(text: str) -> tuple[list[str], str]:
    """Names glued before an affiliation on one line: (names, the rest); at least two names or nothing.

    >>> split_leading_authors("陈彬¹，李尧¹，赵航²1国家电网管理学院北京102200")
    (['陈彬', '李尧', '赵航'], '国家电网管理学院北京102200')
    >>> split_leading_authors("曹涛，王赛鸽，陈彬北京师范大学环境学院，北京 100875")
    (['曹涛', '王赛鸽', '陈彬'], '北京师范大学环境学院，北京 100875')
    >>> split_leading_authors("曲建升」张志强²王金平」郑军卫1‘中国科学院兰州文献情报中心，兰州 730000")[0]
    ['曲建升', '张志强', '王金平', '郑军卫']
    >>> split_leading_authors("中国科学院文献情报中心北京100190")
    ([], '中国科学院文献情报中心北京100190')
    """
    m = RE_INSTITUTION_START.search(text)
    if not m or m.start() < 4:
        return [], text
    head = text[: m.start()]
    names = parse_authors(head)
    leftover = RE_NAME_SPLIT.sub("", RE_NAME_NOISE.sub("", head)).replace("‘", "").replace("」", "").replace("丨", "")
    if len(names) < 2 or sum(map(len, names)) != len(leftover):
        return [], text
    return names, text[m.start():]


def looks_like_affiliation(text: str) -> bool:
    """A line naming an institution, usually with a city and postcode.

    >>> looks_like_affiliation("(浙江大学公共管理学院，杭州310027)"), looks_like_affiliation("产业集群政策研究")
    (True, False)
    """
    if len(text) > 400 or "。" in text or not RE_INSTITUTION.search(text):
        return False
    if P.RE_POSTCODE.search(text) or RE_AFFIL_START.match(text):
        return True
    return len(text) <= 40 and bool(RE_INSTITUTION_END.search(text.rstrip(" )）")))


def split_affiliations(text: str) -> list[str]:
    """Split an affiliation line into single affiliations, each as "institution，city postcode".

    >>> split_affiliations("(浙江大学 公共管理学院 ,杭州 310027)")
    ['浙江大学公共管理学院，杭州 310027']
    >>> split_affiliations("（1.中国水产科学研究院长江水产研究所，湖北武汉430223；2.新疆伊犁河流域开发建设管理局，新疆乌鲁木齐835109)")
    ['中国水产科学研究院长江水产研究所，湖北武汉 430223', '新疆伊犁河流域开发建设管理局，新疆乌鲁木齐 835109']
    >>> split_affiliations("中国科学院成都文献情报中心成都610041")
    ['中国科学院成都文献情报中心，成都 610041']
    >>> split_affiliations("华南理工大学公共政策研究院 广东广州 510000"), split_affiliations("南京大学商学院²爱丁堡大学社会与政治学院")
    (['华南理工大学公共政策研究院，广东广州 510000'], ['南京大学商学院', '爱丁堡大学社会与政治学院'])
    >>> split_affiliations("丨中国科学院文献情报中心北京100190²中国科学院大学，北京 100049")
    ['中国科学院文献情报中心，北京 100190', '中国科学院大学，北京 100049']
    """
    out: list[str] = []
    for part in RE_AFFIL_PARTS.split(text):
        part = part.strip(" \u3000()（）")
        part = RE_AFFIL_INDEX.sub("", part).strip(" \u3000()（）")
        if len(part) < 4:
            continue
        out.append(format_affiliation(part))
    return out


def format_affiliation(part: str) -> str:
    """Separate institution, city and postcode: "中国现代国际关系研究院北京100081" -> "中国现代国际关系研究院，北京 100081"."""
    part = RE_CJK_SPACE.sub("", part)
    part = RE_COUNTRY_TAIL.sub("", part).strip(" ,，:：")
    part = re.sub(r"[:：]\s*(?=[,，])|[:：]$", "", part)
    m = None
    for m in P.RE_POSTCODE.finditer(part):
        pass
    if m is None or part[m.end():].strip(" ,，)）"):
        return re.sub(r"\s*[,，]\s*", "，", part)
    code = m.group("code")
    before = part[: m.start()].rstrip(" ,，")
    comma = max(before.rfind("，"), before.rfind(","))
    if comma >= 0:
        org, city = before[:comma].strip(), before[comma + 1:].strip()
    else:
        org, city = before, ""
        for name in load_cities():
            if before.endswith(name) and len(before) > len(name) + 1:
                org, city = before[: -len(name)], name
                break
        if not city:
            m2 = re.search(r"(?<=[院所学校心室司局部会])([\u4e00-\u9fff]{2,3})$", before)
            if m2 and len(before) > 6:
                org, city = before[: m2.start()], m2.group(1)
    org = org.strip(" ,，:：")
    for prov in load_provinces():  # "…研究院广东" + "广州": the province belongs with the city
        if org.endswith(prov) and len(org) > len(prov) + 2 and city and not city.startswith(prov):
            org, city = org[: -len(prov)], prov + city
            break
    city = re.sub(r"\s+", "", city) if city and re.fullmatch(r"[\u4e00-\u9fff ]+", city) else city
    return f"{org}，{city} {code}" if city else f"{org} {code}"


def parse_keywords_zh(text: str) -> tuple[list[str], int]:
    """Chinese keywords and the length of the keyword text (what follows, e.g. 分类号, is cut off).

    >>> parse_keywords_zh("生育意愿；末期效应；心理阻抗；女性分类号 B849:C91")
    (['生育意愿', '末期效应', '心理阻抗', '女性'], 17)
    >>> parse_keywords_zh("智库市场 思想市场 供应方 需求方 分类号：C934")[0]
    ['智库市场', '思想市场', '供应方', '需求方']
    """
    m = RE_KEYWORD_CUT.search(text)
    body = text[: m.start()] if m else text
    body = body.rstrip(" \u3000;；,，。.")
    if RE_KEYWORD_SEP.search(body):
        items = RE_KEYWORD_SEP.split(body)
    else:
        items = RE_KEYWORD_SPACE.split(body)
    return [k.strip(" \u3000。.") for k in items if k.strip(" \u3000。.")], len(body)


def parse_keywords_en(text: str) -> tuple[list[str], int]:
    """English keywords (split at ; or ,) and the length of the keyword text (trailing Chinese notes cut off).

    >>> parse_keywords_en("tourism development；poverty alleviation；threshold effect；China")[0]
    ['tourism development', 'poverty alleviation', 'threshold effect', 'China']
    """
    m = RE_EN_KEYWORD_CUT.search(text)
    body = text[: m.start()] if m else text
    body = body.rstrip(" ;；,，.")
    items = re.split(r"\s*[;；]\s*", body) if re.search(r"[;；]", body) else re.split(r"\s*[,，]\s*", body)
    return [k.strip() for k in items if k.strip()], len(body)


NO_KEYWORD_START = frozenset({"of", "and", "for", "in", "to", "with", "on", "by", "from", "or"})
NO_KEYWORD_END = NO_KEYWORD_START | {"the", "a", "an"}


MAX_KEYWORD_WORDS = 20  # longest run of English words one keyword may take
MAX_FREE_KEYWORDS = 8  # above this many keywords the runs are taken in the Chinese order only (the search doubles per keyword)
IN_ORDER_BONUS = 0.05  # added for each run that renders the keyword of its place in the Chinese list


def split_run_together_keywords(en: list[str], zh: list[str], min_score: float = 0.5) -> list[str]:
    """English keywords printed without separators (``think tank market thought market supply side``), split into
    as many runs of words as there are Chinese keywords, where each run translates a Chinese keyword of its own
    (:func:`pipeline.align.keywords.keyword_score` >= ``min_score`` for every run), in the English order; otherwise
    ``en`` unchanged. The runs may render the keywords in another order than the Chinese list (authors often
    reorder them), but a run in its keyword's place gets a small bonus. Among such splits the one whose runs render most of their
    Chinese keywords wins, and then the one whose run lengths best fit their keywords' (about 0.6 English words per
    Chinese character), which places words no dictionary explains (side in 供应方 → supply side). A run never starts
    with of/and/for... nor ends with the/a/of/and....

    >>> split_run_together_keywords(["think tank market thought market supply side demand side"],
    ...                             ["智库市场", "思想市场", "供应方", "需求方"])
    ['think tank market', 'thought market', 'supply side', 'demand side']
    >>> split_run_together_keywords(["ideal think tank the think tank of think tanks"], ["理想智库", "智库的智库"])
    ['ideal think tank', 'the think tank of think tanks']
    >>> split_run_together_keywords(["university-affiliated think tanks three-dimensional modelevaluation index system"],
    ...                             ["大学智库", "三维模型", "评价指标体系"])
    ['university-affiliated think tanks', 'three-dimensional model', 'evaluation index system']
    >>> split_run_together_keywords(["market failure industrial cluster regional innovation"],
    ...                             ["产业集群", "区域创新", "市场失灵"])
    ['market failure', 'industrial cluster', 'regional innovation']
    >>> split_run_together_keywords(["regional innovation system"], ["区域创新", "市场失灵"])
    ['regional innovation system']
    """
    n = len(zh)
    if len(en) != 1 or n < 2:
        return en
    from pipeline.align.keywords import keyword_match
    from pipeline.segment.english import restore_spaces

    words = restore_spaces(en[0])[0].split()  # glued words first (modelevaluation -> model evaluation)
    m = len(words)
    if m < n or m > 8 * n:
        return en
    free = n <= MAX_FREE_KEYWORDS

    @lru_cache(maxsize=None)
    def value(k: int, i: int, j: int) -> float | None:
        """How well words[i:j] renders zh[k] (None: not a rendering)."""
        run = words[i:j]
        if run[0].lower() in NO_KEYWORD_START or run[-1].lower() in NO_KEYWORD_END:
            return None
        score, coverage = keyword_match(zh[k], " ".join(run))
        if score < min_score:
            return None
        fit = abs(math.log(len(run) / (0.6 * max(1, len(zh[k])))))
        return coverage - 0.25 * fit

    # best[(used, j)]: (value, cut points) of the first j words split into runs that render the keywords in the bit
    # set `used`, one each; with free=False run k renders zh[k]
    best: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {(0, 0): (0.0, ())}
    # the sets that can still grow, in increasing order (a set is reached only from its subsets): every one but the
    # full set when free, else the prefixes 0, 1, 11, ... (run k renders zh[k])
    for used in range((1 << n) - 1) if free else ((1 << d) - 1 for d in range(n)):
        done = bin(used).count("1")
        for i in range(m):
            if (used, i) not in best:
                continue
            v0, cuts = best[(used, i)]
            for k in range(n) if free else (done,):
                if used >> k & 1:
                    continue
                for j in range(i + 1, min(m, i + MAX_KEYWORD_WORDS) + 1):
                    if m - j < n - done - 1:
                        break
                    v = value(k, i, j)
                    if v is None:
                        continue
                    option = (v0 + v + IN_ORDER_BONUS * (k == done), cuts + (j,))
                    key = (used | 1 << k, j)
                    if key not in best or option > best[key]:
                        best[key] = option
    final = best.get(((1 << n) - 1, m))
    if final is None:
        return en
    cuts = (0,) + final[1]
    return [" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:])]


RE_JOURNAL_NAME = re.compile(r"^[\u4e00-\u9fff]{2,12}(?:学报|杂志|地理|研究|科学|经济|管理|论坛|评论|院刊|与实践|通讯|期刊|情报|学刊)$")


def parse_running_header(text: str) -> dict:
    """Journal fields from a running header.

    >>> parse_running_header("技术经济　　　　第 25卷　第 6期")
    {'name': '技术经济', 'volume': '25', 'issue': '6'}
    >>> parse_running_header("干旱区地理")
    {'name': '干旱区地理'}
    """
    text = text.strip().lstrip("#").strip()
    m = P.RE_RUNNING_HEADER_VOL.match(text)
    out: dict = {}
    if m:
        name = (m.group("name") or m.group("name2") or "").strip(" \u3000·|｜")
        if name and re.search(r"[\u4e00-\u9fffA-Za-z]{2}", name) and not re.search(r"[第卷期年]", name):
            out["name"] = name
        if m.group("vol"):
            out["volume"] = m.group("vol")
        if m.group("issue"):
            out["issue"] = m.group("issue")
        year = m.group("year") or m.group("year2")
        if year:
            out["year"] = int(year)
    elif RE_JOURNAL_NAME.match(text):
        out["name"] = text
    return out


def parse_citation_line(text: str) -> dict:
    """Journal fields from the paper's own citation line ("…[J].智库理论与实践，2016，1(5)：64-70,77.").

    >>> parse_citation_line("沈进建．美国智库市场初探[J].智库理论与实践，2016，1(5)：64-70,77.")
    {'name': '智库理论与实践', 'year': 2016, 'volume': '1', 'issue': '5', 'pages': '64-70,77'}
    """
    m = P.RE_CITATION_LINE.search(text)
    if not m:
        return {}
    name = re.split(r"[.．\]】]", m.group("name"))[-1].strip()
    out: dict = {"name": name, "year": int(m.group("year"))}
    if m.group("vol"):
        out["volume"] = m.group("vol")
    out["issue"] = m.group("issue")
    out["pages"] = re.sub(r"\s+", "", m.group("pages")).replace("–", "-").replace("—", "-").replace("~", "-")
    return out
