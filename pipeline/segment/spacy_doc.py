"""A spaCy ``Doc`` built from a sentence's tokens, for stages that want spaCy's Span/``doc.spans`` while they run.

The ``Doc`` shares the vocabulary of :func:`pipeline.segment.tokenizer.spacy_language` (``spacy.blank("zh")`` with
the jieba segmenter); its words are exactly the sentence's tokens (protected ones stay whole), ``token.tag_`` is
the token's tag; runs of several spaces between tokens become one, so ``doc.text`` equals the sentence text when its
whitespace is single spaces. It must not leave the stage that builds it: the
document model holds only plain data.
"""

from __future__ import annotations

from pipeline.model import Sentence
from pipeline.segment.tokenizer import spacy_language


def to_spacy_doc(sentence: Sentence):
    """The sentence as a spaCy ``Doc`` (words = tokens, ``tag_`` = tag, whitespace as ``whitespace_``)."""
    from spacy.tokens import Doc

    text = sentence.text
    words, spaces, tags = [], [], []
    pos = 0
    for word, tag in sentence.tokens:
        start = text.index(word, pos)
        end = start + len(word)
        words.append(word)
        tags.append(tag)
        spaces.append(end < len(text) and text[end] == " ")
        pos = end
    return Doc(spacy_language().vocab, words=words, spaces=spaces, tags=tags)
