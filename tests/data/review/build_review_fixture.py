"""Build the review fixture ``papers/<paper_id>.json`` from sentences of seed paper 000 (run once by hand).

The sentences are copied from ``corpus/000_fc8dbeff8e1ab409.txt`` (line breaks of the PDF export joined);
the tags are hand-written, some deliberately wrong so that a reviewer has something to reject or relabel.

    PYTHONPATH=. .venv/bin/python tests/data/review/build_review_fixture.py
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SEED = REPO / "corpus" / "000_fc8dbeff8e1ab409.txt"

# (id, kind, lang, section, paragraph break before?, text)
UNITS = [
    ("c0", "title", "zh", None, "产业集群政策研究"),
    ("c1", "abstract", "zh", None, "产业集群是当代经济世界的一个重要现象 ,也是已被实践证明了的有效的区域经济组织形式。"),
    ("c2", "abstract", "zh", None, "然而在促进产业集群发展的问题上 ,政府应扮演什么角色则一直是争论的焦点。"),
    ("c3", "abstract", "zh", None, "因此 ,研究地方政府应如何发挥作用以及主要发挥什么样的作用 ,以积极参与并促进区域产业集群的形成和"
     "健康持续发展 ,就成了摆在我们面前的一个比较紧迫的课题。"),
    ("c4", "abstract", "en", None, "The paper analyzes backgrounds and characteristics or policies for industrial clusters."),
    ("c5", "abstract", "en", None, "It probes into government role in implementing policies for industrial clusters and "
     "proposes the principles of designing whole industrial clusters"),
    ("c6", "heading", "zh", "s1", "一、问题的题出"),
    ("c7", "body", "zh", "s1", "据浙江省经贸委调查 ,2003 年 ,浙江全省工业总产值在 10亿元以上的制造业产业集群有 149个 ,"
     "工业总产值合计 1 万亿元 ,约占全省制造业总量的 50 % ,这些星罗棋布的产业群已经成为浙江开拓国际、国内市场的生产基地。"),
    ("c8", "body", "zh", "s1", "像绍兴的纺织企业 ,高达 20 %的企业处于停产或半停产状态。"),
    ("c9", "body", "zh", "s1", "有专家提议政府 ,不要迷信行政手段会比市场高明 ,不要乱开治理的药方。"),
    ("c10", "heading", "zh", "s2", "二、产业集群政策研究的文献回顾"),
    ("c11", "body", "zh", "s2", "Langendijk认为 ,政府应根据集群的不同发展模式选择相应的政策。"),
    ("c12", "body", "zh", "s2", "波特 (1998)认为 ,为了促进产业集群的发展 ,合理的宏观经济政策是必要的 ,却不是充分的。"),
    ("c13", "heading", "zh", "s3", "四、政府集群政策的作用空间"),
    ("c14", "heading", "zh", "s4", "(四)塑造信任、合作的社会文化环境 ,积极倡导集群文化的形成"),
    ("c15", "body", "zh", "s4", "地方政府应运用舆论的力量 ,大力宣传、引导集群文化的形成。"),
    ("c16", "body", "zh", "s4", "地方政府在必要时应介入 ,运用法律、行政手段等对危及集群整体的败德行为加以干预。"),
    ("c17", "body", "zh", "s4", "积极引导和推动企业建立行业自律性社团组织 ,政府监管与行业自律并举 ,共同规范市场秩序 ,制止无序竞争。"),
]
# Sentences sharing a paragraph are joined without a separator; paragraphs are joined by "\n".
PARAGRAPHS = [["c0"], ["c1", "c2", "c3"], ["c4", "c5"], ["c6"], ["c7", "c8"], ["c9"], ["c10"], ["c11", "c12"],
              ["c13"], ["c14"], ["c15", "c16", "c17"]]
SECTIONS = [
    {"id": "s1", "number": "一、", "title": "问题的题出", "level": 1, "parent": None, "sentence": "c6"},
    {"id": "s2", "number": "二、", "title": "产业集群政策研究的文献回顾", "level": 1, "parent": None, "sentence": "c10"},
    {"id": "s3", "number": "四、", "title": "政府集群政策的作用空间", "level": 1, "parent": None, "sentence": "c13"},
    {"id": "s4", "number": "(四)", "title": "塑造信任、合作的社会文化环境 ,积极倡导集群文化的形成", "level": 2,
     "parent": "s3", "sentence": "c14"},
]


def _tag(tid, label, evidence, conf, source, **attrs):
    return {"id": tid, "label": label, "evidence_type": evidence, "confidence": conf, "source": source,
            "attributes": {"references": [], **attrs}, "review": None}


TAGS = {
    "c2": [_tag("t1", "policy_recommendation", None, 0.41, "rule:rec.modal_ying", actor="政府", strength="should",
                cue="应")],
    "c7": [_tag("t2", "cited_evidence", "statistic", 0.93, "rule:evi.percent_number", cue="50 %")],
    "c9": [_tag("t3", "policy_recommendation", None, 0.58, "model:rec-lr@0.1.0", actor="政府", cue="不要")],
    "c11": [_tag("t4", "cited_evidence", "case", 0.47, "rule:evi.author_renwei", cue="Langendijk认为"),
            _tag("t5", "policy_recommendation", None, 0.66, "rule:rec.modal_ying", actor="政府", strength="should",
                 cue="应")],
    "c12": [_tag("t6", "cited_evidence", "citation", 0.88, "rule:evi.author_year", cue="波特 (1998)")],
    "c15": [_tag("t7", "policy_recommendation", None, 0.91, "rule:rec.modal_ying", actor="地方政府",
                 strength="should", instrument="environment", action="运用舆论的力量", cue="应")],
    "c16": [_tag("t8", "policy_recommendation", None, 0.86, "rule:rec.modal_ying", actor="地方政府",
                 strength="should", cue="应")],
}


def _tokens(text: str) -> list[list[str]]:
    import jieba.posseg

    return [[w.word, w.flag] for w in jieba.posseg.lcut(text) if w.word.strip()]


def build() -> dict:
    units = {u[0]: u for u in UNITS}
    pieces, offsets = [], {}
    pos = 0
    for n, para in enumerate(PARAGRAPHS):
        if n:
            pieces.append("\n")
            pos += 1
        for sid in para:
            t = units[sid][4]
            offsets[sid] = (pos, pos + len(t))
            pieces.append(t)
            pos += len(t)
    text = "".join(pieces)
    para_of = {sid: f"p{n}" for n, para in enumerate(PARAGRAPHS) for sid in para}
    sentences = []
    for sid, kind, lang, section, t in UNITS:
        start, end = offsets[sid]
        sentences.append({"id": sid, "kind": kind, "lang": lang, "section": section, "paragraph": para_of[sid],
                          "start": start, "end": end, "text": t, "tokens": _tokens(t), "tags": TAGS.get(sid, [])})
    paragraphs = []
    for n, para in enumerate(PARAGRAPHS):
        first = units[para[0]]
        paragraphs.append({"id": f"p{n}", "kind": first[1], "lang": first[2], "section": first[3],
                           "start": offsets[para[0]][0], "end": offsets[para[-1]][1]})
    zh = (offsets["c1"][0], offsets["c3"][1])
    en = (offsets["c4"][0], offsets["c5"][1])
    raw = SEED.read_bytes()
    from pipeline import __version__

    return {
        "schema_version": "1.0.0",
        "paper_id": hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        "generator": {"name": "pipeline", "version": __version__, "config_hash": "0" * 16},
        "source": {"path": "corpus/000_fc8dbeff8e1ab409.txt", "sha256": hashlib.sha256(raw).hexdigest(),
                   "format": "txt", "encoding": "utf-8", "size_bytes": len(raw)},
        "text": text,
        "title": {"zh": "产业集群政策研究", "en": None},
        "authors": ["王发明", "周才明"],
        "affiliations": ["浙江大学 公共管理学院"],
        "abstract": {
            "zh": {"text": text[zh[0]:zh[1]], "start": zh[0], "end": zh[1], "sentences": ["c1", "c2", "c3"]},
            "en": {"text": text[en[0]:en[1]], "start": en[0], "end": en[1], "sentences": ["c4", "c5"]},
            "alignment": [{"zh": ["c1", "c2"], "en": ["c4"], "score": 0.38},
                          {"zh": ["c3"], "en": ["c5"], "score": 0.71}],
        },
        "sections": SECTIONS,
        "paragraphs": paragraphs,
        "sentences": sentences,
    }


if __name__ == "__main__":
    from pipeline.emit import check_document, render_document, write_atomic
    from pipeline.model import Document

    doc = Document.model_validate(build())
    data = render_document(doc)
    import json

    problems = check_document(json.loads(data))
    assert not problems, problems
    write_atomic(HERE / "papers" / f"{doc.paper_id}.json", data)
    print(doc.paper_id, len(doc.sentences), "sentences", sum(len(s.tags) for s in doc.sentences), "tags")
