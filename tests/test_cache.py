"""``pipeline.cache.cached``: an entry is built once, read back, rebuilt when damaged or of the wrong shape, and a
folder that cannot be written only costs the build."""

from __future__ import annotations

from pipeline.cache import cached


def test_cache_built_once_then_read(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"词": ("n", 3), "total": 60_101_967, "raw": b"\x00\x01"}

    first = cached("t", "k", build, folder=tmp_path)
    assert cached("t", "k", build, folder=tmp_path) == first == build()
    assert len(calls) == 2  # the build above, and the one in the assertion; the second read built nothing
    (entry,) = tmp_path.glob("pipeline-t-k-py*.marshal")
    assert cached("t", "other key", lambda: "another entry", folder=tmp_path) == "another entry"
    assert len(list(tmp_path.glob("pipeline-t-*.marshal"))) == 2
    entry.write_bytes(b"\xffdamaged")
    assert cached("t", "k", lambda: "rebuilt", folder=tmp_path) == "rebuilt"
    assert cached("t", "k", lambda: "not again", folder=tmp_path) == "rebuilt"


def test_cache_rejects_an_entry_of_the_wrong_shape(tmp_path):
    cached("t", "k", lambda: [1, 2], folder=tmp_path)
    assert cached("t", "k", lambda: {"ok": True}, folder=tmp_path, valid=lambda v: isinstance(v, dict)) == {"ok": True}


def test_cache_unwritable_folder_still_builds(tmp_path):
    missing = tmp_path / "file"
    missing.write_text("a file, not a folder")
    assert cached("t", "k", lambda: 42, folder=missing) == 42
    assert cached("t", "k", lambda: 43, folder=missing) == 43
