"""Shared fixtures: the seed papers and the shared data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED_DATA = REPO.parent / "shared" / "data"
SEED_000 = CORPUS / "000_fc8dbeff8e1ab409.txt"
SEED_001 = CORPUS / "001_665413f9c6535bf0.txt"


@pytest.fixture
def seeds_dir(tmp_path: Path) -> Path:
    """A folder holding copies of the two seed papers."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in (SEED_000, SEED_001):
        shutil.copy(seed, folder / seed.name)
    return folder


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test when the data is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
