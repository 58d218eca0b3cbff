"""English space restoration's shortcut changes no result: ``_split_run`` rejects a run before calling wordninja
only when no split into acceptable words exists, so wordninja's split would have been rejected too."""

from __future__ import annotations

import pytest

from pipeline.segment import english as E


def test_segment_shortcuts_precheck_rejects_names():
    assert (E._can_split("thedata"), E._can_split("binzhou"), E._can_split("stkosapi")) == (True, False, False)


@pytest.mark.parametrize("run", ["thedata", "Basedon", "torealize", "delimitation", "makea", "Binzhou", "Helan",
                                 "metathesaurus", "tograspthetrendsofopenacessand", "qzxvqzxv", "acesson"])
def test_segment_shortcuts_split_run_precheck_changes_nothing(run, monkeypatch):
    fast = E._split_run.__wrapped__(run)
    monkeypatch.setattr(E, "_can_split", lambda low: True)
    assert E._split_run.__wrapped__(run) == fast


def test_segment_shortcuts_ninja_split_is_wordninjas():
    """``_ninja_split`` gives wordninja's split on every run of five or more letters of 40 ChinaXiv papers and
    on glued runs, without importing wordninja in the pipeline."""
    import re

    import wordninja

    from tests.conftest import shared_data

    runs = {"thedata", "tograspthetrendsofopenacessand", "qzxvqzxv", "internationalization", "studyanalyzed"}
    for path in sorted(shared_data("chinaxiv", "fulltext_md").glob("*.md"))[:40]:
        runs.update(m.group().lower() for m in re.finditer(r"[A-Za-z]{5,}", path.read_text(encoding="utf-8")))
    assert len(runs) > 3000
    assert [r for r in sorted(runs) if E._ninja_split(r) != wordninja.split(r)] == []
    assert E._ninja_split("tograspthetrendsofopenacessand") == ["to", "grasp", "the", "trends", "of", "open",
                                                               "aces", "s", "and"]
