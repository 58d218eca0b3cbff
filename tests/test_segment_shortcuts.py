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
