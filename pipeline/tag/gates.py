"""Speed-up gates for regexes: the characters every match of a pattern needs, read from the pattern itself.

Most sentences lack a character some pattern cannot match without (认为 for an ``X认为`` citation, ``%`` for a
percentage), so checking the sentence's set of characters first skips most regex runs. A gate only ever skips a
regex that could not have matched: findings never change (``tests/test_tag_rules.py`` checks this on the
labelled set).

>>> needs = required_chars(r"[\\u4e00-\\u9fff]{2,4}(?:比喻|认为|指出)说?[,，:：]")
>>> ["".join(sorted(c)) for c in needs]
['为出喻', '指比认', ',:，：']
>>> gate = Gate(re.compile(r"\\d+\\s*(?:%|％)"))
>>> gate.search("占50%", set("占50%")).group(), gate.search("占五成", set("占五成"))
('50%', None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # the parse tree of the standard library's regex compiler (Python >= 3.11)
from re import _parser

MAX_CLASS = 64  # a character class larger than this (all CJK ideographs, \d, \s) filters too little to be kept
MAX_NEEDS = 4  # the most selective (smallest) character classes kept per pattern

Needs = tuple[frozenset[str], ...]


def required_chars(pattern: str, flags: int = 0) -> Needs:
    """Character classes of which every match of ``pattern`` contains at least one character each (empty: none
    known), smallest first.

    >>> ["".join(sorted(c)) for c in required_chars("据[^，。]{0,9}(?:调查|统计)")]
    ['据', '查计', '统调']
    >>> required_chars(r"\\d+年?"), required_chars("(?i)ab")
    ((), ())
    """
    parsed = _parser.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return ()
    classes = set(_sequence(parsed))
    return tuple(sorted(classes, key=lambda c: (len(c), sorted(c)))[:MAX_NEEDS])


def _sequence(items) -> list[frozenset[str]]:
    """Classes needed by a sequence of parse-tree items: what each item needs."""
    out: list[frozenset[str]] = []
    for op, av in items:
        out += _item(op, av)
    return out


def _item(op, av) -> list[frozenset[str]]:
    if op is sre.LITERAL:
        return [frozenset(chr(av))]
    if op is sre.IN:
        members = _charset(av)
        return [members] if members else []
    if op is sre.SUBPATTERN:  # (group, add_flags, del_flags, items)
        return [] if av[1] & re.IGNORECASE else _sequence(av[3])
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):  # (min, max, items)
        return _sequence(av[2]) if av[0] >= 1 else []
    if op is sre.ASSERT:  # a lookahead or lookbehind: what it matches must be in the text too
        return _sequence(av[1])
    if op is sre.BRANCH:
        return _branch([_sequence(alt) for alt in av[1]])
    return []  # ANY, NOT_LITERAL, AT (anchors), ASSERT_NOT, CATEGORY, group references: nothing certain


def _branch(alternatives: list[list[frozenset[str]]]) -> list[frozenset[str]]:
    """One class from each alternative, united, is needed by the alternation; the k-th classes are united (an
    alternative with fewer repeats its last), so 一半|过半 needs {一, 过} and {半}. An alternative that needs
    nothing makes the alternation need nothing."""
    if not alternatives or not all(alternatives):
        return []
    width = max(len(alt) for alt in alternatives)
    return [frozenset().union(*(alt[min(k, len(alt) - 1)] for alt in alternatives)) for k in range(width)]


def _charset(items) -> frozenset[str] | None:
    """Members of a positive character class of literals and small ranges, else None."""
    members: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            members.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_CLASS:
            members.update(map(chr, range(av[0], av[1] + 1)))
        else:  # NEGATE, CATEGORY (\d, \s, \w) or a large range
            return None
    return frozenset(members) if len(members) <= MAX_CLASS else None


def may_match(needs: Needs, chars: set[str]) -> bool:
    """False when ``chars`` (a text's characters) lacks every member of one of the needed classes."""
    for members in needs:
        if chars.isdisjoint(members):
            return False
    return True


@dataclass(frozen=True)
class Gate:
    """A compiled regex with its needed characters; ``search``/``match`` take the text and its set of characters."""

    rx: re.Pattern
    needs: Needs

    def __init__(self, rx: re.Pattern):
        object.__setattr__(self, "rx", rx)
        object.__setattr__(self, "needs", required_chars(rx.pattern, rx.flags))

    def search(self, text: str, chars: set[str]) -> re.Match | None:
        return self.rx.search(text) if may_match(self.needs, chars) else None

    def match(self, text: str, chars: set[str]) -> re.Match | None:
        return self.rx.match(text) if may_match(self.needs, chars) else None


class GateTable:
    """:func:`may_match` of several patterns on each text of a batch (a paper's sentences), from one numpy pass
    over the batch's characters: each needed class is one bit, a text's bits are those of its characters.

    >>> needs = [required_chars("认为|指出"), required_chars("据.{0,9}调查")]
    >>> GateTable(needs).open(["他认为", "据统计", "", "据调查"])
    [[True, False], [False, False], [False, False], [False, True]]
    """

    def __init__(self, needs: list[Needs]):
        import numpy as np

        classes = sorted({c for n in needs for c in n}, key=lambda c: (len(c), sorted(c)))
        bit = {c: i for i, c in enumerate(classes)}
        self.words = max(1, (len(classes) + 63) // 64)
        self.top = max((ord(ch) for c in classes for ch in c), default=0) + 1  # code points >= top have no bit
        self.table = np.zeros((self.top + 1, self.words), dtype=np.uint64)
        for c, i in bit.items():
            self.table[[ord(ch) for ch in c], i // 64] |= np.uint64(1 << (i % 64))
        self.need = np.zeros((len(needs), self.words), dtype=np.uint64)
        for p, n in enumerate(needs):
            for c in n:
                self.need[p, bit[c] // 64] |= np.uint64(1 << (bit[c] % 64))

    def open(self, texts: list[str]) -> list[list[bool]]:
        """For each text, for each pattern: whether the text has a character of every class the pattern needs."""
        import numpy as np

        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        bits = self.table[np.minimum(codes, self.top)]
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        has = np.zeros((len(texts), self.words), dtype=np.uint64)
        filled = lengths > 0
        if filled.any():
            has[filled] = np.bitwise_or.reduceat(bits, starts[filled], axis=0)
        return ((has[:, None, :] & self.need[None]) == self.need[None]).all(axis=2).tolist()


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, or None when unknown (a class such as \\d or ``.``
    comes first, or the pattern can match the empty string).

    >>> "".join(sorted(first_chars("(?<!务)必要|[的之]需要|应用")))
    '之应必的'
    >>> first_chars(r"\\d+%") is None
    True
    """
    parsed = _parser.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _first(list(parsed))
    return frozenset(found[0]) if found and not found[1] else None


def _first(items) -> tuple[set[str], bool] | None:
    """(first characters, can be empty) of a sequence of parse-tree items; None when unknown."""
    chars: set[str] = set()
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):  # zero-width: the next item consumes the first character
            continue
        if op is sre.LITERAL:
            found = ({chr(av)}, False)
        elif op is sre.IN:
            members = _charset(av)
            found = (set(members), False) if members else None
        elif op is sre.SUBPATTERN:
            found = None if av[1] & re.IGNORECASE else _first(av[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            inner = _first(av[2])
            found = None if inner is None else (inner[0], inner[1] or av[0] == 0)
        elif op is sre.BRANCH:
            alts = [_first(alt) for alt in av[1]]
            found = None if None in alts else (set().union(*(a[0] for a in alts)), any(a[1] for a in alts))
        else:
            return None
        if found is None:
            return None
        chars |= found[0]
        if not found[1]:
            return chars, False
    return chars, True


def hinted(rx: re.Pattern) -> re.Pattern:
    """``rx`` with a lookahead for its first characters in front: the same matches, but the regex engine skips
    positions that cannot start one quickly (several times faster for a long alternation that opens with a
    lookbehind, such as the negative cues)."""
    first = first_chars(rx.pattern, rx.flags)
    if not first:
        return rx
    members = "".join(re.escape(ch) for ch in sorted(first))
    return re.compile(f"(?=[{members}])(?:{rx.pattern})", rx.flags)
