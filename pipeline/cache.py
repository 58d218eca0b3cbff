"""Derived data kept on disk between runs: dictionaries and models that cost more to build or parse than to read
back (jieba's tables with the user dictionary, the tagger's parsed weights, the CC-CEDICT index).

An entry holds plain values (dicts, lists, tuples, strings, numbers, bytes) in :mod:`marshal`'s format, is named by
a key of everything it is built from (so a change makes a new entry, never a stale hit) and Python's marshal version,
and is written atomically. A missing, unreadable or damaged entry is built again and rewritten; a folder that cannot
be written only costs the time to build.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> cached("demo", "k1", lambda: {"a": (1, 2)}, folder=folder)
{'a': (1, 2)}
>>> cached("demo", "k1", lambda: "not built again", folder=folder)
{'a': (1, 2)}
"""

from __future__ import annotations

import gc
import marshal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cached(name: str, key: str, build: Callable[[], T], *, folder: Path | None = None,
           valid: Callable[[object], bool] = lambda value: True) -> T:
    """The value stored as ``name`` under ``key`` in ``folder`` (the temporary folder by default), or ``build()``
    stored there. ``valid`` rejects a readable entry of the wrong shape (it is then built again)."""
    from pipeline.emit import write_atomic

    folder = Path(tempfile.gettempdir()) if folder is None else folder
    tag = f"py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}"
    path = folder / f"pipeline-{name}-{key}-{tag}.marshal"
    try:
        value = _load(path.read_bytes())
        if valid(value):
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing or damaged: built again below
    value = build()
    try:
        write_atomic(path, marshal.dumps(value))
    except (OSError, ValueError):  # a read-only folder, or a value marshal cannot hold
        pass
    return value


def _load(data: bytes):
    """Unmarshal with the garbage collector paused: an entry is up to a few hundred thousand new objects, and the
    collections they would trigger find nothing to free."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(data)
    finally:
        if paused:
            gc.enable()
