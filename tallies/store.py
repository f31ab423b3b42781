"""The SQLite store: the only module with SQL.

One file (WAL mode, readable by Datasette and any SQLite tool) holds two kinds of tables:

- facts, written by `tallies ingest` one article at a time: `articles` (with the MinHash
  signature that finds its near-duplicates), `claims`, `failures`;
- derived tables, rebuilt in one transaction after each ingest from the facts alone:
  `sources` and `source_aliases`, `places` and `place_aliases`, `events`, `reconciliations`
  with the per-source `histories`, and `running_totals`.

Each article, its claims and its signature are written in one transaction, so a run killed at
any moment leaves whole articles only and a rerun goes on from the first article not stored.
Upsert rules (docs/store.md): an article is found by its id; the same id with the same content
hash is skipped; a changed text from the same input replaces the article and its claims; the
same id from another input is a different article and is stored as `id#hash`. The same content
from the same input under another id (a file reached through another path) is skipped.

Schema changes are named migrations, applied in order and recorded in `migrations`.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import NotFound, StoreError, StoreFull, StoreLocked
from .records import (Article, Claim, ClaimContext, Failure, Figure, History, Reconciliation)

CLAIM_FIELDS = ("start", "end", "text", "value", "low", "high", "qualifier", "measure", "counted",
                "source", "source_text", "via", "cumulative", "sentence", "sentence_start",
                "source_start", "source_end", "source_kind", "cue", "unit", "headline", "period")
CONTEXT_FIELDS = ("place_text", "place_how", "event_date", "date_text", "source_name",
                  "source_role", "speaks_for", "side", "subject", "part")
DERIVED_TABLES = ("histories", "reconciliations", "events", "running_totals", "source_aliases",
                  "sources", "place_aliases", "places")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _q(name: str) -> str:
    return f'"{name}"'


# ---------------------------------------------------------------------------------------------
# Migrations: (name, function) in order. Never edit one that has shipped; add another.


def _script(db: sqlite3.Connection, sql: str) -> None:
    """Run statements one by one inside the open transaction (executescript would commit)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise StoreError(f"incomplete SQL in a migration: {statement.strip()[:80]}")

def _m0001_facts(db: sqlite3.Connection) -> None:
    _script(db, """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,             -- from the input: file path, JSONL id, URL (stable)
        title TEXT, url TEXT, outlet TEXT,
        published TEXT,                  -- YYYY-MM-DD
        origin TEXT,                     -- the file, URL or record it was read from
        language TEXT,
        content_hash TEXT NOT NULL,      -- sha256 of the text: the same text is never stored twice
        chars INTEGER NOT NULL,
        dup_group TEXT NOT NULL,         -- id of the first stored article of its near-duplicates
        dup_similarity REAL,             -- estimated similarity to the copy it was matched to
        place TEXT,                      -- the article's main place, as written
        places TEXT,                     -- JSON: [name, level, mentions] place candidates
        n_claims INTEGER NOT NULL DEFAULT 0,
        analysis_version INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_dup_group ON articles(dup_group);
    CREATE INDEX articles_published ON articles(published);

    CREATE TABLE article_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        shingles INTEGER NOT NULL,       -- distinct word shingles (for containment estimates)
        permutations INTEGER NOT NULL,
        shingle_words INTEGER NOT NULL,
        signature BLOB NOT NULL          -- MinHash hash values, uint64 little-endian
    );

    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,            -- order in the article
        -- the claim as extracted (../shared/eval/SCHEMA.md, then Tallies' extras)
        "start" INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        value REAL, low REAL, high REAL, qualifier TEXT NOT NULL, measure TEXT NOT NULL,
        counted TEXT, source TEXT NOT NULL, source_text TEXT, via TEXT,
        cumulative INTEGER NOT NULL, sentence TEXT NOT NULL, sentence_start INTEGER,
        source_start INTEGER, source_end INTEGER, source_kind TEXT, cue TEXT, unit TEXT,
        headline INTEGER NOT NULL DEFAULT 0,
        -- read from the article around the claim when it was stored
        place_text TEXT, place_how TEXT, event_date TEXT, date_text TEXT,
        source_name TEXT, source_role TEXT, speaks_for TEXT, side TEXT, subject TEXT,
        part TEXT,                       -- increment | subset: part of a toll, not a toll
        UNIQUE (article_id, seq)
    );
    CREATE INDEX claims_measure ON claims(measure);

    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        input TEXT NOT NULL UNIQUE,
        reason TEXT NOT NULL,
        kind TEXT NOT NULL,              -- error | skipped
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX failures_kind ON failures(kind);

    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    INSERT INTO meta VALUES ('stale', '1');
    """)


def _m0002_derived(db: sqlite3.Connection) -> None:
    _script(db, """
    CREATE TABLE places (
        id TEXT PRIMARY KEY, name TEXT NOT NULL,
        level TEXT,                      -- town | region | country | unknown
        country TEXT, in_gazetteer INTEGER NOT NULL DEFAULT 0, n_claims INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE place_aliases (
        alias TEXT NOT NULL, key TEXT NOT NULL,
        place_id TEXT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
        PRIMARY KEY (alias, place_id)
    );
    CREATE INDEX place_aliases_key ON place_aliases(key);

    CREATE TABLE sources (
        id TEXT PRIMARY KEY, name TEXT NOT NULL,
        kind TEXT NOT NULL,              -- outlet | body | person | unnamed | country
        side TEXT,                       -- the side or affiliation the words give: Ukraine, independent
        body_id TEXT REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED,
        role TEXT,                       -- spokesman, minister... of body_id
        voice_id TEXT REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED,
                                         -- who a figure counts as in reconciliation
        n_claims INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE source_aliases (
        alias TEXT NOT NULL,
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        PRIMARY KEY (alias, source_id)
    );

    CREATE TABLE events (
        id TEXT PRIMARY KEY,             -- place-date slug: vyshkoriv-2031-03-09
        place_id TEXT REFERENCES places(id) DEFERRABLE INITIALLY DEFERRED,
        place TEXT, event_date TEXT,     -- the date most claims give for the event
        first_date TEXT, last_date TEXT, -- event dates
        first_report TEXT, last_report TEXT,
        title TEXT,                      -- headline of the earliest report
        n_articles INTEGER, n_reports INTEGER, n_claims INTEGER, n_sources INTEGER,
        size REAL                        -- best figure of people killed/hurt, for sorting
    );
    CREATE TABLE reconciliations (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        measure TEXT NOT NULL, subject TEXT NOT NULL,
        low REAL, best REAL, high REAL,
        grade TEXT NOT NULL,             -- confirmed | single source | contested
        reason TEXT NOT NULL,
        n_sources INTEGER NOT NULL, reporter_only INTEGER NOT NULL DEFAULT 0,
        UNIQUE (event_id, measure, subject)
    );
    CREATE TABLE histories (             -- each source's figures for an event and measure
        id INTEGER PRIMARY KEY,
        reconciliation_id INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED,
        step INTEGER NOT NULL,           -- 1, 2, ... in the order the figures appeared
        claim_id INTEGER NOT NULL REFERENCES claims(id) DEFERRABLE INITIALLY DEFERRED,
        figure TEXT NOT NULL, qualifier TEXT, low REAL, best REAL, high REAL,
        reported TEXT, copies INTEGER NOT NULL,
        current INTEGER NOT NULL         -- 1 for the source's latest figure
    );
    CREATE INDEX histories_reconciliation ON histories(reconciliation_id);
    CREATE INDEX histories_source ON histories(source_id);

    CREATE TABLE running_totals (        -- "since the start of the war": series, never events
        id INTEGER PRIMARY KEY,
        source_id TEXT REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED,
        measure TEXT NOT NULL, subject TEXT NOT NULL,
        n_points INTEGER NOT NULL, first_report TEXT, last_report TEXT, latest TEXT
    );

    ALTER TABLE claims ADD COLUMN place_id TEXT
        REFERENCES places(id) DEFERRABLE INITIALLY DEFERRED;
    ALTER TABLE claims ADD COLUMN source_id TEXT
        REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED;
    ALTER TABLE claims ADD COLUMN voice_id TEXT
        REFERENCES sources(id) DEFERRABLE INITIALLY DEFERRED;
    ALTER TABLE claims ADD COLUMN event_id TEXT
        REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED;
    ALTER TABLE claims ADD COLUMN running_total_id INTEGER
        REFERENCES running_totals(id) DEFERRABLE INITIALLY DEFERRED;
    CREATE INDEX claims_event ON claims(event_id);
    CREATE INDEX claims_source ON claims(source_id);
    CREATE INDEX claims_place ON claims(place_id);
    """)


def _m0003_views(db: sqlite3.Connection) -> None:
    _script(db, """
    CREATE VIEW claims_in_context AS
    SELECT c.id, a.published, a.outlet, a.title, c.text AS figure, c.measure, c.counted,
           s.name AS source, c.source AS source_as_written, s.side, c.via,
           c.cumulative, p.name AS place, c.event_date, c.event_id, c.sentence,
           c.article_id, a.url, a.dup_group
    FROM claims c JOIN articles a ON a.id = c.article_id
    LEFT JOIN sources s ON s.id = c.source_id
    LEFT JOIN places p ON p.id = c.place_id;

    CREATE VIEW event_figures AS
    SELECT e.id AS event_id, e.place, e.event_date, e.first_report, e.last_report,
           r.measure, r.subject, r.low, r.best, r.high, r.grade, r.reason, r.n_sources
    FROM events e JOIN reconciliations r ON r.event_id = e.id;

    CREATE VIEW source_histories AS
    SELECT s.name AS source, s.side, r.event_id, r.measure, r.subject, h.step, h.figure,
           h.reported, h.copies, h."current", a.title, a.outlet, c.sentence, h.claim_id
    FROM histories h JOIN sources s ON s.id = h.source_id
    JOIN reconciliations r ON r.id = h.reconciliation_id
    JOIN claims c ON c.id = h.claim_id JOIN articles a ON a.id = c.article_id;

    CREATE VIEW source_claims AS
    SELECT s.name AS source, c.measure, c.subject, a.published, c.text AS figure,
           c.cumulative, c.event_id, a.outlet, a.title, c.sentence, c.id AS claim_id
    FROM claims c JOIN sources s ON s.id = c.source_id JOIN articles a ON a.id = c.article_id;

    CREATE VIEW duplicate_groups AS
    SELECT dup_group, count(*) AS copies, group_concat(outlet, '; ') AS outlets,
           min(published) AS first_published, max(title) AS a_title
    FROM articles GROUP BY dup_group HAVING count(*) > 1;
    """)


def _m0004_foreign_key_indexes(db: sqlite3.Connection) -> None:
    # Replacing the derived tables deletes every parent row; without an index on each child
    # column SQLite scans the children for every row deleted (minutes on 10,000 articles).
    _script(db, """
    CREATE INDEX claims_voice ON claims(voice_id);
    CREATE INDEX claims_running_total ON claims(running_total_id);
    CREATE INDEX histories_claim ON histories(claim_id);
    CREATE INDEX sources_body ON sources(body_id);
    CREATE INDEX sources_voice ON sources(voice_id);
    CREATE INDEX source_aliases_source ON source_aliases(source_id);
    CREATE INDEX place_aliases_place ON place_aliases(place_id);
    CREATE INDEX events_place ON events(place_id);
    CREATE INDEX running_totals_source ON running_totals(source_id);
    """)


def _m0005_claim_period(db: sqlite3.Connection) -> None:
    """A claim's counting period ("over the past seven days"), from extractor 0.1."""
    db.execute("ALTER TABLE claims ADD COLUMN period TEXT")


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_facts", _m0001_facts),
    ("0002_derived", _m0002_derived),
    ("0003_views", _m0003_views),
    ("0004_foreign_key_indexes", _m0004_foreign_key_indexes),
    ("0005_claim_period", _m0005_claim_period),
]


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredArticle:
    """What the store knows of an article already there (for the upsert rules)."""

    id: str
    content_hash: str
    origin: str | None
    url: str | None


class Store:
    """One SQLite store. `Store(path)` opens it (creating and migrating it unless
    `create=False`); use it as a context manager or call `close()`."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 10.0, max_pages: int = 0,
                 create: bool = True):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (run `tallies ingest INPUTS --db "
                             f"{self.path}` first)")
        try:
            self.db = sqlite3.connect(self.path, timeout=busy_timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            if max_pages:
                self.db.execute(f"PRAGMA max_page_count = {int(max_pages)}")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise self._error(exc, "opening the store") from None

    @classmethod
    def open(cls, path: str | Path | None, settings, create: bool = True) -> "Store":
        opts = settings.store
        return cls(path or opts["path"], busy_timeout=float(opts["busy_timeout"]),
                   max_pages=int(opts["max_pages"]), create=create)

    @classmethod
    def reader(cls, path: str | Path, *, immutable: bool = False) -> "Store":
        """Open an existing store read-only (reports, `tallies serve`): nothing is migrated or
        written. `immutable` tells SQLite the file cannot change while it is open (no locks,
        no write-ahead log read): the caller makes sure no ingest is writing. Raises
        StoreError for a missing store, a file that is not a Tallies store, and a store of
        another Tallies version."""
        self = cls.__new__(cls)
        self.path = Path(path)
        self.busy_timeout = 0.0
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such store (run `tallies ingest INPUTS --db "
                             f"{self.path}` first)")
        uri = self.path.resolve().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
        try:
            self.db = sqlite3.connect(uri, uri=True, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        except sqlite3.DatabaseError as exc:
            if getattr(self, "db", None) is not None:
                self.db.close()
            if "no such table" in str(exc):
                raise StoreError(f"{self.path}: not a Tallies store") from None
            raise self._error(exc, "opening the store read-only") from None
        known = {name for name, _ in MIGRATIONS}
        if done - known or known - done:
            self.db.close()
            raise StoreError(
                f"{self.path}: made by a newer Tallies (migrations "
                f"{', '.join(sorted(done - known))}); upgrade Tallies to use it" if done - known
                else f"{self.path}: made by an older Tallies; run `tallies events --db "
                     f"{self.path}` once to upgrade it")
        return self

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions and errors --------------------------------------------------------------

    def _error(self, exc: sqlite3.Error, what: str) -> StoreError:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return StoreLocked(
                f"{self.path}: the store is locked by another process (waited "
                f"{self.busy_timeout:g} s) while {what}; nothing was lost: run the command "
                "again when the other one has finished")
        if "full" in text:
            return StoreFull(
                f"{self.path}: the disk or the store's size limit is full while {what}; "
                "what was stored before is intact: free space (or raise store.max_pages) "
                "and run the command again to go on")
        if "not a database" in text or "malformed" in text:
            return StoreError(f"{self.path}: not a Tallies store or damaged ({exc})")
        return StoreError(f"{self.path}: {what} failed: {exc}")

    @contextmanager
    def transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored or none of it."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc, what) from None
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite may already have rolled back (a full disk does)
            if isinstance(exc, sqlite3.Error):
                raise self._error(exc, what) from None
            raise

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations "
                        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in self.db.execute("SELECT name FROM migrations")}
        known = {name for name, _ in MIGRATIONS}
        if done - known:
            raise StoreError(f"{self.path}: made by a newer Tallies (migrations "
                             f"{', '.join(sorted(done - known))}); upgrade Tallies to use it")
        for name, apply in MIGRATIONS:
            if name in done:
                continue
            with self.transaction(f"applying migration {name}") as db:
                # another process may have applied it while we waited for the lock
                if db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue
                apply(db)
                db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))

    def migrations(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

    # -- meta -----------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction(f"setting {key}") as db:
            db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                       "value = excluded.value", (key, value))

    # -- articles: the upsert rules ------------------------------------------------------------

    def find_article(self, article_id: str) -> StoredArticle | None:
        row = self.db.execute("SELECT id, content_hash, origin, url FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        return StoredArticle(*row) if row else None

    def find_content(self, content_hash: str) -> list[StoredArticle]:
        return [StoredArticle(*r) for r in self.db.execute(
            "SELECT id, content_hash, origin, url FROM articles WHERE content_hash = ?",
            (content_hash,))]

    def put_article(self, article: Article, claims: Iterable[Claim],
                    contexts: Iterable[ClaimContext], *, content_hash: str, dup_group: str,
                    similarity: float | None, signature: bytes, shingles: int,
                    permutations: int, shingle_words: int, place: str | None,
                    places: list, analysis_version: int, replace: bool = False) -> int:
        """Store one article with its claims and signature in one transaction; return the
        number of claims stored. `replace` first removes the article's old version."""
        claims = list(claims)
        contexts = list(contexts)
        with self.transaction(f"storing article {article.id}") as db:
            if replace:
                db.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            db.execute(
                "INSERT INTO articles (id, title, url, outlet, published, origin, language, "
                "content_hash, chars, dup_group, dup_similarity, place, places, n_claims, "
                "analysis_version, ingested_at, text) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.title, article.url, article.outlet, article.published,
                 article.origin, article.language, content_hash, len(article.text), dup_group,
                 similarity, place, json.dumps(places, ensure_ascii=False), len(claims),
                 analysis_version, _now(), article.text))
            db.execute("INSERT INTO article_signatures VALUES (?, ?, ?, ?, ?)",
                       (article.id, shingles, permutations, shingle_words, signature))
            db.executemany(self._claim_insert, (
                (article.id, seq, *self._claim_values(c), *astuple(ctx))
                for seq, (c, ctx) in enumerate(zip(claims, contexts))))
            if article.origin:
                db.execute("DELETE FROM failures WHERE input = ?", (article.origin,))
            db.execute("UPDATE meta SET value = '1' WHERE key = 'stale'")
        return len(claims)

    _claim_insert = (
        "INSERT INTO claims (article_id, seq, " + ", ".join(_q(f) for f in CLAIM_FIELDS)
        + ", " + ", ".join(CONTEXT_FIELDS) + ") VALUES ("
        + ", ".join("?" * (2 + len(CLAIM_FIELDS) + len(CONTEXT_FIELDS))) + ")")

    @staticmethod
    def _claim_values(c: Claim) -> tuple:
        return tuple(int(v) if isinstance(v, bool) else v
                     for v in (getattr(c, f) for f in CLAIM_FIELDS))

    def record_failure(self, failure: Failure) -> None:
        now = _now()
        with self.transaction(f"recording the failure of {failure.input}") as db:
            db.execute(
                "INSERT INTO failures (input, reason, kind, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(input) DO UPDATE SET "
                "reason = excluded.reason, kind = excluded.kind, "
                "last_seen = excluded.last_seen, attempts = attempts + 1",
                (failure.input, failure.reason, failure.kind, now, now))

    def failures(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM failures ORDER BY id").fetchall()

    def signatures(self) -> Iterator[sqlite3.Row]:
        """Every stored MinHash signature, oldest article first (the near-duplicate index
        is rebuilt from these when an ingest starts)."""
        yield from self.db.execute(
            "SELECT s.article_id, a.dup_group, s.shingles, s.permutations, s.shingle_words, "
            "s.signature FROM article_signatures s JOIN articles a ON a.id = s.article_id "
            "ORDER BY a.rowid")

    def article_texts(self, ids: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        if ids is None:
            yield from self.db.execute("SELECT id, text FROM articles ORDER BY rowid")
            return
        for i in ids:
            row = self.db.execute("SELECT id, text FROM articles WHERE id = ?", (i,)).fetchone()
            if row:
                yield row[0], row[1]

    def replace_signatures(self, rows: Iterable[tuple[str, int, int, int, bytes]]) -> None:
        with self.transaction("re-signing articles") as db:
            db.executemany("UPDATE article_signatures SET shingles = ?, permutations = ?, "
                           "shingle_words = ?, signature = ? WHERE article_id = ?",
                           ((s, p, w, b, i) for i, s, p, w, b in rows))

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "claims", "events", "sources", "failures"):
            out[table] = self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        out["duplicate_groups"] = self.db.execute(
            "SELECT count(*) FROM duplicate_groups").fetchone()[0]
        return out

    # -- per-article analysis ------------------------------------------------------------------

    def articles_to_annotate(self, version: int) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE analysis_version < ? ORDER BY rowid", (version,))]

    def article_with_claims(self, article_id: str) -> tuple[Article, list[Claim]]:
        a = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if a is None:
            raise NotFound(f"no article {article_id!r} in {self.path}")
        article = Article(id=a["id"], text=a["text"], title=a["title"], url=a["url"],
                          published=a["published"], origin=a["origin"], outlet=a["outlet"],
                          language=a["language"])
        claims = [self._claim(r) for r in self.db.execute(
            "SELECT * FROM claims WHERE article_id = ? ORDER BY seq", (article_id,))]
        return article, claims

    @staticmethod
    def _claim(r: sqlite3.Row) -> Claim:
        values = {f: r[f] for f in CLAIM_FIELDS}
        values["cumulative"] = bool(values["cumulative"])
        values["headline"] = bool(values["headline"])
        return Claim(doc=r["article_id"], **values)

    def update_contexts(self, article_id: str, contexts: list[ClaimContext], place: str | None,
                        places: list, version: int) -> None:
        with self.transaction(f"annotating article {article_id}") as db:
            db.executemany(
                "UPDATE claims SET " + ", ".join(f"{f} = ?" for f in CONTEXT_FIELDS)
                + " WHERE article_id = ? AND seq = ?",
                ((*astuple(ctx), article_id, seq) for seq, ctx in enumerate(contexts)))
            db.execute("UPDATE articles SET place = ?, places = ?, analysis_version = ? "
                       "WHERE id = ?", (place, json.dumps(places, ensure_ascii=False), version,
                                        article_id))
            db.execute("UPDATE meta SET value = '1' WHERE key = 'stale'")

    # -- reconciliation: read the facts, write the derived tables ------------------------------

    def analysis_claims(self) -> Iterator[sqlite3.Row]:
        """Every claim with what reconciliation needs of its article."""
        yield from self.db.execute(
            "SELECT c.id, c.article_id, c.seq, c.text, c.value, c.low, c.high, c.qualifier, "
            "c.measure, c.counted, c.source, c.source_text, c.source_kind, c.cumulative, "
            "c.headline, c.via, c.unit, c.period, c.sentence, c." + ", c.".join(CONTEXT_FIELDS) + ", "
            "a.published, a.outlet, a.url, a.dup_group, a.title, a.place AS article_place "
            "FROM claims c JOIN articles a ON a.id = c.article_id ORDER BY a.rowid, c.seq")

    def article_places(self) -> Iterator[sqlite3.Row]:
        yield from self.db.execute("SELECT id, place, places, published FROM articles")

    def write_analysis(self, *, places: list[tuple], place_aliases: list[tuple],
                       sources: list[tuple], source_aliases: list[tuple], events: list[tuple],
                       reconciliations: list[Reconciliation], running_totals: list[tuple],
                       claim_links: Iterable[tuple], stamp: str) -> None:
        """Replace every derived table in one transaction.

        places: (id, name, level, country, in_gazetteer, n_claims); place_aliases: (alias, key,
        place_id); sources: (id, name, kind, side, body_id, role, voice_id, n_claims);
        source_aliases: (alias, source_id, n); events: (id, place_id, place, event_date,
        first_date, last_date, first_report, last_report, title, n_articles, n_reports,
        n_claims, n_sources, size); running_totals: (id, source_id, measure, subject, n_points,
        first_report, last_report, latest); claim_links: (claim_id, place_id, source_id,
        voice_id, event_id, running_total_id).
        """
        with self.transaction("writing events and reconciliations") as db:
            for table in DERIVED_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?)", places)
            db.executemany("INSERT INTO place_aliases VALUES (?, ?, ?)", place_aliases)
            db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sources)
            db.executemany("INSERT INTO source_aliases VALUES (?, ?, ?)", source_aliases)
            db.executemany("INSERT INTO events VALUES (" + ", ".join("?" * 14) + ")", events)
            db.executemany("INSERT INTO running_totals VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           running_totals)
            for r in reconciliations:
                cur = db.execute(
                    "INSERT INTO reconciliations (event_id, measure, subject, low, best, high, "
                    "grade, reason, n_sources, reporter_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (r.event_id, r.measure, r.subject, r.low, r.best, r.high, r.grade, r.reason,
                     len(r.histories), int(r.reporter_only)))
                rid = cur.lastrowid
                db.executemany(
                    "INSERT INTO histories (reconciliation_id, source_id, step, claim_id, "
                    "figure, qualifier, low, best, high, reported, copies, \"current\") "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((rid, h.source_id, step, f.claim_id, f.text, f.qualifier, f.low, f.best,
                      f.high, f.reported, f.copies, int(step == len(h.figures)))
                     for h in r.histories for step, f in enumerate(h.figures, 1)))
            db.execute("UPDATE claims SET place_id = NULL, source_id = NULL, voice_id = NULL, "
                       "event_id = NULL, running_total_id = NULL")
            db.executemany("UPDATE claims SET place_id = ?, source_id = ?, voice_id = ?, "
                           "event_id = ?, running_total_id = ? WHERE id = ?",
                           ((p, s, v, e, t, c) for c, p, s, v, e, t in claim_links))
            db.execute("UPDATE meta SET value = '0' WHERE key = 'stale'")
            db.execute("INSERT INTO meta VALUES ('analysed_with', ?) ON CONFLICT(key) DO UPDATE "
                       "SET value = excluded.value", (stamp,))

    # -- reading events ------------------------------------------------------------------------

    def events(self, limit: int | None = None) -> list[sqlite3.Row]:
        """Events, biggest first (people killed or hurt, then the number of claims)."""
        sql = ("SELECT e.*, (SELECT group_concat(DISTINCT s.name) FROM claims c JOIN sources s "
               "ON s.id = c.voice_id WHERE c.event_id = e.id AND s.kind != 'outlet') AS source_names "
               "FROM events e ORDER BY coalesce(e.size, -1) DESC, e.n_claims DESC, e.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.db.execute(sql).fetchall()

    def reconciliations(self, event_id: str) -> list[Reconciliation]:
        out = []
        for r in self.db.execute("SELECT * FROM reconciliations WHERE event_id = ? "
                                 "ORDER BY id", (event_id,)).fetchall():
            histories: dict[str, list] = {}
            names: dict[str, tuple] = {}
            for h in self.db.execute(
                    "SELECT h.*, s.name, s.side FROM histories h JOIN sources s ON "
                    "s.id = h.source_id WHERE reconciliation_id = ? ORDER BY h.id", (r["id"],)):
                names[h["source_id"]] = (h["name"], h["side"])
                histories.setdefault(h["source_id"], []).append(Figure(
                    claim_id=h["claim_id"], text=h["figure"], low=h["low"], best=h["best"],
                    high=h["high"], qualifier=h["qualifier"], reported=h["reported"],
                    copies=h["copies"]))
            out.append(Reconciliation(
                event_id=event_id, measure=r["measure"], subject=r["subject"], low=r["low"],
                best=r["best"], high=r["high"], grade=r["grade"], reason=r["reason"],
                reporter_only=bool(r["reporter_only"]),
                histories=tuple(History(sid, names[sid][0], names[sid][1], tuple(figs))
                                for sid, figs in histories.items())))
        return out

    def event(self, event_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()

    def events_at(self, place_keys: Iterable[str]) -> list[str]:
        """Event ids at the places one of these normalised names belongs to, biggest first."""
        keys = list(place_keys)
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT e.id, e.size, e.n_claims FROM events e JOIN place_aliases pa ON "
            f"pa.place_id = e.place_id WHERE pa.key IN ({marks}) "
            "ORDER BY coalesce(e.size, -1) DESC, e.n_claims DESC", keys)]

    def place_keys(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT key, place_id FROM place_aliases")]

    def evidence(self, claim_ids: Iterable[int]) -> dict[int, sqlite3.Row]:
        out = {}
        for cid in claim_ids:
            row = self.db.execute(
                "SELECT c.id, c.text, c.sentence, c.via, c.source_text, c.date_text, "
                "c.event_date, a.id AS article_id, a.title, a.outlet, a.published, a.url, "
                "a.dup_group FROM claims c JOIN articles a ON a.id = c.article_id "
                "WHERE c.id = ?", (cid,)).fetchone()
            if row:
                out[cid] = row
        return out

    def event_running_totals(self, event_id: str) -> list[sqlite3.Row]:
        """Running totals given in the articles that report this event, kept apart."""
        return self.db.execute(
            "SELECT DISTINCT c.id, c.text, c.measure, c.counted, c.sentence, s.name AS source, "
            "a.title, a.outlet, a.published, c.running_total_id "
            "FROM claims c JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN sources s ON s.id = c.source_id "
            "WHERE c.running_total_id IS NOT NULL AND c.article_id IN "
            "(SELECT article_id FROM claims WHERE event_id = ?) "
            "ORDER BY a.published, c.id", (event_id,)).fetchall()

    def report_evidence(self, claim_ids: Iterable[int]) -> dict[int, sqlite3.Row]:
        """Each claim as a report shows it: the figure as stated and its offsets (`start`,
        `end`, `sentence_start`, in the article), its interval and qualifier, measure, source
        (as written and canonical, with its side), channel, dates, and its article."""
        ids = sorted(set(claim_ids))
        out = {}
        for first in range(0, len(ids), 500):
            chunk = ids[first:first + 500]
            for row in self.db.execute(
                    "SELECT c.id, c.text, c.\"start\", c.\"end\", c.sentence, c.sentence_start, "
                    "c.value, c.low, c.high, c.qualifier, c.measure, c.counted, c.subject, "
                    "c.source, c.source_text, c.source_kind, c.via, c.cue, c.cumulative, "
                    "c.event_date, c.date_text, c.event_id, s.name AS canonical_source, "
                    "s.side AS source_side, a.id AS article_id, a.title, a.outlet, "
                    "a.published, a.url, a.dup_group FROM claims c "
                    "JOIN articles a ON a.id = c.article_id "
                    "LEFT JOIN sources s ON s.id = c.source_id "
                    f"WHERE c.id IN ({', '.join('?' * len(chunk))})", chunk):
                out[row["id"]] = row
        return out

    # -- export --------------------------------------------------------------------------------

    EXPORT_QUERIES = {
        "claims": "SELECT c.id, c.article_id, c.seq, " + ", ".join(f"c.{_q(f)}" for f in CLAIM_FIELDS)
                  + ", " + ", ".join(f"c.{f}" for f in CONTEXT_FIELDS)
                  + ", c.place_id, c.source_id, c.voice_id, c.event_id, c.running_total_id, "
                  "a.published, a.outlet, a.title, a.url FROM claims c JOIN articles a "
                  "ON a.id = c.article_id ORDER BY c.id",
        "articles": "SELECT id, title, url, outlet, published, origin, language, content_hash, "
                    "chars, dup_group, dup_similarity, place, n_claims, ingested_at FROM articles "
                    "ORDER BY rowid",
        "events": "SELECT * FROM events ORDER BY coalesce(size, -1) DESC, n_claims DESC, id",
        "reconciliations": "SELECT * FROM reconciliations ORDER BY event_id, id",
        "histories": "SELECT h.*, r.event_id, r.measure, r.subject FROM histories h JOIN "
                     "reconciliations r ON r.id = h.reconciliation_id ORDER BY h.id",
        "sources": "SELECT * FROM sources ORDER BY id",
        "running_totals": "SELECT * FROM running_totals ORDER BY id",
        "failures": "SELECT * FROM failures ORDER BY id",
    }

    # Canned queries for `tallies serve` (Datasette): name -> (title, SQL).
    BROWSE_QUERIES = {
        "contested_events": (
            "Contested events",
            "SELECT e.id AS event_id, e.place, e.event_date, r.measure, r.subject, r.low, "
            "r.best, r.high, r.n_sources, r.reason FROM reconciliations r JOIN events e ON "
            "e.id = r.event_id WHERE r.grade = 'contested' AND r.reporter_only = 0 "
            "ORDER BY coalesce(e.size, -1) DESC, e.id, r.measure, r.subject"),
        "revisions": (
            "Revisions: sources whose figure changed",
            "SELECT event_id, measure, subject, source, side, count(*) AS figures, "
            "group_concat(figure, ' → ') AS history, min(reported) AS first_reported, "
            "max(reported) AS last_reported FROM (SELECT r.event_id, r.measure, r.subject, "
            "h.reconciliation_id, h.source_id, s.name AS source, s.side, h.figure, h.reported "
            "FROM histories h JOIN reconciliations r ON r.id = h.reconciliation_id "
            "JOIN sources s ON s.id = h.source_id "
            "ORDER BY h.reconciliation_id, h.source_id, h.step) "
            "GROUP BY reconciliation_id, source_id HAVING count(*) > 1 "
            "ORDER BY event_id, measure, subject, source"),
        "running_totals": (
            "Running totals: figures since the start of the war, by source",
            "SELECT s.name AS source, s.side, c.measure, c.subject, a.published, "
            "c.text AS figure, c.value, c.counted, a.outlet, a.title, c.sentence, "
            "c.running_total_id FROM claims c JOIN articles a ON a.id = c.article_id "
            "LEFT JOIN sources s ON s.id = c.source_id WHERE c.running_total_id IS NOT NULL "
            "ORDER BY s.name, c.measure, c.subject, a.published, c.id"),
        "failures": (
            "Failures: inputs that could not be used, and why",
            "SELECT input, kind, reason, attempts, first_seen, last_seen FROM failures "
            "ORDER BY last_seen DESC, id"),
        "figures_of_one_event": (
            "Every figure of one event, with its sentence",
            "SELECT c.id AS claim_id, c.measure, c.subject, s.name AS source, s.side, "
            "c.text AS figure, c.qualifier, c.via, a.published, a.outlet, a.title, c.sentence "
            "FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN sources s ON "
            "s.id = c.source_id WHERE c.event_id = :event_id "
            "ORDER BY c.measure, c.subject, a.published, c.id"),
    }

    def export_rows(self, table: str) -> tuple[list[str], Iterator[tuple]]:
        cur = self.db.execute(self.EXPORT_QUERIES[table])
        return [d[0] for d in cur.description], (tuple(r) for r in cur)

    def query(self, sql: str, params: tuple = ()) -> list[Any]:
        """Read-only SQL for tests and benchmarks."""
        return self.db.execute(sql, params).fetchall()
