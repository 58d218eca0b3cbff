"""Features of one sentence for the tag classifier: character 1-2-grams (digits read as 0), words and their
clusters, the kinds of names among them (part-of-speech tags of places, organisations, persons, Latin words) and
the rules' findings.

The same function serves training and tagging, so a model sees at run time exactly what it was trained on.

>>> fs = sentence_features("政府应加强培训。", [("政府", "n"), ("应", "v"), ("加强", "v"), ("培训", "vn"), ("。", "x")],
...                        Context())
>>> "r:cue:rec.modal.ying" in fs and "w:加强" in fs and "加强" in fs
True
>>> "00" in sentence_features("占50%", [("占", "v"), ("50%", "num")], Context())
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from functools import lru_cache

from pipeline.tag.clusters import cluster_features
from pipeline.tag.rules import Context, RuleView, is_section_title, view

DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
NGRAM_SIZES = (1, 2)  # 3-grams gave no gain in leave-one-paper-out CV on the tune split and cost time
# part-of-speech tags of names (jieba's place, organisation, other proper noun, person, abbreviation such as 工研院;
# our Latin words) and of the protected tokens: present ones become features (p:ns ...)
NAME_POS = frozenset({"ns", "nt", "nz", "nr", "nrt", "j", "latin"})
FEATURE_POS = NAME_POS | {"num", "cite"}
Token = tuple[str, str]


def rule_features(v: RuleView, context: Context, text: str) -> list[str]:
    """Names of the rule findings of a sentence (``r:...``)."""
    out = [f"r:kind:{context.kind}"]
    if context.in_rec_section:
        out += ["r:in_rec", f"r:in_rec:{context.kind}"]
    if context.kind == "heading" and is_section_title(text):
        out.append("r:section_title")
    if context.in_desc_section:
        out += ["r:in_desc", f"r:in_desc:{context.kind}"]
    if context.in_action_section:
        out += ["r:in_action", f"r:in_action:{context.kind}", f"r:in_action&imperative:{v.imperative is not None}",
                f"r:in_action&cue:{bool(v.cues)}"]
    if context.under_action_headings:
        out += ["r:under_actions", f"r:under_actions:{context.kind}", f"r:under_actions&rec:{context.in_rec_section}"]
    if context.section_rec_share:
        out += [f"r:share:{context.section_rec_share}", f"r:share:{context.section_rec_share}&rec:{context.in_rec_section}"]
    if context.announced:
        out.append("r:announced")
    if context.salient_name:
        out += [f"r:salient_name:{context.salient_name}"]
    if context.prev_rec:
        out += ["r:prev_rec", f"r:prev_rec&rec:{context.in_rec_section}"]
    for c in v.cues:
        out += [f"r:cue:{c.rule}", f"r:strength:{c.strength}"]
    if v.cues:
        out.append(f"r:first_cue:{v.cues[0].rule}")
        if context.in_rec_section:
            out.append(f"r:in_rec&cue:{v.cues[0].strength}")
    if v.imperative:
        out += ["r:imperative", f"r:imperative&in_rec:{context.in_rec_section}"]
    if v.recommendation:
        out += ["r:rec", f"r:rec:{v.recommendation.rule}"]
    out += [f"r:{flag}" for flag in v.flags]
    for h in v.evidence:
        out += [f"r:ev:{h.rule}", f"r:evkind:{h.kind}"]
    return out


def char_ngrams(norm: str, n: int) -> Iterable[str]:
    """The character n-grams of ``norm`` in order, with repeats.

    >>> list(char_ngrams("政府应", 2))
    ['政府', '府应']
    """
    if n == 1:
        return norm
    if n == 2:  # the common case without a Python-level loop
        return map(str.__add__, norm, norm[1:])
    return (norm[i:i + n] for i in range(len(norm) - n + 1))


@lru_cache(maxsize=1 << 17)
def word_feature(word: str) -> str:
    """``w:<word>`` with digits read as 0; ``w:`` for a blank word (strip() and isspace() agree on blanks).
    Cached: a paper repeats its words, and a corpus its vocabulary."""
    return "w:" + word.translate(DIGITS_TO_ZERO).strip()


def sentence_features(text: str, tokens: list[Token], context: Context, rules: RuleView | None = None) -> list[str]:
    """De-duplicated feature names of a sentence given its text and tokens ([word, pos]), in no particular order."""
    v = rules or view(text, context)
    norm = "".join(text.translate(DIGITS_TO_ZERO).split())
    # character n-grams are used bare (the cheapest key); words, parts of speech and rule findings carry "w:" / "p:" /
    # "r:" prefixes, which make them longer than any n-gram, so they never collide
    feats = other_features(text, tokens, context, v)
    for n in NGRAM_SIZES:
        feats.update(char_ngrams(norm, n))
    return list(feats)


# Every Unicode whitespace character (what str.split() removes) is at most U+3000.
WHITESPACE_CODES = tuple(i for i in range(0x3001) if chr(i).isspace())
_BIGRAM_SHIFT = 21  # code points are < 2**21: an n-gram's key is its code points packed into one integer (< 2**42)
_OWNER_BITS = 21  # a key and a sentence number < 2**21 fit in one int64


def ngram_key(gram: str) -> int:
    """The integer key of a 1- or 2-character n-gram (distinct for distinct n-grams)."""
    if len(gram) == 1:
        return ord(gram)
    return ((ord(gram[0]) + 1) << _BIGRAM_SHIFT) | ord(gram[1])


def _code_points(text: str):
    """The code points of ``text`` as an int64 numpy array."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


class NgramColumns:
    """The character n-gram features of a vocabulary (feature name -> column), looked up for a batch of sentences
    at once with numpy: the same n-grams as :func:`sentence_features`, without building their strings.

    >>> index = {"政": 0, "政府": 1, "00": 2, "w:政府": 3, "应": 4, "府应": 5}
    >>> owner, cols = NgramColumns(index).rows(["政府 应", "占 5 0", "政府政府"])
    >>> sorted(zip(owner.tolist(), cols.tolist()))
    [(0, 0), (0, 1), (0, 4), (0, 5), (1, 2), (2, 0), (2, 1)]
    """

    def __init__(self, index: dict[str, int]):
        import numpy as np

        assert set(NGRAM_SIZES) <= {1, 2}, "the batch lookup packs 1- and 2-grams only"
        # n-grams are the only names of at most two characters ("w:"/"r:" names are longer); their keys
        # (:func:`ngram_key`) are computed for all of them at once
        ones = [(name, col) for name, col in index.items() if len(name) == 1]
        twos = [(name, col) for name, col in index.items() if len(name) == 2]
        one_codes = _code_points("".join(name for name, _ in ones))
        two_codes = _code_points("".join(name for name, _ in twos)).reshape(-1, 2)
        keys = np.concatenate([one_codes, ((two_codes[:, 0] + 1) << _BIGRAM_SHIFT) | two_codes[:, 1]])
        columns = np.array([col for _, col in ones] + [col for _, col in twos], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self.keys, self.columns = keys[order], columns[order]
        self.blank = np.zeros(0x3002, dtype=bool)  # code point (capped at U+3001) -> whitespace
        self.blank[list(WHITESPACE_CODES)] = True

    def rows(self, texts: list[str]):
        """(owner, column) numpy arrays: each distinct known n-gram of ``texts[owner]`` once (in no useful order)."""
        import numpy as np

        assert len(texts) < 1 << _OWNER_BITS, "too many texts in one batch"
        codes = _code_points("".join(texts))
        owner = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
        keep = ~self.blank[np.minimum(codes, 0x3001)]
        codes, owner = codes[keep], owner[keep]
        codes[(codes >= ord("1")) & (codes <= ord("9"))] = ord("0")  # DIGITS_TO_ZERO
        keys, owners = [], []
        if 1 in NGRAM_SIZES:
            keys.append(codes)
            owners.append(owner)
        if 2 in NGRAM_SIZES:
            same = owner[:-1] == owner[1:]
            keys.append((((codes[:-1] + 1) << _BIGRAM_SHIFT) | codes[1:])[same])
            owners.append(owner[:-1][same])
        # (n-gram, sentence) pairs packed into one integer, sorted (a fast search of the vocabulary) and deduplicated
        cells = np.sort((np.concatenate(keys) << _OWNER_BITS) | np.concatenate(owners))
        first = np.ones(len(cells), dtype=bool)
        first[1:] = cells[1:] != cells[:-1]
        cells = cells[first]
        keys = cells >> _OWNER_BITS
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        known = self.keys[at] == keys if len(self.keys) else np.zeros(len(keys), dtype=bool)
        return cells[known] & ((1 << _OWNER_BITS) - 1), self.columns[at[known]]


def other_features(text: str, tokens: list[Token], context: Context, rules: RuleView) -> set[str]:
    """The features of :func:`sentence_features` that are not character n-grams: those of its tokens
    (:func:`token_features`) and of its context (:func:`context_features`).

    >>> fs = other_features("加强培训。", [("加强", "v"), ("培训", "vn")],
    ...                     Context(titles=("5结论与政策建议", "5.2加强人才队伍建设")), view("加强培训。"))
    >>> sorted(f for f in fs if f.startswith("t"))
    ['t:政策建议', 't:结论', 'ti:人才队伍', 'ti:加强', 'ti:建设']
    """
    feats = context_features(text, context, rules)
    for word, pos in tokens:
        feats.update(token_features(word, pos))
    return feats


@lru_cache(maxsize=1 << 18)
def token_features(word: str, pos: str) -> frozenset[str]:
    """What one token adds to a sentence's features: its word ``w:`` (digits read as 0; none for a blank), its
    word cluster ``c:`` (:mod:`pipeline.tag.clusters`), its part of speech ``p:`` if a name's or a protected token's.
    Cached: a paper repeats its words, and a corpus its vocabulary.

    >>> sorted(token_features("美国", "ns")), sorted(token_features(" ", "x"))
    (['c:81', 'p:ns', 'w:美国'], [])
    """
    feats = set(cluster_features((word,)))
    feats.add(word_feature(word))
    feats.discard("w:")
    if pos in FEATURE_POS:
        feats.add(f"p:{pos}")
    return frozenset(feats)


def context_features(text: str, context: Context, rules: RuleView) -> set[str]:
    """The features of a sentence that are not its own words: rule findings, and the words of the titles of its
    top-level section ``t:`` and of its innermost one ``ti:``, which tell a section's genre beyond the title lists
    of the rules."""
    feats = set(rule_features(rules, context, text))
    if context.titles:
        feats.update(f"t:{w}" for w in title_words(context.titles[0]))
        if len(context.titles) > 1:
            feats.update(f"ti:{w}" for w in title_words(context.titles[-1]))
    return feats


@lru_cache(maxsize=4096)
def title_words(title: str) -> frozenset[str]:
    """The words of two characters or more of a section title, numbers left out (cached: titles repeat)."""
    from pipeline.segment import words

    return frozenset(w for w, _ in words(title) if len(w) > 1 and any(ch.isalpha() for ch in w))


def names_of(tokens: list[Token]) -> set[str]:
    """The names among a sentence's tokens: words of two characters or more tagged as a place, organisation,
    person, other proper noun, abbreviation or Latin word.

    >>> sorted(names_of([("甘南", "ns"), ("高原", "ns"), ("农户", "n"), ("CCG", "latin"), ("R", "latin")]))
    ['CCG', '甘南', '高原']
    """
    return {w for w, pos in tokens if pos in NAME_POS and len(w) > 1}


def name_salience(groups: list[Hashable], tokens: list[list[Token]]) -> list[str]:
    """For each sentence, how salient its most repeated name is in its group of sentences (the top-level section
    it belongs to): "5" when that name occurs in at least 5 sentences of the group, "3" for 3-4, else "". A
    paper's study area or subject organisation (甘南高原, CCG) recurs, and its sentences are cases.

    >>> name_salience(["a", "a", "a", "b"], [[("CCG", "latin")], [("CCG", "latin")], [("CCG", "latin"), ("美国", "ns")],
    ...                                     [("CCG", "latin")]])
    ['3', '3', '3', '']
    """
    names = [names_of(t) for t in tokens]
    counts: dict[Hashable, Counter] = {}
    for group, found in zip(groups, names):
        counts.setdefault(group, Counter()).update(found)
    out = []
    for group, found in zip(groups, names):
        best = max(map(counts[group].__getitem__, found), default=0)
        out.append("5" if best >= 5 else "3" if best >= 3 else "")
    return out
