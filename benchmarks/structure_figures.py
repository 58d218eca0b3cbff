"""Clean + structure over the 414 ChinaXiv full texts: crashes, front-matter detection rates, timing.

Run: ``.venv/bin/python benchmarks/structure_figures.py`` (add ``--failures`` to list the papers that miss).

Matching criterion against ``abstract_pairs_socsci.jsonl`` (the authors' own title/abstract, 253 papers overlap):
both sides are normalised (NFKC, lower case, only CJK characters, letters and digits kept; trailing footnote digits
of titles dropped) and a field is *correct* when difflib's ratio between them is >= 0.9, or one contains the other
and the shorter is >= 80% of the longer. The pairs were built by a regex pass and are themselves wrong sometimes
(e.g. a column label as title, the neighbouring article's English abstract), so 100% is not the ceiling.
Data: ChinaXiv, CC BY 4.0 (authors and CAS ChinaXiv).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.clean import clean  # noqa: E402
from pipeline.ingest import read_paper  # noqa: E402
from pipeline.structure import structure  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "chinaxiv"
RE_KEEP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
RE_EN_ABSTRACT_LINE = re.compile(r"^(?:#\s*)?(?:Abstract|ABSTRACT)", re.M)
# gold titles the pairing regex took from the wrong line: a DOI, a column label (智库建设, 专题：…, 编者按)
RE_BAD_GOLD_TITLE = re.compile(r"^(?:DOI|doi)|^.{1,6}$|^(?:栏目|专题|专栏|编者按)")


def normalize(text: str | None, *, title: bool = False) -> str:
    text = RE_KEEP.sub("", unicodedata.normalize("NFKC", text or "").lower())
    return text.rstrip("0123456789") if title else text


def matches(ours: str | None, gold: str | None, *, title: bool = False) -> bool:
    a, b = normalize(ours, title=title), normalize(gold, title=title)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= 0.8 * len(long_):
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--failures", action="store_true", help="list papers whose fields miss or mismatch")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"data folder {DATA} not found", file=sys.stderr)
        return 2
    gold = {}
    for line in (DATA / "abstract_pairs_socsci.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        gold[rec["id"]] = rec
    paths = sorted((DATA / "fulltext_md").glob("*.md"))
    crashes: list[str] = []
    n = title = zh = 0
    en_label = en_label_found = 0
    g_n = g_title = g_zh = g_en_present = g_en = 0
    g_title_usable = g_title_usable_ok = 0
    misses: list[str] = []
    t_clean = t_struct = 0.0
    texts: list[str] = []
    for path in paths:
        pid = path.stem
        try:
            doc = read_paper(path)
            texts.append(doc.raw)
            t0 = time.perf_counter()
            doc = clean(doc)
            t1 = time.perf_counter()
            doc = structure(doc)
            t2 = time.perf_counter()
        except Exception as exc:  # noqa: BLE001 - the benchmark counts crashes
            crashes.append(f"{pid}: {type(exc).__name__}: {exc}")
            continue
        t_clean += t1 - t0
        t_struct += t2 - t1
        n += 1
        title += bool(doc.title.zh)
        zh += doc.abstract.zh is not None
        if RE_EN_ABSTRACT_LINE.search(doc.raw):
            en_label += 1
            en_label_found += doc.abstract.en is not None
        if pid in gold:
            g = gold[pid]
            g_n += 1
            ok_t = matches(doc.title.zh, g["zh_title"], title=True)
            ok_z = matches(doc.abstract.zh.text if doc.abstract.zh else None, g["zh_abstract"])
            ok_e = matches(doc.abstract.en.text if doc.abstract.en else None, g["en_abstract"])
            g_title += ok_t
            if not RE_BAD_GOLD_TITLE.match(g["zh_title"].strip()):
                g_title_usable += 1
                g_title_usable_ok += ok_t
            g_zh += ok_z
            g_en_present += doc.abstract.en is not None
            g_en += ok_e
            if args.failures and not (ok_t and ok_z and ok_e):
                misses.append(f"{pid}: title={'ok' if ok_t else repr((doc.title.zh, g['zh_title']))} "
                              f"zh={'ok' if ok_z else 'MISS'} en={'ok' if ok_e else 'MISS'}")
        elif args.failures and not (doc.title.zh and doc.abstract.zh):
            misses.append(f"{pid}: (no gold) title={doc.title.zh!r} zh={'yes' if doc.abstract.zh else 'MISS'}")

    import jieba

    jieba.initialize()
    t0 = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    t_jieba = time.perf_counter() - t0

    pct = lambda a, b: f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"  # noqa: E731
    print(f"papers: {len(paths)}  crashes: {len(crashes)}")
    print(f"title (zh) found:                      {pct(title, n)}")
    print(f"Chinese abstract found:                {pct(zh, n)}")
    print(f"English abstract found (has 'Abstract' line): {pct(en_label_found, en_label)}")
    print(f"-- against abstract_pairs_socsci.jsonl ({g_n} papers; correct = normalised ratio >= 0.9) --")
    print(f"title correct:                         {pct(g_title, g_n)}")
    print(f"title correct, gold title usable:      {pct(g_title_usable_ok, g_title_usable)}  "
          "(gold title not a DOI line or column label)")
    print(f"Chinese abstract correct:              {pct(g_zh, g_n)}")
    print(f"English abstract found:                {pct(g_en_present, g_n)}")
    print(f"English abstract correct:              {pct(g_en, g_n)}")
    print(f"time clean: {1000 * t_clean / max(1, n):.1f} ms/paper, structure: {1000 * t_struct / max(1, n):.1f} ms/paper, "
          f"bare jieba.lcut: {1000 * t_jieba / max(1, n):.1f} ms/paper "
          f"(clean+structure = {100 * (t_clean + t_struct) / t_jieba:.0f}% of jieba)")
    for c in crashes:
        print("CRASH", c)
    for m in misses:
        print("MISS", m)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
