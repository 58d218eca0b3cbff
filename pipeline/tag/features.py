"""Features of one sentence for the tag classifier: character 1-2-grams (digits read as 0), words and the
rules' findings.

The same function serves training and tagging, so a model sees at run time exactly what it was trained on.

>>> fs = sentence_features("政府应加强培训。", ["政府", "应", "加强", "培训", "。"], Context())
>>> "r:cue:rec.modal.ying" in fs and "w:加强" in fs and "加强" in fs
True
>>> "00" in sentence_features("占50%", ["占", "50%"], Context())
True
"""

from __future__ import annotations

from pipeline.tag.rules import Context, RuleView, is_section_title, view

DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
NGRAM_SIZES = (1, 2)  # 3-grams gave no gain in leave-one-paper-out CV on the tune split and cost time


def rule_features(v: RuleView, context: Context, text: str) -> list[str]:
    """Names of the rule findings of a sentence (``r:...``)."""
    out = [f"r:kind:{context.kind}"]
    if context.in_rec_section:
        out += ["r:in_rec", f"r:in_rec:{context.kind}"]
    if context.kind == "heading" and is_section_title(text):
        out.append("r:section_title")
    if context.in_desc_section:
        out += ["r:in_desc", f"r:in_desc:{context.kind}"]
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


def sentence_features(text: str, words: list[str], context: Context, rules: RuleView | None = None) -> list[str]:
    """De-duplicated feature names of a sentence (in no particular order)."""
    v = rules or view(text, context)
    norm = "".join(text.translate(DIGITS_TO_ZERO).split())
    # character n-grams are used bare (the cheapest key); words and rule findings carry "w:" / "r:" prefixes,
    # which are longer than any n-gram, so the three never collide
    feats = {norm[i:i + n] for n in NGRAM_SIZES for i in range(len(norm) - n + 1)}
    # one translate over all words (cheaper than one per word); "\x00" never occurs in text
    joined = "\x00".join(words).translate(DIGITS_TO_ZERO)
    feats.update(["w:" + w.strip() for w in joined.split("\x00") if w and not w.isspace()])
    feats.update(rule_features(v, context, text))
    return list(feats)
