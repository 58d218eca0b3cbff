"""The review event store: an append-only log of reviewer decisions in SQLite (WAL mode).

Nothing is ever updated or deleted: triggers refuse UPDATE and DELETE on ``events``. An undo is itself an event
that names the event it cancels (``undoes``). The current state of a tag for a reviewer is the ``after`` snapshot
of that reviewer's latest event on the tag that has not been undone (see :func:`fold_states`).

A snapshot is the reviewed tag as the reviewer left it::

    {"label", "evidence_type", "confidence", "source", "attributes": {...}, "status", "note"}

``status`` is null (not decided yet, e.g. only a note), accepted, rejected, relabelled or added. Every SQL
statement is parameterised; no value is ever formatted into SQL text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import PipelineError

DECISIONS = ("accept", "reject", "relabel", "edit", "note", "add", "undo")
STORE_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    paper TEXT NOT NULL,
    sentence TEXT NOT NULL,
    tag TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accept','reject','relabel','edit','note','add','undo')),
    before TEXT,
    after TEXT,
    model_version TEXT NOT NULL,
    undoes INTEGER REFERENCES events(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    sentence_tags TEXT NOT NULL,
    sentence_meta TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_paper ON events (paper, reviewer, id);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END;
"""


class ReviewError(PipelineError):
    """A review request that cannot be carried out (unknown paper, tag or value)."""

    code = "E501"
    hint = "Reload the page: the paper may have been re-run since it was opened."


class ReviewStoreError(PipelineError):
    code = "E502"
    hint = "Give --db a path to a review database written by `review serve` (or a new file name)."


@dataclass(frozen=True)
class Event:
    """One row of the log. ``before``/``after`` are snapshots (dicts) or None."""

    id: int
    time: str
    reviewer: str
    paper: str
    sentence: str
    tag: str
    decision: str
    before: dict | None
    after: dict | None
    model_version: str
    undoes: int | None
    text: str
    start: int
    end: int
    sentence_tags: tuple[str, ...]
    """Ids of the model's tags on the sentence when the event was written."""
    kind: str = "body"
    """The sentence's kind (title, abstract, heading, body, ...)."""
    sections: tuple[str, ...] = ()
    """Headings of the enclosing sections, outermost first (number and title as printed)."""


def now_utc() -> str:
    """The current time as ISO 8601 UTC with seconds, e.g. ``2026-11-25T04:38:02Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dump(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _row_event(row: sqlite3.Row) -> Event:
    meta = json.loads(row["sentence_meta"])
    return Event(
        id=row["id"], time=row["time"], reviewer=row["reviewer"], paper=row["paper"], sentence=row["sentence"],
        tag=row["tag"], decision=row["decision"],
        before=None if row["before"] is None else json.loads(row["before"]),
        after=None if row["after"] is None else json.loads(row["after"]),
        model_version=row["model_version"], undoes=row["undoes"], text=row["text"], start=row["start"],
        end=row["end"], sentence_tags=tuple(json.loads(row["sentence_tags"])),
        kind=meta.get("kind", "body"), sections=tuple(meta.get("sections", ())),
    )


class EventStore:
    """The SQLite file holding the log. One short-lived connection per operation, so threads and several
    ``review serve`` processes (one per reviewer) can share a database."""

    def __init__(self, path: Path, *, clock: Callable[[], str] = now_utc):
        self.path = Path(path)
        self.clock = clock
        if self.path.is_dir():
            raise ReviewStoreError(f"{self.path} is a folder, not a database file.")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self.connect() as con:
                con.execute("PRAGMA journal_mode=WAL")
                con.executescript(_SCHEMA)
                con.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", ("version", str(STORE_VERSION)))
        except sqlite3.DatabaseError as exc:
            raise ReviewStoreError(f"{self.path} is not a review database ({exc}).") from exc

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA busy_timeout=10000")
        con.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across crashes of the app, fast commits
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the write lock from its start (no lost updates between processes)."""
        with self.connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def append(self, con: sqlite3.Connection, *, reviewer: str, paper: str, sentence: str, tag: str,
               decision: str, before: dict | None, after: dict | None, model_version: str, text: str,
               start: int, end: int, sentence_tags: Iterable[str], kind: str = "body",
               sections: Iterable[str] = (), undoes: int | None = None) -> Event:
        """Append one event inside ``con``'s transaction and return it."""
        if decision not in DECISIONS:
            raise ReviewError(f"unknown decision {decision!r}.", hint=f"Use one of {', '.join(DECISIONS)}.")
        cur = con.execute(
            'INSERT INTO events (time, reviewer, paper, sentence, tag, decision, before, after, model_version,'
            ' undoes, text, start, "end", sentence_tags, sentence_meta)'
            ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            (self.clock(), reviewer, paper, sentence, tag, decision, _dump(before), _dump(after), model_version,
             undoes, text, start, end, json.dumps(list(sentence_tags)),
             json.dumps({"kind": kind, "sections": list(sections)}, ensure_ascii=False)),
        )
        row = con.execute("SELECT * FROM events WHERE id = ?", (cur.lastrowid,)).fetchone()
        return _row_event(row)

    def events(self, *, paper: str | None = None, reviewer: str | None = None,
               con: sqlite3.Connection | None = None) -> list[Event]:
        """Events in log order, optionally only one paper's and/or one reviewer's."""
        sql, args = "SELECT * FROM events WHERE 1 = 1", []
        if paper is not None:
            sql += " AND paper = ?"
            args.append(paper)
        if reviewer is not None:
            sql += " AND reviewer = ?"
            args.append(reviewer)
        sql += " ORDER BY id"
        if con is not None:
            return [_row_event(r) for r in con.execute(sql, args)]
        with self.connect() as own:
            return [_row_event(r) for r in own.execute(sql, args)]

    def reviewers(self) -> list[str]:
        with self.connect() as con:
            return [r[0] for r in con.execute("SELECT DISTINCT reviewer FROM events ORDER BY reviewer")]


def effective_events(events: Iterable[Event]) -> list[Event]:
    """The events that count: not undo events themselves, and not undone by one."""
    events = list(events)
    undone = {e.undoes for e in events if e.decision == "undo"}
    return [e for e in events if e.decision != "undo" and e.id not in undone]


def fits(event: Event, sentence_id: str, text: str) -> bool:
    """True when ``event`` was made on this very sentence: same id and same text. After a re-run of the pipeline
    tag and sentence ids may point at other text; such stale decisions are not shown or applied."""
    return event.sentence == sentence_id and event.text == text


def is_added(event: Event) -> bool:
    """True for a tag a reviewer created (it is not among the model's tags of its sentence)."""
    return event.tag not in event.sentence_tags


def fold_states(events: Iterable[Event]) -> dict[tuple[str, str, str], Event]:
    """The latest effective event per (paper, tag, reviewer); its ``after`` is the reviewer's current state."""
    latest: dict[tuple[str, str, str], Event] = {}
    for e in effective_events(events):
        latest[(e.paper, e.tag, e.reviewer)] = e
    return latest


def merge_reviewers(states: dict[tuple[str, str, str], Event]) -> dict[tuple[str, str], Event]:
    """One decided state per (paper, tag) over all reviewers: the most recent decision wins (highest event id).

    States without a status (only a note so far) do not count.
    """
    merged: dict[tuple[str, str], Event] = {}
    for (paper, tag, _), e in sorted(states.items(), key=lambda kv: kv[1].id):
        if e.after is not None and e.after.get("status"):
            merged[(paper, tag)] = e
    return merged
