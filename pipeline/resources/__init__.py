"""Data files of the pipeline (word lists, lexicons, patterns, dictionaries), each with its source and licence in
its header, and the one reader of their lines.
"""

from __future__ import annotations

from functools import lru_cache
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


@lru_cache(maxsize=1)
def english_words() -> tuple[str, ...]:
    """wordninja's English word list (MIT), most frequent first, read from the package's data file: importing
    wordninja would also build its own cost table, which the pipeline builds from this list where it needs it.

    >>> english_words()[:3]
    ('the', 'of', 'in')
    """
    import gzip
    import importlib.util

    origin = importlib.util.find_spec("wordninja").origin
    with gzip.open(Path(origin).with_name("wordninja") / "wordninja_words.txt.gz") as fh:
        return tuple(fh.read().decode().split())


@lru_cache(maxsize=1)
def english_word_costs() -> dict[str, float]:
    """wordninja's cost of each English word, log((rank + 1) * log(n)) as it computes them (Zipf's law; a test
    checks them equal to its ``DEFAULT_LANGUAGE_MODEL``).

    >>> round(english_word_costs()["the"], 3)
    2.463
    """
    from itertools import repeat
    from math import log
    from operator import mul

    words = english_words()
    scale = log(len(words))
    return dict(zip(words, map(log, map(mul, range(1, len(words) + 1), repeat(scale)))))  # log((i + 1) * scale)
