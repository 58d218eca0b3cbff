"""Word clusters for the tag classifier: each word of a sentence also counts as its cluster (``c:17``), so a word
the labelled sentences lack is still read like the words used as it is (硅谷 with 科技园; 加强 with 强化, 深化).

The clusters are learnt without labels from the full texts of the ChinaXiv development papers: word2vec
(skip-gram, 100 dimensions, window 5, words seen at least 3 times) over the words :func:`pipeline.segment.words`
gives, then k-means (200 clusters) over the unit-length word vectors. ``resources/tag_word_clusters.tsv`` holds the
result (word, cluster); ``python -m pipeline build-word-clusters`` rebuilds it, with one worker thread and a fixed
hash for gensim's seeding so the same texts give the same file.

>>> build_clusters([["政府", "应", "加强", "监管"], ["企业", "应", "加强", "创新"]] * 20, k=2, min_count=3) \\
...     == build_clusters([["政府", "应", "加强", "监管"], ["企业", "应", "加强", "创新"]] * 20, k=2, min_count=3)
True
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pipeline.resources import RESOURCES, read_data_lines

CLUSTERS_FILE = RESOURCES / "tag_word_clusters.tsv"
DIM, WINDOW, MIN_COUNT, EPOCHS = 100, 5, 3, 10  # word2vec's settings (and the file header's)
RE_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
HEADER = """\
# Word clusters for the tag classifier (pipeline/tag/clusters.py): a word, a tab, its cluster number.
# Learnt without labels from the full texts of the {papers} ChinaXiv papers listed in dev_ids.txt
# (../shared/data/chinaxiv/fulltext_md, CC BY 4.0: the papers' authors, via ChinaXiv): word2vec skip-gram,
# {DIM} dimensions, window {WINDOW}, {EPOCHS} epochs, words seen at least {MIN_COUNT} times, then k-means ({k} clusters)
# over the unit-length vectors. Only words and cluster numbers are kept, no text. Rebuild:
#   python -m pipeline build-word-clusters ../shared/data/chinaxiv/fulltext_md --ids ../shared/data/chinaxiv/dev_ids.txt
# Licence: CC BY 4.0 (derived from the papers above).
"""


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, str]:
    """The shipped clusters, word -> feature name ``c:<n>``, read once per process."""
    out = {}
    for line in read_data_lines(CLUSTERS_FILE):
        word, cluster = line.split("\t")
        out[word] = "c:" + cluster
    return out


def cluster_features(words: Iterable[str]) -> set[str]:
    """The cluster features of some words (words without a cluster give none).

    >>> clusters = word_clusters()
    >>> cluster_features(["加强", "强化"]) == {clusters["加强"], clusters["强化"]}
    True
    >>> cluster_features(["不在词表里的词"])
    set()
    """
    get = word_clusters().get
    found = set(map(get, words))
    found.discard(None)
    return found


def text_sentences(text: str) -> list[list[str]]:
    """The words (whitespace left out) of each sentence-like piece of a paper's text: its lines, split after
    。！？；!?; (pieces shorter than 4 characters are skipped).

    >>> text_sentences("政府应加强监管。企业应创新\\n图1")
    [['政府', '应', '加强', '监管', '。'], ['企业', '应', '创新']]
    """
    from pipeline.segment import words

    out = []
    for line in text.splitlines():
        for piece in RE_SENTENCE_END.split(line.strip()):
            if len(piece) >= 4:
                out.append([w for w, _ in words(piece) if w.strip()])
    return out


def _stable_hash(text: str) -> int:
    """gensim seeds each word's starting vector with ``hashfxn(word + seed)``; Python's ``hash`` of a string
    changes from process to process, CRC-32 does not."""
    return zlib.crc32(text.encode("utf-8"))


def build_clusters(sentences: list[list[str]], *, k: int = 200, dim: int = DIM, window: int = WINDOW,
                   min_count: int = MIN_COUNT, epochs: int = EPOCHS, seed: int = 1) -> dict[str, int]:
    """word -> cluster (0..k-1) from tokenised sentences: word2vec, then k-means over unit-length vectors."""
    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import KMeans

    model = Word2Vec(sentences, vector_size=dim, window=window, min_count=min_count, workers=1, seed=seed,
                     epochs=epochs, sg=1, hashfxn=_stable_hash)
    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    labels = KMeans(n_clusters=min(k, len(vectors)), n_init=1, random_state=0).fit(vectors).labels_
    return dict(sorted(zip(model.wv.index_to_key, map(int, labels))))


def write_clusters(path: Path, clusters: dict[str, int], *, papers: int, k: int) -> int:
    """Write the clusters that :func:`build_clusters` learnt with its default settings from ``papers`` papers
    (header, then word<TAB>cluster sorted by word) atomically; returns how many words it holds."""
    from pipeline.emit import write_atomic

    # a word opening with "#" would read as a comment line; tabs and line breaks would break the format
    lines = [f"{w}\t{c}\n" for w, c in sorted(clusters.items()) if not w.startswith("#") and "\t" not in w
             and len(w.splitlines()) == 1]
    header = HEADER.format(papers=papers, k=k, DIM=DIM, WINDOW=WINDOW, EPOCHS=EPOCHS, MIN_COUNT=MIN_COUNT)
    write_atomic(path, (header + "".join(lines)).encode("utf-8"))
    return len(lines)
