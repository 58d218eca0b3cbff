"""The HTML report of a model folder: plain inline SVG, a CJK font stack, nothing fetched from the network.

Three pictures: a bar chart of the top terms of every topic, a paper x topic heatmap, and (after ``--k auto``)
mean c_npmi against k with its standard error over seeds and the chosen k marked.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import numpy as np

FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
        '"WenQuanYi Micro Hei", sans-serif')
BAR_TERMS = 12
HEATMAP_ROWS = 60
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")


def _bars(topic: dict) -> str:
    terms = topic["terms"][:BAR_TERMS]
    top = max((t["weight"] for t in terms), default=1.0) or 1.0
    row, label_w, bar_w = 18, 110, 200
    h = row * len(terms) + 6
    color = PALETTE[topic["id"] % len(PALETTE)]
    parts = [f'<svg width="{label_w + bar_w + 60}" height="{h}" role="img" '
             f'aria-label="topic {topic["id"]} top terms">']
    for i, t in enumerate(terms):
        y = 3 + i * row
        w = bar_w * t["weight"] / top
        parts.append(f'<text x="{label_w - 4}" y="{y + 13}" text-anchor="end">{escape(t["term"])}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 5}" fill="{color}"/>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" class="num">{t["weight"]:.3f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def heatmap_rows(names: list[str], mix: np.ndarray, limit: int = HEATMAP_ROWS) -> list[int]:
    """Rows to show: all papers when few, else the strongest papers of every topic, grouped by topic."""
    if len(names) <= limit:
        return sorted(range(len(names)), key=lambda r: (int(mix[r].argmax()), -float(mix[r].max()), r))
    k = mix.shape[1]
    per = max(1, limit // k)
    rows: list[int] = []
    dominant = mix.argmax(axis=1)
    for t in range(k):
        cand = [r for r in range(len(names)) if dominant[r] == t and mix[r].sum() > 0]
        cand.sort(key=lambda r: (-float(mix[r, t]), r))
        rows.extend(cand[:per])
    return rows


def _heatmap(names: list[str], mix: np.ndarray, labels: list[str]) -> str:
    rows = heatmap_rows(names, mix)
    k = mix.shape[1]
    cell, left, top = 16, 190, 110
    w, h = left + cell * k + 10, top + cell * len(rows) + 10
    parts = [f'<svg width="{w}" height="{h}" role="img" aria-label="paper by topic heatmap">']
    for t in range(k):
        x = left + t * cell + cell / 2
        parts.append(f'<text transform="translate({x:.1f},{top - 6}) rotate(-60)" class="small">'
                     f'{t} {escape(labels[t])}</text>')
    for j, r in enumerate(rows):
        y = top + j * cell
        name = names[r] if len(names[r]) <= 28 else names[r][:27] + "…"
        parts.append(f'<text x="{left - 4}" y="{y + 12}" text-anchor="end" class="small">{escape(name)}</text>')
        for t in range(k):
            v = float(mix[r, t])
            parts.append(f'<rect x="{left + t * cell}" y="{y}" width="{cell - 1}" height="{cell - 1}" '
                         f'fill="rgb({int(255 - 200 * v)},{int(255 - 150 * v)},{int(255 - 60 * v)})">'
                         f'<title>{escape(names[r])} · topic {t}: {v:.3f}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


def _curve(selection: dict) -> str:
    by_k = {int(k): v for k, v in selection["by_k"].items()}
    ks = sorted(by_k)
    means = [by_k[k]["c_npmi_mean"] for k in ks]
    ses = [by_k[k]["c_npmi_se"] for k in ks]
    lo, hi = min(m - s for m, s in zip(means, ses)), max(m + s for m, s in zip(means, ses))
    lo, hi = (lo - 0.01, hi + 0.01) if hi > lo else (lo - 0.05, hi + 0.05)
    w, h, pad = 520, 260, 50

    def xy(k: int, v: float) -> tuple[float, float]:
        x = pad + (w - 2 * pad) * (k - ks[0]) / max(1, ks[-1] - ks[0])
        return x, h - pad - (h - 2 * pad) * (v - lo) / (hi - lo)

    pts = " ".join(f"{xy(k, m)[0]:.1f},{xy(k, m)[1]:.1f}" for k, m in zip(ks, means))
    parts = [f'<svg width="{w}" height="{h}" role="img" aria-label="coherence against k">',
             f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#444"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#444"/>',
             f'<polyline points="{pts}" fill="none" stroke="#4e79a7" stroke-width="2"/>']
    for k, m, s in zip(ks, means, ses):
        x, y = xy(k, m)
        _, y1 = xy(k, m - s)
        _, y2 = xy(k, m + s)
        chosen = k == selection["chosen"]
        parts.append(f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}" stroke="#4e79a7"/>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{6 if chosen else 3}" '
                     f'fill="{"#e15759" if chosen else "#4e79a7"}"><title>k={k}: c_npmi {m:.4f} ± {s:.4f}, '
                     f'diversity {by_k[k]["diversity_mean"]:.3f}</title></circle>'
                     f'<text x="{x:.1f}" y="{h - pad + 16}" text-anchor="middle" class="small">{k}</text>')
    for v in (lo, (lo + hi) / 2, hi):
        parts.append(f'<text x="{pad - 6}" y="{xy(ks[0], v)[1] + 4:.1f}" text-anchor="end" class="small">{v:.3f}</text>')
    parts.append(f'<text x="{w / 2}" y="{h - 10}" text-anchor="middle">k (chosen: {selection["chosen"]})</text>'
                 f'<text x="14" y="{h / 2}" transform="rotate(-90 14 {h / 2})" text-anchor="middle">'
                 f'mean c_npmi</text></svg>')
    return "".join(parts)


def render_report(summary: dict, names: list[str], mix: np.ndarray) -> str:
    """The report page of a model folder (one self-contained HTML file)."""
    m, meas = summary["model"], summary["measures"]
    labels = [t["label"] for t in summary["topics"]]
    stab = meas.get("stability") or {}
    head = (f'<p>Model <code>{escape(m["id"])}</code> · {summary["corpus"]["trained_units"]} of '
            f'{summary["corpus"]["units"]} units trained · c_npmi {meas["c_npmi"]:.4f} · c_v {meas["c_v"]:.4f} · '
            f'diversity {meas["diversity_top25"]:.3f}'
            + (f' · stability {stab["matched_top10_jaccard"]:.3f} over seeds {stab["seeds"]}' if stab else "")
            + "</p>")
    cards = []
    for t in summary["topics"]:
        reps = "".join(f'<li><span class="small">{escape(r["unit"])} ({r["weight"]:.2f})</span> '
                       f'{escape(r["text"])}</li>' for r in t["representatives"][:3])
        cards.append(f'<section class="card"><h3>{t["id"]} · {escape(t["label"])}</h3>'
                     f'<p class="small">share {t["share"]:.3f} · c_npmi {t["c_npmi"]:.3f}</p>{_bars(t)}'
                     f'<ol class="reps">{reps}</ol></section>')
    curve = (_curve(summary["k_selection"]) if summary.get("k_selection")
             else "<p>No k sweep for this model (train with <code>--k auto</code> to get the curve).</p>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Topics · {escape(m["id"])}</title>
<style>
body {{ font-family: {FONT}; margin: 2em; color: #222; }}
svg text {{ font-family: {FONT}; font-size: 12px; fill: #222; }}
svg text.small, .small {{ font-size: 11px; color: #666; }}
svg text.num {{ fill: #666; font-size: 10px; }}
.cards {{ display: flex; flex-wrap: wrap; gap: 1em; }}
.card {{ border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 1em; width: 400px; }}
.card h3 {{ margin: 0.2em 0; font-size: 16px; }}
.reps {{ font-size: 12px; padding-left: 1.2em; }}
</style></head><body>
<h1>Topics</h1>
{head}
<h2>Coherence against k</h2>
{curve}
<h2>Topics and their top terms</h2>
<div class="cards">{"".join(cards)}</div>
<h2>Papers × topics</h2>
<p class="small">Mean topic mixture of each paper's units; {min(len(names), HEATMAP_ROWS)} of {len(names)} papers
shown{" (the strongest papers of each topic)" if len(names) > HEATMAP_ROWS else ""}, grouped by dominant topic.</p>
{_heatmap(names, mix, labels)}
</body></html>
"""


def render_ldavis(fitted, prepared, path: Path) -> None:
    """Write a pyLDAvis page for an LDA model, with pyLDAvis's own copies of d3 and LDAvis inlined so the
    page works offline (pyLDAvis is optional: ``pip install pyLDAvis``)."""
    import pyLDAvis
    import pyLDAvis.urls as urls

    counts = prepared.matrix()
    mask = fitted.doc_topic.sum(axis=1) > 0
    vis = pyLDAvis.prepare(topic_term_dists=fitted.topic_term, doc_topic_dists=fitted.doc_topic[mask],
                           doc_lengths=np.asarray(counts[mask].sum(axis=1)).ravel(),
                           vocab=[prepared.dictionary[i] for i in range(len(prepared.dictionary))],
                           term_frequency=np.asarray(counts.sum(axis=0)).ravel(), sort_topics=False, n_jobs=1)
    html = pyLDAvis.prepared_data_to_html(vis, d3_url="@D3@", ldavis_url="@LDAVIS@", ldavis_css_url="@CSS@",
                                          visid="ldavis", template_type="simple")
    read = lambda p: Path(p).read_text(encoding="utf-8")  # noqa: E731
    html = (html.replace('<script type="text/javascript" src="@D3@"></script>', f"<script>{read(urls.D3_LOCAL)}</script>")
                .replace('<script type="text/javascript" src="@LDAVIS@"></script>',
                         f"<script>{read(urls.LDAVIS_LOCAL)}</script>")
                .replace('<link rel="stylesheet" type="text/css" href="@CSS@">',
                         f"<style>{read(urls.LDAVIS_CSS_LOCAL)}</style>"))
    if "@D3@" in html or "@LDAVIS@" in html or "@CSS@" in html:
        raise RuntimeError("pyLDAvis changed its page template: cannot inline its scripts")
    path.write_text(f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>LDAvis</title></head>'
                    f"<body>{html}</body></html>\n", encoding="utf-8")
