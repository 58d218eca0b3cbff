"""Offset maps: where a character of a derived text came from in the text it was derived from.

A map is a sorted list of breakpoints ``(dst, src)``: a destination offset ``d`` maps to ``s + (d - dst)`` for
the last breakpoint ``(dst, s)`` with ``dst <= d``. Copies of the source are one run; every replacement starts a
new run, so an offset inside replaced text maps into (or just past) the text it replaced.

>>> new, omap = apply_replacements("产业集\\n群", [Replacement(3, 4, "")])
>>> new, omap.to_source(3)
('产业集群', 4)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Replacement:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


class OffsetMap:
    """A piecewise-linear map from offsets of a derived text to offsets of its source."""

    __slots__ = ("_dst", "_src")

    def __init__(self, breakpoints: "list[tuple[int, int]] | list[list[int]] | None" = None):
        points = sorted({(int(d), int(s)) for d, s in (breakpoints or [(0, 0)])})
        dst: list[int] = []
        src: list[int] = []
        for d, s in points:
            if dst and dst[-1] == d:  # keep the last breakpoint at the same destination
                src[-1] = s
                continue
            if dst and s - src[-1] == d - dst[-1]:  # collinear with the run before: redundant
                continue
            dst.append(d)
            src.append(s)
        self._dst = dst
        self._src = src

    @classmethod
    def identity(cls) -> "OffsetMap":
        return cls([(0, 0)])

    @property
    def breakpoints(self) -> list[list[int]]:
        return [[d, s] for d, s in zip(self._dst, self._src)]

    def to_source(self, pos: int) -> int:
        i = bisect.bisect_right(self._dst, pos) - 1
        if i < 0:
            return pos
        return self._src[i] + (pos - self._dst[i])

    def compose(self, inner: "OffsetMap") -> "OffsetMap":
        """``self`` maps A to B and ``inner`` maps B to C: return the map from A to C."""
        points: list[tuple[int, int]] = []
        for i, (d, s) in enumerate(zip(self._dst, self._src)):
            points.append((d, inner.to_source(s)))
            run_end = self._dst[i + 1] - d if i + 1 < len(self._dst) else None
            lo = bisect.bisect_right(inner._dst, s)
            for j in range(lo, len(inner._dst)):
                b = inner._dst[j]
                if run_end is not None and b >= s + run_end:
                    break
                points.append((d + (b - s), inner._src[j]))
        return OffsetMap(points)


def apply_replacements(text: str, replacements: list[Replacement]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping replacements; return the new text and its map back to ``text``.

    >>> apply_replacements("R & D", [Replacement(1, 2, ""), Replacement(3, 4, "")])[0]
    'R&D'
    """
    parts: list[str] = []
    points: list[tuple[int, int]] = [(0, 0)]
    pos = 0
    out = 0
    for rep in sorted(replacements, key=lambda r: (r.start, r.end)):
        if rep.start < pos:
            raise ValueError(f"overlapping replacement at {rep.start}")
        parts.append(text[pos : rep.start])
        out += rep.start - pos
        points.append((out, rep.start))
        parts.append(rep.new)
        out += len(rep.new)
        points.append((out, rep.end))
        pos = rep.end
    parts.append(text[pos:])
    return "".join(parts), OffsetMap(points)


class TextBuilder:
    """Build a text from pieces of a source text, keeping the map back to the source.

    >>> b = TextBuilder()
    >>> b.append("标题", 10), b.append("正文", 20)
    ((0, 2), (3, 5))
    >>> b.text, b.offset_map().to_source(3)
    ('标题\\n正文', 20)
    """

    def __init__(self, separator: str = "\n"):
        self._parts: list[str] = []
        self._len = 0
        self._sep = separator
        self._points: list[tuple[int, int]] = [(0, 0)]
        self._last_src_end = 0

    def append(self, piece: str, src_start: int, piece_map: OffsetMap | None = None) -> tuple[int, int]:
        """Append ``piece`` (which starts at ``src_start`` in the source); return its (start, end) here.

        ``piece_map`` maps offsets in ``piece`` to offsets in the source when the piece is not a plain copy.
        """
        if self._parts:
            self._points.append((self._len, self._last_src_end))
            self._parts.append(self._sep)
            self._len += len(self._sep)
        start = self._len
        if piece_map is None:
            self._points.append((start, src_start))
            self._last_src_end = src_start + len(piece)
        else:
            for d, s in piece_map.breakpoints:
                self._points.append((start + d, s))
            self._last_src_end = piece_map.to_source(len(piece))
        self._parts.append(piece)
        self._len += len(piece)
        return start, self._len

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def offset_map(self) -> OffsetMap:
        return OffsetMap(self._points)
