"""Data files of the pipeline (word lists, lexicons, patterns, dictionaries), each with its source and licence in
its header, and the one reader of their lines.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent


def read_data_lines(name: str | Path) -> list[str]:
    """The data lines of a resource file (a name in this folder, or a path), as written: blank lines and
    comment lines (starting with '#') left out.

    >>> read_data_lines("align_en_prefixes.txt")[0]
    'anti'
    >>> read_data_lines(RESOURCES / "align_en_prefixes.txt") == read_data_lines("align_en_prefixes.txt")
    True
    >>> any(line.startswith("#") or not line.strip() for line in read_data_lines("userdict.txt"))
    False
    """
    path = name if isinstance(name, Path) else RESOURCES / name
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
