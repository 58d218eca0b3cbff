"""The pictures: a self-contained HTML report (inline SVG, CJK fonts, no network) and, for LDA, a pyLDAvis page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from pipeline.topics.builder import BuildOptions, build_model
from pipeline.topics.report import FONT, heatmap_rows
from tests.test_topics_train import CONFIG, fixture_units

RE_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def test_topics_report_is_self_contained(tmp_path: Path) -> None:
    build_model([Path("abstracts.jsonl")], tmp_path, CONFIG,
                BuildOptions(k_auto=True, grid=(2, 3), sweep_seeds=2, stability_seeds=1), units=fixture_units())
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for label in ("coherence against k", "topic 0 top terms", "topic 2 top terms", "paper by topic heatmap"):
        assert f'aria-label="{label}"' in html
    assert FONT in html and '<html lang="zh-CN">' in html
    assert "智库" in html and "<script" not in html
    assert not RE_EXTERNAL.search(html)


def test_topics_report_heatmap_rows_group_by_topic() -> None:
    mix = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.0, 0.0], [0.3, 0.7]])
    names = ["a", "b", "c", "d", "e"]
    assert heatmap_rows(names, mix) == [0, 2, 3, 1, 4]  # all shown: by dominant topic, then strength
    assert heatmap_rows(names, mix, limit=2) == [0, 1]  # few rows: the strongest paper of each topic


def test_topics_report_ldavis_page_works_offline(tmp_path: Path) -> None:
    pytest.importorskip("pyLDAvis")
    build_model([Path("abstracts.jsonl")], tmp_path, replace(CONFIG, kind="lda", lda_passes=5),
                BuildOptions(stability_seeds=1), units=fixture_units())
    html = (tmp_path / "ldavis.html").read_text(encoding="utf-8")
    assert 'new LDAvis("#" + "ldavis"' in html and "d3" in html
    assert not RE_EXTERNAL.search(html)


def test_topics_report_no_ldavis_for_nmf(tmp_path: Path) -> None:
    build_model([Path("abstracts.jsonl")], tmp_path, CONFIG, BuildOptions(stability_seeds=1), units=fixture_units())
    assert not (tmp_path / "ldavis.html").exists()
