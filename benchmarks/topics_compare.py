"""Compare topic models on our real corpora, and time inference; the README's Topics table comes from here.

Models, each trained with seeds 1, 2, 3 at the same k:
  baseline     gensim LdaModel with default settings on plain jieba tokens (jieba.lcut, whitespace dropped)
  lda-default  gensim LdaModel with default settings on our topic words (stopwords, phrases, filter_extremes)
  lda          gensim LdaModel as configured in TrainConfig (passes, iterations, alpha/eta auto) on our words,
               terms ranked by relevance
  nmf-weight   scikit-learn NMF as configured in TrainConfig on our words (tf-idf), terms ranked by weight
  nmf          the same, terms ranked by relevance (TrainConfig.term_relevance): the default model
Measures (means over seeds): c_npmi (top 10, window 10, each model's own training texts as reference), c_v,
diversity (unique share of the top 25 words of all topics), stability (top-10 Jaccard of topics matched
one-to-one between seeds), fit CPU seconds (one thread: run under OMP_NUM_THREADS=1 taskset -c 0).

Corpora (ChinaXiv CC BY 4.0, CSL Apache-2.0, from ../shared/data):
  abstracts-dev  CSL's 531 humanities/social-science records + ChinaXiv records listed in dev_ids.txt (tuned on)
  abstracts-all  CSL's 531 + all 2,102 ChinaXiv records (the issue's acceptance corpus; not tuned on)
  paragraphs     paragraphs of the first 12 ChinaXiv dev full texts (a small paragraph corpus)

Usage:
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 .venv/bin/python benchmarks/topics_compare.py \\
      --k 15 --model models/topics --out benchmarks/topics_compare.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.topics.corpus import CorpusFilter, read_units  # noqa: E402
from pipeline.topics.train import TrainConfig, coherence_many, diversity, fit, prepare, stability  # noqa: E402

DATA = REPO.parent / "shared" / "data"
CSL = DATA / "csl" / "csl_dev_test_joined.jsonl"
CHINAXIV = DATA / "chinaxiv" / "abstract_pairs_socsci.jsonl"
DEV_IDS = DATA / "chinaxiv" / "dev_ids.txt"
FULLTEXT = DATA / "chinaxiv" / "fulltext_md"
SOCSCI = frozenset("法学 管理学 教育学 经济学 文学 哲学 历史学 艺术学 军事学".split())
SEEDS = (1, 2, 3)


class Run:
    def __init__(self, top25: list[list[str]], seconds: float):
        self.top25, self.seconds = top25, seconds

    def top_terms(self, _dictionary, n: int = 10) -> list[list[str]]:
        return [t[:n] for t in self.top25]


def corpus_units(name: str) -> list:
    dev = frozenset(DEV_IDS.read_text(encoding="utf-8").split())
    if name == "abstracts-dev":
        return list(read_units([CSL, CHINAXIV], CorpusFilter(categories=SOCSCI, keep_ids=dev)))
    if name == "abstracts-all":
        return list(read_units([CSL, CHINAXIV], CorpusFilter(categories=SOCSCI)))
    papers = sorted(p for p in FULLTEXT.glob("*.md") if p.stem in dev)[:12]
    return list(read_units(papers))


def measure(runs: list, texts, dictionary) -> dict:
    npmi = coherence_many([r.top25 for r in runs], texts, dictionary, "c_npmi", 10)
    cv = coherence_many([r.top25 for r in runs], texts, dictionary, "c_v", None)
    return {"c_npmi": round(statistics.mean(npmi), 4), "c_npmi_sd": round(statistics.pstdev(npmi), 4),
            "c_v": round(statistics.mean(cv), 4), "diversity": round(statistics.mean(diversity(r.top25) for r in runs), 4),
            "stability": stability(runs, dictionary), "fit_cpu_s": round(statistics.mean(r.seconds for r in runs), 2)}


def plain_lda_runs(units: list, k: int, kind: str, prepared=None) -> tuple[list, list, object]:
    """gensim LdaModel with default settings (only random_state set) on plain jieba or on our words."""
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    if kind == "baseline":
        import jieba

        jieba.setLogLevel(60)
        texts = [[w for w in jieba.lcut(u.text) if w.strip()] for u in units]
        dictionary = Dictionary(texts)
    else:
        texts, dictionary = list(prepared.texts), prepared.dictionary
    corpus = [dictionary.doc2bow(t) for t in texts]
    runs = []
    for seed in SEEDS:
        t0 = time.process_time()
        lda = LdaModel(corpus, num_topics=k, id2word=dictionary, random_state=seed)
        secs = time.process_time() - t0
        runs.append(Run([[w for w, _ in lda.show_topic(t, 25)] for t in range(k)], secs))
    return runs, texts, dictionary


def compare(name: str, ks: list[int], config: TrainConfig) -> list[dict]:
    units = corpus_units(name)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare(units, Path(tmp), config)
        texts = list(prepared.texts)
        for k in ks:
            for model in ("baseline", "lda-default", "lda", "nmf-weight", "nmf"):
                if model in ("baseline", "lda-default"):
                    runs, ref, dictionary = plain_lda_runs(units, k, model, prepared)
                else:
                    cfg = replace(config, k=k, term_relevance=1.0 if model == "nmf-weight" else config.term_relevance)
                    fitted = [fit(prepared, replace(cfg, seed=s), kind=model[:3]) for s in SEEDS]
                    runs = [Run(f.top_terms(prepared.dictionary, 25), f.seconds) for f in fitted]
                    ref, dictionary = texts, prepared.dictionary
                row = {"corpus": name, "units": len(units), "k": k, "model": model, **measure(runs, ref, dictionary),
                       "top_terms_seed1": [" ".join(t[:8]) for t in runs[0].top25]}
                print(json.dumps({kk: v for kk, v in row.items() if kk != "top_terms_seed1"}, ensure_ascii=False),
                      flush=True)
                rows.append(row)
    return rows


def time_inference(model_dir: Path, n: int = 20) -> dict:
    """ms per paper of assign_topics on segmented ChinaXiv dev papers (model loaded once before timing)."""
    from pipeline.config import PipelineConfig
    from pipeline.ingest import read_paper
    from pipeline.runner import STAGES
    from pipeline.topics import TopicsConfig, assign_topics

    dev = frozenset(DEV_IDS.read_text(encoding="utf-8").split())
    papers = sorted(p for p in FULLTEXT.glob("*.md") if p.stem in dev)[:n]
    config = PipelineConfig()
    tc = TopicsConfig(model_dir=str(model_dir))
    with_tokens, without_tokens, filled = [], [], 0
    for path in papers:
        doc = read_paper(path, config=config.ingest)
        for stage_name, stage in STAGES:
            if stage_name in ("clean", "structure", "segment"):
                doc = stage(doc, config)
        assign_topics(doc, tc)  # warm: loads the model once
        t0 = time.perf_counter()
        out = assign_topics(doc, tc)
        with_tokens.append((time.perf_counter() - t0) * 1000)
        filled += out.topics is not None
        bare = doc.model_copy(update={"sentences": []})
        t0 = time.perf_counter()
        assign_topics(bare, tc)
        without_tokens.append((time.perf_counter() - t0) * 1000)
    return {"papers": len(papers), "filled": filled,
            "ms_segmented_median": round(statistics.median(with_tokens), 1), "ms_segmented_max": round(max(with_tokens), 1),
            "ms_resegmenting_median": round(statistics.median(without_tokens), 1),
            "ms_resegmenting_max": round(max(without_tokens), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "topics_compare.json")
    ap.add_argument("--k", type=int, nargs="+", default=[10, 20])
    ap.add_argument("--corpora", nargs="+", default=["abstracts-dev", "abstracts-all", "paragraphs"])
    ap.add_argument("--model", type=Path, default=None, help="Also time inference with this model folder.")
    args = ap.parse_args()
    if not CSL.exists():
        sys.exit(f"data not found: {CSL}")
    result = {"rows": [], "config": vars(TrainConfig())}
    for name in args.corpora:
        result["rows"] += compare(name, args.k, TrainConfig())
    if args.model:
        result["inference"] = time_inference(args.model)
        print(json.dumps(result["inference"]), flush=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
