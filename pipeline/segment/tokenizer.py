"""Words: jieba (the segmenter spaCy's ``zh`` tokenizer calls) with a domain dictionary, protection and POS tags.

How a text becomes tokens:

1. *Protection.* One pass of ``RE_PROTECT`` finds the spans that must stay whole: citation markers (［1］, [1-3],
   ``1]``, (Breschi & Malerba, 2001), 波特(1998)), numbers with magnitude, percent, currency or date unit (3.6万,
   23.4%, 2003年, 12月, 1 万亿元, ``resources/segment_units.txt``; classifiers stay apart as in the PKU standard;
   also MinerU's LaTeX-ised numbers such as ``$8 . 3 \\%$``) and, in Chinese text, Latin terms (R&D, OECD,
   Bottom-Up). They become single tokens whose tag says why they were kept: ``cite``, ``num``, ``latin``.
2. *Words.* The text between protected spans is cut into the words jieba's default tokenizer gives (``jieba.dt``,
   HMM on, the very call spaCy 3.8's ``ChineseTokenizer`` makes for ``segmenter = "jieba"``), by
   :func:`pipeline.segment.cutter.cut`: the same words at about a fifth of the time, through jieba-rs. The user
   dictionary ``resources/userdict.txt`` is loaded once; its terms come out whole and are tagged ``term``.
3. *POS.* Other words get their tag from jieba's own dictionary (the word→tag table ``jieba.posseg`` reads), so
   POS costs a dict lookup instead of ``jieba.posseg``'s second HMM pass (about 4x the time of ``lcut``). Words that
   the dictionary lacks (found by jieba's HMM) are mostly names: 2-3 characters opening with a common surname
   (``resources/segment_surnames.txt``) get ``nr``, others the tag of their longest known suffix, else ``n``;
   punctuation and symbols get ``x``, Latin ``eng``, digits ``m``.

Whitespace is never a token. Everything is loaded once per process on first use, not at import.

>>> words("产业集群内的企业占23.4%")
[('产业集群', 'term'), ('内', 'n'), ('的', 'uj'), ('企业', 'n'), ('占', 'v'), ('23.4%', 'num')]
>>> words("波特(1998)认为R&D十分重要")
[('波特(1998)', 'cite'), ('认为', 'v'), ('R&D', 'latin'), ('十分', 'm'), ('重要', 'a')]
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from pipeline.resources import RESOURCES, read_data_lines
from pipeline.segment.cutter import cut as jieba_cut

USERDICT = RESOURCES / "userdict.txt"
UNITS = RESOURCES / "segment_units.txt"
SURNAMES_FILE = RESOURCES / "segment_surnames.txt"

# --- patterns (compiled once) -------------------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_DIGIT = "0-9０-９"
_YEAR = r"(?:1[5-9]|20)\d{2}[a-z]?(?![\d年])"
_LATIN_NAME = r"[A-Z][A-Za-z'’\-]+"
_LATIN_AUTHORS = (
    rf"{_LATIN_NAME}(?:\s*(?:,|&|and)\s*{_LATIN_NAME})*(?:\s*,?\s*et\s*al\.?|\.)?"  # Lindahletal.,2017
)
_HAN_AUTHORS = rf"[{_HAN}]{{2,4}}(?:[、和与][{_HAN}]{{2,4}})*(?:等人|等)?"
_PAGES = r"(?:\s*[:：]\s*\d+(?:\s*[-–]\s*\d+)?)?"
_ONE_CITE = rf"(?:{_LATIN_AUTHORS}|{_HAN_AUTHORS})\s*[,，]?\s*{_YEAR}(?:\s*[,，、]\s*{_YEAR})*{_PAGES}"
_NUM_LIST = r"\d{1,3}(?:\s*[-–—~～,，、]\s*\d{1,3})*"


def _load_units(path: Path) -> tuple[list[str], list[str]]:
    mags, units = [], []
    for line in read_data_lines(path):
        kind, value = line.split(" ", 1)
        (mags if kind == "mag" else units).append(value.strip())
    key = lambda s: (-len(s), s)  # noqa: E731 - longest first so the alternation prefers it
    return sorted(mags, key=key), sorted(units, key=key)


_MAGS, _UNITS = _load_units(UNITS)
_MAG = "|".join(map(re.escape, _MAGS))
_UNIT = "|".join(map(re.escape, _UNITS))
_NUMBER = rf"[{_DIGIT}]+(?:,\d{{3}}(?!\d))*(?:[.．][{_DIGIT}]+)?"
_NUM_UNIT = rf"{_NUMBER}(?:[ \u00a0]?(?:(?:{_MAG})(?:{_UNIT})?|(?:{_UNIT})))?"
_YEAR_NUM = rf"[12１２][{_DIGIT}]{{3}}[ \u00a0]?年(?!代)"
_QUANTITY = rf"(?:{_YEAR_NUM}|{_NUM_UNIT})"

RE_PROTECT = re.compile(
    rf"(?=[\[［$(（A-Za-z{_DIGIT}])"  # every alternative starts with one of these: other positions fail fast
    # citations: bracketed numbers, orphan "12]" (OCR lost the "[": 作用3], ”1]), LaTeX superscripts, author-year
    rf"(?P<cite>[\[［]\s*{_NUM_LIST}\s*[\]］]"
    rf"|(?<=[{_HAN}”’\"）)])\d{{1,3}}(?:[-–,，]\d{{1,3}})*[\]］]"  # 12] right after a word or quote, not a date
    rf"|\$\s*\^\s*\{{\s*\[\s*[\d\s,\-–]+\]\s*\}}\s*\$"
    rf"|[(（]\s*{_ONE_CITE}(?:\s*[;；]\s*{_ONE_CITE})*\s*[)）]"
    rf"|{_LATIN_AUTHORS}\s*(?:等人|等)?\s*[(（]\s*{_YEAR}{_PAGES}\s*[)）])"
    # a bare "(1998)": kept as a citation only when a person's name precedes it (see _author_before)
    rf"|(?P<year>[(（]\s*{_YEAR}\s*[)）])"
    rf"|(?P<num>\$\s*\d(?:\s*[\d.,])*\s*(?:\\%)?\s*\$|{_QUANTITY}(?:\s?[-–—~～至到]\s?{_QUANTITY})?)"
    rf"|(?P<latin>(?:[A-Za-z]\.){{2,}}|[A-Za-z][A-Za-z0-9]*(?:[&\-'’./][A-Za-z0-9]+)*)"
)
RE_HAN_TAIL = re.compile(rf"([{_HAN}]{{2,12}}?)((?:等人|等)?\s*(?:[\[［]\s*{_NUM_LIST}\s*[\]］])?\s*)$")
RE_PUNCT = re.compile(rf"[^{_HAN}A-Za-z{_DIGIT}]+")
RE_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*")
RE_DIGITS = re.compile(rf"[{_DIGIT}.．]+")

PROTECTED_TAGS = ("cite", "num", "latin", "term")
SURNAMES = frozenset(
    line.strip() for line in read_data_lines(SURNAMES_FILE)
)


# --- lazily loaded state ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    tags: dict[str, str]  # every word of jieba's dictionary and the user dictionary -> its jieba/ICTCLAS tag
    freq: dict[str, int]  # the same words -> the frequency jieba gives them (user words: as ``jieba.add_word`` sets)
    total: int  # jieba's total count, user words included
    user: tuple[tuple[str, int, str | None], ...]  # the user dictionary: (word, frequency jieba gave it, tag)
    pad: int  # the count that brings jieba-rs's total to jieba's (see :func:`_build_tables`)
    terms: frozenset[str]  # user-dictionary terms
    out_tags: dict[str, str]  # the tag a token gets: ``tags`` with every term mapped to "term"
    engine: object  # jieba-rs with the same dictionary and total (:func:`build_engine`; :mod:`pipeline.segment.cutter`)


_LOCK = threading.Lock()
_LEXICON: _Lexicon | None = None
_JIEBA_LOADED = False
TABLES_VERSION = 2  # of the cached tables (bump when their layout or derivation changes)


def read_userdict(path: Path = USERDICT) -> list[tuple[str, int | None, str | None]]:
    """Entries (word, freq, tag) of a jieba user dictionary file; '#' lines are comments."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word, freq, tag = parts[0], None, None
        for part in parts[1:]:
            if part.isdigit():
                freq = int(part)
            else:
                tag = part
        entries.append((word, freq, tag))
    return entries


def lexicon() -> _Lexicon:
    """The process-wide dictionary state, loaded on first use (about 0.3 s from the cached tables)."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _load_lexicon()
    return _LEXICON


def build_engine(user: tuple[tuple[str, int, str | None], ...], pad: int, *, fresh: bool = True):
    """A jieba-rs tokenizer (``rjieba.Jieba``: jieba's dict.txt, built in) with the user words and the padding.

    ``fresh=False`` uses the tokenizer that importing ``rjieba`` builds (its module functions ``rjieba.cut`` ...),
    as jieba's users load words into ``jieba.dt``: building a second one costs 0.08 s. Adding a word again with the
    same count changes nothing in jieba-rs, so loading twice is harmless.
    """
    import rjieba

    from pipeline.segment.cutter import PAD_WORD

    engine = rjieba.Jieba() if fresh else rjieba
    for word, freq, tag in user:
        engine.add_word(word, freq, tag)
    if pad:
        engine.add_word(PAD_WORD, pad, "x")
    return engine


def _load_lexicon() -> _Lexicon:
    tables = _tables()
    user = tuple(tables["user"])
    terms = frozenset(word for word, _, _ in user)
    out_tags = dict(tables["tags"])
    out_tags.update((t, "term") for t in terms)
    return _Lexicon(tags=tables["tags"], freq=tables["freq"], total=tables["total"], user=user, pad=tables["pad"],
                    terms=terms, out_tags=out_tags, engine=build_engine(user, tables["pad"], fresh=False))


def jieba_with_userdict():
    """The ``jieba`` module with the user dictionary loaded into its default tokenizer, once per process.

    Not needed to segment (:mod:`pipeline.segment.cutter` does not call jieba): spaCy's ``zh`` tokenizer calls this
    tokenizer, and the tests compare the cutter with it.
    """
    global _JIEBA_LOADED
    user = lexicon().user
    import jieba

    with _LOCK:
        if not _JIEBA_LOADED:
            jieba.setLogLevel(60)
            jieba.initialize()
            for word, freq, tag in user:
                jieba.add_word(word, freq, tag)
            _JIEBA_LOADED = True
    return jieba


def _jieba_dict_path() -> Path:
    """jieba's ``dict.txt``, found without importing jieba."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    return Path(spec.submodule_search_locations[0]) / "dict.txt"


def _tables() -> dict:
    """jieba's dictionary with the user dictionary loaded: tags, frequencies, total, the user words' frequencies and
    the padding that brings jieba-rs's total to jieba's.

    Building them loads jieba (about 1.5 s), so they are cached (:func:`pipeline.cache.cached`, in the temporary
    folder, as jieba caches its own dictionary), keyed by the dictionary's path, size and mtime and the user
    dictionary's bytes.
    """
    import hashlib

    from pipeline.cache import cached

    dict_path = _jieba_dict_path()
    st = dict_path.stat()
    user_hash = hashlib.sha256(USERDICT.read_bytes()).hexdigest()
    key = hashlib.sha256(f"{dict_path}|{st.st_size}|{st.st_mtime_ns}|{user_hash}|v{TABLES_VERSION}".encode())
    return cached("segment-tables", key.hexdigest()[:16], _build_tables,
                  valid=lambda t: isinstance(t, dict) and t.get("version") == TABLES_VERSION)


def _build_tables() -> dict:
    """Load the user dictionary into a fresh jieba tokenizer (not jieba's global one) and read off what it holds."""
    import jieba

    jieba.setLogLevel(60)
    dt = jieba.Tokenizer()
    dt.initialize()
    tags: dict[str, str] = {}
    with dt.get_dict_file() as f:  # the file jieba.posseg reads: "word freq tag" a line
        for raw in f:
            parts = raw.split()
            if len(parts) == 3:
                tags[parts[0].decode("utf-8")] = parts[2].decode("ascii")
    # jieba-rs counts each word once (a word listed twice in dict.txt, or added again, replaces its count); jieba adds
    # every count to its total. The padding makes up the difference.
    unique_total = sum(dt.FREQ[w] for w in tags)
    pad = dt.total - unique_total
    user = []
    for word, freq, tag in read_userdict():
        pad += dt.FREQ.get(word, 0)  # jieba-rs replaces the count a word had; jieba's total keeps it
        dt.add_word(word, freq, tag)
        tags[word] = tag or tags.get(word, "n")
        user.append((word, dt.FREQ[word], tag))
    freq = {w: dt.FREQ[w] for w in tags}
    return {"version": TABLES_VERSION, "tags": tags, "freq": freq, "total": dt.total, "user": user, "pad": pad}


# --- tokenising ---------------------------------------------------------------------------------------------------


def tag_of(word: str, lex: _Lexicon | None = None) -> str:
    """The POS tag of one jieba word (dictionary lookup; see the module docstring for unknown words).

    >>> tag_of("市场"), tag_of("，"), tag_of("OECD"), tag_of("顾立平")
    ('n', 'x', 'eng', 'nr')
    """
    lex = lex or lexicon()
    tag = lex.tags.get(word)
    if tag is not None:
        return tag
    if RE_PUNCT.fullmatch(word):
        return "x"
    if RE_DIGITS.fullmatch(word):
        return "m"
    if RE_LATIN_WORD.fullmatch(word):
        return "eng"
    if 2 <= len(word) <= 3 and word[0] in SURNAMES:  # jieba's HMM finds mostly names: 张晓林, 顾立平
        return "nr"
    for i in range(1, len(word) - 1):  # longest known suffix of two or more characters
        tag = lex.tags.get(word[i:])
        if tag is not None:
            return tag
    return "n"


_NAME_TAGS = ("nr", "nz", "ns")  # jieba tags foreign names (波特, 马歇尔) nrt/ns/nz


def _name_at_end(words: list[str], lex: _Lexicon) -> int:
    """How many characters at the end of ``words`` form a person's name, 0 if none (HMM may split one: 匡瑾|璘)."""
    name = words[-1]
    i = len(words) - 1
    while len(name) < 2 or (len(name) == 1 and i > 0):
        if i == 0 or len(words[i - 1]) + len(name) > 4 or words[i - 1] in lex.tags and len(name) > 1:
            break
        i -= 1
        name = words[i] + name
    tag = lex.tags.get(name)
    if 2 <= len(name) <= 4 and (tag is None or tag.startswith(_NAME_TAGS)):
        return len(name)
    return 0


def _author_before(text: str, lo: int, at: int, lex: _Lexicon) -> int | None:
    """Start of a person's name (with 等/等人 and a [n] marker if present) ending before ``at``, not before ``lo``.

    Finds the name in 波特(1998), 匡瑾璘等人(2009), 钟伟（2007）; a noun (报告（2014）) is no name.
    """
    m = RE_HAN_TAIL.search(text, lo, at)
    if m is None:
        return None
    words = jieba_cut(m.group(1))
    n = _name_at_end(words, lex)
    if n == 0 and m.group(2).strip():  # 王发明等[13]: after 等, a surname (nr) opening 2-3 characters will do
        run = m.group(1)
        n = next((k for k in (3, 2) if len(run) >= k and run[-k] in SURNAMES), 0)
    if n == 0:
        return None
    run = m.group(1)
    n = _with_surname(run, n, lex)
    start = m.end(1) - n
    head = run[: len(run) - n]
    if len(head) >= 3 and head[-1] in "和与、":  # 黄海南和钟伟（2007）
        other = _name_at_end(jieba_cut(head[:-1]), lex)
        if other:
            start -= _with_surname(head[:-1], other, lex) + 1
    return start


def _with_surname(run: str, n: int, lex: _Lexicon) -> int:
    """Grow a two-character name that jieba does not know by the surname before it (曾|为众 -> 曾为众, 黄|海南)."""
    if n == 2 and len(run) > 2 and run[-3] in SURNAMES and not lex.tags.get(run[-2:], "").startswith("nr"):
        return 3
    return n


def protected_spans(
    text: str, start: int = 0, end: int | None = None, *, lang: str = "zh"
) -> list[tuple[int, int, str]]:
    """Spans of ``text[start:end]`` kept whole, as (start, end, tag), in order.

    >>> protected_spans("增长3.6万人，占23.4%［1］")
    [(2, 6, 'num'), (9, 14, 'num'), (14, 17, 'cite')]
    """
    end = len(text) if end is None else end
    lex = lexicon()
    spans: list[tuple[int, int, str]] = []
    units = lex.freq
    for m in RE_PROTECT.finditer(text, start, end):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "year":
            if spans and spans[-1][2] == "cite" and not text[spans[-1][1] : s].strip():
                # 王发明等[13] (2013): the marker was protected already; the name comes before it
                marker = spans[-1]
                name_start = _author_before(text, spans[-2][1] if len(spans) > 1 else start, marker[1], lex)
                if name_start is not None and name_start < marker[0]:
                    spans[-1] = (name_start, e, "cite")
                continue
            name_start = _author_before(text, spans[-1][1] if spans else start, s, lex)
            if name_start is None:
                continue  # 报告(2014): a year in brackets, left to jieba
            s, kind = name_start, "cite"
        elif kind == "num":
            e = _trim_unit(text, m, units)
        elif kind == "latin" and lang != "zh":
            continue  # in English text, ordinary words are not protected
        spans.append((s, e, kind))
    return spans


def _trim_unit(text: str, m: re.Match, freq: dict[str, int]) -> int:
    """End of a number token: a one-character unit that starts a longer word goes back to jieba (1 人口, 5 个人)."""
    e = m.end()
    last = text[e - 1]
    if last in _TRIMMABLE and e < len(text):
        for k in (1, 2):
            longer = last + text[e : e + k]
            if len(longer) == k + 1 and freq.get(longer, 0) > 0 and longer not in _UNIT_SET:
                e -= 1
                while text[e - 1] in " \u00a0":
                    e -= 1
                break
    return e


_UNIT_SET = frozenset(_UNITS) | frozenset(_MAGS)
_TRIMMABLE = (frozenset(_UNITS) - frozenset(_MAGS)) | {"年"}  # never a magnitude: 3.6万平方米 keeps 万


_SPACY = None


def spacy_language():
    """``spacy.blank("zh")`` with the jieba segmenter, loaded once, sharing jieba (and so the user dictionary).

    spaCy 3.8's ``ChineseTokenizer`` calls ``jieba.cut(text, cut_all=False)`` on jieba's global default tokenizer
    and builds a ``Doc`` from the words; it has no user-dictionary option of its own, so the dictionary is loaded
    into that global tokenizer by :func:`jieba_with_userdict`.
    """
    global _SPACY
    if _SPACY is None:
        jieba_with_userdict()
        import spacy

        with _LOCK:
            if _SPACY is None:
                _SPACY = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    return _SPACY


def _spacy_cut(piece: str) -> list[str]:
    return [t.text for t in spacy_language().tokenizer(piece)]


def tokenize(text: str, start: int = 0, end: int | None = None, *, lang: str = "zh", engine: str = "jieba") -> tuple[
    list[tuple[str, str]], list[tuple[int, int]]
]:
    """Tokens of ``text[start:end]`` as (word, tag) and the (start, end) offsets of its citation tokens.

    ``engine="spacy"`` cuts the unprotected pieces with :func:`spacy_language` instead of calling jieba directly.

    >>> tokenize("见［1］。", lang="zh")
    ([('见', 'v'), ('［1］', 'cite'), ('。', 'x')], [(1, 4)])
    """
    end = len(text) if end is None else end
    lex = lexicon()
    cut = jieba_cut if engine == "jieba" else _spacy_cut
    out_tags = lex.out_tags
    tokens: list[tuple[str, str]] = []
    cites: list[tuple[int, int]] = []
    pos = start
    for s, e, kind in (*protected_spans(text, start, end, lang=lang), (end, end, "")):
        if s > pos:
            for w in cut(text[pos:s]):
                tag = out_tags.get(w)  # one lookup: user-dictionary terms map to "term"
                if tag is None:
                    if w.isspace():
                        continue
                    tag = out_tags[w] = tag_of(w, lex)  # remembered: unknown words recur
                tokens.append((w, tag))
        if e > s:
            tokens.append((text[s:e], kind))
            if kind == "cite":
                cites.append((s, e))
        pos = e
    return tokens, cites


def words(text: str) -> list[tuple[str, str]]:
    """Words of ``text`` as (word, tag): the segment stage's tokenizer, dictionary and protection.

    Protected tokens carry ``cite``, ``num``, ``latin`` or ``term`` instead of a POS tag.

    >>> words("工业总产值合计 1 万亿元")
    [('工业', 'n'), ('总产值', 'n'), ('合计', 'vn'), ('1 万亿元', 'num')]
    """
    return tokenize(text)[0]
